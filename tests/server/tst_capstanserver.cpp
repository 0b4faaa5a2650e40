// SPDX-License-Identifier: Apache-2.0
// capstan-server as a user runs it: a real process, real HTTP.
#include "base/buildinfo.h"
#include "support/controlplane.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;

namespace {

const QString serverBinary = QStringLiteral(CAPSTAN_SERVER_BINARY);

struct Finished
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Starts capstan-server and reads its log until @p pattern matches; returns the first capture.
QString startAndWaitFor(QProcess &server, const QStringList &arguments, const QString &pattern, QString &log,
                        int timeout = 120000)
{
    server.start(serverBinary, arguments);
    if (!server.waitForStarted())
        return {};
    const QRegularExpression expression(pattern);
    QRegularExpressionMatch match;
    // Ends on a match, on the process's exit, or on the timeout; the caller checks which.
    [[maybe_unused]] const bool ended = QTest::qWaitFor(
        [&] {
            log += QString::fromUtf8(server.readAllStandardError());
            match = expression.match(log);
            return match.hasMatch() || server.state() == QProcess::NotRunning;
        },
        timeout);
    return match.hasMatch() ? match.captured(1) : QString();
}

QList<qint64> controlPlanePids(const QString &dataDir)
{
    QList<qint64> pids;
    const QDir run(QDir(dataDir).filePath(QStringLiteral("local-cluster/run")));
    const QStringList files = run.entryList({QStringLiteral("*.pid")}, QDir::Files);
    for (const QString &file : files) {
        QFile pidFile(run.filePath(file));
        if (pidFile.open(QIODevice::ReadOnly))
            pids << pidFile.readAll().trimmed().toLongLong();
    }
    return pids;
}

int kubectlGetPods(const QString &kubeconfig)
{
    QProcess kubectl;
    kubectl.start(QStringLiteral("kubectl"),
                  {u"--kubeconfig=" + kubeconfig, QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A")});
    kubectl.waitForFinished(60000);
    return kubectl.exitStatus() == QProcess::NormalExit ? kubectl.exitCode() : -1;
}

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
        QString log;
        const QUrl url(startAndWaitFor(
            server,
            {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), data.path()},
            QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"), log, 10000));
        QVERIFY2(url.isValid() && !url.isEmpty(), qPrintable(log));

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

    void localCluster()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not installed");
        QTemporaryDir data;
        const QStringList arguments{QStringLiteral("--local-cluster"), QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), data.path()};
        const QString ready = QStringLiteral("local cluster ready; kubeconfig: (\\S+)");

        // Started, used with kubectl, stopped cleanly.
        QString log;
        QProcess server;
        const QString kubeconfig = startAndWaitFor(server, arguments, ready, log);
        QVERIFY2(!kubeconfig.isEmpty(), qPrintable(log));
        QCOMPARE(kubeconfig, data.filePath(QStringLiteral("local-cluster/kubeconfig")));
        QCOMPARE(kubectlGetPods(kubeconfig), 0);
        QList<qint64> pids = controlPlanePids(data.path());
        QCOMPARE(pids.size(), 3);
        server.terminate();
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitCode(), 0);
        for (const qint64 pid : std::as_const(pids))
            QVERIFY(!processRuns(pid));

        // Killed: its control plane goes with it, and the next start runs again.
        log.clear();
        QProcess crashing;
        QVERIFY(!startAndWaitFor(crashing, arguments, ready, log).isEmpty());
        pids = controlPlanePids(data.path());
        QCOMPARE(pids.size(), 3);
        crashing.kill();
        QVERIFY(crashing.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(std::none_of(pids.cbegin(), pids.cend(), processRuns), 20000);

        log.clear();
        QProcess restarted;
        const QString again = startAndWaitFor(restarted, arguments, ready, log);
        QVERIFY2(!again.isEmpty(), qPrintable(log));
        QCOMPARE(kubectlGetPods(again), 0);
        restarted.terminate();
        QVERIFY(restarted.waitForFinished(30000));
    }
};

QTEST_GUILESS_MAIN(tst_CapstanServer)
#include "tst_capstanserver.moc"
