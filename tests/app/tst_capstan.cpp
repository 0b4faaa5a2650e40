// SPDX-License-Identifier: Apache-2.0
// The capstan executable's command line, with no display at all.
#include "base/buildinfo.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;

class tst_Capstan : public QObject
{
    Q_OBJECT

private:
    static QProcess *start(const QStringList &arguments)
    {
        auto *process = new QProcess;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(QLatin1String(name));
        process->setProcessEnvironment(environment);
        process->start(QStringLiteral(CAPSTAN_GUI_BINARY), arguments);
        process->waitForFinished(30000);
        return process;
    }

private Q_SLOTS:
    void versionWithoutDisplay()
    {
        std::unique_ptr<QProcess> process(start({QStringLiteral("--version")}));
        QCOMPARE(process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(process->exitCode(), 0);
        QCOMPARE(QString::fromUtf8(process->readAllStandardOutput()).trimmed(),
                 u"capstan " + BuildInfo::displayVersion());
    }

    void helpWithoutDisplay()
    {
        std::unique_ptr<QProcess> process(start({QStringLiteral("--help")}));
        QCOMPARE(process->exitCode(), 0);
        const QString out = QString::fromUtf8(process->readAllStandardOutput());
        QVERIFY(out.contains(u"--server <URL>"));
        QVERIFY(out.contains(u"--data-dir <DIR>"));
    }

    void mistakesWithoutDisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("not http") << QStringList{QStringLiteral("--server"), QStringLiteral("ftp://example.com")} << 2
                                  << QStringLiteral(
                                         "capstan: --server: \"ftp://example.com\" is not an http:// or https:// URL");
        QTest::addRow("no host") << QStringList{QStringLiteral("--server"), QStringLiteral("https://")} << 2
                                 << QStringLiteral("capstan: --server: \"https://\" names no host");
        QTest::addRow("stray argument") << QStringList{QStringLiteral("sync")} << 2
                                        << QStringLiteral("capstan: unexpected argument \"sync\" (see --help)");
        QTest::addRow("unknown option") << QStringList{QStringLiteral("--sever=x")} << 1
                                        << QStringLiteral("capstan: Unknown option 'sever'.");
    }

    void mistakesWithoutDisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        std::unique_ptr<QProcess> process(start(arguments));
        QCOMPARE(process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(process->exitCode(), exitCode);
        const QString err = QString::fromUtf8(process->readAllStandardError());
        QCOMPARE(err, message + u'\n');
    }

    void quitsCleanlyOnSigterm()
    {
        QTemporaryDir data;
        QProcess capstan;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        capstan.setProcessEnvironment(environment);
        capstan.setProcessChannelMode(QProcess::MergedChannels);
        capstan.start(QStringLiteral(CAPSTAN_GUI_BINARY),
                      {QStringLiteral("--no-local-cluster"), QStringLiteral("--data-dir"), data.path()});
        QVERIFY(capstan.waitForStarted());
        QString log;
        QTRY_VERIFY_WITH_TIMEOUT(
            (log += QString::fromUtf8(capstan.readAll()), log.contains(u"connected to http://127.0.0.1:")), 30000);
        QVERIFY(QFile::exists(data.filePath(QStringLiteral(".lock"))));

        capstan.terminate();
        QVERIFY(capstan.waitForFinished(30000));
        QCOMPARE(capstan.exitStatus(), QProcess::NormalExit);
        QCOMPARE(capstan.exitCode(), 0);
        // The embedded server stopped and let go of its data folder.
        QVERIFY(!QFile::exists(data.filePath(QStringLiteral(".lock"))));
    }
};

QTEST_GUILESS_MAIN(tst_Capstan)
#include "tst_capstan.moc"
