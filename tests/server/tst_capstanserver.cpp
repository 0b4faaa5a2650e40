// SPDX-License-Identifier: Apache-2.0
// capstan-server as a user runs it: a real process, real HTTP.
#include "base/buildinfo.h"
#include "support/controlplane.h"
#include "support/gitfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;
using namespace Qt::StringLiterals;

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

/// A shell script as a user types it, with curl trusting the server's own
/// authority; $HOST and the other @p variables are set for it. Its output.
QByteArray runShell(const QString &script, const QString &dataDir, const QHash<QString, QString> &variables)
{
    QProcess bash;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CURL_CA_BUNDLE"), QDir(dataDir).filePath(QStringLiteral("tls/ca.crt")));
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value());
    bash.setProcessEnvironment(environment);
    bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), script});
    bash.waitForFinished(60000);
    return bash.readAllStandardOutput();
}

QString hostOf(const QString &log)
{
    return QRegularExpression(QStringLiteral("listening on https://(\\S+)")).match(log).captured(1);
}

QString initialPassword(QProcess &server)
{
    // Printed at first start; standard output may come after the log's lines.
    static const QRegularExpression printed(QStringLiteral("admin's initial password: (\\S+)"));
    QString out;
    QRegularExpressionMatch match;
    (void)QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(server.readAllStandardOutput());
            match = printed.match(out);
            return match.hasMatch();
        },
        10000);
    return match.captured(1);
}

