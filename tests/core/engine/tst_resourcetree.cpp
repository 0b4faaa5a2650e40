// SPDX-License-Identifier: Apache-2.0
// Argo CD's resource nodes from live objects: what the resource tree shows
// for each kind. The tree itself is tested end to end in tst_applicationapi.
#include "engine/resourcetree.h"
#include "model/jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

// The JSON below writes "//" as "\/\/": moc 6.4 takes "//" inside a raw string
// for a comment and then misses the test class.
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return object;
}

QString infoOf(const Model::ResourceNode &node, const QString &name)
{
    for (const Model::InfoItem &item : node.info)
        if (item.name == name)
            return item.value;
    return u"<none>"_s;
}

} // namespace

class tst_ResourceTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reference()
    {
        const Model::ResourceNode node = Engine::resourceNode(parse(R"({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "resourceVersion": "42",
                         "creationTimestamp": "2026-01-02T03:04:05Z",
                         "annotations": {"deployment.kubernetes.io/revision": "3"}},
            "spec": {"replicas": 1},
            "status": {"observedGeneration": 0, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1}})"));
        QCOMPARE(node.ref.group, u"apps"_s);
        QCOMPARE(node.ref.version, u"v1"_s);
        QCOMPARE(node.ref.kind, u"Deployment"_s);
        QCOMPARE(node.ref.ns, u"shop"_s);
        QCOMPARE(node.ref.name, u"web"_s);
        QCOMPARE(node.ref.uid, u"u-1"_s);
        QCOMPARE(node.resourceVersion, u"42"_s);
        QCOMPARE(node.createdAt, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
        QCOMPARE(infoOf(node, u"Revision"_s), u"Rev:3"_s);
        QVERIFY(node.health.has_value());
        QVERIFY(!node.networkingInfo);

        // Written with Argo CD's names, the reference inline.
        const QJsonObject json = Model::toJson(node);
        QCOMPARE(json.value(u"kind").toString(), u"Deployment"_s);
        QCOMPARE(json.value(u"namespace").toString(), u"shop"_s);
        QCOMPARE(json.value(u"createdAt").toString(), u"2026-01-02T03:04:05Z"_s);
        QVERIFY(!json.contains(u"networkingInfo"));
    }

    void kindsWithoutHealth()
    {
        const Model::ResourceNode node = Engine::resourceNode(
            parse(R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "n"}})"));
        QVERIFY(!node.health);
        QVERIFY(node.info.isEmpty());
        QVERIFY(!node.createdAt);
    }

    void podStatusReason_data()
    {
        QTest::addColumn<QByteArray>("pod");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("containers");
        QTest::addColumn<QString>("restarts");

        QTest::newRow("running") << QByteArray(R"({
            "spec": {"containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Running", "containerStatuses": [
                {"name": "a", "ready": true, "restartCount": 0, "state": {"running": {}}}]}})")
                                 << u"Running"_s << u"1/1"_s << u"<none>"_s;
        QTest::newRow("crash loop") << QByteArray(R"({
            "spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]},
            "status": {"phase": "Running", "containerStatuses": [
                {"name": "a", "ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}},
                {"name": "b", "ready": true, "restartCount": 1, "state": {"running": {}}}]}})")
                                    << u"CrashLoopBackOff"_s << u"1/2"_s << u"5"_s;
        QTest::newRow("initialising") << QByteArray(R"({
            "spec": {"initContainers": [{"name": "i", "image": "i:1"}], "containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "i", "ready": false, "restartCount": 0, "state": {"running": {}}}]}})")
                                      << u"Init:0/1"_s << u"0/1"_s << u"<none>"_s;
        QTest::newRow("init failed") << QByteArray(R"({
            "spec": {"initContainers": [{"name": "i", "image": "i:1"}], "containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "i", "ready": false, "restartCount": 2, "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}})")
                                     << u"Init:Error"_s << u"0/1"_s << u"2"_s;
        QTest::newRow("init killed") << QByteArray(R"({
            "spec": {"initContainers": [{"name": "i", "image": "i:1"}], "containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "i", "restartCount": 0, "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}})")
                                     << u"Init:Signal:9"_s << u"0/1"_s << u"<none>"_s;
        QTest::newRow("sidecar counts") << QByteArray(R"({
            "spec": {"initContainers": [{"name": "s", "image": "s:1", "restartPolicy": "Always"}],
                     "containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
                       "initContainerStatuses": [{"name": "s", "ready": true, "started": true, "state": {"running": {}}}],
                       "containerStatuses": [{"name": "a", "ready": true, "state": {"running": {}}}]}})")
                                        << u"Running"_s << u"2/2"_s << u"<none>"_s;
        QTest::newRow("completed beside a running one") << QByteArray(R"({
            "spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]},
            "status": {"phase": "Running", "containerStatuses": [
                {"name": "a", "ready": true, "state": {"running": {}}},
                {"name": "b", "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}})")
                                                        << u"Running"_s << u"1/2"_s << u"<none>"_s;
        QTest::newRow("exit code") << QByteArray(R"({
            "spec": {"containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Failed", "containerStatuses": [
                {"name": "a", "ready": false, "state": {"terminated": {"exitCode": 3}}}]}})")
                                   << u"ExitCode:3"_s << u"0/1"_s << u"<none>"_s;
        QTest::newRow("evicted") << QByteArray(R"({
            "spec": {"containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Failed", "reason": "Evicted"}})")
                                 << u"Evicted"_s << u"0/1"_s << u"<none>"_s;
        QTest::newRow("scheduling gated") << QByteArray(R"({
            "spec": {"containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Pending", "conditions": [
                {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}})")
                                          << u"SchedulingGated"_s << u"0/1"_s << u"<none>"_s;
        QTest::newRow("terminating") << QByteArray(R"({
            "metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Running", "containerStatuses": [
                {"name": "a", "ready": true, "state": {"running": {}}}]}})")
                                     << u"Terminating"_s << u"1/1"_s << u"<none>"_s;
        QTest::newRow("node lost") << QByteArray(R"({
            "metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": [{"name": "a", "image": "a:1"}]},
            "status": {"phase": "Running", "reason": "NodeLost"}})")
                                   << u"Unknown"_s << u"0/1"_s << u"<none>"_s;
    }

    void podStatusReason()
    {
        QFETCH(QByteArray, pod);
        QFETCH(QString, reason);
        QFETCH(QString, containers);
        QFETCH(QString, restarts);
        QJsonObject object = parse(pod);
        object.insert(u"apiVersion"_s, u"v1"_s);
        object.insert(u"kind"_s, u"Pod"_s);
        QJsonObject metadata = object.value(u"metadata").toObject();
        metadata.insert(u"name"_s, u"p"_s);
        metadata.insert(u"namespace"_s, u"n"_s);
        object.insert(u"metadata"_s, metadata);
        const Model::ResourceNode node = Engine::resourceNode(object);
        QCOMPARE(infoOf(node, u"Status Reason"_s), reason);
        QCOMPARE(infoOf(node, u"Containers"_s), containers);
        QCOMPARE(infoOf(node, u"Restart Count"_s), restarts);
        QVERIFY(node.health.has_value());
    }

    void podImagesNodeAndLabels()
    {
        const Model::ResourceNode node = Engine::resourceNode(parse(R"({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "namespace": "n", "labels": {"app": "web"}},
            "spec": {"nodeName": "capstan-local",
                     "initContainers": [{"name": "i", "image": "busybox:1"}],
                     "containers": [{"name": "a", "image": "web:2"}, {"name": "b", "image": "busybox:1"}]},
            "status": {"phase": "Pending"}})"));
        QCOMPARE(node.images, QStringList({u"busybox:1"_s, u"web:2"_s}));
        QCOMPARE(infoOf(node, u"Node"_s), u"capstan-local"_s);
        QVERIFY(node.networkingInfo);
        QCOMPARE(node.networkingInfo->labels, (QMap<QString, QString>{{u"app"_s, u"web"_s}}));
    }

    void service()
    {
        const Model::ResourceNode balanced = Engine::resourceNode(parse(R"({
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "n"},
            "spec": {"type": "LoadBalancer", "selector": {"app": "web"}},
            "status": {"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}, {"hostname": "lb.example.com", "ip": "10.0.0.1"}]}}})"));
        QVERIFY(balanced.networkingInfo);
        QCOMPARE(balanced.networkingInfo->targetLabels, (QMap<QString, QString>{{u"app"_s, u"web"_s}}));
        QCOMPARE(balanced.networkingInfo->ingress.size(), 2);
        QCOMPARE(balanced.networkingInfo->ingress.at(0).ip, u"127.0.0.1"_s);
        QCOMPARE(balanced.networkingInfo->ingress.at(1).hostname, u"lb.example.com"_s);
        QVERIFY(balanced.networkingInfo->ingress.at(1).ip.isEmpty());

        const Model::ResourceNode internal = Engine::resourceNode(parse(R"({
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "n"},
            "spec": {"type": "ClusterIP", "selector": {"app": "web"}},
            "status": {"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}]}}})"));
        QVERIFY(internal.networkingInfo->ingress.isEmpty());
    }

    void ingress()
    {
        const Model::ResourceNode node = Engine::resourceNode(parse(R"({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "shop"},
            "spec": {
                "defaultBackend": {"service": {"name": "fallback", "port": {"number": 80}}},
                "tls": [{"hosts": ["secure.example.com"]}],
                "rules": [
                    {"host": "shop.example.com", "http": {"paths": [
                        {"path": "/cart*", "backend": {"service": {"name": "cart", "port": {"number": 80}}}}]}},
                    {"host": "secure.example.com", "http": {"paths": [
                        {"path": "/", "backend": {"service": {"name": "front", "port": {"number": 80}}}}]}},
                    {"http": {"paths": [{"path": "/api", "backend": {"service": {"name": "api", "port": {"number": 80}}}}]}}
                ]},
            "status": {"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}]}}})"));
        QVERIFY(node.networkingInfo);
        QStringList targets;
        for (const Model::ResourceRef &ref : node.networkingInfo->targetRefs) {
            QCOMPARE(ref.kind, u"Service"_s);
            QCOMPARE(ref.ns, u"shop"_s);
            targets.append(ref.name);
        }
        QCOMPARE(targets, QStringList({u"api"_s, u"cart"_s, u"fallback"_s, u"front"_s}));
        QStringList urls = node.networkingInfo->externalURLs;
        urls.sort();
        QCOMPARE(urls,
                 QStringList(
                     {u"http://127.0.0.1/api"_s, u"http://shop.example.com/cart"_s, u"https://secure.example.com/"_s}));

        const Model::ResourceNode quiet = Engine::resourceNode(parse(R"({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": "i", "namespace": "shop",
                         "annotations": {"argocd.argoproj.io/ignore-default-links": "true",
                                         "link.argocd.argoproj.io/docs": "Docs|https:\/\/docs.example.com"}},
            "spec": {"rules": [{"host": "a.example.com", "http": {"paths": [
                {"path": "/", "backend": {"service": {"name": "a", "port": {"number": 80}}}}]}}]}})"));
        QCOMPARE(quiet.networkingInfo->externalURLs, QStringList({u"Docs|https://docs.example.com"_s}));
    }

    void linksMustBeWeb()
    {
        const Model::ResourceNode node = Engine::resourceNode(parse(R"json({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "c", "namespace": "n", "annotations": {
                "link.argocd.argoproj.io/dashboard": "https:\/\/grafana.example.com/d/1",
                "link.argocd.argoproj.io/evil": "Click|javascript:alert(1)",
                "link.argocd.argoproj.io/data": "data:text/html,hi",
                "other.example.com/link": "https:\/\/elsewhere.example.com"}}})json"));
        QVERIFY(node.networkingInfo);
        QCOMPARE(node.networkingInfo->externalURLs, QStringList({u"https://grafana.example.com/d/1"_s}));
    }
};

QTEST_GUILESS_MAIN(tst_ResourceTree)
#include "tst_resourcetree.moc"
