// SPDX-License-Identifier: Apache-2.0
#include "comparison.h"

#include "engine/projectpolicy.h"
#include "health/resourcehealth.h"
#include "sync/hooks.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

using Model::SyncStatusCode;

namespace {

using Kube::groupOf;
using Kube::metadataOf;

Kube::ResourceKey keyOf(const QJsonObject &object)
{
    return Kube::ResourceKey::of(object);
}

/// The app a live object says it belongs to, or an empty string. A tracking id
/// must name the object itself: copies that controllers make onto children
/// (a Deployment's annotations on its ReplicaSets) do not count.
QString ownerOf(const QJsonObject &live, Kube::TrackingMethod method)
{
    const QJsonObject metadata = metadataOf(live);
    if (method == Kube::TrackingMethod::Label)
        return metadata.value(u"labels").toObject().value(instanceLabel).toString();
    const QString id = metadata.value(u"annotations").toObject().value(trackingAnnotation).toString();
    const QString owner = id.section(u':', 0, 0);
    return !owner.isEmpty() && id == trackingId(owner, live) ? owner : QString();
}

} // namespace

QString instanceName(const Model::Application &application)
{
    const QString ns = application.metadata.ns;
    if (ns.isEmpty() || ns == controlPlaneNamespace)
        return application.metadata.name;
    return ns + u'_' + application.metadata.name;
}

QString trackingId(const QString &instance, const QJsonObject &object)
{
    const Kube::ResourceKey key = keyOf(object);
    return instance + u':' + key.group + u'/' + key.kind + u':' + key.ns + u'/' + key.name;
}

QJsonObject withTracking(QJsonObject object, const QString &instance, Kube::TrackingMethod method)
{
    QJsonObject metadata = metadataOf(object);
    if (method == Kube::TrackingMethod::Label) {
        QJsonObject labels = metadata.value(u"labels").toObject();
        labels.insert(instanceLabel, instance);
        metadata.insert(u"labels"_s, labels);
    } else {
        QJsonObject annotations = metadata.value(u"annotations").toObject();
        annotations.insert(trackingAnnotation, trackingId(instance, object));
        metadata.insert(u"annotations"_s, annotations);
    }
    object.insert(u"metadata"_s, metadata);
    return object;
}

QList<Model::ConditionType> comparisonConditionTypes()
{
    return {Model::ConditionType::ComparisonError, Model::ConditionType::SharedResourceWarning,
            Model::ConditionType::RepeatedResourceWarning, Model::ConditionType::InvalidSpecError};
}

bool managedNamespaceMetadataChanged(const Model::Application &application)
{
    const auto &policy = application.spec.syncPolicy;
    const auto &state = application.status.operationState;
    return policy && policy->managedNamespaceMetadata && state && state->syncResult
        && policy->managedNamespaceMetadata != state->syncResult->managedNamespaceMetadata;
}

QList<Model::ResourceStatus> ComparisonResult::resourceStatuses() const
{
    QList<Model::ResourceStatus> statuses;
    statuses.reserve(resources.size());
    for (const ManagedResource &resource : resources)
        statuses.append(resource.status);
    return statuses;
}

QList<Sync::SyncResource> ComparisonResult::syncResources() const
{
    QList<Sync::SyncResource> rows;
    rows.reserve(resources.size());
    for (const ManagedResource &resource : resources)
        rows.append({resource.target, resource.live, resource.diff.modified});
    return rows;
}

