// SPDX-License-Identifier: Apache-2.0
// The Kubernetes client against a real API server: the local control plane,
// started once for this test binary.
#include "kube/kubeclient.h"
#include "kube/localcluster/certificates.h"
#include "kube/localcluster/localcluster.h"
#include "kube/watch.h"
#include "support/controlplane.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Capstan;
using namespace Capstan::Kube;
using namespace Capstan::Test;

namespace {

QJsonObject configMap(const QString &name, const QJsonObject &labels = {}, const QJsonObject &data = {})
{
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}}},
        {QStringLiteral("data"), data}};
}

QJsonObject deployment(const QString &name)
{
    const QJsonObject labels{{QStringLiteral("app"), name}};
    return QJsonDocument::fromJson(QStringLiteral(R"({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "%1"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "%1"}},
                 "template": {"metadata": {"labels": {"app": "%1"}},
                              "spec": {"containers": [{"name": "web", "image": "nginx:1.25"},
                                                      {"name": "sidecar", "image": "busybox:1.36"}]}}}})")
                                       .arg(name)
                                       .toUtf8())
        .object();
}

QString nameOf(const QJsonValue &object)
{
    return object.toObject().value(u"metadata").toObject().value(u"name").toString();
}

} // namespace

class tst_KubeClient : public QObject
{
    Q_OBJECT

private:
    LocalCluster m_cluster;
    ClusterConnection m_connection;
    std::unique_ptr<KubeClient> m_client;
    ApiResource m_configMaps;
    ApiResource m_deployments;
    ApiResource m_replicaSets;
    ApiResource m_namespaces;
    QString m_ns;
    int m_namespaceCount = 0;

