// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "model/resourcetree.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace Capstan::Engine {

/// The actions Argo CD builds in for workloads (its resource_customizations
/// for apps/Deployment, StatefulSet and DaemonSet), sorted by name:
///
/// - `restart` (all three): sets the pod template's
///   `kubectl.kubernetes.io/restartedAt` annotation, as `kubectl rollout
///   restart` does, so the controller rolls every pod;
/// - `pause` and `resume` (Deployment): set `spec.paused`; each is disabled
///   when it would change nothing;
/// - `scale` (Deployment, StatefulSet): sets `spec.replicas` from the
///   `replicas` parameter, which defaults to the current count.
///
/// Other kinds have none.
QList<Model::ResourceAction> resourceActions(const QJsonObject &live);

/// The object @p live becomes when @p action runs at @p now, to be written
/// back with its resourceVersion. Unknown and disabled actions and bad
/// parameters are errors that say why.
Result<QJsonObject> runResourceAction(const QJsonObject &live, const QString &action,
                                      const QList<Model::ResourceActionParam> &parameters, const QDateTime &now);

} // namespace Capstan::Engine
