// SPDX-License-Identifier: Apache-2.0
// The engine end to end: the example apps from Git, synced by the controller
// into the local control plane's real processes, and the cluster changed under
// them with the Kubernetes API.
#include "../../support/controlplane.h"
#include "../../support/gitfixture.h"
#include "engine/applicationservice.h"
#include "engine/controller.h"
#include "source/sourceservice.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;
using namespace Capstan;
using Capstan::Test::GitFixture;
using Model::Application;
using Model::HealthStatusCode;
using Model::OperationPhase;
using Model::SyncStatusCode;

namespace {

const QString argocd = u"argocd"_s;

/// A ConfigMap's manifest; `metadata` is more YAML for its metadata.
QByteArray configMapYaml(const QByteArray &name, const QByteArray &metadata = {})
{
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n" + metadata + "data:\n  key: value\n";
}

/// `--engine DATA KUBECONFIG`: the engine alone in a process of its own, on the
/// store in DATA, until it is killed.
int runEngine(const QString &data, const QString &kubeconfig)
{
    auto config = Kube::Kubeconfig::load({kubeconfig});
    if (!config)
        return 2;
    auto connection = config->connection();
    auto store = Store::Store::open(data + u"/capstan.db"_s);
    if (!connection || !store)
        return 2;
    Source::SourceSettings sourceSettings;
    sourceSettings.cacheFolder = data + u"/cache"_s;
    Source::SourceService sources(sourceSettings);
    Engine::ControllerSettings settings;
    settings.inCluster = *connection;
    settings.operationPoll = std::chrono::milliseconds(250);
    Engine::Controller controller(**store, sources, settings);
    controller.start();
    return QCoreApplication::exec();
}

} // namespace

class ControllerTest : public QObject
{
    Q_OBJECT

private:
    Kube::LocalCluster m_cluster;
    std::unique_ptr<Kube::KubeClient> m_client;
    GitFixture m_git;
    QTemporaryDir m_data;
    std::unique_ptr<Store::Store> m_store;
    std::unique_ptr<Source::SourceService> m_sources;
    std::unique_ptr<Engine::Controller> m_controller;
    std::unique_ptr<Engine::ApplicationService> m_service;
    QString m_firstCommit;

    void startEngine()
    {
        Engine::ControllerSettings settings;
        settings.inCluster = m_cluster.connection();
        settings.operationPoll = std::chrono::milliseconds(250);
        settings.selfHealBackoff = std::chrono::seconds(1);
        m_controller = std::make_unique<Engine::Controller>(*m_store, *m_sources, settings);
        m_service = std::make_unique<Engine::ApplicationService>(*m_store, *m_sources, *m_controller);
        m_controller->start();
    }

    void stopEngine()
    {
        m_service.reset();
        m_controller.reset();
    }

    /// Opens the engine's store; an empty string, or why it could not.
    QString openStore()
    {
        auto store = Store::Store::open(m_data.filePath(u"capstan.db"_s));
        if (!store)
            return store.error().message;
        m_store = std::move(store).value();
        return {};
    }

    Application newApp(const QString &name, const QString &path, const QStringList &syncOptions = {},
                       bool automated = false)
    {
        Application app;
        app.metadata.name = name;
        app.metadata.ns = argocd;
        Model::ApplicationSource source;
        source.repoURL = m_git.fileUrl();
        source.path = path;
        source.targetRevision = u"main"_s;
        app.spec.source = source;
        app.spec.destination.server = Model::Cluster::inClusterServer();
        app.spec.destination.ns = name;
        app.spec.project = u"default"_s;
        Model::SyncPolicy policy;
        policy.syncOptions = QStringList{u"CreateNamespace=true"_s} + syncOptions;
        if (automated)
            policy.automated = Model::SyncPolicyAutomated{true, true, false, std::nullopt};
        app.spec.syncPolicy = policy;
        return app;
    }

    std::optional<Application> app(const QString &name) const { return m_store->application(argocd, name); }

