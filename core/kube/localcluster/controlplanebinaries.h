// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QString>

namespace Capstan::Kube {

/// The programs of the local control plane: etcd, kube-apiserver and
/// kube-controller-manager.
struct ControlPlaneBinaries
{
    QString etcd;
    QString kubeApiserver;
    QString kubeControllerManager;

    /// The version the setup script builds and caches.
    static QString builtVersion();
    /// Where the setup script caches the Kubernetes binaries:
    /// $CAPSTAN_CACHE_DIR or $XDG_CACHE_HOME/capstan, then control-plane/v<version>-r<recipe>/bin.
    static QString cacheDirectory();

    /// Finds each program in, first to last: $CAPSTAN_CONTROL_PLANE_DIR,
    /// $KUBEBUILDER_ASSETS (envtest's convention), PATH, and the cache.
    static Result<ControlPlaneBinaries> find();
};

} // namespace Capstan::Kube
