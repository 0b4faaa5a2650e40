// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "kube/clustercache.h"
#include "kube/kubeconfig.h"
#include "model/cluster.h"
#include "sync/kubeoperations.h"

#include <QHash>
#include <QMutex>
#include <QThread>

#include <functional>
#include <memory>

namespace Capstan::Engine {

/// One destination cluster as the engine uses it: a client and a cache living
/// on a thread of their own, and blocking operations for syncs on workers.
class ClusterAccess
{
public:
    ~ClusterAccess();
    ClusterAccess(const ClusterAccess &) = delete;
    ClusterAccess &operator=(const ClusterAccess &) = delete;

    QString server() const { return m_server; }
    Kube::ClusterCache *cache() const { return m_cache; }
    Kube::KubeClient *client() const { return m_client; }
    Sync::ResourceOperations &operations() { return *m_operations; }
    /// The same, with what the API does beside syncs (patch, delete options, list).
    Sync::KubeOperations &kubeOperations() { return *m_operations; }

private:
    friend class ClusterSet;
    ClusterAccess() = default;

    QString m_server;
    QThread m_thread;
    QObject m_anchor; // lives on m_thread
    Kube::KubeClient *m_client = nullptr;
    Kube::ClusterCache *m_cache = nullptr;
    std::unique_ptr<Sync::KubeOperations> m_operations;
};

/// The clusters apps deploy to, started when first needed: `in-cluster`
/// (https://kubernetes.default.svc) is the connection the engine was given,
/// usually the local control plane; others come from registered Clusters.
/// Thread-safe.
class ClusterSet
{
public:
    /// Called on the cluster's thread for every change its cache sees.
    using ObjectChanged = std::function<void(Kube::ClusterCache *cache, const Kube::CachedObjectPtr &before,
                                             const Kube::CachedObjectPtr &after)>;

    ClusterSet(std::optional<Kube::ClusterConnection> inCluster, ObjectChanged changed);
    ~ClusterSet();

    /// The cluster at `server`, started if needed; `cluster` holds its credentials.
    Result<std::shared_ptr<ClusterAccess>> access(const Model::Cluster &cluster);
    /// The cluster at `server` if it was started, else null.
    std::shared_ptr<ClusterAccess> find(const QString &server) const;
    /// Forgets a cluster (its credentials or address changed, or it was removed).
    void invalidate(const QString &server);

    /// How to reach a registered cluster, from Argo CD's cluster config.
    static Result<Kube::ClusterConnection> connectionFor(const Model::Cluster &cluster);
    /// A kubeconfig context as a cluster to register (as `argocd cluster add`
    /// does), named after the context; token files are read now.
    static Result<Model::Cluster> clusterFromKubeconfig(const Kube::Kubeconfig &kubeconfig, const QString &context);

private:
    std::optional<Kube::ClusterConnection> m_inCluster;
    ObjectChanged m_changed;
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<ClusterAccess>> m_clusters;
};

} // namespace Capstan::Engine