    ApiResource resource(const QString &apiVersion, const QString &kind)
    {
        const auto found = m_client->resourceFor(GroupVersionKind::fromApiVersion(apiVersion, kind));
        return found.value_or(ApiResource());
    }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        const QString error = startCluster(m_cluster);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const Result<Kubeconfig> config = Kubeconfig::load({m_cluster.kubeconfigPath()});
        QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error()));
        const Result<ClusterConnection> connection = config->connection();
        QVERIFY2(connection.ok(), connection.ok() ? "" : qPrintable(connection.error()));
        m_connection = *connection;
        m_client = std::make_unique<KubeClient>(m_connection);
    }

    void init()
    {
        // Each test works in a namespace of its own, made with what discovery found.
        if (m_namespaces.name.isEmpty()) {
            if (qstrcmp(QTest::currentTestFunction(), "discovery") != 0)
                QFAIL("the cluster's resources are not known: the discovery test did not get them");
            return;
        }
        m_ns = QStringLiteral("test-%1").arg(++m_namespaceCount);
        const KubeResult created = await(
            m_client->create(m_namespaces, {},
                             QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                         {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), m_ns}}}}));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
    }

    void discovery()
    {
        QSignalSpy changed(m_client.get(), &KubeClient::discoveryChanged);
        const auto resources = await(m_client->discover());
        QVERIFY(resources.ok());
        QVERIFY(resources->size() > 40);
        QCOMPARE(changed.size(), 1);

        m_configMaps = resource(QStringLiteral("v1"), QStringLiteral("ConfigMap"));
        m_deployments = resource(QStringLiteral("apps/v1"), QStringLiteral("Deployment"));
        m_replicaSets = resource(QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"));
        m_namespaces = resource(QStringLiteral("v1"), QStringLiteral("Namespace"));
        QCOMPARE(m_configMaps.name, QStringLiteral("configmaps"));
        QVERIFY(m_configMaps.namespaced);
        QCOMPARE(m_deployments.name, QStringLiteral("deployments"));
        QVERIFY(m_deployments.supports(QStringLiteral("watch")));
        QVERIFY(!m_namespaces.namespaced);
        QCOMPARE(m_deployments.objectPath(QStringLiteral("shop"), QStringLiteral("web"), QStringLiteral("scale")),
                 QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web/scale"));
        QVERIFY(!m_client->resourceFor(GroupVersionKind::fromApiVersion(QStringLiteral("v1"), QStringLiteral("Nope"))));

        // The same answer again changes nothing.
        QVERIFY(await(m_client->discover()).ok());
        QCOMPARE(changed.size(), 1);
    }

    void createGetListWithSelectorsAndPaging()
    {
        for (int i = 0; i < 5; ++i) {
            const QJsonObject labels{{QStringLiteral("tier"), i < 3 ? QStringLiteral("a") : QStringLiteral("b")}};
            QVERIFY(
                await(m_client->create(m_configMaps, m_ns, configMap(QStringLiteral("cm-%1").arg(i), labels))).ok());
        }
        const KubeResult one = await(m_client->get(m_configMaps, m_ns, QStringLiteral("cm-3")));
        QVERIFY(one.ok());
        QCOMPARE(one->value(u"metadata").toObject().value(u"labels").toObject().value(u"tier").toString(),
                 QStringLiteral("b"));

        ListOptions byLabel;
        byLabel.labelSelector = QStringLiteral("tier=a");
        QCOMPARE(await(m_client->list(m_configMaps, m_ns, byLabel))->value(u"items").toArray().size(), 3);
        byLabel.labelSelector = QStringLiteral("tier in (a,b),tier!=a");
        QCOMPARE(await(m_client->list(m_configMaps, m_ns, byLabel))->value(u"items").toArray().size(), 2);

        ListOptions byField;
        byField.fieldSelector = QStringLiteral("metadata.name=cm-1");
        const QJsonArray named = await(m_client->list(m_configMaps, m_ns, byField))->value(u"items").toArray();
        QCOMPARE(named.size(), 1);
        QCOMPARE(nameOf(named.at(0)), QStringLiteral("cm-1"));

        // Pages of two: three pages, every object once.
        ListOptions paging;
        paging.limit = 2;
        paging.labelSelector = QStringLiteral("tier");
        QStringList seen;
        int pages = 0;
        do {
            const KubeResult page = await(m_client->list(m_configMaps, m_ns, paging));
            QVERIFY(page.ok());
            const QJsonArray items = page->value(u"items").toArray();
            QVERIFY(items.size() <= 2);
            for (const QJsonValue &item : items)
                seen << nameOf(item);
            paging.continueToken = page->value(u"metadata").toObject().value(u"continue").toString();
            ++pages;
        } while (!paging.continueToken.isEmpty());
        QCOMPARE(pages, 3);
        QCOMPARE(seen,
                 (QStringList{QStringLiteral("cm-0"), QStringLiteral("cm-1"), QStringLiteral("cm-2"),
                              QStringLiteral("cm-3"), QStringLiteral("cm-4")}));
    }

    void patchTypes()
    {
        QVERIFY(await(m_client->create(m_deployments, m_ns, deployment(QStringLiteral("web")))).ok());
        auto image = [](const KubeResult &r, int container) {
            return r->value(u"spec")
                .toObject()
                .value(u"template")
                .toObject()
                .value(u"spec")
                .toObject()
                .value(u"containers")
                .toArray()
                .at(container)
                .toObject()
                .value(u"image")
                .toString();
        };

        // Strategic merge: containers merge by name, the sidecar stays.
        KubeResult patched = await(
            m_client->patch(m_deployments, m_ns, QStringLiteral("web"), PatchType::StrategicMerge,
                            R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}})"));
        QVERIFY2(patched.ok(), qPrintable(patched.ok() ? QString() : patched.error().message));
        QCOMPARE(image(patched, 0), QStringLiteral("nginx:1.26"));
        QCOMPARE(image(patched, 1), QStringLiteral("busybox:1.36"));

        // JSON merge: replaces the list whole.
        patched = await(m_client->patch(m_deployments, m_ns, QStringLiteral("web"), PatchType::Merge,
                                        R"({"metadata":{"labels":{"team":"shop"}}})"));
        QVERIFY(patched.ok());
        QCOMPARE(patched->value(u"metadata").toObject().value(u"labels").toObject().value(u"team").toString(),
                 QStringLiteral("shop"));

        // JSON patch.
        patched = await(m_client->patch(m_deployments, m_ns, QStringLiteral("web"), PatchType::Json,
                                        R"([{"op":"replace","path":"/spec/replicas","value":3}])"));
        QVERIFY(patched.ok());
        QCOMPARE(patched->value(u"spec").toObject().value(u"replicas").toInt(), 3);

        // Server-side apply: a second manager conflicts, and wins with force.
        WriteOptions alice{false, QStringLiteral("alice"), false, {}};
        const QByteArray apply
            = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"owner":"%1"}})";
        QVERIFY(await(m_client->patch(m_configMaps, m_ns, QStringLiteral("applied"), PatchType::Apply,
                                      QByteArray(apply).replace("%1", "alice"), alice))
                    .ok());
        WriteOptions bob{false, QStringLiteral("bob"), false, {}};
        const KubeResult conflict
            = await(m_client->patch(m_configMaps, m_ns, QStringLiteral("applied"), PatchType::Apply,
                                    QByteArray(apply).replace("%1", "bob"), bob));
        QVERIFY(!conflict.ok());
        QCOMPARE(conflict.error().reason, KubeError::Reason::Conflict);
        bob.force = true;
        const KubeResult forced = await(m_client->patch(m_configMaps, m_ns, QStringLiteral("applied"), PatchType::Apply,
                                                        QByteArray(apply).replace("%1", "bob"), bob));
        QVERIFY(forced.ok());
        QCOMPARE(forced->value(u"data").toObject().value(u"owner").toString(), QStringLiteral("bob"));
    }

    void typedErrors()
    {
        QVERIFY(await(m_client->create(m_configMaps, m_ns, configMap(QStringLiteral("x")))).ok());

        const KubeResult duplicate = await(m_client->create(m_configMaps, m_ns, configMap(QStringLiteral("x"))));
        QCOMPARE(duplicate.error().reason, KubeError::Reason::AlreadyExists);
        QCOMPARE(duplicate.error().httpStatus, 409);

        const KubeResult missing = await(m_client->get(m_configMaps, m_ns, QStringLiteral("nope")));
        QCOMPARE(missing.error().reason, KubeError::Reason::NotFound);
        QVERIFY(missing.error().message.contains(u"\"nope\" not found"));

        QJsonObject invalid = configMap(QStringLiteral("Not_Valid"));
        const KubeResult rejected = await(m_client->create(m_configMaps, m_ns, invalid));
        QCOMPARE(rejected.error().reason, KubeError::Reason::Invalid);
        QCOMPARE(rejected.error().httpStatus, 422);
        QVERIFY(!rejected.error().causes.isEmpty());
        QCOMPARE(rejected.error().causes.first().field, QStringLiteral("metadata.name"));

        // Optimistic concurrency: an update from a stale read is a Conflict.
        QJsonObject stale = *await(m_client->get(m_configMaps, m_ns, QStringLiteral("x")));
        QVERIFY(
            await(m_client->patch(m_configMaps, m_ns, QStringLiteral("x"), PatchType::Merge, R"({"data":{"k":"1"}})"))
                .ok());
        stale.insert(QStringLiteral("data"), QJsonObject{{QStringLiteral("k"), QStringLiteral("2")}});
        const KubeResult conflict = await(m_client->update(m_configMaps, m_ns, stale));
        QVERIFY(!conflict.ok());
        QCOMPARE(conflict.error().reason, KubeError::Reason::Conflict);
    }

    void dryRunStoresNothing()
    {
        WriteOptions dryRun;
        dryRun.dryRun = true;
        const KubeResult created
            = await(m_client->create(m_configMaps, m_ns, configMap(QStringLiteral("dry")), dryRun));
        QVERIFY(created.ok());
        QVERIFY(created->value(u"metadata").toObject().contains(u"uid")); // defaulted by the server
        QVERIFY(notFound(await(m_client->get(m_configMaps, m_ns, QStringLiteral("dry")))));

        QVERIFY(await(m_client->create(m_configMaps, m_ns, configMap(QStringLiteral("kept")))).ok());
        DeleteOptions dryDelete;
        dryDelete.dryRun = true;
        QVERIFY(await(m_client->remove(m_configMaps, m_ns, QStringLiteral("kept"), dryDelete)).ok());
        QVERIFY(await(m_client->get(m_configMaps, m_ns, QStringLiteral("kept"))).ok());
    }

    void watchSeesEventsInOrder()
    {
        const KubeResult initial = await(m_client->list(m_configMaps, m_ns));
        ListOptions options;
        options.resourceVersion = initial->value(u"metadata").toObject().value(u"resourceVersion").toString();
        std::unique_ptr<Watch> watch = m_client->watch(m_configMaps, m_ns, options);
        QList<std::pair<Watch::EventType, QString>> events;
        connect(watch.get(), &Watch::event, this, [&events](Watch::EventType type, const QJsonObject &object) {
            // Only our object: kube-controller-manager publishes kube-root-ca.crt
            // into new namespaces whenever it gets to it.
            if (type != Watch::EventType::Bookmark && nameOf(object) == u"w")
                events.append({type, nameOf(object) + u'=' + object.value(u"data").toObject().value(u"v").toString()});
        });

        QVERIFY(
            await(m_client->create(m_configMaps, m_ns,
                                   configMap(QStringLiteral("w"), {}, {{QStringLiteral("v"), QStringLiteral("1")}})))
                .ok());
        QVERIFY(
            await(m_client->patch(m_configMaps, m_ns, QStringLiteral("w"), PatchType::Merge, R"({"data":{"v":"2"}})"))
                .ok());
        QVERIFY(await(m_client->remove(m_configMaps, m_ns, QStringLiteral("w"))).ok());
        QTRY_COMPARE(events.size(), 3);
        QCOMPARE(events,
                 (QList<std::pair<Watch::EventType, QString>>{{Watch::EventType::Added, QStringLiteral("w=1")},
                                                              {Watch::EventType::Modified, QStringLiteral("w=2")},
                                                              {Watch::EventType::Deleted, QStringLiteral("w=2")}}));
        QVERIFY(!watch->resourceVersion().isEmpty());
    }

    void watchEndsWhenTheServerSaysSo()
    {
        ListOptions options;
        options.timeoutSeconds = 1;
        std::unique_ptr<Watch> watch = m_client->watch(m_configMaps, m_ns, options);
        QSignalSpy closed(watch.get(), &Watch::closed);
        QVERIFY(closed.wait(10000));
    }

    void usableFromAWorkerThread()
    {
        QThread worker;
        worker.start();
        QObject context;
        context.moveToThread(&worker);
        const ClusterConnection connection = m_connection;
        const ApiResource namespaces = m_namespaces;
        std::atomic<int> count = -1;
        QMetaObject::invokeMethod(&context, [connection, namespaces, &count, &context] {
            auto *client = new KubeClient(connection, &context);
            client->list(namespaces, {}).then(&context, [&count](const KubeResult &list) {
                count = list ? int(list->value(u"items").toArray().size()) : 0;
            });
        });
        QTRY_VERIFY_WITH_TIMEOUT(count >= 0, 30000);
        QVERIFY(count > 3);
        QMetaObject::invokeMethod(
            &context,
            [&context, &worker] {
                qDeleteAll(context.children());
                context.moveToThread(worker.thread());
            },
            Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait();
    }

    void foregroundDeleteCollectsTheReplicaSets()
    {
        QVERIFY(await(m_client->create(m_deployments, m_ns, deployment(QStringLiteral("gc")))).ok());
        ListOptions byApp;
        byApp.labelSelector = QStringLiteral("app=gc");
        QTRY_COMPARE_WITH_TIMEOUT(await(m_client->list(m_replicaSets, m_ns, byApp))->value(u"items").toArray().size(),
                                  1, 30000);

        DeleteOptions foreground;
        foreground.propagation = PropagationPolicy::Foreground;
        QVERIFY(await(m_client->remove(m_deployments, m_ns, QStringLiteral("gc"), foreground)).ok());
        // Foreground: the Deployment stays, with a finalizer, until its ReplicaSets are gone.
        QTRY_VERIFY_WITH_TIMEOUT(notFound(await(m_client->get(m_deployments, m_ns, QStringLiteral("gc")))), 60000);
        QCOMPARE(await(m_client->list(m_replicaSets, m_ns, byApp))->value(u"items").toArray().size(), 0);
    }

    void customResourceDefinedAtRunTime()
    {
        const ApiResource crds
            = resource(QStringLiteral("apiextensions.k8s.io/v1"), QStringLiteral("CustomResourceDefinition"));
        const QJsonObject crd = QJsonDocument::fromJson(R"({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "widgets.capstan.dev"},
            "spec": {"group": "capstan.dev", "scope": "Namespaced",
                     "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                     "versions": [{"name": "v1", "served": true, "storage": true,
                                   "schema": {"openAPIV3Schema": {"type": "object",
                                       "x-kubernetes-preserve-unknown-fields": true}}}]}})")
                                    .object();
        QVERIFY(await(m_client->create(crds, {}, crd)).ok());

        const GroupVersionKind widget
            = GroupVersionKind::fromApiVersion(QStringLiteral("capstan.dev/v1"), QStringLiteral("Widget"));
        QVERIFY(!m_client->resourceFor(widget));
        // resolve() discovers again on a miss; the CRD takes a moment to be served.
        Result<ApiResource, KubeError> widgets = Failure(KubeError());
        QTRY_VERIFY_WITH_TIMEOUT((widgets = await(m_client->resolve(widget))).ok(), 30000);
        QCOMPARE(widgets->name, QStringLiteral("widgets"));
        QVERIFY(widgets->namespaced);

        std::unique_ptr<Watch> watch = m_client->watch(*widgets, m_ns);
        QSignalSpy events(watch.get(), &Watch::event);
        const QJsonObject object{
            {QStringLiteral("apiVersion"), QStringLiteral("capstan.dev/v1")},
            {QStringLiteral("kind"), QStringLiteral("Widget")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("sprocket")}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("teeth"), 12}}}};
        QVERIFY(await(m_client->create(*widgets, m_ns, object)).ok());
        QCOMPARE(nameOf(await(m_client->list(*widgets, m_ns))->value(u"items").toArray().at(0)),
                 QStringLiteral("sprocket"));
        QTRY_VERIFY(!events.isEmpty());
        QCOMPARE(events.at(0).at(0).value<Watch::EventType>(), Watch::EventType::Added);

        // Gone again: discovery notices.
        QVERIFY(await(m_client->remove(crds, {}, QStringLiteral("widgets.capstan.dev"))).ok());
        QTRY_VERIFY_WITH_TIMEOUT((await(m_client->discover()).ok() && !m_client->resourceFor(widget)), 30000);
    }

    void wrongCertificateAuthorityIsRejected()
    {
        const Result<CertificateAuthority> other = CertificateAuthority::create(QStringLiteral("someone else"));
        QVERIFY(other.ok());
        ClusterConnection wrong = m_connection;
        wrong.certificateAuthority = other->pem().certificate;
        KubeClient client(wrong);
        const KubeResult answer = await(client.getRaw(QStringLiteral("/version")));
        QVERIFY(!answer.ok());
        QCOMPARE(answer.error().reason, KubeError::Reason::TlsFailure);

        // The system's trust store does not know the local CA either.
        ClusterConnection systemTrust = m_connection;
        systemTrust.certificateAuthority.clear();
        KubeClient trusting(systemTrust);
        QCOMPARE(await(trusting.getRaw(QStringLiteral("/version"))).error().reason, KubeError::Reason::TlsFailure);

        // Only an explicit choice skips verification.
        wrong.insecureSkipTlsVerify = true;
        KubeClient insecure(wrong);
        const KubeResult version = await(insecure.getRaw(QStringLiteral("/version")));
        QVERIFY(version.ok());
        QCOMPARE(version->value(u"gitVersion").toString(), u'v' + ControlPlaneBinaries::builtVersion());
    }

    void credentials()
    {
        ClusterConnection anonymous = m_connection;
        anonymous.bearerToken = "wrong";
        KubeClient wrongToken(anonymous);
        QCOMPARE(await(wrongToken.get(m_configMaps, QStringLiteral("default"), QStringLiteral("x"))).error().reason,
                 KubeError::Reason::Unauthorized);

        QTemporaryDir dir;
        QFile tokenFile(dir.filePath(QStringLiteral("token")));
        QVERIFY(tokenFile.open(QIODevice::WriteOnly));
        tokenFile.write(m_connection.bearerToken + "\n");
        tokenFile.close();
        ClusterConnection fromFile = m_connection;
        fromFile.bearerToken.clear();
        fromFile.tokenFile = tokenFile.fileName();
        KubeClient withFile(fromFile);
        QVERIFY(await(withFile.getRaw(QStringLiteral("/api"))).ok());
    }

    void execPlugin()
    {
        QTemporaryDir dir;
        const QString counter = dir.filePath(QStringLiteral("runs"));
        ClusterConnection viaPlugin = m_connection;
        viaPlugin.bearerToken.clear();
        ExecCredentialPlugin plugin;
        plugin.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        plugin.command = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/exec-plugin/token-plugin.sh");
        plugin.environment = {{QStringLiteral("PLUGIN_TOKEN"), QString::fromUtf8(m_connection.bearerToken)},
                              {QStringLiteral("PLUGIN_COUNTER"), counter},
                              {QStringLiteral("PLUGIN_SECONDS"), QStringLiteral("3600")}};
        viaPlugin.exec = plugin;
        KubeClient client(viaPlugin);
        QVERIFY(await(client.getRaw(QStringLiteral("/api"))).ok());
        QVERIFY(await(client.getRaw(QStringLiteral("/apis"))).ok());
        auto runs = [&counter] {
            QFile file(counter);
            return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
        };
        QCOMPARE(runs(), 1); // cached until it expires

        // An expired credential is fetched again.
        plugin.environment[2].second = QStringLiteral("0");
        viaPlugin.exec = plugin;
        KubeClient expiring(viaPlugin);
        QVERIFY(await(expiring.getRaw(QStringLiteral("/api"))).ok());
        QVERIFY(await(expiring.getRaw(QStringLiteral("/api"))).ok());
        QCOMPARE(runs(), 3);

        // A plugin that fails is reported with its message.
        plugin.command = QStringLiteral("/nonexistent/plugin");
        plugin.installHint = QStringLiteral("install the plugin first");
        viaPlugin.exec = plugin;
        KubeClient broken(viaPlugin);
        const KubeResult failed = await(broken.getRaw(QStringLiteral("/api")));
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message.contains(u"install the plugin first"), qPrintable(failed.error().message));
    }

    void rateLimit()
    {
        KubeClient limited(m_connection);
        limited.setRateLimit(10, 1);
        QElapsedTimer timer;
        timer.start();
        QList<QFuture<KubeResult>> requests;
        for (int i = 0; i < 11; ++i)
            requests << limited.getRaw(QStringLiteral("/version"));
        for (auto &request : requests)
            QVERIFY(await(request).ok());
        // The first goes at once, the other ten one every 100 ms.
        QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
    }

    void unreachableServer()
    {
        ClusterConnection down = m_connection;
        down.server = QUrl(QStringLiteral("https://127.0.0.1:1"));
        KubeClient client(down);
        client.setMaxAttempts(2);
        const KubeResult answer = await(client.getRaw(QStringLiteral("/version")));
        QCOMPARE(answer.error().reason, KubeError::Reason::Unavailable);
        QVERIFY(answer.error().message.startsWith(u"cannot reach https://127.0.0.1:1"));
    }
};

QTEST_GUILESS_MAIN(tst_KubeClient)
#include "tst_kubeclient.moc"
