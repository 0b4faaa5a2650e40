// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "kube/apiresource.h"
#include "kube/kubeclient.h"
#include "kube/kubeerror.h"

#include <QJsonObject>

namespace Capstan::Sync {

/// How one object is written.
struct ApplyOptions
{
    /// Client-side dry run, as kubectl's: nothing is sent that writes.
    bool dryRun = false;
    /// Server-side apply with the field manager `argocd-controller`.
    bool serverSide = false;
    /// `kubectl replace` (or create): the object as given replaces the live one.
    bool replace = false;
    /// Delete and re-create when the change cannot be made in place.
    bool force = false;
    /// Unknown fields are errors (fieldValidation=Strict) rather than dropped.
    bool validate = true;
};

/// What a sync does to a cluster. The engine uses KubeOperations; tests use an
/// in-memory cluster. Every call blocks, so a sync runs on a worker thread.
class ResourceOperations
{
public:
    virtual ~ResourceOperations() = default;

    /// The API resource serving a kind; NotFound when the cluster has none.
    virtual Result<Kube::ApiResource, Kube::KubeError> resource(const Kube::GroupVersionKind &gvk) = 0;
    /// The live object; NotFound when there is none.
    virtual Result<QJsonObject, Kube::KubeError> get(const Kube::ApiResource &resource, const QString &ns,
                                                     const QString &name)
        = 0;
    /// Applies `target` over `live` (empty when absent), as kubectl apply does,
    /// and answers kubectl's line ("deployment.apps/web configured").
    virtual Result<QString, Kube::KubeError> apply(const Kube::ApiResource &resource, const QJsonObject &target,
                                                   const QJsonObject &live, const ApplyOptions &options)
        = 0;
    /// Writes `object` as it is (its resourceVersion guards the write).
    virtual Result<QJsonObject, Kube::KubeError> update(const Kube::ApiResource &resource, const QJsonObject &object)
        = 0;
    virtual Result<void, Kube::KubeError> remove(const Kube::ApiResource &resource, const QString &ns,
                                                 const QString &name, Kube::PropagationPolicy propagation)
        = 0;
};

/// kubectl's name for an object in its messages: `deployment.apps/web`, `service/web`.
QString kubectlName(const QString &group, const QString &kind, const QString &name);

} // namespace Capstan::Sync
