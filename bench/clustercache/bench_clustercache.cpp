// SPDX-License-Identifier: Apache-2.0
// The cluster cache's initial sync, measured against its floor.
//
// Creates ConfigMaps and Deployments (replicas 0, so each also gets a
// ReplicaSet) in an ephemeral local cluster, then times
//  - the floor: `kubectl get --raw` of the same three collections, run in
//    parallel, as the cache lists in parallel;
//  - the cache: from start() to synced(), over every kind it watches;
// and reports the cache's memory beyond the JSON it holds: the growth of the
// live heap (mallinfo2) less the objects' JSON, per object; RSS growth too.
//
// Usage: bench_clustercache [configmaps] [deployments]   (default 4000 1000)
#include "../support/benchsupport.h"
#include "kube/clustercache.h"
#include "kube/kubeclient.h"
#include "kube/localcluster/localcluster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <unistd.h>
#include <vector>

using namespace Capstan;
using namespace Capstan::Kube;

using Capstan::Bench::await;
using Capstan::Bench::die;

namespace {

/// Bytes the heap has handed out and not got back: live objects only.
qint64 heapInUse()
{
    return qint64(mallinfo2().uordblks);
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * sysconf(_SC_PAGESIZE);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("capstan.*.info=false"));
    const int configMaps = argc > 1 ? QByteArray(argv[1]).toInt() : 4000;
    const int deployments = argc > 2 ? QByteArray(argv[2]).toInt() : 1000;

    LocalCluster cluster;
    LocalCluster::Options options;
    options.simulateNode = false; // no pods: the objects are the ones created here
    QEventLoop started;
    QObject::connect(&cluster, &LocalCluster::started, &started, &QEventLoop::quit);
    QObject::connect(&cluster, &LocalCluster::failed, &started, [](const QString &message) { die(message); });
    cluster.start(options);
    started.exec();

    KubeClient client(cluster.connection());
    client.setRateLimit(400, 400);
    if (!await(client.discover()))
        die(QStringLiteral("discovery failed"));
    const ApiResource configMapResource
        = *client.resourceFor({QString(), QStringLiteral("v1"), QStringLiteral("ConfigMap")});
    const ApiResource deploymentResource
        = *client.resourceFor({QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("Deployment")});
    const ApiResource replicaSetResource
        = *client.resourceFor({QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("ReplicaSet")});

