// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeclient.h"
#include "model/application.h"
#include "sync/resourceoperations.h"
#include "sync/synctask.h"

#include <QDateTime>
#include <QJsonObject>

#include <functional>
#include <optional>

namespace Capstan::Sync {

/// What one sync operation asks for, from the operation and the app's sync options.
struct SyncSettings
{
    /// The destination namespace: namespaced objects without one go there.
    QString ns;
    /// The resolved revision; generated hook names carry its first seven characters.
    QString revision;
    /// When the operation started; generated hook names carry it too, so they
    /// stay the same across steps and retries.
    QDateTime startedAt;

    bool prune = false;
    bool dryRun = false;
    bool force = false;
    bool replace = false;
    bool serverSideApply = false;
    bool pruneLast = false;
    bool applyOutOfSyncOnly = false;
    bool validate = true;
    bool skipHooks = false;
    bool skipDryRunOnMissingResource = false;
    /// Whether prunes marked Prune=confirm may go ahead.
    bool pruneConfirmed = false;
    Kube::PropagationPolicy prunePropagation = Kube::PropagationPolicy::Foreground;
    /// A selective sync: only these resources, and no hooks.
    QList<Model::SyncOperationResource> resources;
    /// CreateNamespace=true and the namespace is missing (or has managed
    /// metadata): this Namespace is created first, for real even in a dry run.
    std::optional<QJsonObject> createNamespace;
    /// The project's verdict on an object: empty when permitted, else why not.
    std::function<QString(const QJsonObject &object, const Kube::ApiResource &resource)> permitted;

    /// Settings for `operation`, with the sync options it carries.
    static SyncSettings fromOperation(const Model::SyncOperation &operation);
};

/// One object of the comparison: desired (from Git) and live (from the cluster).
struct SyncResource
{
    QJsonObject target;
    QJsonObject live;
    /// The comparison's verdict, for ApplyOutOfSyncOnly.
    std::optional<bool> modified;
};

/// The persisted progress of an operation.
struct SyncState
{
    Model::OperationPhase phase = Model::OperationPhase::None;
    QString message;
    QList<Model::ResourceResult> results;
};

/// Argo CD's sync as a re-entrant state machine (gitops-engine's syncContext).
///
/// Each step rebuilds the tasks from the desired and live objects, takes their
/// progress from the persisted results, reads what is running from the cluster,
/// and either waits or runs the next (phase, wave). A step blocks on the
/// cluster, so the engine runs it on a worker thread and persists the state after
/// each step; a restarted process picks up where the last persisted step ended.
class SyncContext
{
public:
    SyncContext(ResourceOperations &operations, SyncSettings settings, QList<SyncResource> resources,
                QList<QJsonObject> hooks, SyncState state);

    /// One step forward.
    void sync();
    /// Stops the operation: running hooks are deleted, the operation fails.
    void terminate();

    const SyncState &state() const { return m_state; }
    bool completed() const;

private:
    enum class RunState { Successful, Pending, Failed };

    struct Tasks
    {
        QList<SyncTask> tasks;
        bool valid = true;
    };
    Tasks tasks();
    QJsonObject liveFor(const QJsonObject &target) const;
    bool resourceSelected(const QJsonObject &object) const;
    void refreshLive(SyncTask &task);

    RunState runTasks(QList<SyncTask *> tasks, bool dryRun);
    std::pair<Model::ResultCode, QString> pruneObject(const SyncTask &task, bool dryRun);
    std::pair<Model::ResultCode, QString> applyObject(const SyncTask &task, bool dryRun, bool validate);
    Result<void, Kube::KubeError> deleteObject(const SyncTask &task);
    /// Removes Capstan's hook finalizer, re-reading the object on conflicts.
    Result<void, Kube::KubeError> removeHookFinalizer(SyncTask &task);
    void deleteHooks(const QList<SyncTask *> &hooks);
    bool executeSyncFailPhase(const QList<SyncTask *> &syncFailTasks, const QList<SyncTask *> &failedTasks,
                              const QString &message);
    void setRunningPhase(const QList<SyncTask *> &tasks, bool pendingDeletion);
    std::pair<Model::OperationPhase, QString> operationPhaseOf(const QJsonObject &live) const;

    void setPhase(Model::OperationPhase phase, const QString &message);
    void setResult(SyncTask &task, Model::ResultCode status, Model::OperationPhase phase, const QString &message);

    ResourceOperations &m_operations;
    SyncSettings m_settings;
    QList<SyncResource> m_resources;
    QList<QJsonObject> m_hooks;
    SyncState m_state;
    QList<SyncTask> m_tasks;
};

} // namespace Capstan::Sync