    /// Waits until the stored app satisfies `ready`; describes the app on failure.
    bool waitFor(const QString &name, const std::function<bool(const Application &)> &ready, int timeout = 90000)
    {
        const bool done = QTest::qWaitFor(
            [&] {
                const auto current = app(name);
                return current && ready(*current);
            },
            timeout);
        if (!done) {
            const auto current = app(name);
            qWarning().noquote() << "app" << name << "is"
                                 << (current ? QString::fromUtf8(
                                         QJsonDocument(Model::toJson(current->status)).toJson(QJsonDocument::Indented))
                                             : u"gone"_s);
        }
        return done;
    }

    bool syncedAndHealthy(const QString &name)
    {
        return waitFor(name, [](const Application &a) {
            return a.status.sync.status == SyncStatusCode::Synced && a.status.health.status == HealthStatusCode::Healthy
                && !a.operation;
        });
    }

    /// Syncs and waits for the operation to finish; its final state.
    Model::OperationState syncAndWait(const QString &name, Engine::SyncRequest request = {})
    {
        auto started = m_service->sync(argocd, name, request, u"admin"_s);
        if (!started) {
            qWarning().noquote() << started.error().message;
            return {};
        }
        waitFor(name, [](const Application &a) {
            return !a.operation && a.status.operationState && a.status.operationState->isCompleted();
        });
        const auto current = app(name);
        return current ? current->status.operationState.value_or(Model::OperationState()) : Model::OperationState();
    }

    Kube::KubeResult live(const char *apiVersion, const char *kind, const QString &ns, const QString &name)
    {
        auto resource = Test::await(
            m_client->resolve(Kube::GroupVersionKind::fromApiVersion(QLatin1String(apiVersion), QLatin1String(kind))));
        if (!resource)
            return Failure(resource.error());
        return Test::await(m_client->get(*resource, ns, name));
    }

    /// The order in which the pre-post-sync example applies into namespace `ns`.
    static QStringList prePostSyncOrder(const QString &ns)
    {
        return {u"Namespace/"_s + ns, u"Job/pre-post-sync-before"_s, u"Service/pre-post-sync-kustomize-guestbook-ui"_s,
                u"Deployment/pre-post-sync-kustomize-guestbook-ui"_s, u"Job/pre-post-sync-after"_s};
    }

    static QStringList appliedOrder(const Model::OperationState &state)
    {
        QStringList order;
        for (const Model::ResourceResult &result : state.syncResult->resources)
            order.append(result.kind + u'/' + result.name);
        return order;
    }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        Kube::LocalCluster::Options options;
        options.podStartDelay = std::chrono::milliseconds(300);
        const QString error = Test::startCluster(m_cluster, options);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_client = std::make_unique<Kube::KubeClient>(m_cluster.connection());

        const QString samples = QStringLiteral(CAPSTAN_SOURCE_DIR "/resources/samples");
        QVERIFY2(QFileInfo::exists(samples + u"/guestbook"_s), qPrintable(u"no sample apps in "_s + samples));
        m_git.copyTree(samples);
        if (QTest::currentTestFailed())
            return;
        m_firstCommit = m_git.commit(u"Sample apps"_s);
        QVERIFY(!m_firstCommit.isEmpty());