    QList<QFuture<KubeResult>> writes;
    for (int i = 0; i < configMaps; ++i) {
        writes << client.create(
            configMapResource, QStringLiteral("default"),
            QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                        {QStringLiteral("metadata"),
                         QJsonObject{{QStringLiteral("name"), QStringLiteral("config-%1").arg(i)},
                                     {QStringLiteral("labels"),
                                      QJsonObject{{QStringLiteral("app.kubernetes.io/instance"),
                                                   QStringLiteral("app-%1").arg(i % 100)}}}}},
                        {QStringLiteral("data"),
                         QJsonObject{{QStringLiteral("settings.yaml"),
                                      QStringLiteral("replicas: 3\nlog-level: info\nfeature-%1: enabled\n").arg(i)}}}});
    }
    for (int i = 0; i < deployments; ++i) {
        const QString name = QStringLiteral("web-%1").arg(i);
        writes << client.create(deploymentResource, QStringLiteral("default"),
                                QJsonDocument::fromJson(QStringLiteral(R"({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "%1",
              "annotations": {"argocd.argoproj.io/tracking-id": "app-%2:apps/Deployment:default/%1"}},
            "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "%1"}},
                     "template": {"metadata": {"labels": {"app": "%1"}},
                                  "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}]}}}})")
                                                            .arg(name)
                                                            .arg(i % 100)
                                                            .toUtf8())
                                    .object());
    }
    for (auto &write : writes) {
        if (const KubeResult result = await(write); !result)
            die(result.error().message);
    }
    // Wait for the deployment controller's ReplicaSets.
    for (;;) {
        ListOptions count;
        count.limit = 1;
        const KubeResult page = await(client.list(replicaSetResource, QStringLiteral("default"), count));
        const int remaining = page ? page->value(u"metadata").toObject().value(u"remainingItemCount").toInt()
                + int(page->value(u"items").toArray().size())
                                   : 0;
        if (remaining >= deployments)
            break;
        QEventLoop wait;
        QTimer::singleShot(500, &wait, &QEventLoop::quit);
        wait.exec();
    }

    // Each side runs three times over the same objects; the medians count.
    std::vector<double> floorRuns;
    std::vector<double> cacheRuns;
    qint64 floorBytes = 0;
    qint64 heapGrowth = 0;
    qint64 residentGrowth = 0;
    qint64 jsonBytes = 0;
    qsizetype objects = 0;
    qsizetype kinds = 0;
    for (int run = 0; run < 3; ++run) {
        // The floor: kubectl reading the same collections, in parallel.
        QElapsedTimer floorTimer;
        floorTimer.start();
        QList<QProcess *> readers;
        for (const ApiResource *resource : {&configMapResource, &deploymentResource, &replicaSetResource}) {
            auto *reader = new QProcess(&app);
            reader->start(QStringLiteral("kubectl"),
                          {u"--kubeconfig=" + cluster.kubeconfigPath(), QStringLiteral("get"), QStringLiteral("--raw"),
                           resource->collectionPath()});
            readers << reader;
        }
        floorBytes = 0;
        for (QProcess *reader : std::as_const(readers)) {
            reader->waitForFinished(120000);
            floorBytes += reader->readAllStandardOutput().size();
            delete reader;
        }
        floorRuns.push_back(double(floorTimer.nsecsElapsed()) / 1e9);

        // The cache, over every kind.
        malloc_trim(0);
        const qint64 residentBefore = residentBytes();
        const qint64 heapBefore = heapInUse();
        {
            ClusterCache cache(&client, {});
            QElapsedTimer cacheTimer;
            cacheTimer.start();
            QEventLoop synced;
            QObject::connect(&cache, &ClusterCache::synced, &synced, &QEventLoop::quit);
            cache.start();
            synced.exec();
            cacheRuns.push_back(double(cacheTimer.nsecsElapsed()) / 1e9);
            // What the cache keeps: first let the finished replies go, then
            // the garbage of parsing them.
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QCoreApplication::processEvents();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            malloc_trim(0);
            residentGrowth = residentBytes() - residentBefore;
            heapGrowth = heapInUse() - heapBefore;
            jsonBytes = 0;
            for (const ApiResource &resource : cache.watchedResources()) {
                const QList<CachedObjectPtr> cached = cache.objects(resource.group, resource.kind);
                for (const CachedObjectPtr &object : cached)
                    jsonBytes += object->json.size();
            }
            objects = cache.size();
            kinds = cache.watchedResources().size();
        }
    }
    auto median = [](std::vector<double> runs) {
        std::sort(runs.begin(), runs.end());
        return runs[runs.size() / 2];
    };
    const double floorSeconds = median(floorRuns);
    const double cacheSeconds = median(cacheRuns);
    const double beyondJson = double(heapGrowth - jsonBytes) / double(objects);

    const QJsonObject result{
        {QStringLiteral("benchmark"), QStringLiteral("cluster_cache_initial_sync")},
        {QStringLiteral("objects_created"), configMaps + 2 * deployments},
        {QStringLiteral("objects_cached"), objects},
        {QStringLiteral("kinds_cached"), kinds},
        {QStringLiteral("floor_kubectl_seconds"), floorSeconds},
        {QStringLiteral("floor_bytes"), floorBytes},
        {QStringLiteral("cache_sync_seconds"), cacheSeconds},
        {QStringLiteral("ratio_to_floor"), cacheSeconds / floorSeconds},
        {QStringLiteral("rss_growth_bytes"), residentGrowth},
        {QStringLiteral("heap_growth_bytes"), heapGrowth},
        {QStringLiteral("floor_runs_seconds"), QJsonArray::fromVariantList({floorRuns[0], floorRuns[1], floorRuns[2]})},
        {QStringLiteral("cache_runs_seconds"), QJsonArray::fromVariantList({cacheRuns[0], cacheRuns[1], cacheRuns[2]})},
        {QStringLiteral("cached_json_bytes"), jsonBytes},
        {QStringLiteral("bytes_per_object_beyond_json"), beyondJson},
        {QStringLiteral("target_ratio"), 2.0},
        {QStringLiteral("target_bytes_per_object_beyond_json"), 2048},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    cluster.stop();
    return 0;
}
