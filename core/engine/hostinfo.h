// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/clustercache.h"
#include "model/resourcetree.h"

#include <QList>

namespace Capstan::Engine {

/// The nodes that run pods of an app's tree (@p nodes), as Argo CD's
/// getAppHosts describes them: each node's name, labels and system info, and
/// for cpu, memory and storage its capacity, what the app's pods request and
/// what the other pods there request (pods that ended count for nothing),
/// in milli-units. Sorted by node name; a node the cache does not know is
/// left out.
QList<Model::HostInfo> hostsOf(const QList<Model::ResourceNode> &nodes, const Kube::ClusterCache &cache);

} // namespace Capstan::Engine