        const QString storeError = openStore();
        QVERIFY2(storeError.isEmpty(), qPrintable(storeError));
        Source::SourceSettings sourceSettings;
        sourceSettings.cacheFolder = m_data.filePath(u"cache"_s);
        m_sources = std::make_unique<Source::SourceService>(sourceSettings);
        startEngine();
        QVERIFY(m_store->project(u"default"_s));
        QVERIFY(m_store->cluster(Model::Cluster::inClusterServer()));
    }

    void cleanupTestCase() { stopEngine(); }

    /// A test that failed while the engine was stopped leaves it stopped: the
    /// next one starts it again instead of using what is not there.
    void init()
    {
        if (!m_store) {
            const QString storeError = openStore();
            QVERIFY2(storeError.isEmpty(), qPrintable(storeError));
        }
        if (!m_service)
            startEngine();
    }

    void guestbookSyncsToSyncedAndHealthy()
    {
        auto created = m_service->create(newApp(u"guestbook"_s, u"guestbook"_s), false, true);
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        // Before the sync: everything is missing.
        QVERIFY(waitFor(u"guestbook"_s, [](const Application &a) {
            return a.status.sync.status == SyncStatusCode::OutOfSync
                && a.status.health.status == HealthStatusCode::Missing;
        }));
        const Application before = *app(u"guestbook"_s);
        QCOMPARE(before.status.resources.size(), 2);
        QCOMPARE(before.status.resources.at(0).kind, u"Service"_s); // "" group sorts first
        QCOMPARE(before.status.resources.at(1).kind, u"Deployment"_s);
        QCOMPARE(before.status.sync.revision, m_firstCommit);
        QVERIFY(before.status.reconciledAt);
        QCOMPARE(before.status.sourceType, u"Directory"_s);

        const Model::OperationState state = syncAndWait(u"guestbook"_s);
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QCOMPARE(state.syncResult->revision, m_firstCommit);
        QCOMPARE(appliedOrder(state),
                 QStringList({u"Namespace/guestbook"_s, u"Service/guestbook-ui"_s, u"Deployment/guestbook-ui"_s}));
        QCOMPARE(state.syncResult->resources.at(2).message, u"deployment.apps/guestbook-ui created"_s);
        QVERIFY(syncedAndHealthy(u"guestbook"_s));

        const Application after = *app(u"guestbook"_s);
        QCOMPARE(after.status.history.size(), 1);
        QCOMPARE(after.status.history.at(0).id, 0);
        QCOMPARE(after.status.history.at(0).revision, m_firstCommit);
        QCOMPARE(after.status.history.at(0).initiatedBy.username, u"admin"_s);
        QVERIFY(after.status.summary.images.contains(u"gcr.io/google-samples/gb-frontend:v5"_s));
        // The objects carry Argo CD's tracking id and kubectl's last-applied annotation.
        const auto deployment = live("apps/v1", "Deployment", u"guestbook"_s, u"guestbook-ui"_s);
        QVERIFY(deployment.ok());
        const QJsonObject annotations = deployment->value(u"metadata").toObject().value(u"annotations").toObject();
        QCOMPARE(annotations.value(u"argocd.argoproj.io/tracking-id").toString(),
                 u"guestbook:apps/Deployment:guestbook/guestbook-ui"_s);
        QVERIFY(annotations.contains(u"kubectl.kubernetes.io/last-applied-configuration"));

        // Once settled, nothing is written: no refresh or operation spins.
        QTest::qWait(1500);
        const qint64 settled = m_store->resourceVersion();
        QTest::qWait(3000);
        QCOMPARE(m_store->resourceVersion(), settled);
    }

    void driftIsOutOfSyncAndSelfHealed()
    {
        // Someone scales the deployment by hand.
        auto deployments = Test::await(m_client->resolve({u"apps"_s, u"v1"_s, u"Deployment"_s}));
        QVERIFY(deployments.ok());
        auto patched = Test::await(m_client->patch(*deployments, u"guestbook"_s, u"guestbook-ui"_s,
                                                   Kube::PatchType::Merge, R"({"spec":{"replicas":3}})"));
        QVERIFY2(patched.ok(), patched.ok() ? "" : qPrintable(patched.error().message));
        QVERIFY(waitFor(u"guestbook"_s,
                        [](const Application &a) { return a.status.sync.status == SyncStatusCode::OutOfSync; }));
        const Application drifted = *app(u"guestbook"_s);
        for (const Model::ResourceStatus &resource : drifted.status.resources)
            QCOMPARE(resource.status,
                     resource.kind == u"Deployment" ? SyncStatusCode::OutOfSync : SyncStatusCode::Synced);
        // The diff says what changed.
        auto comparison = m_controller->compare(drifted);
        QVERIFY(comparison.ok());
        const auto row = std::find_if(comparison->resources.cbegin(), comparison->resources.cend(),
                                      [](const Engine::ManagedResource &r) { return r.status.kind == u"Deployment"; });
        QCOMPARE(row->diff.normalizedLive.value(u"spec").toObject().value(u"replicas").toInt(), 3);
        QCOMPARE(row->diff.predictedLive.value(u"spec").toObject().value(u"replicas").toInt(), 1);

        // Self-heal puts it back.
        Application automated = drifted;
        automated.metadata.resourceVersion.clear(); // not a guarded update
        automated.spec.syncPolicy->automated = Model::SyncPolicyAutomated{false, true, false, std::nullopt};
        QVERIFY(m_service->update(automated, false).ok());
        QVERIFY(waitFor(u"guestbook"_s, [this](const Application &a) {
            const auto current = live("apps/v1", "Deployment", u"guestbook"_s, u"guestbook-ui"_s);
            return a.status.sync.status == SyncStatusCode::Synced && current.ok()
                && current->value(u"spec").toObject().value(u"replicas").toInt() == 1;
        }));
        const Application healed = *app(u"guestbook"_s);
        QVERIFY(healed.status.operationState);
        QVERIFY(healed.status.operationState->operation.initiatedBy.automated);
        QCOMPARE(healed.status.operationState->operation.sync->autoHealAttemptsCount, 1);
        // A self-heal is a partial sync: no history entry.
        QCOMPARE(healed.status.history.size(), 1);
        // Rollback is refused while automated sync is on.
        auto refused = m_service->rollback(argocd, u"guestbook"_s, 0, false, false, u"admin"_s);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, GrpcCode::FailedPrecondition);
        QCOMPARE(refused.error().message, u"rollback cannot be initiated when auto-sync is enabled"_s);
        automated.spec.syncPolicy->automated.reset();
        QVERIFY(m_service->update(automated, false).ok());
    }

    void removedFromGitIsPruned()
    {
        QVERIFY(QFile::remove(m_git.path() + u"/guestbook/guestbook-ui-svc.yaml"_s));
        const QString second = m_git.commit(u"No service"_s);
        QVERIFY(m_service->refresh(argocd, u"guestbook"_s, false).ok());
        QVERIFY(waitFor(u"guestbook"_s, [&second](const Application &a) {
            return a.status.sync.revision == second && a.status.sync.status == SyncStatusCode::OutOfSync;
        }));
        const Application stale = *app(u"guestbook"_s);
        const auto service = std::find_if(stale.status.resources.cbegin(), stale.status.resources.cend(),
                                          [](const Model::ResourceStatus &r) { return r.kind == u"Service"; });
        QVERIFY(service != stale.status.resources.cend());
        QVERIFY(service->requiresPruning);

        // Without prune the sync leaves it.
        Model::OperationState state = syncAndWait(u"guestbook"_s);
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QVERIFY(live("v1", "Service", u"guestbook"_s, u"guestbook-ui"_s).ok());
        Engine::SyncRequest prune;
        prune.prune = true;
        state = syncAndWait(u"guestbook"_s, prune);
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QVERIFY(QTest::qWaitFor(
            [this] { return Test::notFound(live("v1", "Service", u"guestbook"_s, u"guestbook-ui"_s)); }, 30000));
        QVERIFY(syncedAndHealthy(u"guestbook"_s));
        QCOMPARE(app(u"guestbook"_s)->status.history.size(), 3);
    }

    void rollbackRestoresEarlierManifests()
    {
        // History: 0 = first commit (with the service), 1 and 2 = without it.
        auto rolled = m_service->rollback(argocd, u"guestbook"_s, 0, false, false, u"admin"_s);
        QVERIFY2(rolled.ok(), rolled.ok() ? "" : qPrintable(rolled.error().message));
        QVERIFY(waitFor(u"guestbook"_s, [](const Application &a) {
            return !a.operation && a.status.operationState && a.status.operationState->isCompleted();
        }));
        const Application after = *app(u"guestbook"_s);
        QCOMPARE(after.status.operationState->phase, OperationPhase::Succeeded);
        QCOMPARE(after.status.operationState->syncResult->revision, m_firstCommit);
        QVERIFY(
            QTest::qWaitFor([this] { return live("v1", "Service", u"guestbook"_s, u"guestbook-ui"_s).ok(); }, 30000));
        QCOMPARE(after.status.history.last().revision, m_firstCommit);
        QCOMPARE(after.status.history.last().id, 3);
        // Against the spec (the newest commit) it is out of sync again.
        QVERIFY(waitFor(u"guestbook"_s,
                        [](const Application &a) { return a.status.sync.status == SyncStatusCode::OutOfSync; }));
        auto missing = m_service->rollback(argocd, u"guestbook"_s, 42, false, false, u"admin"_s);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message, u"application guestbook does not have deployment with id 42"_s);
    }

    void syncWavesRunInOrder()
    {
        QVERIFY(m_service->create(newApp(u"sync-waves"_s, u"sync-waves"_s), false, false).ok());
        const Model::OperationState state = syncAndWait(u"sync-waves"_s);
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QStringList order = appliedOrder(state);
        QVERIFY(order.value(1).startsWith(u"Job/upgrade-sql-schema"_s + state.syncResult->revision.left(7)
                                          + u"-presync-"_s));
        order[1] = u"Job/upgrade-sql-schema…"_s;
        QCOMPARE(order,
                 QStringList({u"Namespace/sync-waves"_s, u"Job/upgrade-sql-schema…"_s, u"Service/backend"_s,
                              u"ReplicaSet/backend"_s, u"Job/maint-page-up"_s, u"Service/frontend"_s,
                              u"ReplicaSet/frontend"_s, u"Job/maint-page-down"_s}));
        for (const Model::ResourceResult &result : state.syncResult->resources) {
            if (result.hookType != Model::HookType::None)
                QCOMPARE(result.hookPhase, OperationPhase::Succeeded);
        }
        QCOMPARE(state.message, u"successfully synced (no more tasks)"_s);
        QVERIFY(syncedAndHealthy(u"sync-waves"_s));
        // Hooks are listed as hooks and do not make the app out of sync.
        const Application after = *app(u"sync-waves"_s);
        QVERIFY(std::any_of(after.status.resources.cbegin(), after.status.resources.cend(),
                            [](const Model::ResourceStatus &r) { return r.hook && r.name == u"maint-page-up"; }));
    }

    void helmHooksRunAsArgoCdMapsThem()
    {
        QVERIFY(m_service->create(newApp(u"helm-hooks"_s, u"helm-hooks"_s), false, false).ok());
        const Model::OperationState state = syncAndWait(u"helm-hooks"_s);
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QStringList order = appliedOrder(state);
        QVERIFY(order.value(1).startsWith(u"Job/upgrade-sql-schema"_s));
        order[1] = u"Job/upgrade-sql-schema…"_s;
        QCOMPARE(order,
                 QStringList({u"Namespace/helm-hooks"_s, u"Job/upgrade-sql-schema…"_s, u"Job/maint-page-up"_s,
                              u"ReplicaSet/frontend"_s, u"Service/frontend"_s, u"Job/maint-page-down"_s}));
        QCOMPARE(state.syncResult->resources.at(1).hookType, Model::HookType::PreSync);
        QCOMPARE(state.syncResult->resources.at(5).hookType, Model::HookType::PostSync);
    }

    void preAndPostSyncHooksAreDeletedOnSuccess()
    {
        QVERIFY(m_service->create(newApp(u"pre-post-sync"_s, u"pre-post-sync"_s), false, false).ok());
        const Model::OperationState state = syncAndWait(u"pre-post-sync"_s);
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QCOMPARE(appliedOrder(state), prePostSyncOrder(u"pre-post-sync"_s));
        // HookSucceeded: both jobs are gone once the sync succeeded.
        QVERIFY(QTest::qWaitFor(
            [this] {
                return Test::notFound(live("batch/v1", "Job", u"pre-post-sync"_s, u"pre-post-sync-before"_s))
                    && Test::notFound(live("batch/v1", "Job", u"pre-post-sync"_s, u"pre-post-sync-after"_s));
            },
            30000));
        QVERIFY(syncedAndHealthy(u"pre-post-sync"_s));
    }

    void kustomizeAndSockShopSync()
    {
        for (const QString &name : {u"kustomize-guestbook"_s, u"sock-shop"_s}) {
            Application definition = newApp(name, name, {}, true);
            if (name == u"kustomize-guestbook") {
                // The destination by the cluster's name.
                definition.spec.destination.server.clear();
                definition.spec.destination.name = u"in-cluster"_s;
            }
            QVERIFY(m_service->create(definition, false, false).ok());
        }
        // Automated: no one asks for a sync.
        QVERIFY(syncedAndHealthy(u"kustomize-guestbook"_s));
        QVERIFY(syncedAndHealthy(u"sock-shop"_s));
        QCOMPARE(app(u"kustomize-guestbook"_s)->status.sourceType, u"Kustomize"_s);
        QVERIFY(app(u"sock-shop"_s)->status.resources.size() > 20);
        QVERIFY(app(u"sock-shop"_s)->status.operationState->operation.initiatedBy.automated);
        // The Ingress is Healthy once the local cluster's load balancer answered; its URL is in the summary.
        QVERIFY(waitFor(u"sock-shop"_s, [](const Application &a) {
            return a.status.summary.externalURLs.contains(u"http://sockshop.apps.argoproj.io/"_s);
        }));
    }

    void cascadingDeleteRemovesResources()
    {
        QVERIFY(m_service->remove(argocd, u"kustomize-guestbook"_s, std::nullopt, {}).ok());
        QVERIFY(QTest::qWaitFor([this] { return !app(u"kustomize-guestbook"_s); }, 60000));
        QVERIFY(QTest::qWaitFor(
            [this] {
                return Test::notFound(
                    live("apps/v1", "Deployment", u"kustomize-guestbook"_s, u"kustomize-guestbook-ui"_s));
            },
            30000));
        // Non-cascading: the resources stay.
        QVERIFY(m_service->remove(argocd, u"helm-hooks"_s, false, {}).ok());
        QVERIFY(!app(u"helm-hooks"_s));
        QVERIFY(live("apps/v1", "ReplicaSet", u"helm-hooks"_s, u"frontend"_s).ok());
        auto invalid = m_service->remove(argocd, u"sync-waves"_s, false, u"foreground"_s);
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().message, u"cannot set propagation policy when cascading is disabled"_s);
    }

    void killedInTheMiddleOfASync()
    {
        // The engine runs in a process of its own and is killed with SIGKILL while
        // a PreSync hook runs; the engine started again finishes the operation.
        QVERIFY(m_service->create(newApp(u"killed"_s, u"pre-post-sync"_s), false, false).ok());
        QVERIFY(m_service->sync(argocd, u"killed"_s, {}, u"admin"_s).ok());
        stopEngine();
        m_store.reset();

        QProcess engine;
        engine.setProgram(QCoreApplication::applicationFilePath());
        engine.setArguments({u"--engine"_s, m_data.path(), m_cluster.kubeconfigPath()});
        engine.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        engine.start();
        QVERIFY(engine.waitForStarted());
        // Killed as soon as the PreSync hook exists in the cluster.
        QVERIFY(QTest::qWaitFor([this] { return live("batch/v1", "Job", u"killed"_s, u"pre-post-sync-before"_s).ok(); },
                                60000));
        ::kill(pid_t(engine.processId()), SIGKILL);
        QVERIFY(engine.waitForFinished(10000));
        QCOMPARE(engine.exitStatus(), QProcess::CrashExit);

        const QString storeError = openStore();
        QVERIFY2(storeError.isEmpty(), qPrintable(storeError));
        const auto halfway = app(u"killed"_s);
        QVERIFY(halfway);
        QVERIFY(halfway->operation);
        QVERIFY(halfway->status.operationState);
        QCOMPARE(halfway->status.operationState->phase, OperationPhase::Running);
        startEngine();
        QVERIFY(waitFor(u"killed"_s, [](const Application &a) {
            return !a.operation && a.status.operationState && a.status.operationState->isCompleted();
        }));
        const Model::OperationState state = *app(u"killed"_s)->status.operationState;
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        QCOMPARE(appliedOrder(state), prePostSyncOrder(u"killed"_s));
        QVERIFY(syncedAndHealthy(u"killed"_s));
    }

    void restartInTheMiddleOfASync()
    {
        // Stop the engine while a PreSync hook runs; a new one finishes the sync.
        QVERIFY(m_service->create(newApp(u"restart"_s, u"pre-post-sync"_s), false, false).ok());
        QVERIFY(m_service->sync(argocd, u"restart"_s, {}, u"admin"_s).ok());
        QVERIFY(waitFor(u"restart"_s, [](const Application &a) {
            return a.status.operationState && a.status.operationState->syncResult
                && std::any_of(a.status.operationState->syncResult->resources.cbegin(),
                               a.status.operationState->syncResult->resources.cend(),
                               [](const Model::ResourceResult &r) { return r.hookType == Model::HookType::PreSync; });
        }));
        stopEngine();
        const auto halfway = app(u"restart"_s);
        QVERIFY(halfway && halfway->status.operationState);
        QCOMPARE(halfway->status.operationState->phase, OperationPhase::Running);
        QVERIFY(halfway->operation);
        startEngine();
        QVERIFY(waitFor(u"restart"_s, [](const Application &a) {
            return !a.operation && a.status.operationState && a.status.operationState->isCompleted();
        }));
        const Model::OperationState state = *app(u"restart"_s)->status.operationState;
        QCOMPARE(state.phase, OperationPhase::Succeeded);
        // Every object was applied once, in order.
        QCOMPARE(appliedOrder(state), prePostSyncOrder(u"restart"_s));
    }

    void failedSyncIsRetriedWithBackoff()
    {
        // The API server refuses the object's name (a client-side dry run, as
        // kubectl's, lets it pass), so every attempt fails.
        m_git.write(u"refused/configmap.yaml"_s, configMapYaml("Not_A_Valid_Name"));
        QVERIFY(!m_git.commit(u"A refused object"_s).isEmpty());
        QVERIFY(m_service->create(newApp(u"refused"_s, u"refused"_s), false, false).ok());
        Engine::SyncRequest request;
        Model::RetryStrategy retry;
        retry.limit = 2;
        retry.backoff = Model::Backoff{u"1s"_s, 2, u"1m"_s};
        request.retry = retry;
        QVERIFY(m_service->sync(argocd, u"refused"_s, request, u"admin"_s).ok());
        // While it waits for the next attempt it says when that is.
        QVERIFY(waitFor(u"refused"_s, [](const Application &a) {
            return a.status.operationState
                && a.status.operationState->message.startsWith(u"one or more objects failed to apply, reason: "_s)
                && a.status.operationState->message.contains(u". Retrying attempt #1 at "_s);
        }));
        QVERIFY(waitFor(u"refused"_s, [](const Application &a) {
            return !a.operation && a.status.operationState && a.status.operationState->isCompleted();
        }));
        const Model::OperationState state = *app(u"refused"_s)->status.operationState;
        QCOMPARE(state.phase, OperationPhase::Failed);
        QCOMPARE(state.retryCount, 2);
        QVERIFY(state.message.startsWith(
            u"one or more objects failed to apply, reason: ConfigMap \"Not_A_Valid_Name\" is invalid"_s));
        QVERIFY2(state.message.endsWith(u"') (retried 2 times)."_s), qPrintable(state.message));
        // The backoff: 1 s, then 2 s.
        QVERIFY(state.startedAt.secsTo(*state.finishedAt) >= 3);
        const auto failed = std::find_if(state.syncResult->resources.cbegin(), state.syncResult->resources.cend(),
                                         [](const Model::ResourceResult &r) { return r.kind == u"ConfigMap"; });
        QVERIFY(failed != state.syncResult->resources.cend());
        QCOMPARE(failed->status, Model::ResultCode::SyncFailed);
        QVERIFY2(failed->message.contains(u"Not_A_Valid_Name"_s), qPrintable(failed->message));
        // A failed operation is not history.
        QVERIFY(app(u"refused"_s)->status.history.isEmpty());
    }

    void customResourceSyncsWithItsDefinition()
    {
        // The custom resource cannot be dry-run before its definition exists; the
        // sync creates the definition first and waits until it is established.
        m_git.write(u"widgets/crd.yaml"_s, R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.capstan.test
spec:
  group: capstan.test
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
)");
        m_git.write(u"widgets/widget.yaml"_s, R"(apiVersion: capstan.test/v1
kind: Widget
metadata:
  name: first
spec:
  size: 3
)");
        QVERIFY(!m_git.commit(u"A custom resource and its definition"_s).isEmpty());
        QVERIFY(m_service->create(newApp(u"widgets"_s, u"widgets"_s), false, false).ok());
        const Model::OperationState state = syncAndWait(u"widgets"_s);
        QVERIFY2(state.phase == OperationPhase::Succeeded, qPrintable(state.message));
        QCOMPARE(appliedOrder(state),
                 QStringList(
                     {u"Namespace/widgets"_s, u"CustomResourceDefinition/widgets.capstan.test"_s, u"Widget/first"_s}));
        const auto widget = live("capstan.test/v1", "Widget", u"widgets"_s, u"first"_s);
        QVERIFY2(widget.ok(), widget.ok() ? "" : qPrintable(widget.error().message));
        QCOMPARE(widget->value(u"spec").toObject().value(u"size").toInt(), 3);
        QVERIFY(waitFor(u"widgets"_s, [](const Application &a) {
            return a.status.sync.status == SyncStatusCode::Synced && a.status.resources.size() == 2;
        }));
    }

    void deletionWaitsForConfirmation()
    {
        m_git.write(u"confirm/kept.yaml"_s,
                    configMapYaml("precious", "  annotations:\n    argocd.argoproj.io/sync-options: Delete=confirm\n"));
        m_git.write(u"confirm/plain.yaml"_s, configMapYaml("plain"));
        QVERIFY(!m_git.commit(u"A resource whose deletion needs confirmation"_s).isEmpty());
        QVERIFY(m_service->create(newApp(u"confirm"_s, u"confirm"_s), false, false).ok());
        QCOMPARE(syncAndWait(u"confirm"_s).phase, OperationPhase::Succeeded);
        QVERIFY(waitFor(u"confirm"_s, [](const Application &a) {
            return a.status.sync.status == SyncStatusCode::Synced
                && std::any_of(a.status.resources.cbegin(), a.status.resources.cend(),
                               [](const Model::ResourceStatus &r) {
                                   return r.name == u"precious" && r.requiresDeletionConfirmation;
                               });
        }));

        QVERIFY(m_service->remove(argocd, u"confirm"_s, std::nullopt, {}).ok());
        const auto confirm = [this](const QDateTime &at) {
            Application approved = *app(u"confirm"_s);
            approved.metadata.resourceVersion.clear();
            approved.metadata.annotations.insert(u"argocd.argoproj.io/deletion-approved"_s, at.toString(Qt::ISODate));
            return m_service->update(approved, false).ok();
        };
        // An approval older than the deletion does not count.
        QVERIFY(confirm(QDateTime::currentDateTimeUtc().addSecs(-3600)));
        QTest::qWait(3000);
        QVERIFY(app(u"confirm"_s));
        QVERIFY(app(u"confirm"_s)->metadata.deletionTimestamp);
        QVERIFY(live("v1", "ConfigMap", u"confirm"_s, u"precious"_s).ok());
        QVERIFY(live("v1", "ConfigMap", u"confirm"_s, u"plain"_s).ok());

        QVERIFY(confirm(QDateTime::currentDateTimeUtc()));
        QVERIFY(QTest::qWaitFor([this] { return !app(u"confirm"_s); }, 60000));
        QVERIFY(Test::notFound(live("v1", "ConfigMap", u"confirm"_s, u"precious"_s)));
        QVERIFY(Test::notFound(live("v1", "ConfigMap", u"confirm"_s, u"plain"_s)));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--engine") == 0)
        return runEngine(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    ControllerTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_controller.moc"
