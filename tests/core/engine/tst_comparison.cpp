// SPDX-License-Identifier: Apache-2.0
// compareAppState as a pure function: matching, tracking, pruning, hooks,
// warnings, project rules and failed manifests.
#include "engine/comparison.h"
#include "model/cluster.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;
using Model::SyncStatusCode;

namespace {

QJsonObject object(const QString &apiVersion, const QString &kind, const QString &name, const QString &ns = {},
                   const QJsonObject &annotations = {})
{
    QJsonObject metadata{{u"name"_s, name}};
    if (!ns.isEmpty())
        metadata.insert(u"namespace"_s, ns);
    if (!annotations.isEmpty())
        metadata.insert(u"annotations"_s, annotations);
    return {{u"apiVersion"_s, apiVersion}, {u"kind"_s, kind}, {u"metadata"_s, metadata}};
}

/// The object as the cluster has it after Capstan applied it for `app`.
QJsonObject live(QJsonObject target, const QString &app = u"web"_s)
{
    target = Engine::withTracking(target, app, Kube::TrackingMethod::Annotation);
    QJsonObject metadata = target.value(u"metadata").toObject();
    metadata.insert(u"uid"_s, u"1234"_s);
    metadata.insert(u"resourceVersion"_s, u"77"_s);
    target.insert(u"metadata"_s, metadata);
    return target;
}

Engine::ComparisonInput input()
{
    Engine::ComparisonInput input;
    input.application.metadata.name = u"web"_s;
    input.application.metadata.ns = u"argocd"_s;
    input.application.spec.destination.server = Model::Cluster::inClusterServer();
    input.application.spec.destination.ns = u"shop"_s;
    input.namespaced = [](const QString &, const QString &kind) -> std::optional<bool> {
        if (kind == u"Namespace" || kind == u"ClusterRole")
            return false;
        if (kind == u"Gadget")
            return std::nullopt;
        return true;
    };
    input.revision = u"abc"_s;
    return input;
}

const Engine::ManagedResource *row(const Engine::ComparisonResult &result, const QString &kind, const QString &name)
{
    for (const Engine::ManagedResource &resource : result.resources) {
        if (resource.status.kind == kind && resource.status.name == name)
            return &resource;
    }
    return nullptr;
}

} // namespace

class ComparisonTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trackingIds()
    {
        QCOMPARE(Engine::trackingId(u"web"_s, object(u"apps/v1"_s, u"Deployment"_s, u"d"_s, u"shop"_s)),
                 u"web:apps/Deployment:shop/d"_s);
        Model::Application other;
        other.metadata.name = u"web"_s;
        other.metadata.ns = u"team-a"_s;
        QCOMPARE(Engine::instanceName(other), u"team-a_web"_s);
        const QJsonObject labelled
            = Engine::withTracking(object(u"v1"_s, u"ConfigMap"_s, u"c"_s), u"web"_s, Kube::TrackingMethod::Label);
        QCOMPARE(
            labelled.value(u"metadata").toObject().value(u"labels").toObject().value(u"app.kubernetes.io/instance"),
            u"web"_s);
    }

    void syncedMissingAndExtra()
    {
        auto in = input();
        const QJsonObject same = object(u"v1"_s, u"ConfigMap"_s, u"same"_s);
        QJsonObject sameTarget = same;
        sameTarget.insert(u"data"_s, QJsonObject{{u"a"_s, u"1"_s}});
        QJsonObject sameLive = live(sameTarget);
        QJsonObject metadata = sameLive.value(u"metadata").toObject();
        metadata.insert(u"namespace"_s, u"shop"_s);
        sameLive.insert(u"metadata"_s, metadata);
        sameLive = live(sameLive); // tracking id with the namespace
        in.targets
            = {sameTarget, object(u"v1"_s, u"ConfigMap"_s, u"new"_s), object(u"v1"_s, u"Namespace"_s, u"shop"_s)};
        in.lives = {sameLive, live(object(u"v1"_s, u"ConfigMap"_s, u"old"_s, u"shop"_s)),
                    live(object(u"v1"_s, u"ConfigMap"_s, u"foreign"_s, u"shop"_s), u"other"_s)};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QCOMPARE(result.sync.status, SyncStatusCode::OutOfSync);
        QCOMPARE(result.sync.revision, u"abc"_s);
        QCOMPARE(result.resources.size(), 4); // the foreign one is not the app's
        QCOMPARE(row(result, u"ConfigMap"_s, u"same"_s)->status.status, SyncStatusCode::Synced);
        QCOMPARE(row(result, u"ConfigMap"_s, u"new"_s)->status.status, SyncStatusCode::OutOfSync);
        QCOMPARE(row(result, u"ConfigMap"_s, u"new"_s)->status.ns, u"shop"_s);
        QCOMPARE(row(result, u"ConfigMap"_s, u"new"_s)->status.health->status, Model::HealthStatusCode::Missing);
        QVERIFY(row(result, u"ConfigMap"_s, u"old"_s)->status.requiresPruning);
        // Cluster-scoped objects have no namespace.
        QCOMPARE(row(result, u"Namespace"_s, u"shop"_s)->status.ns, QString());
        // Targets carry the tracking id.
        QCOMPARE(row(result, u"ConfigMap"_s, u"new"_s)
                     ->target.value(u"metadata"_s)
                     .toObject()
                     .value(u"annotations"_s)
                     .toObject()
                     .value(u"argocd.argoproj.io/tracking-id"_s),
                 u"web:/ConfigMap:shop/new"_s);
        // Sorted by group, kind, namespace, name.
        QCOMPARE(result.resources.first().status.name, u"new"_s);
        QCOMPARE(result.resources.last().status.kind, u"Namespace"_s);
        QCOMPARE(result.health, Model::HealthStatusCode::Healthy);
    }

    void extraneousIgnoredAndHooks()
    {
        auto in = input();
        in.lives = {live(object(u"v1"_s, u"ConfigMap"_s, u"extra"_s, u"shop"_s,
                                {{u"argocd.argoproj.io/compare-options"_s, u"IgnoreExtraneous"_s}})),
                    live(object(u"batch/v1"_s, u"Job"_s, u"migrate"_s, u"shop"_s,
                                {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}}))};
        in.targets = {object(u"batch/v1"_s, u"Job"_s, u"migrate"_s, {}, {{u"argocd.argoproj.io/hook"_s, u"PreSync"_s}}),
                      object(u"v1"_s, u"ConfigMap"_s, u"skipped"_s, {}, {{u"argocd.argoproj.io/hook"_s, u"Skip"_s}}),
                      object(u"v1"_s, u"Pod"_s, u"test"_s, {}, {{u"helm.sh/hook"_s, u"test"_s}})};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QCOMPARE(result.sync.status, SyncStatusCode::Synced);
        QCOMPARE(result.hooks.size(), 1);
        const auto *hook = row(result, u"Job"_s, u"migrate"_s);
        QVERIFY(hook);
        QVERIFY(hook->status.hook);
        QCOMPARE(hook->status.status, SyncStatusCode::None);
        QCOMPARE(row(result, u"ConfigMap"_s, u"skipped"_s)->status.status, SyncStatusCode::None);
        QVERIFY(!row(result, u"Pod"_s, u"test"_s));
        QCOMPARE(row(result, u"ConfigMap"_s, u"extra"_s)->status.status, SyncStatusCode::OutOfSync);
    }

    void deletionConfirmation()
    {
        // Delete=confirm on either side marks the row; the app's deletion waits for it.
        auto in = input();
        const QJsonObject confirm{{u"argocd.argoproj.io/sync-options"_s, u"Prune=false,Delete=confirm"_s}};
        in.targets
            = {object(u"v1"_s, u"ConfigMap"_s, u"desired"_s, {}, confirm), object(u"v1"_s, u"ConfigMap"_s, u"plain"_s)};
        in.lives = {live(object(u"v1"_s, u"ConfigMap"_s, u"extra"_s, u"shop"_s, confirm))};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QVERIFY(row(result, u"ConfigMap"_s, u"desired"_s)->status.requiresDeletionConfirmation);
        QVERIFY(row(result, u"ConfigMap"_s, u"extra"_s)->status.requiresDeletionConfirmation);
        QVERIFY(!row(result, u"ConfigMap"_s, u"plain"_s)->status.requiresDeletionConfirmation);
        QCOMPARE(
            Model::toJson(row(result, u"ConfigMap"_s, u"extra"_s)->status).value(u"requiresDeletionConfirmation"_s),
            true);
    }

    void ownershipAndSkip()
    {
        auto in = input();
        // A copy of the app's tracking id on another object (a controller copied
        // the annotations) does not make it the app's.
        QJsonObject copied = object(u"apps/v1"_s, u"ReplicaSet"_s, u"web-5d9f"_s, u"shop"_s,
                                    {{u"argocd.argoproj.io/tracking-id"_s, u"web:apps/Deployment:shop/web"_s}});
        // A Skip object keeps its live object from being pruned.
        const QJsonObject skipped
            = object(u"v1"_s, u"ConfigMap"_s, u"manual"_s, {}, {{u"argocd.argoproj.io/hook"_s, u"Skip"_s}});
        QJsonObject skippedLive = skipped;
        QJsonObject metadata = skippedLive.value(u"metadata").toObject();
        metadata.insert(u"namespace"_s, u"shop"_s);
        skippedLive.insert(u"metadata"_s, metadata);
        in.targets = {skipped};
        in.lives = {copied, live(skippedLive),
                    live(object(u"batch/v1"_s, u"Job"_s, u"old-hook"_s, u"shop"_s,
                                {{u"argocd.argoproj.io/hook"_s, u"PostSync"_s}}))};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QVERIFY(!row(result, u"ReplicaSet"_s, u"web-5d9f"_s));
        const auto *manual = row(result, u"ConfigMap"_s, u"manual"_s);
        QVERIFY(manual);
        QVERIFY(!manual->status.requiresPruning);
        QCOMPARE(manual->status.status, SyncStatusCode::None);
        QCOMPARE(result.sync.status, SyncStatusCode::Synced);
        // A live hook no longer in Git requires pruning, as in Argo CD (the
        // wipe-out guard counts it), but the sync never prunes hooks.
        QVERIFY(row(result, u"Job"_s, u"old-hook"_s)->status.requiresPruning);
        QCOMPARE(row(result, u"Job"_s, u"old-hook"_s)->status.syncWave, 0);
    }

    void deniedNamespacesAreNotTheApps()
    {
        auto in = input();
        Model::AppProject project = Model::AppProject::defaultProject();
        project.spec.destinations = {{u"*"_s, u"shop"_s, {}}};
        in.project = project;
        in.lives = {live(object(u"v1"_s, u"ConfigMap"_s, u"here"_s, u"shop"_s)),
                    live(object(u"v1"_s, u"ConfigMap"_s, u"there"_s, u"kube-system"_s))};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QVERIFY(row(result, u"ConfigMap"_s, u"here"_s));
        QVERIFY(!row(result, u"ConfigMap"_s, u"there"_s));
    }

    void warnings()
    {
        auto in = input();
        QJsonObject first = object(u"v1"_s, u"ConfigMap"_s, u"twice"_s);
        first.insert(u"data"_s, QJsonObject{{u"v"_s, u"1"_s}});
        QJsonObject second = first;
        second.insert(u"data"_s, QJsonObject{{u"v"_s, u"2"_s}});
        in.targets = {first, second, object(u"v1"_s, u"ConfigMap"_s, u"shared"_s)};
        in.lives = {live(object(u"v1"_s, u"ConfigMap"_s, u"shared"_s, u"shop"_s), u"team-b_api"_s)};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QCOMPARE(result.conditions.size(), 2);
        QCOMPARE(result.conditions.at(0).type, Model::ConditionType::RepeatedResourceWarning);
        QCOMPARE(result.conditions.at(0).message,
                 u"Resource /ConfigMap/shop/twice appeared 2 times among application resources."_s);
        QCOMPARE(result.conditions.at(1).type, Model::ConditionType::SharedResourceWarning);
        QCOMPARE(result.conditions.at(1).message, u"ConfigMap/shared is part of applications web and team-b/api"_s);
        // The last of repeated objects wins.
        QCOMPARE(row(result, u"ConfigMap"_s, u"twice"_s)->target.value(u"data"_s).toObject().value(u"v"_s), u"2"_s);
    }

    void projectRulesAndFailedManifests()
    {
        auto in = input();
        Model::AppProject project = Model::AppProject::defaultProject();
        project.spec.clusterResourceWhitelist.clear(); // no cluster-scoped kinds
        in.project = project;
        in.targets = {object(u"rbac.authorization.k8s.io/v1"_s, u"ClusterRole"_s, u"admin"_s)};
        in.lives = {live(object(u"rbac.authorization.k8s.io/v1"_s, u"ClusterRole"_s, u"old"_s))};
        Engine::ComparisonResult result = Engine::compareAppState(in);
        QCOMPARE(row(result, u"ClusterRole"_s, u"admin"_s)->status.status, SyncStatusCode::Unknown);
        QVERIFY(!row(result, u"ClusterRole"_s, u"old"_s)); // not permitted: never pruned

        auto failed = input();
        failed.targetError = u"helm template failed"_s;
        failed.lives = {live(object(u"v1"_s, u"ConfigMap"_s, u"c"_s, u"shop"_s))};
        result = Engine::compareAppState(failed);
        QCOMPARE(result.sync.status, SyncStatusCode::Unknown);
        QCOMPARE(result.conditions.size(), 1);
        QCOMPARE(result.conditions.at(0).type, Model::ConditionType::ComparisonError);
        QCOMPARE(result.conditions.at(0).message, u"Failed to load target state: helm template failed"_s);
        QCOMPARE(row(result, u"ConfigMap"_s, u"c"_s)->status.status, SyncStatusCode::Unknown);
    }

    void unknownKindsAreNamespaced()
    {
        auto in = input();
        in.targets = {object(u"example.com/v1"_s, u"Gadget"_s, u"g"_s)};
        const Engine::ComparisonResult result = Engine::compareAppState(in);
        QCOMPARE(row(result, u"Gadget"_s, u"g"_s)->status.ns, u"shop"_s);
    }
};

QTEST_GUILESS_MAIN(ComparisonTest)
#include "tst_comparison.moc"
