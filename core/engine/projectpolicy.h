// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "model/application.h"
#include "model/appproject.h"
#include "model/cluster.h"

/// What an AppProject permits, as Argo CD decides it: source repositories,
/// destinations, and cluster- and namespace-scoped kinds.
namespace Capstan::Engine {

/// Argo CD's globMatch: "*" matches everything; with @p allowNegation, "!p"
/// matches what p does not.
bool globMatch(const QString &pattern, const QString &value, bool allowNegation, QChar separator = {});

/// Argo CD's NormalizeGitURL: lower case, `git@host:path` as `host/path`, no `.git`.
QString normalizeGitUrl(const QString &url);

/// Globs with '/' as separator; a `!pattern` denies whatever it matches.
bool isSourcePermitted(const Model::AppProject &project, const QString &repoUrl);
/// Server or name, and namespace; deny entries win.
bool isDestinationPermitted(const Model::AppProject &project, const Model::ApplicationDestination &destination);
/// Namespaced kinds: allowed unless a present whitelist misses them or the
/// blacklist has them. Cluster-scoped kinds: only what the whitelist allows.
bool isGroupKindPermitted(const Model::AppProject &project, const QString &group, const QString &kind, bool namespaced);

/// The cluster an app deploys to, by server or by name, with Argo CD's errors.
Result<Model::Cluster> destinationCluster(const Model::ApplicationDestination &destination,
                                          const QList<Model::Cluster> &clusters);

/// The destination with both its cluster's server and name filled in (as the
/// project's checks need them); as given when the cluster is unknown.
Model::ApplicationDestination resolvedDestination(const Model::ApplicationDestination &destination,
                                                  const QList<Model::Cluster> &clusters);

/// Every reason `application` may not be deployed under `project` (Argo CD's
/// InvalidSpecError messages); empty when it may.
QStringList permissionErrors(const Model::Application &application, const Model::AppProject &project,
                             const QList<Model::Cluster> &clusters);

/// The sync-time check of one object: empty when permitted.
QString objectPermissionError(const Model::AppProject &project, const Model::ApplicationDestination &destination,
                              const QString &group, const QString &kind, const QString &ns, bool namespaced);

} // namespace Capstan::Engine
