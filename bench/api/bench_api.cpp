// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/applications with 1,000 apps, measured with wrk, beside nginx
// serving the same body from a file: the floor of what answering over HTTP
// on this machine costs. Both serve from one thread, on loopback, with the
// same wrk settings; each request is signed in with a session JWT. The list
// is checked by RBAC app by app and serialised once per store version and
// caller (the server keeps the answer until the store changes); the first,
// uncached answer is timed too.
//
// Prints JSON: requests per second and latency percentiles of each, their
// ratio, and whether the targets (at least 50% of nginx's requests per
// second, p99 under 50 ms) are met.
//
// Usage: bench_api [seconds] [connections] (default 10 s, 32 connections).
// Needs wrk and nginx on PATH (./setup.sh bench installs them).
#include "apiserver.h"
#include "auth/sessionmanager.h"
#include "model/application.h"
#include "serverservices.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <cstdio>
#include <optional>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_api: %s\n", qUtf8Printable(message));
    return 1;
}

struct WrkResult
{
    double requestsPerSecond = 0;
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    qint64 errors = 0;

    QJsonObject toJson() const
    {
        return {{u"requestsPerSecond"_s, requestsPerSecond},
                {u"p50Ms"_s, p50},
                {u"p90Ms"_s, p90},
                {u"p99Ms"_s, p99},
                {u"errors"_s, errors}};
    }
};

