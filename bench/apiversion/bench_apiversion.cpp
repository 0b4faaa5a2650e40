// SPDX-License-Identifier: Apache-2.0
// The walking skeleton's round trip: ApiClient asks the embedded server for
// its version over loopback HTTP, N times, as the GUI does when it connects.
// Prints latency percentiles and throughput as JSON.
//
// Usage: bench_apiversion [requests] (default 2000)
#include "client/apiclient.h"
#include "embeddedserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Capstan;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // One log line per request is the server's job, but a terminal that prints
    // thousands of them would be what this measures.
    QLoggingCategory::setFilterRules(QStringLiteral("capstan.*.info=false"));
    const int requests = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 2000;

    QTemporaryDir data;
    EmbeddedServer server;
    QEventLoop loop;
    QObject::connect(&server, &EmbeddedServer::started, &loop, &QEventLoop::quit);
    QObject::connect(&server, &EmbeddedServer::startFailed, &loop, [&loop](const QString &message) {
        std::fprintf(stderr, "bench_apiversion: %s\n", qUtf8Printable(message));
        loop.exit(1);
    });
    server.start(data.path(), EmbeddedServer::LocalCluster::DoNotStart);
    if (loop.exec() != 0)
        return 1;

    ApiClient client;
    client.setServer(server.url(), server.accessToken());

    std::vector<double> latencies;
    latencies.reserve(size_t(requests));
    int failures = 0;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < requests; ++i) {
        QElapsedTimer one;
        one.start();
        QFuture<Result<QJsonDocument, ApiError>> reply = client.getJson(QStringLiteral("/api/version"));
        reply.then(&loop, [&loop](const Result<QJsonDocument, ApiError> &) { loop.quit(); });
        loop.exec();
        if (!reply.result().ok() || !reply.result()->object().contains(u"Platform"))
            ++failures;
        latencies.push_back(double(one.nsecsElapsed()) / 1e6);
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;

    std::sort(latencies.begin(), latencies.end());
    auto percentile = [&latencies](double p) {
        return latencies[std::min(latencies.size() - 1, size_t(p * double(latencies.size())))];
    };
    const QJsonObject result{
        {QStringLiteral("benchmark"), QStringLiteral("api_version_roundtrip")},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("failures"), failures},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("requests_per_second"), double(requests) / seconds},
        {QStringLiteral("latency_ms_p50"), percentile(0.50)},
        {QStringLiteral("latency_ms_p99"), percentile(0.99)},
        {QStringLiteral("latency_ms_max"), latencies.back()},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return failures == 0 ? 0 : 1;
}
