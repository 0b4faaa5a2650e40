// SPDX-License-Identifier: Apache-2.0
// capstan-server as a user runs it: a real process, real HTTP.
#include "base/buildinfo.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;

namespace {

const QString serverBinary = QStringLiteral(CAPSTAN_SERVER_BINARY);

struct Finished
{
    int exitCode = -1;
    QString out;
    QString err;
};

Finished runToEnd(const QStringList &arguments)
{
    QProcess process;
    process.start(serverBinary, arguments);
    process.waitForFinished(30000);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class tst_CapstanServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void version()
    {
        const Finished run = runToEnd({QStringLiteral("--version")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out.trimmed(), u"capstan-server " + BuildInfo::displayVersion());
    }

    void help()
    {
        const Finished run = runToEnd({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        for (const char *option : {"--listen <ADDR:PORT>", "--data-dir <DIR>", "--version", "--help"})
            QVERIFY2(run.out.contains(QLatin1String(option)), option);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("listen without port")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1")} << 2
            << QStringLiteral("capstan-server: --listen: \"127.0.0.1\" has no port");
        QTest::addRow("listen on a name")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("example.com:1")} << 2
            << QStringLiteral("capstan-server: --listen: \"example.com\" is not an IP address");
        QTest::addRow("data dir is a file") << QStringList{QStringLiteral("--data-dir"), QStringLiteral("@FILE@")} << 1
                                            << QStringLiteral("capstan-server: --data-dir: the data folder");
        QTest::addRow("stray argument") << QStringList{QStringLiteral("serve")} << 2
                                        << QStringLiteral("capstan-server: unexpected argument \"serve\"");
        QTest::addRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 1
                                        << QStringLiteral("capstan-server: Unknown option 'frobnicate'.");
    }

    void badInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        arguments.replaceInStrings(QStringLiteral("@FILE@"), file.fileName());

        const Finished run = runToEnd(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
        QCOMPARE(run.err.count(u'\n'), 1); // one readable line
    }

    void servesAndStopsCleanly()
    {
        QTemporaryDir data;
        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        server.start(
            serverBinary,
            {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), data.path()});
        QVERIFY(server.waitForStarted());
        QString log;
        const QRegularExpression listening(QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT(
            (log += QString::fromUtf8(server.readAllStandardError()), (match = listening.match(log)).hasMatch()),
            10000);
        const QUrl url(match.captured(1));

        // A second server on the same data folder refuses to start.
        const Finished second = runToEnd(
            {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), data.path()});
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains(u"is in use by capstan-server"), qPrintable(second.err));

        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(url.resolved(QUrl(QStringLiteral("/api/version")))));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject version = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(version, QJsonObject({{QStringLiteral("Version"), BuildInfo::displayVersion()}}));
        delete reply;

        QTRY_VERIFY((log += QString::fromUtf8(server.readAllStandardError()), log.contains(u"GET /api/version 200 ")));

        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        log += QString::fromUtf8(server.readAllStandardError());
        QVERIFY2(log.contains(u"stopping on signal 15"), qPrintable(log));
        QVERIFY(!QFile::exists(data.filePath(QStringLiteral(".lock"))));
    }
};

QTEST_GUILESS_MAIN(tst_CapstanServer)
#include "tst_capstanserver.moc"
