// SPDX-License-Identifier: Apache-2.0
// The sync state machine against an in-memory cluster: ordering by phase, wave
// and kind, hooks and their delete policies, prune, dry run, failures with
// SyncFail hooks, termination, and resuming from persisted state alone.
#include "../../support/fakecluster.h"
#include "sync/synccontext.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;
using Capstan::Testing::FakeCluster;
using Model::OperationPhase;
using Model::ResultCode;
using Model::SyncPhase;

namespace {

const QString ns = u"demo"_s;

QJsonObject object(const QString &apiVersion, const QString &kind, const QString &name,
                   const QJsonObject &annotations = {}, const QString &space = ns)
{
    QJsonObject metadata{{u"name"_s, name}};
    if (!space.isEmpty())
        metadata.insert(u"namespace"_s, space);
    if (!annotations.isEmpty())
        metadata.insert(u"annotations"_s, annotations);
    return QJsonObject{{u"apiVersion"_s, apiVersion}, {u"kind"_s, kind}, {u"metadata"_s, metadata}};
}

QJsonObject configMap(const QString &name, const QJsonObject &annotations = {})
{
    return object(u"v1"_s, u"ConfigMap"_s, name, annotations);
}

QJsonObject deployment(const QString &name, const QJsonObject &annotations = {})
{
    QJsonObject d = object(u"apps/v1"_s, u"Deployment"_s, name, annotations);
    d.insert(u"spec"_s,
             QJsonObject{{u"replicas"_s, 1},
                         {u"template"_s,
                          QJsonObject{{u"spec"_s,
                                       QJsonObject{{u"containers"_s,
                                                    QJsonArray{QJsonObject{{u"name"_s, u"main"_s},
                                                                           {u"image"_s, u"nginx:1.25"_s}}}}}}}}});
    return d;
}

QJsonObject job(const QString &name, const QJsonObject &annotations, bool generateName = false)
{
    QJsonObject j = object(u"batch/v1"_s, u"Job"_s, generateName ? QString() : name, annotations);
    if (generateName) {
        QJsonObject metadata = j.value(u"metadata").toObject();
        metadata.remove(u"name");
        metadata.insert(u"generateName"_s, name);
        j.insert(u"metadata"_s, metadata);
    }
    return j;
}

const QJsonObject availableDeployment{
    {u"replicas"_s, 1}, {u"updatedReplicas"_s, 1}, {u"readyReplicas"_s, 1}, {u"availableReplicas"_s, 1}};
const QJsonObject completeJob{
    {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Complete"_s}, {u"status"_s, u"True"_s}}}}};
const QJsonObject failedJob{
    {u"conditions"_s,
     QJsonArray{
         QJsonObject{{u"type"_s, u"Failed"_s}, {u"status"_s, u"True"_s}, {u"message"_s, u"BackoffLimitExceeded"_s}}}}};

/// Drives a sync as the engine does: every step gets a fresh context built from
/// the desired objects, what the cluster holds and the persisted state only.
struct Driver
{
    FakeCluster &cluster;
    Sync::SyncSettings settings;
    QList<QJsonObject> targets;
    QList<QJsonObject> hooks;
    Sync::SyncState state;
    int steps = 0;

    QList<Sync::SyncResource> resources() const
    {
        QList<Sync::SyncResource> resources;
        QSet<QString> matched;
        for (const QJsonObject &target : targets) {
            const QString key = FakeCluster::keyOf(target);
            const QJsonObject metadata = target.value(u"metadata").toObject();
            const auto gvk = Kube::GroupVersionKind::of(target);
            std::optional<QJsonObject> live = cluster.find(gvk.group, gvk.kind, metadata.value(u"namespace").toString(),
                                                           metadata.value(u"name").toString());
            if (live)
                matched.insert(FakeCluster::keyOf(*live));
            resources.append({target, live.value_or(QJsonObject()), std::nullopt});
        }
        for (const QJsonObject &live : cluster.objects()) {
            if (!matched.contains(FakeCluster::keyOf(live)))
                resources.append({{}, live, std::nullopt});
        }
        return resources;
    }

    void step()
    {
        Sync::SyncContext context(cluster, settings, resources(), hooks, state);
        context.sync();
        state = context.state();
        ++steps;
    }

    void terminate()
    {
        Sync::SyncContext context(cluster, settings, resources(), hooks, state);
        context.terminate();
        state = context.state();
    }

    bool completed() const
    {
        return state.phase == OperationPhase::Succeeded || state.phase == OperationPhase::Failed
            || state.phase == OperationPhase::Error;
    }

    /// Steps until done; `between` plays the cluster's controllers.
    void run(const std::function<void()> &between = {}, int maxSteps = 20)
    {
        while (!completed() && steps < maxSteps) {
            step();
            if (between)
                between();
        }
    }

    const Model::ResourceResult *result(const QString &kind, const QString &name) const
    {
        for (const Model::ResourceResult &result : state.results) {
            if (result.kind == kind && result.name == name)
                return &result;
        }
        return nullptr;
    }
};

Sync::SyncSettings settings()
{
    Sync::SyncSettings settings;
    settings.ns = ns;
    settings.revision = u"abc1234def5678"_s;
    settings.startedAt = QDateTime::fromSecsSinceEpoch(1709500000, Qt::UTC);
    return settings;
}

/// Plays the controllers: deployments become available, jobs complete.
void settle(FakeCluster &cluster)
{
    for (const QJsonObject &live : cluster.objects()) {
        const QString kind = live.value(u"kind").toString();
        const QJsonObject metadata = live.value(u"metadata").toObject();
        if (live.contains(u"status") || metadata.contains(u"deletionTimestamp"))
            continue;
        if (kind == u"Deployment")
            cluster.setStatus(u"apps"_s, kind, metadata.value(u"namespace").toString(),
                              metadata.value(u"name").toString(), availableDeployment);
        else if (kind == u"Job")
            cluster.setStatus(u"batch"_s, kind, metadata.value(u"namespace").toString(),
                              metadata.value(u"name").toString(), completeJob);
    }
}

QJsonObject wave(int wave)
{
    return {{u"argocd.argoproj.io/sync-wave"_s, QString::number(wave)}};
}

} // namespace

class SyncContextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleWaveAppliesByKindAndSucceedsAtOnce()
    {
        FakeCluster cluster;
        Driver driver{cluster, settings(), {deployment(u"web"_s), configMap(u"b"_s), configMap(u"a"_s)}, {}, {}};
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(driver.state.message, u"successfully synced (all tasks run)"_s);
        QCOMPARE(cluster.log, QStringList({u"apply ConfigMap/a"_s, u"apply ConfigMap/b"_s, u"apply Deployment/web"_s}));
        const auto *web = driver.result(u"Deployment"_s, u"web"_s);
        QVERIFY(web);
        QCOMPARE(web->status, ResultCode::Synced);
        QCOMPARE(web->message, u"deployment.apps/web created"_s);
        // A single step does not wait for health: the result stays Running.
        QCOMPARE(web->hookPhase, OperationPhase::Running);
        QCOMPARE(web->syncPhase, SyncPhase::Sync);
        QCOMPARE(web->images, QStringList{u"nginx:1.25"_s});
        QCOMPARE(web->ns, ns);
    }

    void existingObjectsAreConfigured()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"a"_s));
        Driver driver{cluster, settings(), {configMap(u"a"_s)}, {}, {}};
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log, QStringList{u"apply ConfigMap/a"_s});
        QCOMPARE(driver.result(u"ConfigMap"_s, u"a"_s)->message, u"configmap/a configured"_s);
    }

    void wavesWaitForHealth()
    {
        FakeCluster cluster;
        Driver driver{cluster, settings(), {configMap(u"late"_s, wave(2)), deployment(u"web"_s, wave(1))}, {}, {}};
        driver.step();
        QCOMPARE(cluster.log, QStringList{u"apply Deployment/web"_s});
        QCOMPARE(driver.state.phase, OperationPhase::Running);
        QCOMPARE(driver.state.message, u"waiting for healthy state of apps/Deployment/web"_s);
        driver.step();
        driver.step();
        QCOMPARE(cluster.log.size(), 1); // still not healthy: wave 2 waits
        QCOMPARE(driver.state.message, u"waiting for healthy state of apps/Deployment/web"_s);
        settle(cluster);
        driver.run();
        QCOMPARE(cluster.log, QStringList({u"apply Deployment/web"_s, u"apply ConfigMap/late"_s}));
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(driver.result(u"Deployment"_s, u"web"_s)->hookPhase, OperationPhase::Succeeded);
    }

    void namespacesAndDefinitionsGoFirst()
    {
        FakeCluster cluster;
        QJsonObject crd
            = object(u"apiextensions.k8s.io/v1"_s, u"CustomResourceDefinition"_s, u"widgets.example.com"_s, {}, {});
        crd.insert(u"spec"_s,
                   QJsonObject{{u"group"_s, u"example.com"_s},
                               {u"scope"_s, u"Namespaced"_s},
                               {u"names"_s, QJsonObject{{u"kind"_s, u"Widget"_s}}}});
        // The CRD is in a later wave than its first object: it moves before it.
        crd.insert(u"metadata"_s, QJsonObject{{u"name"_s, u"widgets.example.com"_s}, {u"annotations"_s, wave(5)}});
        QJsonObject widget = object(u"example.com/v1"_s, u"Widget"_s, u"w"_s, {}, u"extra"_s);
        const QJsonObject extra = object(u"v1"_s, u"Namespace"_s, u"extra"_s, wave(3), {});
        Driver driver{cluster, settings(), {widget, crd, extra, configMap(u"c"_s)}, {}, {}};
        driver.run(std::bind(settle, std::ref(cluster)));
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log,
                 QStringList({u"apply ConfigMap/c"_s, u"apply Namespace/extra"_s,
                              u"apply CustomResourceDefinition/widgets.example.com"_s, u"apply Widget/w"_s}));
    }

    void hooksRunInPhases()
    {
        FakeCluster cluster;
        const QJsonObject pre = job(u"schema-migrate-"_s,
                                    {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s},
                                     {u"argocd.argoproj.io/hook-delete-policy"_s, u"HookSucceeded"_s}},
                                    true);
        const QJsonObject post = job(u"smoke"_s, {{u"argocd.argoproj.io/hook"_s, u"PostSync"_s}});
        Driver driver{cluster, settings(), {deployment(u"web"_s)}, {post, pre}, {}};
        driver.step();
        const QString generated = u"schema-migrate-abc1234-presync-1709500000"_s;
        QCOMPARE(cluster.log, QStringList{u"apply Job/" + generated});
        QCOMPARE(driver.state.message, u"waiting for completion of hook batch/Job/" + generated);
        const auto live = cluster.find(u"batch"_s, u"Job"_s, ns, generated);
        QVERIFY(live);
        QVERIFY(live->value(u"metadata")
                    .toObject()
                    .value(u"finalizers")
                    .toArray()
                    .contains(u"argocd.argoproj.io/hook-finalizer"_s));
        const auto *hook = driver.result(u"Job"_s, generated);
        QCOMPARE(hook->hookType, Model::HookType::PreSync);
        QCOMPARE(hook->syncPhase, SyncPhase::PreSync);

        driver.run(std::bind(settle, std::ref(cluster)));
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(driver.state.message, u"successfully synced (no more tasks)"_s);
        QStringList applies = cluster.log.filter(u"apply "_s);
        QCOMPARE(applies, QStringList({u"apply Job/" + generated, u"apply Deployment/web"_s, u"apply Job/smoke"_s}));
        // The finalizer was removed once complete; HookSucceeded deleted it at the end.
        QVERIFY(cluster.log.contains(u"update Job/" + generated));
        QVERIFY(!cluster.find(u"batch"_s, u"Job"_s, ns, generated));
        QVERIFY(cluster.log.indexOf(u"delete Job/" + generated) > cluster.log.indexOf(u"apply Job/smoke"_s));
        // The PostSync hook (default BeforeHookCreation) stays.
        QVERIFY(cluster.find(u"batch"_s, u"Job"_s, ns, u"smoke"_s));
        QCOMPARE(driver.result(u"Job"_s, u"smoke"_s)->hookPhase, OperationPhase::Succeeded);
    }

    void beforeHookCreationDeletesTheOldHook()
    {
        FakeCluster cluster;
        QJsonObject old = job(u"migrate"_s, {{u"argocd.argoproj.io/hook"_s, u"Sync"_s}});
        QJsonObject metadata = old.value(u"metadata").toObject();
        metadata.insert(u"uid"_s, u"old"_s);
        old.insert(u"metadata"_s, metadata);
        old.insert(u"status"_s, completeJob);
        cluster.put(old);
        Driver driver{cluster, settings(), {}, {job(u"migrate"_s, {{u"argocd.argoproj.io/hook"_s, u"Sync"_s}})}, {}};
        driver.step();
        QCOMPARE(cluster.log, QStringList{u"delete Job/migrate"_s});
        QCOMPARE(driver.state.message, u"waiting for deletion of hook batch/Job/migrate"_s);
        driver.run(std::bind(settle, std::ref(cluster)));
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        const auto fresh = cluster.find(u"batch"_s, u"Job"_s, ns, u"migrate"_s);
        QVERIFY(fresh);
        QVERIFY(!fresh->value(u"metadata").toObject().contains(u"uid")); // a new object
    }

    void helmHooksMapToPhasesAndWeights()
    {
        const QJsonObject preInstall
            = job(u"up"_s, {{u"helm.sh/hook"_s, u"pre-install,pre-upgrade"_s}, {u"helm.sh/hook-weight"_s, u"-2"_s}});
        QCOMPARE(Sync::syncPhases(preInstall), QList<SyncPhase>{SyncPhase::PreSync});
        QCOMPARE(Sync::syncWave(preInstall), -2);
        QCOMPARE(Sync::deletePolicies(preInstall), QList<Sync::DeletePolicy>{Sync::DeletePolicy::BeforeHookCreation});
        const QJsonObject post = job(u"down"_s,
                                     {{u"helm.sh/hook"_s, u"post-upgrade"_s},
                                      {u"helm.sh/hook-delete-policy"_s, u"hook-succeeded,hook-failed"_s}});
        QCOMPARE(Sync::syncPhases(post), QList<SyncPhase>{SyncPhase::PostSync});
        QCOMPARE(Sync::deletePolicies(post),
                 QList<Sync::DeletePolicy>({Sync::DeletePolicy::HookSucceeded, Sync::DeletePolicy::HookFailed}));
        // crd-install is no hook; test hooks are hooks the sync leaves out.
        QVERIFY(!Sync::isHook(configMap(u"c"_s, {{u"helm.sh/hook"_s, u"crd-install"_s}})));
        const QJsonObject test = job(u"t"_s, {{u"helm.sh/hook"_s, u"test"_s}});
        QVERIFY(Sync::isHook(test));
        QVERIFY(Sync::isIgnoredHook(test));
        // An Argo CD hook annotation wins over Helm's types.
        QCOMPARE(Sync::syncPhases(job(
                     u"x"_s, {{u"argocd.argoproj.io/hook"_s, u"PostSync"_s}, {u"helm.sh/hook"_s, u"pre-install"_s}})),
                 QList<SyncPhase>{SyncPhase::PostSync});
        // Skip alone: neither hook nor resource.
        const QJsonObject skipped = configMap(u"s"_s, {{u"argocd.argoproj.io/hook"_s, u"Skip"_s}});
        QVERIFY(Sync::isSkipped(skipped));
        QVERIFY(Sync::syncPhases(skipped).isEmpty());

        FakeCluster cluster;
        Driver driver{cluster, settings(), {configMap(u"app"_s), skipped}, {test, preInstall}, {}};
        driver.run(std::bind(settle, std::ref(cluster)));
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log.filter(u"apply"_s), QStringList({u"apply Job/up"_s, u"apply ConfigMap/app"_s}));
    }

    void pruneWavesAreReversed()
    {
        // gitops-engine's example: prune waves {1, 3, 4, 5} swap end for end.
        QList<Sync::SyncTask> tasks;
        for (int w : {1, 3, 4, 5}) {
            Sync::SyncTask task;
            task.live = configMap(u"p%1"_s.arg(w), wave(w));
            tasks.append(task);
        }
        Sync::SyncTask create;
        create.target = configMap(u"c"_s, wave(7));
        tasks.append(create);
        Sync::orderPrunes(tasks, false);
        QCOMPARE(tasks.at(0).wave(), 5);
        QCOMPARE(tasks.at(1).wave(), 4);
        QCOMPARE(tasks.at(2).wave(), 3);
        QCOMPARE(tasks.at(3).wave(), 1);
        QCOMPARE(tasks.at(4).wave(), 7);
        // PruneLast: after the last Sync wave.
        Sync::orderPrunes(tasks, true);
        QCOMPARE(tasks.at(0).wave(), 8);
        QCOMPARE(tasks.at(4).wave(), 7);
    }

    void pruneRunsInReverseWavesAndLast()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"old-1"_s, wave(1)));
        cluster.put(configMap(u"old-3"_s, wave(3)));
        Driver driver{cluster, settings(), {}, {}, {}};
        driver.settings.prune = true;
        driver.run(std::bind(settle, std::ref(cluster)));
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log, QStringList({u"delete ConfigMap/old-3"_s, u"delete ConfigMap/old-1"_s}));
        QCOMPARE(driver.result(u"ConfigMap"_s, u"old-1"_s)->status, ResultCode::Pruned);
        QCOMPARE(driver.result(u"ConfigMap"_s, u"old-1"_s)->message, u"pruned"_s);

        FakeCluster again;
        again.put(configMap(u"old-1"_s, wave(1)));
        Driver last{again, settings(), {configMap(u"new-2"_s, wave(2)), configMap(u"new-0"_s)}, {}, {}};
        last.settings.prune = true;
        last.settings.pruneLast = true;
        last.run();
        QCOMPARE(again.log,
                 QStringList({u"apply ConfigMap/new-0"_s, u"apply ConfigMap/new-2"_s, u"delete ConfigMap/old-1"_s}));
    }

    void pruneDisabledOrRefused()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"extra"_s));
        cluster.put(configMap(u"kept"_s, {{u"argocd.argoproj.io/sync-options"_s, u"Prune=false"_s}}));
        Driver driver{cluster, settings(), {configMap(u"app"_s)}, {}, {}};
        driver.run();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(driver.result(u"ConfigMap"_s, u"extra"_s)->status, ResultCode::PruneSkipped);
        QCOMPARE(driver.result(u"ConfigMap"_s, u"extra"_s)->message, u"ignored (requires pruning)"_s);

        FakeCluster second;
        second.put(configMap(u"kept"_s, {{u"argocd.argoproj.io/sync-options"_s, u"Prune=false"_s}}));
        Driver pruning{second, settings(), {}, {}, {}};
        pruning.settings.prune = true;
        pruning.run();
        QCOMPARE(pruning.result(u"ConfigMap"_s, u"kept"_s)->message, u"ignored (no prune)"_s);
        QVERIFY(second.log.isEmpty());
    }

    void skippedPrunesDoNotWaitForDeletion()
    {
        // Someone else is deleting an extraneous object; without prune the sync
        // does not wait for it.
        FakeCluster cluster;
        QJsonObject stuck = configMap(u"stuck"_s);
        QJsonObject metadata = stuck.value(u"metadata").toObject();
        metadata.insert(u"deletionTimestamp"_s, u"2026-01-01T00:00:00Z"_s);
        metadata.insert(u"finalizers"_s, QJsonArray{u"example.com/keep"_s});
        stuck.insert(u"metadata"_s, metadata);
        cluster.put(stuck);
        Driver driver{cluster, settings(), {configMap(u"a"_s, wave(1)), configMap(u"b"_s, wave(2))}, {}, {}};
        driver.run();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(driver.result(u"ConfigMap"_s, u"stuck"_s)->status, ResultCode::PruneSkipped);
    }

    void terminateStopsHooksEvenWhenTasksAreInvalid()
    {
        FakeCluster cluster;
        const QJsonObject pre = job(u"slow"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}});
        Driver driver{cluster, settings(), {configMap(u"c"_s)}, {pre}, {}};
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Running);
        // Meanwhile a kind the sync needs went away.
        driver.targets.append(object(u"example.com/v1"_s, u"Gadget"_s, u"g"_s));
        driver.state.phase = OperationPhase::Terminating;
        driver.terminate();
        QCOMPARE(driver.state.message, u"Operation terminated"_s);
        QVERIFY(!cluster.find(u"batch"_s, u"Job"_s, ns, u"slow"_s));
    }

    void prunesAreCheckedByTheProject()
    {
        FakeCluster cluster;
        cluster.put(object(u"rbac.authorization.k8s.io/v1"_s, u"ClusterRole"_s, u"old"_s, {}, {}));
        Driver driver{cluster, settings(), {configMap(u"c"_s)}, {}, {}};
        driver.settings.prune = true;
        driver.settings.permitted = [](const QJsonObject &, const Kube::ApiResource &resource) {
            return resource.namespaced
                ? QString()
                : u"resource %1:%2 is not permitted in project demo"_s.arg(resource.group, resource.kind);
        };
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Failed);
        QCOMPARE(driver.state.message, u"one or more synchronization tasks are not valid"_s);
        QVERIFY(cluster.find(u"rbac.authorization.k8s.io"_s, u"ClusterRole"_s, {}, u"old"_s));
    }

    void pruneWaitsForConfirmation()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"precious"_s, {{u"argocd.argoproj.io/sync-options"_s, u"Prune=confirm"_s}}));
        Driver driver{cluster, settings(), {}, {}, {}};
        driver.settings.prune = true;
        driver.step();
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Running);
        QCOMPARE(driver.state.message, u"Waiting for pruning confirmation of v1/ConfigMap/precious"_s);
        QVERIFY(cluster.log.isEmpty());
        driver.settings.pruneConfirmed = true;
        driver.run();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log, QStringList{u"delete ConfigMap/precious"_s});
    }

    void dryRunWritesNothing()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"extra"_s));
        Driver driver{cluster,
                      settings(),
                      {deployment(u"web"_s, wave(1)), configMap(u"c"_s)},
                      {job(u"pre"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}})},
                      {}};
        driver.settings.dryRun = true;
        driver.settings.prune = true;
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(driver.state.message, u"successfully synced (no more tasks)"_s);
        QVERIFY(cluster.log.isEmpty());
        QCOMPARE(driver.result(u"Deployment"_s, u"web"_s)->message, u"deployment.apps/web created (dry run)"_s);
        QCOMPARE(driver.result(u"Deployment"_s, u"web"_s)->hookPhase, OperationPhase::Succeeded);
        QCOMPARE(driver.result(u"ConfigMap"_s, u"extra"_s)->message, u"pruned (dry run)"_s);
        QVERIFY(driver.result(u"Job"_s, u"pre"_s));
    }

    void failedApplyRunsSyncFailHooks()
    {
        FakeCluster cluster;
        cluster.refuse.insert(u"Deployment/web"_s, u"spec.replicas: Invalid value: -1"_s);
        const QJsonObject onFail = job(u"page-oncall"_s, {{u"argocd.argoproj.io/hook"_s, u"SyncFail"_s}});
        Driver driver{cluster, settings(), {deployment(u"web"_s)}, {onFail}, {}};
        driver.step();
        // The dry run fails first: nothing is written, no SyncFail.
        QCOMPARE(driver.state.phase, OperationPhase::Failed);
        QCOMPARE(driver.state.message, u"one or more objects failed to apply (dry run)"_s);
        QCOMPARE(driver.result(u"Deployment"_s, u"web"_s)->status, ResultCode::SyncFailed);
        QVERIFY(cluster.log.isEmpty());
    }

    void degradedResourceFailsAndRunsSyncFail()
    {
        FakeCluster cluster;
        const QJsonObject onFail = job(u"page-oncall"_s, {{u"argocd.argoproj.io/hook"_s, u"SyncFail"_s}});
        const QJsonObject pre = job(u"migrate"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}});
        Driver driver{cluster, settings(), {configMap(u"c"_s)}, {pre, onFail}, {}};
        driver.step();
        cluster.setStatus(u"batch"_s, u"Job"_s, ns, u"migrate"_s, failedJob);
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Running);
        QCOMPARE(driver.state.message, u"waiting for completion of hook batch/Job/page-oncall"_s);
        QVERIFY(cluster.find(u"batch"_s, u"Job"_s, ns, u"page-oncall"_s));
        driver.run(std::bind(settle, std::ref(cluster)));
        QCOMPARE(driver.state.phase, OperationPhase::Failed);
        QCOMPARE(driver.state.message, u"one or more synchronization tasks completed unsuccessfully"_s);
        QCOMPARE(driver.result(u"Job"_s, u"migrate"_s)->hookPhase, OperationPhase::Failed);
        QCOMPARE(driver.result(u"Job"_s, u"migrate"_s)->message, u"BackoffLimitExceeded"_s);
        QVERIFY(!cluster.find({}, u"ConfigMap"_s, ns, u"c"_s)); // never reached
    }

    void terminateStopsRunningHooks()
    {
        FakeCluster cluster;
        const QJsonObject pre = job(u"slow"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}});
        Driver driver{cluster, settings(), {configMap(u"c"_s)}, {pre}, {}};
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Running);
        driver.state.phase = OperationPhase::Terminating;
        driver.terminate();
        QCOMPARE(driver.state.phase, OperationPhase::Failed);
        QCOMPARE(driver.state.message, u"Operation terminated"_s);
        QCOMPARE(driver.result(u"Job"_s, u"slow"_s)->hookPhase, OperationPhase::Failed);
        QCOMPARE(driver.result(u"Job"_s, u"slow"_s)->message, u"Terminated"_s);
        QVERIFY(!cluster.find(u"batch"_s, u"Job"_s, ns, u"slow"_s)); // finalizer removed, deleted
    }

    void terminationErrorsAreReported()
    {
        // A hook that cannot be deleted: its result says so, and the operation
        // ends in Error, not Failed.
        FakeCluster cluster;
        const QJsonObject slow = job(u"slow"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}});
        const QJsonObject stuck = job(u"stuck"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}});
        Driver driver{cluster, settings(), {configMap(u"c"_s)}, {slow, stuck}, {}};
        driver.step();
        QCOMPARE(driver.result(u"Job"_s, u"stuck"_s)->hookPhase, OperationPhase::Running);
        cluster.refuseDelete.insert(u"Job/slow"_s, u"forbidden"_s);
        cluster.refuseUpdate.insert(u"Job/stuck"_s, u"conflict storm"_s);
        driver.state.phase = OperationPhase::Terminating;
        driver.terminate();
        QCOMPARE(driver.state.phase, OperationPhase::Error);
        QCOMPARE(driver.state.message, u"Operation termination had errors"_s);
        QCOMPARE(driver.result(u"Job"_s, u"slow"_s)->hookPhase, OperationPhase::Failed);
        QCOMPARE(driver.result(u"Job"_s, u"slow"_s)->message, u"Failed to delete: forbidden"_s);
        QCOMPARE(driver.result(u"Job"_s, u"stuck"_s)->hookPhase, OperationPhase::Error);
        QCOMPARE(driver.result(u"Job"_s, u"stuck"_s)->message, u"Failed to remove hook finalizer: conflict storm"_s);
        // The hook whose finalizer stayed was not deleted.
        QVERIFY(cluster.find(u"batch"_s, u"Job"_s, ns, u"stuck"_s));
        QVERIFY(!cluster.log.contains(u"delete Job/stuck"_s));
    }

    void unknownKindIsInvalid()
    {
        FakeCluster cluster;
        Driver driver{
            cluster, settings(), {object(u"example.com/v1"_s, u"Gadget"_s, u"g"_s), configMap(u"c"_s)}, {}, {}};
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Failed);
        QCOMPARE(driver.state.message, u"one or more synchronization tasks are not valid"_s);
        QCOMPARE(driver.result(u"Gadget"_s, u"g"_s)->message,
                 u"The Kubernetes API could not find example.com/Gadget for requested resource demo/g. Make sure the "
                 "\"Gadget\" CRD is installed on the destination cluster."_s);
        QVERIFY(cluster.log.isEmpty());
    }

    void projectRefusalIsInvalid()
    {
        FakeCluster cluster;
        Driver driver{
            cluster,
            settings(),
            {object(u"rbac.authorization.k8s.io/v1"_s, u"ClusterRole"_s, u"admin"_s, {}, {}), configMap(u"c"_s)},
            {},
            {}};
        driver.settings.permitted = [](const QJsonObject &object, const Kube::ApiResource &resource) {
            return resource.namespaced ? QString()
                                       : u"resource %1:%2 is not permitted in project demo"_s.arg(
                                           resource.group, object.value(u"kind").toString());
        };
        driver.step();
        QCOMPARE(driver.state.phase, OperationPhase::Failed);
        QCOMPARE(driver.result(u"ClusterRole"_s, u"admin"_s)->message,
                 u"resource rbac.authorization.k8s.io:ClusterRole is not permitted in project demo"_s);
        QVERIFY(cluster.log.isEmpty());
    }

    void selectiveSyncSkipsHooksAndOthers()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"extra"_s));
        Driver driver{cluster,
                      settings(),
                      {configMap(u"a"_s), configMap(u"b"_s)},
                      {job(u"pre"_s, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}})},
                      {}};
        Model::SyncOperation operation;
        operation.prune = true;
        operation.resources = {{{}, u"ConfigMap"_s, u"b"_s, {}}};
        const Sync::SyncSettings base = driver.settings;
        driver.settings = Sync::SyncSettings::fromOperation(operation);
        driver.settings.ns = base.ns;
        driver.settings.startedAt = base.startedAt;
        QVERIFY(driver.settings.skipHooks);
        driver.run();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log, QStringList{u"apply ConfigMap/b"_s});
        QCOMPARE(driver.state.results.size(), 1);
    }

    void createNamespaceBeforeTheDryRun()
    {
        FakeCluster cluster;
        Driver driver{cluster, settings(), {configMap(u"c"_s)}, {}, {}};
        driver.settings.createNamespace = object(u"v1"_s, u"Namespace"_s, ns, {}, {});
        driver.run();
        QCOMPARE(driver.state.phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log, QStringList({u"apply Namespace/demo"_s, u"apply ConfigMap/c"_s}));
        QCOMPARE(driver.result(u"Namespace"_s, ns)->syncPhase, SyncPhase::PreSync);
    }

    void applyOutOfSyncOnly()
    {
        FakeCluster cluster;
        cluster.put(configMap(u"same"_s));
        Driver driver{cluster, settings(), {configMap(u"same"_s), configMap(u"changed"_s)}, {}, {}};
        driver.settings.applyOutOfSyncOnly = true;
        QList<Sync::SyncResource> resources = driver.resources();
        for (Sync::SyncResource &resource : resources)
            resource.modified = resource.live.isEmpty();
        Sync::SyncContext context(cluster, driver.settings, resources, {}, {});
        context.sync();
        QCOMPARE(context.state().phase, OperationPhase::Succeeded);
        QCOMPARE(cluster.log, QStringList{u"apply ConfigMap/changed"_s});
    }

    void settingsFromOperation()
    {
        Model::SyncOperation operation;
        operation.syncOptions = {u"Replace=true"_s,   u"ServerSideApply=true"_s,
                                 u"PruneLast=true"_s, u"ApplyOutOfSyncOnly=true"_s,
                                 u"Validate=false"_s, u"PrunePropagationPolicy=background"_s};
        operation.syncStrategy = Model::SyncStrategy{std::nullopt, Model::SyncStrategyForce{true}};
        const auto settings = Sync::SyncSettings::fromOperation(operation);
        QVERIFY(settings.replace);
        QVERIFY(settings.serverSideApply);
        QVERIFY(settings.pruneLast);
        QVERIFY(settings.applyOutOfSyncOnly);
        QVERIFY(!settings.validate);
        QVERIFY(settings.force);
        QVERIFY(!settings.skipHooks);
        QCOMPARE(settings.prunePropagation, Kube::PropagationPolicy::Background);
        operation.syncStrategy = Model::SyncStrategy{Model::SyncStrategyForce{}, std::nullopt};
        QVERIFY(Sync::SyncSettings::fromOperation(operation).skipHooks);
    }

    void kindOrder()
    {
        QVERIFY(Sync::kindOrder(u"Namespace"_s) < Sync::kindOrder(u"ConfigMap"_s));
        QVERIFY(Sync::kindOrder(u"CustomResourceDefinition"_s) < Sync::kindOrder(u"Service"_s));
        QVERIFY(Sync::kindOrder(u"Service"_s) < Sync::kindOrder(u"Deployment"_s));
        QCOMPARE(Sync::kindOrder(u"APIService"_s), -1);
        QCOMPARE(Sync::kindOrder(u"Widget"_s), 0);
    }
};

QTEST_GUILESS_MAIN(SyncContextTest)
#include "tst_synccontext.moc"
