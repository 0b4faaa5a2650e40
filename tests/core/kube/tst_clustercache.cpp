// SPDX-License-Identifier: Apache-2.0
// The cluster cache against the local control plane and its simulated node.
#include "kube/clustercache.h"
#include "kube/kubeclient.h"
#include "kube/localcluster/localcluster.h"
#include "support/controlplane.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Kube;
using namespace Capstan::Test;

namespace {

QJsonObject json(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QStringList kindsAndNames(const QList<CachedObjectPtr> &objects)
{
    QStringList result;
    for (const CachedObjectPtr &object : objects)
        result << object->key.kind + u'/' + object->key.name;
    return result;
}

} // namespace

class tst_ClusterCache : public QObject
{
    Q_OBJECT

private:
    LocalCluster m_cluster;
    std::unique_ptr<KubeClient> m_client;
    std::unique_ptr<ClusterCache> m_cache;

    ApiResource resource(const char *apiVersion, const char *kind)
    {
        return *m_client->resourceFor(GroupVersionKind::fromApiVersion(QLatin1String(apiVersion), QLatin1String(kind)));
    }

    CachedObjectPtr cached(const char *group, const char *kind, const QString &name,
                           const QString &ns = QStringLiteral("default"))
    {
        return m_cache->get({QLatin1String(group), QLatin1String(kind), ns, name});
    }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        LocalCluster::Options options;
        options.podStartDelay = std::chrono::milliseconds(200);
        const QString error = startCluster(m_cluster, options);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_client = std::make_unique<KubeClient>(m_cluster.connection());

        ClusterCache::Options cacheOptions;
        cacheOptions.pageSize = 5; // paging is exercised on the first list
        cacheOptions.watchTimeoutSeconds = 2; // and resuming watches, often
        m_cache = std::make_unique<ClusterCache>(m_client.get(), cacheOptions);
        QSignalSpy synced(m_cache.get(), &ClusterCache::synced);
        m_cache->start();
        QVERIFY2(synced.wait(60000), "the cluster cache did not sync within 60 s");
        QVERIFY(m_cache->isSynced());
    }

    void listsEveryKindButTheExcluded()
    {
        QVERIFY(cached("", "Namespace", QStringLiteral("kube-system"), QString()));
        QVERIFY(cached("", "Node", QStringLiteral("capstan-local"), QString()));
        QVERIFY(cached("", "ServiceAccount", QStringLiteral("default")));
        QVERIFY(m_cache->objects(QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("ClusterRole")).size()
                > 20);

        QStringList watched;
        const QList<ApiResource> resources = m_cache->watchedResources();
        for (const ApiResource &resource : resources)
            watched << resource.group + u'/' + resource.kind;
        for (const char *kind : {"apps/Deployment", "/Pod", "/Endpoints", "batch/Job", "networking.k8s.io/Ingress"})
            QVERIFY2(watched.contains(QLatin1String(kind)), kind);
        for (const char *kind : {"/Event", "events.k8s.io/Event", "coordination.k8s.io/Lease",
                                 "discovery.k8s.io/EndpointSlice", "extensions/Ingress"})
            QVERIFY2(!watched.contains(QLatin1String(kind)), kind);
        // One version of each kind: the preferred one.
        const auto hpa = std::find_if(resources.cbegin(), resources.cend(),
                                      [](const ApiResource &r) { return r.kind == u"HorizontalPodAutoscaler"; });
        QVERIFY(hpa != resources.cend());
        QCOMPARE(hpa->version, QStringLiteral("v1"));
    }

