// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/clustercache.h"
#include "kube/kubeclient.h"
#include "model/application.h"

#include <QJsonObject>

#include <optional>

/// What deleting an app with Argo CD's resources finalizer deletes, and in
/// which order; the controller does the deleting.
namespace Capstan::Engine::CascadingDeletion {

/// Whether deleting the app deletes its resources (one of the resources
/// finalizers: plain, foreground or background).
bool cascades(const Model::Application &application);
/// Removes the resources finalizers, once the resources are gone.
void removeFinalizers(Model::Application &application);
/// Foreground, unless the background finalizer asks otherwise.
Kube::PropagationPolicy propagationOf(const Model::Application &application);

/// Whether the app carries an approval to delete or prune given at @p since
/// or later (`argocd.argoproj.io/deletion-approved`, RFC 3339).
bool isConfirmed(const Model::Application &application, const std::optional<QDateTime> &since);
/// The first resource, as kind/namespace/name, that waits for an approval
/// (Delete=confirm); empty when none does.
QString awaitingConfirmation(const Model::Application &application, const QList<Kube::CachedObjectPtr> &tracked);

/// Whether the object is deleted with its app: not a CustomResourceDefinition,
/// nor marked Delete=false or Helm's resource-policy keep.
bool isDeletable(const Kube::ResourceKey &key, const QJsonObject &live);
/// What is deleted next: the highest sync wave of @p objects, or nothing
/// while any of them is still being deleted.
QList<QJsonObject> nextWave(const QList<QJsonObject> &objects);

} // namespace Capstan::Engine::CascadingDeletion
