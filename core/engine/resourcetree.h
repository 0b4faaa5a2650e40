// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/clustercache.h"
#include "model/application.h"
#include "model/resourcetree.h"

#include <QJsonObject>

namespace Capstan::Engine {

/// Argo CD's node for one live object (controller/cache/info.go): its
/// reference, health, creation time, the revision of Deployments and
/// ReplicaSets, `link.argocd.argoproj.io/*` links, and per kind what the UI
/// shows: a Pod's status reason, node, ready containers, restarts and images;
/// a Service's selector and load balancer; an Ingress's services and URLs.
/// Parent references are left to the tree.
Model::ResourceNode resourceNode(const QJsonObject &object);

/// An app's resource tree: the live objects of its managed resources
/// (@p managed, its status.resources) and, recursively, everything they own,
/// each once, with the references of the objects it was reached from.
/// Sorted as Argo CD sorts it: by group, kind, namespace and name. Its hosts
/// are the nodes its pods run on (hostsOf()).
Model::ApplicationTree resourceTree(const QList<Model::ResourceStatus> &managed, const Kube::ClusterCache &cache);

} // namespace Capstan::Engine
