// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/resourceoperations.h"

namespace Capstan::Kube {
class KubeClient;
}

namespace Capstan::Sync {

/// ResourceOperations over a KubeClient that lives on another thread: each call
/// is started on the client's thread and waited for on the caller's.
///
/// Client-side apply works as kubectl's: the object is created with the
/// `kubectl.kubernetes.io/last-applied-configuration` annotation, or merged three
/// ways (last applied, desired, live) and written back with the live
/// resourceVersion, so fields other writers own stay. Server-side apply patches
/// with the manager `argocd-controller` and takes conflicting fields over.
class KubeOperations : public ResourceOperations
{
public:
    explicit KubeOperations(Kube::KubeClient *client);

    Result<Kube::ApiResource, Kube::KubeError> resource(const Kube::GroupVersionKind &gvk) override;
    Result<QJsonObject, Kube::KubeError> get(const Kube::ApiResource &resource, const QString &ns,
                                             const QString &name) override;
    Result<QString, Kube::KubeError> apply(const Kube::ApiResource &resource, const QJsonObject &target,
                                           const QJsonObject &live, const ApplyOptions &options) override;
    Result<QJsonObject, Kube::KubeError> update(const Kube::ApiResource &resource, const QJsonObject &object) override;
    Result<void, Kube::KubeError> remove(const Kube::ApiResource &resource, const QString &ns, const QString &name,
                                         Kube::PropagationPolicy propagation) override;

    /// What users do to live objects from the API, beside syncs: a patch
    /// as the API server takes it (JSON, merge or strategic merge) …
    Result<QJsonObject, Kube::KubeError> patch(const Kube::ApiResource &resource, const QString &ns,
                                               const QString &name, Kube::PatchType type, const QByteArray &body);
    /// … a delete with every option of the API …
    Result<void, Kube::KubeError> remove(const Kube::ApiResource &resource, const QString &ns, const QString &name,
                                         const Kube::DeleteOptions &options);
    /// … a list …
    Result<QJsonObject, Kube::KubeError> list(const Kube::ApiResource &resource, const QString &ns,
                                              const Kube::ListOptions &options);
    /// … and a GET of any path, such as /version.
    Result<QJsonObject, Kube::KubeError> getRaw(const QString &path);

private:
    Result<QString, Kube::KubeError> clientSideApply(const Kube::ApiResource &resource, const QJsonObject &target,
                                                     QJsonObject live, const ApplyOptions &options);
    Result<QString, Kube::KubeError> serverSideApply(const Kube::ApiResource &resource, const QJsonObject &target,
                                                     const ApplyOptions &options);
    Result<QString, Kube::KubeError> replace(const Kube::ApiResource &resource, const QJsonObject &target,
                                             const QJsonObject &live, const ApplyOptions &options);
    Result<QJsonObject, Kube::KubeError> recreate(const Kube::ApiResource &resource, const QJsonObject &object,
                                                  const ApplyOptions &options);
    void waitForEstablished(const Kube::ApiResource &resource, const QString &name);
    template<typename Call>
    auto call(Call start);

    Kube::KubeClient *m_client;
};

} // namespace Capstan::Sync