ComparisonResult compareAppState(const ComparisonInput &input)
{
    const Model::Application &app = input.application;
    const QString instance = instanceName(app);
    const QString destinationNamespace = app.spec.destination.ns;
    ComparisonResult result;
    const auto condition = [&result](Model::ConditionType type, const QString &message) {
        result.conditions.append({type, message, std::nullopt});
    };

    // Desired objects: namespaced ones without a namespace go to the destination,
    // cluster-scoped ones lose theirs; hooks run in syncs and are not compared.
    QList<QJsonObject> targets;
    QHash<Kube::ResourceKey, qsizetype> targetIndex;
    QHash<Kube::ResourceKey, int> repeats;
    for (QJsonObject target : input.targets) {
        // Hooks of types a sync does not run are left out; Skip objects stay, to
        // claim their live objects, but are neither compared nor synced.
        if (Sync::isIgnoredHook(target))
            continue;
        const QString group = groupOf(target);
        const QString kind = target.value(u"kind").toString();
        const bool clusterScoped = input.namespaced && input.namespaced(group, kind) == std::optional<bool>(false);
        QJsonObject metadata = metadataOf(target);
        if (clusterScoped) {
            metadata.remove(u"namespace");
        } else if (metadata.value(u"namespace").toString().isEmpty()) {
            if (destinationNamespace.isEmpty())
                condition(Model::ConditionType::InvalidSpecError,
                          u"Namespace for %1 %2, Kind=%3 is missing."_s.arg(
                              metadata.value(u"name").toString(), target.value(u"apiVersion").toString(), kind));
            metadata.insert(u"namespace"_s, destinationNamespace);
        }
        target.insert(u"metadata"_s, metadata);
        target = withTracking(target, instance, input.tracking);
        if (Sync::isHook(target)) {
            result.hooks.append(target);
            continue;
        }
        const Kube::ResourceKey key = keyOf(target);
        if (auto it = targetIndex.constFind(key); it != targetIndex.cend()) {
            targets[*it] = target; // the last one wins, as in Argo CD
            ++repeats[key];
            continue;
        }
        targetIndex.insert(key, targets.size());
        targets.append(target);
    }
    for (auto it = repeats.cbegin(); it != repeats.cend(); ++it)
        condition(Model::ConditionType::RepeatedResourceWarning,
                  u"Resource %1 appeared %2 times among application resources."_s.arg(it.key().toString())
                      .arg(it.value() + 1));

    QHash<Kube::ResourceKey, QJsonObject> lives;
    for (const QJsonObject &live : input.lives)
        lives.insert(keyOf(live), live);

    Diff::DiffSettings diffSettings;
    diffSettings.ignoreDifferences = app.spec.ignoreDifferences;
    const Diff::Differ differ(diffSettings);
    const bool failedToLoad = !input.targetError.isEmpty();
    if (failedToLoad)
        condition(Model::ConditionType::ComparisonError, u"Failed to load target state: "_s + input.targetError);

    bool outOfSync = false;
    QList<Health::HealthInput> healthInputs;
    const auto addRow = [&](const QJsonObject &target, const QJsonObject &live) {
        ManagedResource row;
        const QJsonObject &object = target.isEmpty() ? live : target;
        const Kube::ResourceKey key = keyOf(object);
        row.target = target;
        row.live = live;
        row.status.group = key.group;
        row.status.version = Kube::GroupVersionKind::of(object).version;
        row.status.kind = key.kind;
        row.status.ns = key.ns;
        row.status.name = key.name;
        if (!target.isEmpty())
            row.status.syncWave = Sync::syncWave(target);
        const bool hook = target.isEmpty() && Sync::isHook(live);
        const bool skipped = !target.isEmpty() && Sync::isSkipped(target);
        row.status.hook = hook;
        // Deleting the app waits for an approval before it deletes this one.
        row.status.requiresDeletionConfirmation
            = Sync::hasAnnotationOption(target, Sync::Annotation::syncOptions, u"Delete=confirm")
            || Sync::hasAnnotationOption(live, Sync::Annotation::syncOptions, u"Delete=confirm");
        if (!live.isEmpty()) {
            if (auto health = Health::resourceHealth(live)) {
                health->lastTransitionTime.reset();
                row.status.health = *health;
            }
        } else if (!hook) {
            row.status.health = Model::HealthStatus{Model::HealthStatusCode::Missing, {}, std::nullopt};
        }
        if (hook || skipped) {
            row.status.status = SyncStatusCode::None;
            row.status.requiresPruning = hook && !live.isEmpty();
        } else if (failedToLoad) {
            row.status.status = SyncStatusCode::Unknown;
        } else {
            row.diff = differ.diff(target, live);
            if (target.isEmpty()) {
                row.status.requiresPruning = true;
                row.status.status = SyncStatusCode::OutOfSync;
                if (!Sync::hasAnnotationOption(live, Sync::Annotation::compareOptions, u"IgnoreExtraneous"))
                    outOfSync = true;
            } else {
                row.status.status = row.diff.modified ? SyncStatusCode::OutOfSync : SyncStatusCode::Synced;
                outOfSync = outOfSync || row.diff.modified;
                // The project decides what may be deployed: others are Unknown.
                if (input.project) {
                    const std::optional<bool> namespaced
                        = input.namespaced ? input.namespaced(key.group, key.kind) : std::nullopt;
                    if (!isGroupKindPermitted(*input.project, key.group, key.kind, namespaced.value_or(true)))
                        row.status.status = SyncStatusCode::Unknown;
                }
            }
        }
        if (!live.isEmpty() && !target.isEmpty()) {
            const QString owner = ownerOf(live, input.tracking);
            if (!owner.isEmpty() && owner != instance)
                condition(Model::ConditionType::SharedResourceWarning,
                          u"%1/%2 is part of applications %3 and %4"_s.arg(key.kind, key.name, app.metadata.name,
                                                                           QString(owner).replace(u'_', u'/')));
        }
        healthInputs.append({live, hook || skipped, row.status.health});
        result.resources.append(row);
    };

    for (const QJsonObject &target : std::as_const(targets))
        addRow(target, lives.take(keyOf(target)));
    for (const QJsonObject &live : std::as_const(lives)) {
        // Objects the app does not own are not its to prune.
        if (ownerOf(live, input.tracking) != instance)
            continue;
        // Nor are those its project does not permit, by kind or by namespace.
        if (input.project) {
            const QString group = groupOf(live);
            const QString kind = live.value(u"kind").toString();
            const bool namespaced = !(input.namespaced && input.namespaced(group, kind) == std::optional<bool>(false));
            if (!objectPermissionError(*input.project, input.destination.value_or(app.spec.destination), group, kind,
                                       metadataOf(live).value(u"namespace").toString(), namespaced)
                     .isEmpty())
                continue;
        }
        addRow({}, live);
    }
    std::sort(result.resources.begin(), result.resources.end(), [](const ManagedResource &a, const ManagedResource &b) {
        const auto &x = a.status;
        const auto &y = b.status;
        return std::tie(x.group, x.kind, x.ns, x.name) < std::tie(y.group, y.kind, y.ns, y.name);
    });

    outOfSync = outOfSync || managedNamespaceMetadataChanged(app);
    result.sync.status = failedToLoad ? SyncStatusCode::Unknown
        : outOfSync                   ? SyncStatusCode::OutOfSync
                                      : SyncStatusCode::Synced;
    result.sync.revision = input.revision;
    result.sync.revisions = input.revisions;
    result.sync.comparedTo.destination = app.spec.destination;
    result.sync.comparedTo.ignoreDifferences = app.spec.ignoreDifferences;
    if (app.spec.hasMultipleSources())
        result.sync.comparedTo.sources = app.spec.sources;
    else if (app.spec.source)
        result.sync.comparedTo.source = *app.spec.source;
    result.health = Health::applicationHealth(healthInputs);
    return result;
}

} // namespace Capstan::Engine
