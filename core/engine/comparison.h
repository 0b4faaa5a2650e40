// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/resourcediff.h"
#include "kube/clustercache.h"
#include "model/application.h"
#include "model/appproject.h"
#include "sync/synccontext.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace Capstan::Engine {

inline constexpr QStringView trackingAnnotation = u"argocd.argoproj.io/tracking-id";
inline constexpr QStringView instanceLabel = u"app.kubernetes.io/instance";
/// The namespace Argo CD's control plane runs in: apps there are named without it.
inline constexpr QStringView controlPlaneNamespace = u"argocd";

/// How Argo CD names an app on the objects it tracks: `name`, or `namespace_name`
/// for apps outside the control plane's namespace.
QString instanceName(const Model::Application &application);
/// `app:group/kind:namespace/name`, Argo CD v3's tracking id.
QString trackingId(const QString &instance, const QJsonObject &object);
/// The object marked as the app's: the tracking annotation, or the instance label.
QJsonObject withTracking(QJsonObject object, const QString &instance, Kube::TrackingMethod method);

/// Everything one comparison needs; it reads nothing else.
struct ComparisonInput
{
    Model::Application application;
    std::optional<Model::AppProject> project;
    /// The desired objects from Git, as generated.
    QList<QJsonObject> targets;
    /// Set when the desired objects could not be loaded.
    QString targetError;
    /// The live objects the app tracks, and those its targets name.
    QList<QJsonObject> lives;
    /// Whether a kind is namespaced; nullopt when the cluster does not serve it.
    std::function<std::optional<bool>(const QString &group, const QString &kind)> namespaced;
    Kube::TrackingMethod tracking = Kube::TrackingMethod::Annotation;
    /// The destination with its cluster's server and name both known, for the
    /// project's checks; the spec's destination when not given.
    std::optional<Model::ApplicationDestination> destination;
    QString revision;
    QStringList revisions;
};

/// One row of the comparison: desired and live, matched by group, kind,
/// namespace and name.
struct ManagedResource
{
    Model::ResourceStatus status;
    QJsonObject target; // with the tracking annotation; empty when not in Git
    QJsonObject live; // empty when not in the cluster
    Diff::ResourceDiff diff;
};

struct ComparisonResult
{
    /// Sorted by group, kind, namespace and name.
    QList<ManagedResource> resources;
    /// Hooks to run in a sync (desired objects only; their live objects are rows).
    QList<QJsonObject> hooks;
    Model::SyncStatus sync;
    Model::HealthStatusCode health = Model::HealthStatusCode::Healthy;
    /// ComparisonError, SharedResourceWarning and RepeatedResourceWarning.
    QList<Model::ApplicationCondition> conditions;

    QList<Model::ResourceStatus> resourceStatuses() const;
    /// The rows as the sync wants them.
    QList<Sync::SyncResource> syncResources() const;
};

/// Argo CD's CompareAppState as a pure function: desired against live, with
/// the app's ignoreDifferences, health per resource and for the app, and the sync
/// status. Safe to call from any thread.
ComparisonResult compareAppState(const ComparisonInput &input);

/// The condition types a comparison decides (the others are left as they are).
QList<Model::ConditionType> comparisonConditionTypes();

/// The namespace metadata the app manages differs from what its last sync
/// applied (Argo CD's HasChangedManagedNamespaceMetadata).
bool managedNamespaceMetadataChanged(const Model::Application &application);

} // namespace Capstan::Engine
