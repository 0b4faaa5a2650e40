// SPDX-License-Identifier: Apache-2.0
// The local cluster's simulated node: workloads get as far as on a real one.
#include "kube/kubeclient.h"
#include "kube/localcluster/localcluster.h"
#include "support/controlplane.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Kube;
using namespace Capstan::Test;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

QString conditionStatus(const QJsonObject &object, const QString &type)
{
    const QJsonArray conditions = object.value(u"status").toObject().value(u"conditions").toArray();
    for (const QJsonValue &condition : conditions) {
        if (condition.toObject().value(u"type").toString() == type)
            return condition.toObject().value(u"status").toString();
    }
    return {};
}

} // namespace

class tst_NodeSimulator : public QObject
{
    Q_OBJECT

private:
    LocalCluster m_cluster;
    std::unique_ptr<KubeClient> m_client;

    ApiResource resource(const char *apiVersion, const char *kind)
    {
        return *m_client->resourceFor(GroupVersionKind::fromApiVersion(QLatin1String(apiVersion), QLatin1String(kind)));
    }

    QJsonObject get(const char *apiVersion, const char *kind, const QString &name)
    {
        const KubeResult result = await(m_client->get(resource(apiVersion, kind), QStringLiteral("default"), name));
        return result ? *result : QJsonObject();
    }

    QJsonArray pods(const QString &selector)
    {
        ListOptions options;
        options.labelSelector = selector;
        return await(m_client->list(resource("v1", "Pod"), QStringLiteral("default"), options))
            ->value(u"items")
            .toArray();
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
        const auto discovered = await(m_client->discover());
        QVERIFY2(discovered.ok(), discovered.ok() ? "" : qPrintable(discovered.error().message));
    }

    void nodeIsReady()
    {
        const KubeResult node = await(m_client->get(resource("v1", "Node"), {}, QStringLiteral("capstan-local")));
        QVERIFY(node.ok());
        QCOMPARE(conditionStatus(*node, QStringLiteral("Ready")), QStringLiteral("True"));
        QCOMPARE(
            node->value(u"metadata").toObject().value(u"labels").toObject().value(u"capstan.dev/simulated").toString(),
            QStringLiteral("true"));
    }

    void deploymentBecomesAvailable()
    {
        QVERIFY(await(m_client->create(resource("apps/v1", "Deployment"), QStringLiteral("default"), json(R"({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "guestbook-ui"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "guestbook-ui"}},
                     "template": {"metadata": {"labels": {"app": "guestbook-ui"}},
                                  "spec": {"containers": [{"name": "guestbook-ui",
                                           "image": "gcr.io/heptio-images/ks-guestbook-demo:0.2",
                                           "ports": [{"containerPort": 80}]}]}}}})")))
                    .ok());
        QVERIFY(await(m_client->create(resource("v1", "Service"), QStringLiteral("default"), json(R"({
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "guestbook-ui"},
            "spec": {"selector": {"app": "guestbook-ui"}, "ports": [{"port": 80, "targetPort": 80}]}})")))
                    .ok());

        QTRY_COMPARE_WITH_TIMEOUT(
            conditionStatus(get("apps/v1", "Deployment", QStringLiteral("guestbook-ui")), QStringLiteral("Available")),
            QStringLiteral("True"), 60000);
        const QJsonObject status
            = get("apps/v1", "Deployment", QStringLiteral("guestbook-ui")).value(u"status").toObject();
        QCOMPARE(status.value(u"readyReplicas").toInt(), 3);
        QCOMPARE(status.value(u"availableReplicas").toInt(), 3);

        const QJsonArray running = pods(QStringLiteral("app=guestbook-ui"));
        QCOMPARE(running.size(), 3);
        for (const QJsonValue &pod : running) {
            const QJsonObject podStatus = pod.toObject().value(u"status").toObject();
            QCOMPARE(podStatus.value(u"phase").toString(), QStringLiteral("Running"));
            QVERIFY(podStatus.value(u"podIP").toString().startsWith(u"10.244."));
            QCOMPARE(pod.toObject().value(u"spec").toObject().value(u"nodeName").toString(),
                     QStringLiteral("capstan-local"));
        }

        // The Service's endpoints list the ready pods.
        QTRY_COMPARE_WITH_TIMEOUT(get("v1", "Endpoints", QStringLiteral("guestbook-ui"))
                                      .value(u"subsets")
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(u"addresses")
                                      .toArray()
                                      .size(),
                                  3, 30000);
    }

