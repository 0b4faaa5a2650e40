// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apiresource.h"
#include "model/application.h"
#include "sync/hooks.h"

#include <QJsonObject>

#include <optional>

namespace Capstan::Sync {

/// One thing a sync does: apply an object (a resource or a hook) in a phase, or
/// prune a live object that left Git. Its state comes back from the persisted
/// results on every step.
struct SyncTask
{
    Model::SyncPhase phase = Model::SyncPhase::Sync;
    QJsonObject target; // empty: prune
    QJsonObject live; // empty: not in the cluster (yet)
    std::optional<int> waveOverride;
    std::optional<bool> modified;

    Model::ResultCode syncStatus = Model::ResultCode::None;
    Model::OperationPhase operationState = Model::OperationPhase::None;
    QString message;

    std::optional<Kube::ApiResource> resource;
    bool skipDryRun = false;

    const QJsonObject &object() const { return target.isEmpty() ? live : target; }
    QString group() const;
    QString version() const;
    QString kind() const;
    QString ns() const;
    QString name() const;
    /// group/kind/namespace/name:phase, the key of its persisted result.
    QString resultKey() const;
    int wave() const { return waveOverride.value_or(syncWave(object())); }

    bool isPrune() const { return target.isEmpty(); }
    bool isHook() const { return Sync::isHook(object()); }
    Model::HookType hookType() const { return isHook() ? hookTypeOf(phase) : Model::HookType::None; }
    /// Only hooks have delete policies.
    bool hasDeletePolicy(DeletePolicy policy) const { return isHook() && deletePolicies(object()).contains(policy); }
    bool deleteBeforeCreation() const
    {
        return !live.isEmpty() && pending() && hasDeletePolicy(DeletePolicy::BeforeHookCreation);
    }

    bool pending() const { return operationState == Model::OperationPhase::None; }
    bool running() const { return operationState == Model::OperationPhase::Running; }
    bool completed() const;
    bool successful() const { return operationState == Model::OperationPhase::Succeeded; }
};

/// The container images an object runs (a Pod, a workload's template, a CronJob's job).
QStringList imagesOf(const QJsonObject &object);

/// Argo CD's order: phase, wave, kind (Namespaces first, unknown kinds last), name.
bool taskLess(const SyncTask &a, const SyncTask &b);
/// The position of a kind in that order: negative for known kinds, 0 for others.
int kindOrder(const QString &kind);

/// Sorts tasks, then moves each Namespace and CustomResourceDefinition just
/// before the first task that needs it, into that task's phase and wave.
void sortTasks(QList<SyncTask> &tasks);
/// Prune waves run in reverse: the distinct prune waves are swapped end for end.
/// With `pruneLast` (or a resource's PruneLast=true) a prune runs after the last
/// Sync wave.
void orderPrunes(QList<SyncTask> &tasks, bool pruneLast);

} // namespace Capstan::Sync