/// wrk's latency as milliseconds: "1.23ms", "850.00us", "1.02s".
double milliseconds(const QString &text)
{
    static const QRegularExpression pattern(u"^([0-9.]+)(us|ms|s)$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    return unit == u"us" ? value / 1000 : unit == u"s" ? value * 1000 : value;
}

/// Runs wrk against @p url while the event loop serves; nullopt when wrk fails.
std::optional<WrkResult> runWrk(const QString &wrk, const QString &url, const QByteArray &token, int seconds,
                                int connections, QString &error)
{
    QProcess process;
    QStringList arguments{u"-t2"_s, u"-c%1"_s.arg(connections), u"-d%1s"_s.arg(seconds), u"--latency"_s, u"--timeout"_s,
                          u"10s"_s};
    if (!token.isEmpty())
        arguments << u"-H"_s << u"Authorization: Bearer "_s + QString::fromLatin1(token);
    arguments << url;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    process.start(wrk, arguments);
    loop.exec();
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        error = u"wrk failed: "_s + out + QString::fromUtf8(process.readAllStandardError());
        return std::nullopt;
    }
    WrkResult result;
    const auto capture = [&out](const QString &pattern) {
        return QRegularExpression(pattern, QRegularExpression::MultilineOption).match(out).captured(1);
    };
    result.requestsPerSecond = capture(u"^Requests/sec:\\s+([0-9.]+)"_s).toDouble();
    result.p50 = milliseconds(capture(u"^\\s+50%\\s+(\\S+)"_s));
    result.p90 = milliseconds(capture(u"^\\s+90%\\s+(\\S+)"_s));
    result.p99 = milliseconds(capture(u"^\\s+99%\\s+(\\S+)"_s));
    const QString non2xx = capture(u"Non-2xx or 3xx responses:\\s+(\\d+)"_s);
    const QRegularExpressionMatch socketErrors
        = QRegularExpression(u"Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)"_s).match(out);
    result.errors = non2xx.toLongLong();
    if (socketErrors.hasMatch())
        for (int i = 1; i <= 4; ++i)
            result.errors += socketErrors.captured(i).toLongLong();
    if (result.requestsPerSecond <= 0 || result.p99 < 0) {
        error = u"cannot read wrk's report: "_s + out;
        return std::nullopt;
    }
    return result;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

Model::Application sampleApp(int i)
{
    Model::Application app;
    app.metadata.name = u"app-%1"_s.arg(i, 4, 10, QLatin1Char('0'));
    app.metadata.ns = u"argocd"_s;
    app.metadata.labels = {{u"team"_s, u"team-%1"_s.arg(i % 10)}};
    app.spec.project = u"default"_s;
    Model::ApplicationSource source;
    source.repoURL = u"https://git.example.com/apps.git"_s;
    source.path = u"services/%1"_s.arg(app.metadata.name);
    source.targetRevision = u"main"_s;
    app.spec.source = source;
    app.spec.destination.server = u"https://kubernetes.default.svc"_s;
    app.spec.destination.ns = app.metadata.name;
    // A status of the size a synced app has: 20 resources.
    app.status.sync.status = Model::SyncStatusCode::Synced;
    app.status.sync.revision = u"0123456789abcdef0123456789abcdef01234567"_s;
    app.status.health.status = Model::HealthStatusCode::Healthy;
    for (int r = 0; r < 20; ++r) {
        Model::ResourceStatus resource;
        resource.group = r % 2 ? u"apps"_s : QString();
        resource.version = u"v1"_s;
        resource.kind = r % 2 ? u"Deployment"_s : u"Service"_s;
        resource.ns = app.metadata.name;
        resource.name = u"component-%1"_s.arg(r);
        resource.status = Model::SyncStatusCode::Synced;
        resource.health = Model::HealthStatus{Model::HealthStatusCode::Healthy, {}, std::nullopt};
        app.status.resources.append(resource);
    }
    return app;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"capstan.*.info=false"_s);
    const int seconds = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 10;
    const int connections = argc > 2 ? std::max(1, QByteArray(argv[2]).toInt()) : 32;
    const QString wrk = QStandardPaths::findExecutable(u"wrk"_s);
    QString nginx = QStandardPaths::findExecutable(u"nginx"_s);
    if (nginx.isEmpty())
        nginx = QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s});
    if (wrk.isEmpty() || nginx.isEmpty())
        return fail(u"wrk and nginx are needed (./setup.sh bench installs them)"_s);

    QTemporaryDir data;
    QDir().mkpath(data.filePath(u"state"_s));
    auto services = ServerServices::open(data.filePath(u"state"_s), {});
    if (!services)
        return fail(services.error());
    for (int i = 0; i < 1000; ++i) {
        if (auto created = (*services)->store().createApplication(sampleApp(i)); !created)
            return fail(created.error().message);
    }
    ApiServer server;
    (*services)->addRoutes(server);
    if (auto listening = server.listen(QHostAddress::LocalHost, 0); !listening)
        return fail(listening.error());
    const QByteArray token
        = (*services)->sessions().create(u"admin:login"_s, 3600, QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QString url = server.url().toString() + u"/api/v1/applications"_s;

    // The body nginx serves: the very answer Capstan gives.
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    request.setRawHeader("Authorization", "Bearer " + token);
    QElapsedTimer firstAnswer;
    firstAnswer.start();
    QNetworkReply *reply = network.get(request);
    QEventLoop wait;
    QObject::connect(reply, &QNetworkReply::finished, &wait, &QEventLoop::quit);
    wait.exec();
    const QByteArray body = reply->readAll();
    const double uncachedMs = double(firstAnswer.nsecsElapsed()) / 1e6;
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200
        || QJsonDocument::fromJson(body).object().value(u"items").toArray().size() != 1000)
        return fail(u"the list did not come back with 1000 apps"_s);
    reply->deleteLater();

    QString error;
    const auto capstan = runWrk(wrk, url, token, seconds, connections, error);
    if (!capstan)
        return fail(error);

    // nginx, one worker, the same body from a file, on loopback. Its worker
    // runs as another user when started by root: the files must be readable.
    QFile::setPermissions(data.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                              | QFileDevice::ExeOther);
    const QDir root(data.filePath(u"nginx"_s));
    QDir().mkpath(root.filePath(u"www/api/v1"_s));
    QFile file(root.filePath(u"www/api/v1/applications"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size())
        return fail(u"cannot write the body for nginx"_s);
    file.close();
    const quint16 port = freePort();
    const QString config = u"daemon off;\nworker_processes 1;\npid %1/nginx.pid;\nerror_log %1/error.log;\n"
                           "events { worker_connections 1024; }\n"
                           "http {\n  access_log off;\n  default_type application/json;\n"
                           "  client_body_temp_path %1/tmp; proxy_temp_path %1/tmp; fastcgi_temp_path %1/tmp;\n"
                           "  uwsgi_temp_path %1/tmp; scgi_temp_path %1/tmp;\n"
                           "  server { listen 127.0.0.1:%2; root %1/www; }\n}\n"_s.arg(root.path())
                               .arg(port);
    QDir().mkpath(root.filePath(u"tmp"_s));
    QFile configFile(root.filePath(u"nginx.conf"_s));
    if (!configFile.open(QIODevice::WriteOnly) || configFile.write(config.toUtf8()) < 0)
        return fail(u"cannot write nginx's configuration"_s);
    configFile.close();
    QProcess nginxProcess;
    nginxProcess.start(nginx, {u"-c"_s, configFile.fileName(), u"-e"_s, root.filePath(u"error.log"_s)});
    if (!nginxProcess.waitForStarted())
        return fail(u"nginx did not start"_s);
    QThread::msleep(500);
    const auto floor
        = runWrk(wrk, u"http://127.0.0.1:%1/api/v1/applications"_s.arg(port), {}, seconds, connections, error);
    nginxProcess.terminate();
    nginxProcess.waitForFinished(5000);
    if (!floor)
        return fail(error);

    const double ratio = capstan->requestsPerSecond / floor->requestsPerSecond;
    const QJsonObject report{
        {u"benchmark"_s, u"GET /api/v1/applications"_s},
        {u"apps"_s, 1000},
        {u"bodyBytes"_s, body.size()},
        {u"seconds"_s, seconds},
        {u"connections"_s, connections},
        {u"capstan"_s, capstan->toJson()},
        // The first answer after a change builds the list (then it is kept
        // until the store changes again).
        {u"capstanUncachedMs"_s, uncachedMs},
        {u"nginx"_s, floor->toJson()},
        {u"ratioOfNginx"_s, ratio},
        {u"targets"_s, QJsonObject{{u"atLeastHalfOfNginx"_s, ratio >= 0.5}, {u"p99Under50ms"_s, capstan->p99 < 50.0}}},
    };
    std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
    return 0;
}
