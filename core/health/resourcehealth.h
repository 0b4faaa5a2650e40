// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QJsonObject>

#include <optional>

namespace Capstan::Health {

using Model::HealthStatus;
using Model::HealthStatusCode;

/// Whether @p candidate is worse than @p current, in Argo CD's order from
/// best to worst: Healthy, Suspended, Progressing, Missing, Degraded, Unknown.
bool isWorse(HealthStatusCode current, HealthStatusCode candidate);

/// The health of one live object, by Argo CD's built-in checks (gitops-engine
/// pkg/health): Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Service,
/// Ingress, PersistentVolumeClaim, Job, HorizontalPodAutoscaler, APIService
/// and Argo Workflows, with their exact messages. Two kinds Argo CD leaves
/// to configuration have built-in checks here (see docs/ENGINE.md):
/// Namespace (Active, or Progressing while terminating) and Application
/// (the child's own health, as Argo CD's documented customisation).
///
/// An object being deleted is Progressing ("Pending deletion") unless a hook
/// finalizer holds it. Kinds without a check have no health (nullopt) and
/// take no part in an application's health. A version of a known kind that
/// the check does not understand is Unknown.
std::optional<HealthStatus> resourceHealth(const QJsonObject &object);

/// What the application's health is made of: one managed resource.
struct HealthInput
{
    /// The live object; empty when the resource is missing from the cluster.
    QJsonObject live;
    /// Hooks take no part.
    bool hook = false;
    /// Its health, from resourceHealth(live), or Missing when there is no live object.
    std::optional<HealthStatus> health;
};

/// The application's health as Argo CD 3.4 aggregates it: the worst health of
/// its resources, leaving out hooks, objects annotated
/// argocd.argoproj.io/ignore-healthcheck=true, kinds without health, missing
/// resources and child Applications that are Missing or Unknown; Missing when
/// it has resources but none of them exists; Healthy when it has none.
HealthStatusCode applicationHealth(const QList<HealthInput> &resources);

} // namespace Capstan::Health