    void resourceTreeAndApplications()
    {
        std::unique_ptr<CacheSubscription> mine = m_cache->subscribe(QStringLiteral("guestbook"));
        std::unique_ptr<CacheSubscription> others = m_cache->subscribe(QStringLiteral("other"));
        QSignalSpy mineChanged(mine.get(), &CacheSubscription::changed);
        QSignalSpy othersChanged(others.get(), &CacheSubscription::changed);

        QVERIFY(await(m_client->create(resource("apps/v1", "Deployment"), QStringLiteral("default"),
                                       json(QStringLiteral(R"({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "guestbook-ui",
                         "annotations": {"argocd.argoproj.io/tracking-id": "guestbook:apps/Deployment:default/guestbook-ui"}},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "guestbook-ui"}},
                     "template": {"metadata": {"labels": {"app": "guestbook-ui"}},
                                  "spec": {"containers": [{"name": "ui", "image": "guestbook:0.2"}]}}}})"))))
                    .ok());
        QVERIFY(await(m_client->create(resource("v1", "Service"), QStringLiteral("default"), json(QStringLiteral(R"({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "guestbook-ui", "labels": {"app.kubernetes.io/instance": "guestbook"}},
            "spec": {"selector": {"app": "guestbook-ui"}, "ports": [{"port": 80}]}})"))))
                    .ok());

        // Deployment → ReplicaSet → two running Pods; Service → Endpoints.
        QTRY_VERIFY_WITH_TIMEOUT(cached("apps", "Deployment", QStringLiteral("guestbook-ui"))
                                     && cached("apps", "Deployment", QStringLiteral("guestbook-ui"))
                                             ->object()
                                             .value(u"status")
                                             .toObject()
                                             .value(u"readyReplicas")
                                             .toInt()
                                         == 2,
                                 60000);
        const CachedObjectPtr deployment = cached("apps", "Deployment", QStringLiteral("guestbook-ui"));
        const QList<CachedObjectPtr> replicaSets = m_cache->children(*deployment);
        QCOMPARE(replicaSets.size(), 1);
        QCOMPARE(replicaSets.first()->key.kind, QStringLiteral("ReplicaSet"));
        const QList<CachedObjectPtr> pods = m_cache->children(*replicaSets.first());
        QCOMPARE(pods.size(), 2);
        for (const CachedObjectPtr &pod : pods) {
            QCOMPARE(pod->key.kind, QStringLiteral("Pod"));
            QCOMPARE(pod->object().value(u"status").toObject().value(u"phase").toString(), QStringLiteral("Running"));
            QCOMPARE(m_cache->applicationOf(*pod), QStringLiteral("guestbook"));
        }
        const CachedObjectPtr service = cached("", "Service", QStringLiteral("guestbook-ui"));
        QTRY_COMPARE(kindsAndNames(m_cache->children(*service)), QStringList{QStringLiteral("Endpoints/guestbook-ui")});
        QCOMPARE(m_cache->applicationOf(*m_cache->children(*service).first()), QStringLiteral("guestbook"));

        // The ReplicaSet carries a copy of the Deployment's tracking annotation, which names
        // the Deployment, not the ReplicaSet; the Endpoints carry a copy of the Service's labels.
        QCOMPARE(kindsAndNames(m_cache->trackedBy(QStringLiteral("guestbook"), TrackingMethod::Annotation)),
                 QStringList{QStringLiteral("Deployment/guestbook-ui")});
        QStringList labelled = kindsAndNames(m_cache->trackedBy(QStringLiteral("guestbook"), TrackingMethod::Label));
        labelled.sort();
        QCOMPARE(labelled,
                 (QStringList{QStringLiteral("Endpoints/guestbook-ui"), QStringLiteral("Service/guestbook-ui")}));
        QVERIFY(replicaSets.first()->trackedApplication.isEmpty());
        QCOMPARE(m_cache->applicationOf(*replicaSets.first()), QStringLiteral("guestbook"));

        // Every change of the app's tree reached its subscriber, none the other's.
        QVERIFY(mineChanged.size() >= 6);
        QCOMPARE(othersChanged.size(), 0);
        bool sawPod = false;
        for (const auto &change : std::as_const(mineChanged)) {
            const auto after = change.at(1).value<CachedObjectPtr>();
            sawPod = sawPod || (after && after->key.kind == u"Pod");
        }
        QVERIFY(sawPod);

        // The cache follows changes and deletions.
        mineChanged.clear();
        QVERIFY(await(m_client->patch(resource("apps/v1", "Deployment"), QStringLiteral("default"),
                                      QStringLiteral("guestbook-ui"), PatchType::Merge, R"({"spec":{"replicas":3}})"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(
            m_cache->children(*m_cache->children(*cached("apps", "Deployment", QStringLiteral("guestbook-ui"))).first())
                .size(),
            3, 30000);
        QVERIFY(!mineChanged.isEmpty());

        DeleteOptions foreground;
        foreground.propagation = PropagationPolicy::Foreground;
        QVERIFY(await(m_client->remove(resource("apps/v1", "Deployment"), QStringLiteral("default"),
                                       QStringLiteral("guestbook-ui"), foreground))
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(!cached("apps", "Deployment", QStringLiteral("guestbook-ui")), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(m_cache->objects(QStringLiteral("apps"), QStringLiteral("ReplicaSet")).isEmpty(),
                                 30000);
        QCOMPARE(othersChanged.size(), 0);
    }

    void watchesOutliveTheirStreams()
    {
        // The watches end every 2 s; changes after that still arrive.
        QTest::qWait(4500);
        QVERIFY(await(m_client->create(
                          resource("v1", "ConfigMap"), QStringLiteral("default"),
                          json(QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late"}})"))))
                    .ok());
        QTRY_VERIFY(cached("", "ConfigMap", QStringLiteral("late")));
    }

    void customResourcesComeAndGo()
    {
        const ApiResource crds = resource("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        QVERIFY(await(m_client->create(crds, {}, json(QStringLiteral(R"({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "gadgets.capstan.dev"},
            "spec": {"group": "capstan.dev", "scope": "Namespaced",
                     "names": {"plural": "gadgets", "singular": "gadget", "kind": "Gadget"},
                     "versions": [{"name": "v1", "served": true, "storage": true,
                                   "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}})"))))
                    .ok());
        const GroupVersionKind gadget
            = GroupVersionKind::fromApiVersion(QStringLiteral("capstan.dev/v1"), QStringLiteral("Gadget"));
        Result<ApiResource, KubeError> gadgets = Failure(KubeError());
        QTRY_VERIFY_WITH_TIMEOUT((gadgets = await(m_client->resolve(gadget))).ok(), 30000);
        QVERIFY(await(m_client->create(*gadgets, QStringLiteral("default"), json(QStringLiteral(R"({
            "apiVersion": "capstan.dev/v1", "kind": "Gadget", "metadata": {"name": "gizmo"}})"))))
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(cached("capstan.dev", "Gadget", QStringLiteral("gizmo")), 30000);

        QVERIFY(await(m_client->remove(crds, {}, QStringLiteral("gadgets.capstan.dev"))).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!cached("capstan.dev", "Gadget", QStringLiteral("gizmo")), 30000);
        auto watchesGadgets = [this] {
            const QList<ApiResource> watched = m_cache->watchedResources();
            return std::any_of(watched.cbegin(), watched.cend(),
                               [](const ApiResource &r) { return r.kind == u"Gadget"; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(!watchesGadgets(), 30000);
    }
};

QTEST_GUILESS_MAIN(tst_ClusterCache)
#include "tst_clustercache.moc"
