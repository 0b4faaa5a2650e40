// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

namespace Capstan::Engine {

/// Whether a finished operation is a deployment to remember: a sync that
/// succeeded, was no dry run and synced the whole app (Argo CD keeps no
/// history of partial syncs).
bool isDeployment(const Model::OperationState &state);

/// Appends @p state's deployment of @p deployed (the app as the operation
/// synced it: a rollback's source, not the spec's) to @p stored's history,
/// numbered after the last entry, and keeps the newest
/// `revisionHistoryLimit` entries (10 by default).
void recordDeployment(Model::Application &stored, const Model::Application &deployed,
                      const Model::OperationState &state, const QDateTime &deployedAt);

} // namespace Capstan::Engine