/// Argo CD's documented curl example, verbatim, against a running server:
/// an app from a Git repository synced to the local cluster.
void syncWithArgoCdsCurlExample(QProcess &server, QString &log, const QString &dataDir, const QString &kubeconfig)
{
    const QString host = hostOf(log);
    QVERIFY2(!host.isEmpty(), qPrintable(log));
    const QString password = initialPassword(server);
    QVERIFY(!password.isEmpty());
    GitFixture git;
    git.write(QStringLiteral("app/settings.yaml"),
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: curl-settings\ndata:\n  colour: blue\n");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!git.commit(QStringLiteral("Settings")).isEmpty());

    const auto shell = [&](const QString &script) {
        return QJsonDocument::fromJson(runShell(script, dataDir,
                                                {{QStringLiteral("HOST"), host},
                                                 {QStringLiteral("PASSWORD"), password},
                                                 {QStringLiteral("REPO"), git.fileUrl()}}))
            .object();
    };
    const QJsonObject session
        = shell(QStringLiteral(R"(curl -sS -X POST https://$HOST/api/v1/session -H "Content-Type: application/json" )"
                               R"(-d "{\"username\": \"admin\", \"password\": \"$PASSWORD\"}")"));
    const QString token = session.value(QStringLiteral("token")).toString();
    QVERIFY(!token.isEmpty());
    const QJsonObject created = shell(
        QStringLiteral(
            R"(TOKEN=%1; curl -sS -X POST https://$HOST/api/v1/applications -H "Authorization: Bearer $TOKEN" )"
            R"(-H "Content-Type: application/json" -d "{\"metadata\": {\"name\": \"my-app\"}, )"
            R"(\"spec\": {\"project\": \"default\", \"source\": {\"repoURL\": \"$REPO\", \"path\": \"app\"}, )"
            R"(\"destination\": {\"server\": \"https://kubernetes.default.svc\", \"namespace\": \"default\"}}}")")
            .arg(token));
    QVERIFY2(created.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString()
                 == QStringLiteral("my-app"),
             QJsonDocument(created).toJson().constData());

    const QJsonObject synced = shell(
        QStringLiteral("TOKEN=%1; ").arg(token)
        + QStringLiteral(
            R"(curl -X POST https://$HOST/api/v1/applications/my-app/sync -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"revision": "HEAD", "prune": true}')"));
    const QJsonObject sync = synced[QStringLiteral("operation")][QStringLiteral("sync")].toObject();
    QCOMPARE(sync.value(QStringLiteral("prune")).toBool(), true);
    QCOMPARE(sync.value(QStringLiteral("revision")).toString(), QStringLiteral("HEAD"));

    // The sync reaches the cluster.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QProcess kubectl;
            kubectl.start(QStringLiteral("kubectl"),
                          {u"--kubeconfig=" + kubeconfig, QStringLiteral("get"), QStringLiteral("configmap"),
                           QStringLiteral("curl-settings"), QStringLiteral("-n"), QStringLiteral("default"),
                           QStringLiteral("-o"), QStringLiteral("jsonpath={.data.colour}")});
            kubectl.waitForFinished(30000);
            return kubectl.readAllStandardOutput() == "blue";
        }(),
        90000);
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
        QTest::addRow("plain HTTP for everyone")
            << QStringList{QStringLiteral("--insecure"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")} << 2
            << QStringLiteral("capstan-server: --insecure serves plain HTTP, which only loopback addresses get; add "
                              "--insecure-any-address to serve it on 0.0.0.0");
        QTest::addRow("certificate without key")
            << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("@FILE@")} << 2
            << QStringLiteral("capstan-server: --tls-cert and --tls-key go together");
        QTest::addRow("certificate not PEM")
            << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("@FILE@"),     QStringLiteral("--tls-key"),
                           QStringLiteral("@FILE@"),     QStringLiteral("--data-dir"), QStringLiteral("@DIR@")}
            << 1 << QStringLiteral("capstan-server: --tls-cert: ");
        QTest::addRow("log level") << QStringList{QStringLiteral("--log-level"), QStringLiteral("chatty")} << 2
                                   << QStringLiteral(
                                          "capstan-server: --log-level: \"chatty\" is not debug, info, warn or error");
        QTest::addRow("log format") << QStringList{QStringLiteral("--log-format"), QStringLiteral("xml")} << 2
                                    << QStringLiteral("capstan-server: --log-format: \"xml\" is not text or json");
        QTest::addRow("reconciliation") << QStringList{QStringLiteral("--reconciliation-timeout"),
                                                       QStringLiteral("soon")}
                                        << 2 << QStringLiteral("capstan-server: --reconciliation-timeout: \"soon\"");
        QTest::addRow("config missing") << QStringList{QStringLiteral("--config"), QStringLiteral("/nonexistent.yaml")}
                                        << 1
                                        << QStringLiteral("capstan-server: --config: cannot read /nonexistent.yaml");
        QTest::addRow("config of another kind") << QStringList{QStringLiteral("--config"), QStringLiteral("@SECRET@")}
                                                << 1 << QStringLiteral("capstan-server: --config: ");
        QTest::addRow("two clusters")
            << QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("@FILE@"), QStringLiteral("--local-cluster")}
            << 2 << QStringLiteral("capstan-server: --kubeconfig and --local-cluster exclude each other");
        QTest::addRow("context alone") << QStringList{QStringLiteral("--context"), QStringLiteral("prod")} << 2
                                       << QStringLiteral("capstan-server: --context needs --kubeconfig");
        QTest::addRow("repositories in a file")
            << QStringList{QStringLiteral("--allow-local-repositories"), QStringLiteral("@FILE@")} << 2
            << QStringLiteral("capstan-server: --allow-local-repositories: '");
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
        QFile secret(dir.filePath(QStringLiteral("secret.yaml")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("apiVersion: v1\nkind: Secret\nmetadata:\n  name: argocd-secret\n");
        secret.close();
        arguments.replaceInStrings(QStringLiteral("@SECRET@"), secret.fileName());
        arguments.replaceInStrings(QStringLiteral("@DIR@"), dir.filePath(QStringLiteral("data")));

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
        const QUrl url(startAndWaitFor(server,
                                       {QStringLiteral("--insecure"), QStringLiteral("--listen"),
                                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), data.path()},
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

    void tlsConfigurationAndJsonLogs()
    {
        QTemporaryDir data;
        const QString config = data.filePath(QStringLiteral("argocd.yaml"));
        QFile configFile(config);
        QVERIFY(configFile.open(QIODevice::WriteOnly));
        configFile.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\ndata:\n"
                         "  accounts.alice: apiKey\n---\n"
                         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-rbac-cm\ndata:\n"
                         "  policy.csv: |\n    g, alice, role:readonly\n");
        configFile.close();
        const QString dataDir = data.filePath(QStringLiteral("state"));
        const QStringList arguments{QStringLiteral("--listen"),     QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--data-dir"),   dataDir,
                                    QStringLiteral("--config"),     config,
                                    QStringLiteral("--log-format"), QStringLiteral("json")};
        QProcess server;
        QString log;
        const QUrl url(startAndWaitFor(server, arguments, QStringLiteral("listening on (https://127\\.0\\.0\\.1:\\d+)"),
                                       log, 20000));
        QVERIFY2(url.isValid() && !url.isEmpty(), qPrintable(log));
        QString out;
        QString password;
        QTRY_VERIFY(
            (out += QString::fromUtf8(server.readAllStandardOutput()),
             password = QRegularExpression(QStringLiteral("admin's initial password: (\\S+)")).match(out).captured(1),
             !password.isEmpty()));

        // Its own certificate authority: trusted, the server is verified.
        const QString authority = QDir(dataDir).filePath(QStringLiteral("tls/ca.crt"));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(authority));
        QCOMPARE(QFile(QDir(dataDir).filePath(QStringLiteral("tls/tls.key"))).permissions()
                     & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        QNetworkAccessManager network;
        const auto call
            = [&](const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body = {}) {
                  QNetworkRequest request(url.resolved(QUrl(path)));
                  request.setSslConfiguration(tls);
                  if (!token.isEmpty())
                      request.setRawHeader("Authorization", "Bearer " + token);
                  if (!body.isEmpty())
                      request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                  QNetworkReply *reply = network.sendCustomRequest(request, method, body);
                  if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
                      qWarning() << "no answer to" << method << path;
                  reply->deleteLater();
                  return std::pair{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                   QJsonDocument::fromJson(reply->readAll()).object()};
              };
        QCOMPARE(call("GET", QStringLiteral("/api/version"), {}).first, 200);
        const auto login = call("POST", QStringLiteral("/api/v1/session"), {},
                                R"({"username":"admin","password":")" + password.toUtf8() + R"("})");
        QCOMPARE(login.first, 200);
        const QByteArray token = login.second.value(QStringLiteral("token")).toString().toLatin1();
        // The configured account is there.
        const auto accounts = call("GET", QStringLiteral("/api/v1/account/alice"), token);
        QCOMPARE(accounts.first, 200);
        QCOMPARE(accounts.second.value(QStringLiteral("capabilities")).toArray().first().toString(),
                 QStringLiteral("apiKey"));

        // Every log line is one JSON object.
        QTRY_VERIFY((log += QString::fromUtf8(server.readAllStandardError()),
                     log.contains(QStringLiteral("GET /api/v1/account/alice 200"))));
        for (const QString &line : log.split(u'\n', Qt::SkipEmptyParts)) {
            QJsonParseError error;
            const QJsonObject object = QJsonDocument::fromJson(line.toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
            QVERIFY(object.contains(QStringLiteral("msg")) && object.contains(QStringLiteral("level")));
        }
        const QByteArray certificate = QFile(QDir(dataDir).filePath(QStringLiteral("tls/tls.crt"))).exists()
            ? [&] {
                  QFile file(QDir(dataDir).filePath(QStringLiteral("tls/tls.crt")));
                  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
              }()
            : QByteArray();
        QVERIFY(!certificate.isEmpty());
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 0);

        // The next start keeps the certificate clients already trust.
        QProcess again;
        log.clear();
        QVERIFY(
            !startAndWaitFor(again, arguments, QStringLiteral("listening on (https://\\S+)"), log, 20000).isEmpty());
        QFile reused(QDir(dataDir).filePath(QStringLiteral("tls/tls.crt")));
        QVERIFY(reused.open(QIODevice::ReadOnly));
        QCOMPARE(reused.readAll(), certificate);
        again.terminate();
        QVERIFY(again.waitForFinished(10000));
    }

    void readyOnlyWhenItCanServe()
    {
        // A script that starts the server and creates its apps at once: told
        // to wait, never "not found"; /healthz says when; the log says ready.
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        QTemporaryDir data;
        QString log;
        QProcess server;
        const QString host = startAndWaitFor(server,
                                             {QStringLiteral("--local-cluster"), QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), data.path()},
                                             QStringLiteral("listening on https://(\\S+)"), log);
        QVERIFY2(!host.isEmpty(), qPrintable(log));
        const QString password = initialPassword(server);
        QVERIFY(!password.isEmpty());
        // Bodies go through the environment, as a script would keep them.
        const QJsonObject app{
            {u"metadata"_s, QJsonObject{{u"name"_s, u"early"_s}}},
            {u"spec"_s,
             QJsonObject{
                 {u"project"_s, u"default"_s},
                 {u"source"_s, QJsonObject{{u"repoURL"_s, u"file:///nowhere"_s}, {u"path"_s, u"."_s}}},
                 {u"destination"_s,
                  QJsonObject{{u"server"_s, u"https://kubernetes.default.svc"_s}, {u"namespace"_s, u"default"_s}}}}}};
        QHash<QString, QString> variables{
            {u"HOST"_s, host},
            {u"LOGIN"_s,
             QString::fromUtf8(QJsonDocument(QJsonObject{{u"username"_s, u"admin"_s}, {u"password"_s, password}})
                                   .toJson(QJsonDocument::Compact))},
            {u"APP"_s, QString::fromUtf8(QJsonDocument(app).toJson(QJsonDocument::Compact))}};
        const auto curl = [&](const QString &arguments) {
            return QString::fromUtf8(runShell(u"curl -sS -w ' %{http_code}' "_s + arguments, data.path(), variables));
        };
        QCOMPARE(curl(u"https://$HOST/healthz"_s), u"the local cluster is still starting\n 503"_s);
        const QJsonObject session
            = QJsonDocument::fromJson(runShell(u"curl -sS https://$HOST/api/v1/session -H 'Content-Type: "
                                               "application/json' -d \"$LOGIN\""_s,
                                               data.path(), variables))
                  .object();
        const QString token = session.value(u"token"_s).toString();
        QVERIFY(!token.isEmpty());
        variables.insert(u"TOKEN"_s, token);
        const QString create = u"https://$HOST/api/v1/applications -H \"Authorization: Bearer $TOKEN\" "
                               "-H 'Content-Type: application/json' -d \"$APP\""_s;
        const QString early = curl(create);
        QVERIFY2(early.endsWith(u" 503"_s), qPrintable(early));
        QVERIFY2(early.contains(u"the local cluster is still starting"_s) && !early.contains(u"not found"_s),
                 qPrintable(early));

        QTRY_COMPARE_WITH_TIMEOUT(curl(u"https://$HOST/healthz"_s), u"ok\n 200"_s, 120000);
        // The log line comes through the process's pipe, maybe just after.
        const bool saidReady = QTest::qWaitFor(
            [&] {
                log += QString::fromUtf8(server.readAllStandardError());
                return log.contains(u"ready: the engine started with an in-cluster destination"_s);
            },
            10000);
        QVERIFY2(saidReady, qPrintable(log.right(2000)));
        // Now the same request gets as far as the repository.
        const QString later = curl(create);
        QVERIFY2(!later.endsWith(u" 503"_s), qPrintable(later));

        // A browser's EventSource gets server-sent events; curl shows them as they come.
        const QString events = QString::fromUtf8(
            runShell(u"curl -sS -N -D - --max-time 3 -H 'Accept: text/event-stream' -H \"Authorization: Bearer "
                     "$TOKEN\" https://$HOST/api/v1/stream/applications; true"_s,
                     data.path(), variables));
        QVERIFY2(events.contains(u"content-type: text/event-stream"_s, Qt::CaseInsensitive), qPrintable(events));
        server.terminate();
        QVERIFY(server.waitForFinished(30000));
    }

    void localCluster()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not installed");
        QTemporaryDir data;
        // The curl example's repository is a Git fixture in the temporary folder.
        const QStringList arguments{QStringLiteral("--local-cluster"),
                                    QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--data-dir"),
                                    data.path(),
                                    QStringLiteral("--allow-local-repositories"),
                                    QDir::tempPath()};
        const QString ready = QStringLiteral("local cluster ready; kubeconfig: (\\S+)");

        // Started, used with kubectl, stopped cleanly.
        QString log;
        QProcess server;
        const QString kubeconfig = startAndWaitFor(server, arguments, ready, log);
        QVERIFY2(!kubeconfig.isEmpty(), qPrintable(log));
        QCOMPARE(kubeconfig, data.filePath(QStringLiteral("local-cluster/kubeconfig")));
        QCOMPARE(kubectlGetPods(kubeconfig), 0);
        syncWithArgoCdsCurlExample(server, log, data.path(), kubeconfig);
        if (QTest::currentTestFailed())
            return;
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
