// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonArray>
#include <QJsonObject>

namespace Capstan {

/// What rolling back would change: the live objects (the `liveState`s of a
/// managed-resources answer) compared with the manifests of an earlier
/// revision (GET …/manifests?revision=), as Argo CD compares them
/// (Diff::diffResource: normalised, three-way against last-applied, the
/// app's ignoreDifferences). The answer has the shape of managed-resources
/// items, for ManagedDiff: objects of the revision that are not live are
/// created, live ones it does not have would be pruned. Secret values, which
/// both answers mask each on its own, are taken as unchanged where both are
/// masked, and such items carry `notes` that say so.
QJsonArray rollbackComparison(const QJsonArray &managedResources, const QJsonArray &manifests,
                              const QJsonObject &applicationSpec);

} // namespace Capstan
