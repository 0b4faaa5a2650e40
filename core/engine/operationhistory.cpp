// SPDX-License-Identifier: Apache-2.0
#include "operationhistory.h"

namespace Capstan::Engine {

bool isDeployment(const Model::OperationState &state)
{
    const Model::SyncOperation sync = state.operation.sync.value_or(Model::SyncOperation());
    return state.phase == Model::OperationPhase::Succeeded && state.operation.sync && !sync.dryRun
        && sync.resources.isEmpty();
}

void recordDeployment(Model::Application &stored, const Model::Application &deployed,
                      const Model::OperationState &state, const QDateTime &deployedAt)
{
    QList<Model::RevisionHistory> &history = stored.status.history;
    Model::RevisionHistory entry;
    entry.id = history.isEmpty() ? 0 : history.last().id + 1;
    entry.deployedAt = deployedAt;
    entry.deployStartedAt = state.startedAt;
    entry.initiatedBy = state.operation.initiatedBy;
    if (deployed.spec.hasMultipleSources()) {
        entry.sources = deployed.spec.sources;
        entry.revisions = state.syncResult ? state.syncResult->revisions : QStringList();
    } else {
        entry.source = deployed.spec.source.value_or(Model::ApplicationSource());
        entry.revision = state.syncResult ? state.syncResult->revision : QString();
    }
    history.append(entry);
    const qint64 limit = std::max<qint64>(0, stored.spec.historyLimit());
    while (history.size() > limit)
        history.removeFirst();
}

} // namespace Capstan::Engine