    void jobCompletes()
    {
        QVERIFY(await(m_client->create(resource("batch/v1", "Job"), QStringLiteral("default"), json(R"({
            "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "before"},
            "spec": {"template": {"spec": {"restartPolicy": "Never",
                                           "containers": [{"name": "sleep", "image": "alpine:3.19",
                                                           "command": ["sleep", "2"]}]}}}})")))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(
            conditionStatus(get("batch/v1", "Job", QStringLiteral("before")), QStringLiteral("Complete")),
            QStringLiteral("True"), 60000);
        QCOMPARE(
            get("batch/v1", "Job", QStringLiteral("before")).value(u"status").toObject().value(u"succeeded").toInt(),
            1);
        const QJsonArray jobPods = pods(QStringLiteral("job-name=before"));
        QCOMPARE(jobPods.size(), 1);
        const QJsonObject podStatus = jobPods.at(0).toObject().value(u"status").toObject();
        QCOMPARE(podStatus.value(u"phase").toString(), QStringLiteral("Succeeded"));
        QCOMPARE(podStatus.value(u"containerStatuses")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"state")
                     .toObject()
                     .value(u"terminated")
                     .toObject()
                     .value(u"exitCode")
                     .toInt(),
                 0);
    }

    void loadBalancersGetAnAddress()
    {
        QVERIFY(await(m_client->create(resource("v1", "Service"), QStringLiteral("default"), json(R"({
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "public"},
            "spec": {"type": "LoadBalancer", "selector": {"app": "x"}, "ports": [{"port": 80}]}})")))
                    .ok());
        QVERIFY(await(m_client->create(resource("networking.k8s.io/v1", "Ingress"), QStringLiteral("default"), json(R"({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
            "spec": {"rules": [{"host": "web.example.org", "http": {"paths": [{"path": "/", "pathType": "Prefix",
                "backend": {"service": {"name": "public", "port": {"number": 80}}}}]}}]}})")))
                    .ok());
        const auto address = [this](const char *apiVersion, const char *kind, const char *name) {
            return get(apiVersion, kind, QLatin1String(name))
                .value(u"status")
                .toObject()
                .value(u"loadBalancer")
                .toObject()
                .value(u"ingress")
                .toArray()
                .at(0)
                .toObject()
                .value(u"ip")
                .toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(address("v1", "Service", "public"), QStringLiteral("127.0.0.1"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(address("networking.k8s.io/v1", "Ingress", "web"), QStringLiteral("127.0.0.1"),
                                  30000);
    }

    void deletedPodsDoNotHang()
    {
        const QJsonArray before = pods(QStringLiteral("app=guestbook-ui"));
        QVERIFY(!before.isEmpty());
        const QString victim = before.at(0).toObject().value(u"metadata").toObject().value(u"name").toString();
        QVERIFY(await(m_client->remove(resource("v1", "Pod"), QStringLiteral("default"), victim)).ok());
        // A kubelet would confirm the end; so does the simulator, so the pod does not stay Terminating.
        QTRY_VERIFY_WITH_TIMEOUT(
            notFound(await(m_client->get(resource("v1", "Pod"), QStringLiteral("default"), victim))), 30000);
        // The ReplicaSet makes a new one, which runs too.
        QTRY_COMPARE_WITH_TIMEOUT(get("apps/v1", "Deployment", QStringLiteral("guestbook-ui"))
                                      .value(u"status")
                                      .toObject()
                                      .value(u"readyReplicas")
                                      .toInt(),
                                  3, 60000);
    }
};

QTEST_GUILESS_MAIN(tst_NodeSimulator)
#include "tst_nodesimulator.moc"
