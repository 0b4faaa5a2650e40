// SPDX-License-Identifier: Apache-2.0
#include "synccontext.h"

#include "base/logging.h"
#include "health/resourcehealth.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Capstan::Sync {

using Kube::KubeError;
using Model::OperationPhase;
using Model::ResultCode;
using Model::SyncPhase;

namespace {

using Kube::groupOf;
using Kube::metadataOf;

/// The phase a result starts in: applied objects run until healthy, prunes are done.
OperationPhase operationPhaseFor(ResultCode code)
{
    switch (code) {
    case ResultCode::Synced:
        return OperationPhase::Running;
    case ResultCode::SyncFailed:
        return OperationPhase::Failed;
    case ResultCode::Pruned:
    case ResultCode::PruneSkipped:
        return OperationPhase::Succeeded;
    case ResultCode::None:
        break;
    }
    return OperationPhase::None;
}

QString resultKey(const Model::ResourceResult &result)
{
    return result.group + u'/' + result.kind + u'/' + result.ns + u'/' + result.name + u':'
        + Model::Json::enumName(result.syncPhase);
}

QList<SyncTask *> filter(const QList<SyncTask *> &tasks, const std::function<bool(const SyncTask &)> &predicate)
{
    QList<SyncTask *> result;
    for (SyncTask *task : tasks) {
        if (predicate(*task))
            result.append(task);
    }
    return result;
}

bool any(const QList<SyncTask *> &tasks, const std::function<bool(const SyncTask &)> &predicate)
{
    return std::any_of(tasks.begin(), tasks.end(), [&predicate](const SyncTask *task) { return predicate(*task); });
}

/// ApplyOutOfSyncOnly: resources the comparison found in sync are left alone.
QList<SyncTask *> outOfSyncOnly(const QList<SyncTask *> &tasks)
{
    return filter(tasks, [](const SyncTask &task) {
        return task.isHook() || task.target.isEmpty() || task.live.isEmpty() || task.modified.value_or(true);
    });
}

bool hasDeletionTimestamp(const QJsonObject &object)
{
    return !metadataOf(object).value(u"deletionTimestamp").toString().isEmpty();
}

} // namespace

SyncSettings SyncSettings::fromOperation(const Model::SyncOperation &operation)
{
    SyncSettings settings;
    const auto has = [&operation](QStringView option) { return operation.syncOptions.contains(option); };
    settings.revision = operation.revision;
    settings.prune = operation.prune;
    settings.dryRun = operation.dryRun;
    if (operation.syncStrategy) {
        if (operation.syncStrategy->apply)
            settings.force = operation.syncStrategy->apply->force;
        else if (operation.syncStrategy->hook)
            settings.force = operation.syncStrategy->hook->force;
    }
    settings.replace = has(u"Replace=true");
    settings.serverSideApply = has(u"ServerSideApply=true");
    settings.pruneLast = has(u"PruneLast=true");
    settings.applyOutOfSyncOnly = has(u"ApplyOutOfSyncOnly=true");
    settings.validate = !has(u"Validate=false");
    settings.skipDryRunOnMissingResource = has(u"SkipDryRunOnMissingResource=true");
    // The apply strategy and selective syncs run no hooks.
    const bool applyStrategy = operation.syncStrategy && operation.syncStrategy->apply;
    settings.skipHooks = applyStrategy || !operation.resources.isEmpty();
    settings.resources = operation.resources;
    if (has(u"PrunePropagationPolicy=background"))
        settings.prunePropagation = Kube::PropagationPolicy::Background;
    else if (has(u"PrunePropagationPolicy=orphan"))
        settings.prunePropagation = Kube::PropagationPolicy::Orphan;
    return settings;
}

SyncContext::SyncContext(ResourceOperations &operations, SyncSettings settings, QList<SyncResource> resources,
                         QList<QJsonObject> hooks, SyncState state)
    : m_operations(operations)
    , m_settings(std::move(settings))
    , m_resources(std::move(resources))
    , m_hooks(std::move(hooks))
    , m_state(std::move(state))
{ }

bool SyncContext::completed() const
{
    return m_state.phase == OperationPhase::Failed || m_state.phase == OperationPhase::Error
        || m_state.phase == OperationPhase::Succeeded;
}

void SyncContext::setPhase(OperationPhase phase, const QString &message)
{
    if (m_state.phase != phase || m_state.message != message)
        qCDebug(lcSync) << "operation" << Model::Json::enumName(phase) << message;
    m_state.phase = phase;
    m_state.message = message;
}

void SyncContext::setResult(SyncTask &task, ResultCode status, OperationPhase phase, const QString &message)
{
    task.syncStatus = status;
    task.operationState = phase;
    if (!message.isEmpty())
        task.message = message;
    const QString key = task.resultKey();
    for (Model::ResourceResult &result : m_state.results) {
        if (resultKey(result) == key) {
            result.status = task.syncStatus;
            result.hookPhase = task.operationState;
            result.message = task.message;
            return;
        }
    }
    Model::ResourceResult result;
    result.group = task.group();
    result.version = task.version();
    result.kind = task.kind();
    result.ns = task.ns();
    result.name = task.name();
    result.status = task.syncStatus;
    result.message = task.message;
    result.hookType = task.hookType();
    result.hookPhase = task.operationState;
    result.syncPhase = task.phase;
    result.images = imagesOf(task.object());
    qCDebug(lcSync) << "result" << key << Model::Json::enumName(status) << Model::Json::enumName(phase) << message;
    m_state.results.append(result);
}

bool SyncContext::resourceSelected(const QJsonObject &object) const
{
    if (m_settings.resources.isEmpty())
        return true;
    const QString group = groupOf(object);
    const QString kind = object.value(u"kind").toString();
    const QJsonObject metadata = metadataOf(object);
    const QString name = metadata.value(u"name").toString();
    const QString ns = metadata.value(u"namespace").toString();
    return std::any_of(m_settings.resources.begin(), m_settings.resources.end(),
                       [&](const Model::SyncOperationResource &resource) {
                           return resource.name == name && resource.kind == kind && resource.group == group
                               && (resource.ns.isEmpty() || resource.ns == ns);
                       });
}

QJsonObject SyncContext::liveFor(const QJsonObject &target) const
{
    const QString group = groupOf(target);
    const QString kind = target.value(u"kind").toString();
    const QJsonObject metadata = metadataOf(target);
    const QString name = metadata.value(u"name").toString();
    const QString ns = metadata.value(u"namespace").toString();
    for (const SyncResource &resource : m_resources) {
        if (resource.live.isEmpty())
            continue;
        const QJsonObject liveMetadata = metadataOf(resource.live);
        const QString liveNamespace = liveMetadata.value(u"namespace").toString();
        if (groupOf(resource.live) == group && resource.live.value(u"kind").toString() == kind
            && liveMetadata.value(u"name").toString() == name && (liveNamespace.isEmpty() || liveNamespace == ns))
            return resource.live;
    }
    return {};
}

SyncContext::Tasks SyncContext::tasks()
{
    QList<SyncTask> tasks;
    for (const SyncResource &resource : std::as_const(m_resources)) {
        const QJsonObject &object = resource.target.isEmpty() ? resource.live : resource.target;
        // Live hooks are never pruned; they are the hooks' live objects.
        if (!resourceSelected(object) || isHook(object))
            continue;
        for (SyncPhase phase : syncPhases(object)) {
            SyncTask task;
            task.phase = phase;
            task.target = resource.target;
            task.live = resource.live;
            task.modified = resource.modified;
            tasks.append(task);
        }
    }
    if (!m_settings.skipHooks) {
        for (const QJsonObject &hook : std::as_const(m_hooks)) {
            for (SyncPhase phase : syncPhases(hook)) {
                QJsonObject target = hook;
                QJsonObject metadata = metadataOf(target);
                if (metadata.value(u"name").toString().isEmpty()) {
                    const QString postfix = u"%1-%2-%3"_s
                                                .arg(m_settings.revision.left(7), Model::Json::enumName(phase),
                                                     QString::number(m_settings.startedAt.toSecsSinceEpoch()))
                                                .toLower();
                    metadata.insert(u"name"_s, QString(metadata.value(u"generateName").toString() + postfix));
                }
                QJsonArray finalizers = metadata.value(u"finalizers").toArray();
                if (!finalizers.contains(hookFinalizer.toString()))
                    finalizers.append(hookFinalizer.toString());
                metadata.insert(u"finalizers"_s, finalizers);
                target.insert(u"metadata"_s, metadata);
                SyncTask task;
                task.phase = phase;
                task.target = target;
                tasks.append(task);
            }
        }
    }

    // Resolve each kind once; namespaced objects without a namespace go to the destination.
    QHash<Kube::GroupVersionKind, Result<Kube::ApiResource, KubeError>> resolved;
    const auto resolve = [&](const QJsonObject &object) -> const Result<Kube::ApiResource, KubeError> & {
        const Kube::GroupVersionKind gvk = Kube::GroupVersionKind::of(object);
        auto it = resolved.find(gvk);
        if (it == resolved.end())
            it = resolved.insert(gvk, m_operations.resource(gvk));
        return *it;
    };
    for (SyncTask &task : tasks) {
        if (task.target.isEmpty() || !metadataOf(task.target).value(u"namespace").toString().isEmpty())
            continue;
        const auto &resource = resolve(task.target);
        if (!resource || resource->namespaced) {
            QJsonObject metadata = metadataOf(task.target);
            metadata.insert(u"namespace"_s, m_settings.ns);
            task.target.insert(u"metadata"_s, metadata);
        }
    }

    if (m_settings.createNamespace && !m_settings.ns.isEmpty()) {
        const bool managed = std::any_of(tasks.begin(), tasks.end(), [this](const SyncTask &task) {
            return !task.isPrune() && task.kind() == u"Namespace" && task.group().isEmpty()
                && task.name() == m_settings.ns;
        });
        if (!managed) {
            SyncTask task;
            task.phase = SyncPhase::PreSync;
            task.target = *m_settings.createNamespace;
            tasks.append(task);
        }
    }

    for (SyncTask &task : tasks) {
        if (!task.target.isEmpty())
            task.live = liveFor(task.target);
    }

    // Every kind must be served, and every object permitted by the project.
    const auto hasDefinitionFor = [&tasks, this](const QString &group, const QString &kind) {
        const auto defines = [&](const QJsonObject &object) {
            if (object.value(u"kind").toString() != u"CustomResourceDefinition")
                return false;
            const QJsonObject spec = object.value(u"spec").toObject();
            return spec.value(u"group").toString() == group
                && spec.value(u"names").toObject().value(u"kind").toString() == kind;
        };
        return std::any_of(tasks.begin(), tasks.end(), [&](const SyncTask &task) { return defines(task.target); })
            || std::any_of(m_hooks.begin(), m_hooks.end(), defines);
    };
    bool valid = true;
    for (SyncTask &task : tasks) {
        const auto &resource = resolve(task.object());
        if (!resource) {
            const bool skip = m_settings.skipDryRunOnMissingResource
                || hasAnnotationOption(task.target, Annotation::syncOptions, u"SkipDryRunOnMissingResource=true")
                || hasDefinitionFor(task.group(), task.kind());
            if (resource.error().reason == KubeError::Reason::NotFound && skip) {
                task.skipDryRun = true;
                continue;
            }
            const QString message = resource.error().reason == KubeError::Reason::NotFound
                ? u"The Kubernetes API could not find %1/%2 for requested resource %3/%4. Make sure the \"%5\" CRD "
                  "is installed on the destination cluster."_s.arg(task.group(), task.kind(), task.ns(), task.name(),
                                                                   task.kind())
                : resource.error().message;
            setResult(task, ResultCode::SyncFailed, OperationPhase::None, message);
            valid = false;
            continue;
        }
        task.resource = *resource;
        if (m_settings.permitted) {
            if (const QString denied = m_settings.permitted(task.object(), *resource); !denied.isEmpty()) {
                setResult(task, ResultCode::SyncFailed, OperationPhase::None, denied);
                valid = false;
            }
        }
    }

    orderPrunes(tasks, m_settings.pruneLast);
    sortTasks(tasks);

    QHash<QString, const Model::ResourceResult *> results;
    for (const Model::ResourceResult &result : std::as_const(m_state.results))
        results.insert(resultKey(result), &result);
    for (SyncTask &task : tasks) {
        if (const Model::ResourceResult *result = results.value(task.resultKey())) {
            task.syncStatus = result->status;
            task.operationState = result->hookPhase;
            task.message = result->message;
        }
    }
    return Tasks{tasks, valid};
}

void SyncContext::refreshLive(SyncTask &task)
{
    if (!task.resource)
        return;
    auto current = m_operations.get(*task.resource, task.ns(), task.name());
    if (current)
        task.live = *current;
    else if (current.error().reason == KubeError::Reason::NotFound)
        task.live = {};
    else if (task.running() && task.live.isEmpty())
        setResult(task, task.syncStatus, OperationPhase::Error,
                  u"Failed to get live resource: %1"_s.arg(current.error().message));
    else
        qCInfo(lcSync).noquote() << "cannot read" << task.resultKey()
                                 << ", keeping what is known:" << current.error().message;
}

std::pair<OperationPhase, QString> SyncContext::operationPhaseOf(const QJsonObject &live) const
{
    OperationPhase phase = OperationPhase::Succeeded;
    QString message = metadataOf(live).value(u"name").toString() + u" created"_s;
    if (const auto health = Health::resourceHealth(live)) {
        switch (health->status) {
        case Model::HealthStatusCode::Unknown:
        case Model::HealthStatusCode::Degraded:
            phase = OperationPhase::Failed;
            break;
        case Model::HealthStatusCode::Progressing:
        case Model::HealthStatusCode::Suspended:
            phase = OperationPhase::Running;
            break;
        case Model::HealthStatusCode::Healthy:
            phase = OperationPhase::Succeeded;
            break;
        default:
            return {phase, message};
        }
        message = health->message;
    }
    return {phase, message};
}

void SyncContext::sync()
{
    Tasks built = tasks();
    if (!built.valid) {
        setPhase(OperationPhase::Failed, u"one or more synchronization tasks are not valid"_s);
        return;
    }
    m_tasks = std::move(built.tasks);
    QList<SyncTask *> tasks;
    for (SyncTask &task : m_tasks)
        tasks.append(&task);

    // What runs, what was pruned and the hooks are read from the API server, not
    // from the cache, which may not have seen the last step's writes yet.
    if (!m_settings.dryRun) {
        for (SyncTask *task : tasks) {
            if (task->running() || task->isHook() || (task->isPrune() && task->completed()))
                refreshLive(*task);
        }
    }

    if (m_state.results.isEmpty()) {
        // Once per operation: the namespace first, then everything as a dry run.
        QList<SyncTask *> dryRunTasks = tasks;
        const QList<SyncTask *> namespaces = filter(tasks, [this](const SyncTask &task) {
            return !task.isPrune() && task.live.isEmpty() && task.kind() == u"Namespace" && task.group().isEmpty()
                && task.name() == m_settings.ns;
        });
        if (!namespaces.isEmpty()) {
            if (runTasks(namespaces, false) == RunState::Failed) {
                executeSyncFailPhase({}, namespaces, u"the namespace failed to apply"_s);
                return;
            }
            dryRunTasks
                = filter(dryRunTasks, [&namespaces](const SyncTask &task) { return !namespaces.contains(&task); });
        }
        if (m_settings.applyOutOfSyncOnly)
            dryRunTasks = outOfSyncOnly(dryRunTasks);
        if (runTasks(dryRunTasks, true) == RunState::Failed) {
            setPhase(OperationPhase::Failed, u"one or more objects failed to apply (dry run)"_s);
            return;
        }
    }

    // Running tasks finish when their objects are healthy (or hooks complete).
    for (SyncTask *task : tasks) {
        if (!task->running() || task->live.isEmpty())
            continue;
        if (task->isHook()) {
            const auto [phase, message] = operationPhaseOf(task->live);
            setResult(*task, task->syncStatus, phase, message);
        } else if (const auto health = Health::resourceHealth(task->live)) {
            if (health->status == Model::HealthStatusCode::Healthy)
                setResult(*task, task->syncStatus, OperationPhase::Succeeded, health->message);
            else if (health->status == Model::HealthStatusCode::Degraded)
                setResult(*task, task->syncStatus, OperationPhase::Failed, health->message);
        } else {
            setResult(*task, task->syncStatus, OperationPhase::Succeeded, task->message);
        }
    }

    // One phase and one wave: nothing waits for health. Otherwise each wave waits.
    const bool multiStep = !tasks.isEmpty()
        && (tasks.first()->wave() != tasks.last()->wave() || tasks.first()->phase != tasks.last()->phase);
    const QList<SyncTask *> running
        = filter(tasks, [multiStep](const SyncTask &task) { return (multiStep || task.isHook()) && task.running(); });
    if (!running.isEmpty()) {
        for (SyncTask *task : running) {
            if (task->live.isEmpty() && !m_settings.dryRun)
                refreshLive(*task); // written in this very step
            if (task->live.isEmpty() && !m_settings.dryRun)
                setResult(*task, ResultCode::SyncFailed, OperationPhase::Error,
                          u"Resource %1/%2/%3 is missing, it might have been deleted"_s.arg(task->group(), task->kind(),
                                                                                            task->name()));
        }
        setRunningPhase(running, false);
        return;
    }

    // Pruned objects must be gone before the next wave.
    const QList<SyncTask *> deleting = filter(tasks, [](const SyncTask &task) {
        return task.isPrune() && task.syncStatus == ResultCode::Pruned && hasDeletionTimestamp(task.live);
    });
    if (!deleting.isEmpty()) {
        setRunningPhase(deleting, true);
        return;
    }

    if (!m_settings.dryRun) {
        for (SyncTask *task : tasks) {
            if (!task->isHook() || !task->completed() || task->live.isEmpty())
                continue;
            if (auto removed = removeHookFinalizer(*task); !removed)
                setResult(*task, task->syncStatus, OperationPhase::Error,
                          u"Failed to remove hook finalizer: %1"_s.arg(removed.error().message));
        }
    }

    const QList<SyncTask *> hooksOnSuccess = filter(tasks, [](const SyncTask &task) {
        return task.isHook() && !task.live.isEmpty() && !task.running()
            && task.hasDeletePolicy(DeletePolicy::HookSucceeded);
    });
    const QList<SyncTask *> hooksOnFailure = filter(tasks, [](const SyncTask &task) {
        return task.isHook() && !task.live.isEmpty() && !task.running()
            && task.hasDeletePolicy(DeletePolicy::HookFailed);
    });

    const QList<SyncTask *> syncFailTasks
        = filter(tasks, [](const SyncTask &task) { return task.phase == SyncPhase::SyncFail; });
    tasks = filter(tasks, [](const SyncTask &task) { return task.phase != SyncPhase::SyncFail; });
    const QList<SyncTask *> failedTasks
        = filter(tasks, [](const SyncTask &task) { return task.syncStatus == ResultCode::SyncFailed; });

    if (any(tasks, [](const SyncTask &task) { return task.completed() && !task.successful(); })) {
        deleteHooks(hooksOnFailure);
        executeSyncFailPhase(syncFailTasks, failedTasks,
                             u"one or more synchronization tasks completed unsuccessfully"_s);
        return;
    }

    QList<SyncTask *> pending = filter(tasks, [](const SyncTask &task) { return task.pending(); });
    if (m_settings.applyOutOfSyncOnly)
        pending = outOfSyncOnly(pending);
    if (pending.isEmpty()) {
        deleteHooks(hooksOnSuccess);
        setPhase(OperationPhase::Succeeded, u"successfully synced (no more tasks)"_s);
        return;
    }

    const SyncPhase phase = pending.first()->phase;
    const int wave = pending.first()->wave();
    const QList<SyncTask *> thisWave
        = filter(pending, [phase, wave](const SyncTask &task) { return task.phase == phase && task.wave() == wave; });
    const qsizetype remaining = pending.size() - thisWave.size();
    setPhase(OperationPhase::Running, u"one or more tasks are running"_s);
    qCInfo(lcSync) << "running phase" << Model::Json::enumName(phase) << "wave" << wave << "with" << thisWave.size()
                   << "tasks";
    const QString messageBefore = m_state.message;
    switch (runTasks(thisWave, false)) {
    case RunState::Failed: {
        const QList<SyncTask *> failed
            = filter(thisWave, [](const SyncTask &task) { return task.syncStatus == ResultCode::SyncFailed; });
        QList<SyncTask *> runningHooks = filter(thisWave, [](const SyncTask &task) { return task.running(); });
        if (!runningHooks.isEmpty()) {
            if (!syncFailTasks.isEmpty()
                && !executeSyncFailPhase(syncFailTasks, failed, u"one or more objects failed to apply"_s))
                runningHooks.append(syncFailTasks);
            setRunningPhase(runningHooks, false);
        } else if (executeSyncFailPhase(syncFailTasks, failed, u"one or more objects failed to apply"_s)) {
            deleteHooks(hooksOnFailure);
        }
        break;
    }
    case RunState::Successful:
        if (remaining == 0 && !any(thisWave, [](const SyncTask &task) { return task.isHook(); })) {
            deleteHooks(hooksOnSuccess);
            setPhase(OperationPhase::Succeeded, u"successfully synced (all tasks run)"_s);
        } else {
            setRunningPhase(thisWave, false);
        }
        break;
    case RunState::Pending:
        if (m_state.message != messageBefore)
            break; // waiting for pruning confirmation says so
        setRunningPhase(filter(thisWave,
                               [](const SyncTask &task) {
                                   return task.deleteBeforeCreation() || (task.isPrune() && task.pending());
                               }),
                        true);
        break;
    }
}

SyncContext::RunState SyncContext::runTasks(QList<SyncTask *> tasks, bool dryRun)
{
    dryRun = dryRun || m_settings.dryRun;
    RunState state = RunState::Successful;
    const QList<SyncTask *> pruneTasks = filter(tasks, [](const SyncTask &task) { return task.isPrune(); });
    const QList<SyncTask *> createTasks = filter(tasks, [](const SyncTask &task) { return !task.isPrune(); });

    // A hook left from an interrupted operation must not keep its finalizer.
    if (!dryRun) {
        bool removedAll = true;
        for (SyncTask *task : std::as_const(tasks)) {
            if (!task->isHook() || !task->pending() || task->live.isEmpty())
                continue;
            if (auto removed = removeHookFinalizer(*task); !removed) {
                setResult(*task, task->syncStatus, OperationPhase::Error,
                          u"failed to remove hook finalizer: %1"_s.arg(removed.error().message));
                removedAll = false;
            }
        }
        if (!removedAll)
            return RunState::Failed;
    }

    if (!m_settings.pruneConfirmed) {
        QStringList waiting;
        for (const SyncTask *task : pruneTasks) {
            if (hasAnnotationOption(task->live, Annotation::syncOptions, u"Prune=confirm"))
                waiting.append(task->live.value(u"apiVersion").toString() + u'/' + task->kind() + u'/' + task->name());
        }
        if (!waiting.isEmpty()) {
            QString message = u"Waiting for pruning confirmation of "_s + waiting.first();
            if (waiting.size() > 1)
                message += u" and %1 more resources"_s.arg(waiting.size() - 1);
            m_state.message = message;
            return RunState::Pending;
        }
    }
    for (SyncTask *task : pruneTasks) {
        const auto [result, message] = pruneObject(*task, dryRun);
        if (result == ResultCode::SyncFailed)
            state = RunState::Failed;
        if (!dryRun || m_settings.dryRun || result == ResultCode::SyncFailed)
            setResult(*task, result, operationPhaseFor(result), message);
    }
    if (state != RunState::Successful)
        return state;

    for (SyncTask *task : createTasks) {
        if (!task->deleteBeforeCreation() || dryRun)
            continue;
        if (auto removed = deleteObject(*task); removed) {
            state = RunState::Pending;
        } else if (removed.error().reason != KubeError::Reason::NotFound) {
            state = RunState::Failed;
            setResult(*task, ResultCode::None, OperationPhase::Error,
                      u"failed to delete resource: %1"_s.arg(removed.error().message));
        } else {
            task->live = {};
        }
    }
    if (state != RunState::Successful)
        return state;

    // Kind by kind, in order; a failure does not stop the kinds after it.
    for (SyncTask *task : createTasks) {
        if (dryRun && task->skipDryRun)
            continue;
        const bool validate
            = m_settings.validate && !hasAnnotationOption(task->target, Annotation::syncOptions, u"Validate=false");
        const auto [result, message] = applyObject(*task, dryRun, validate);
        if (result == ResultCode::SyncFailed)
            state = RunState::Failed;
        if (!dryRun || m_settings.dryRun || result == ResultCode::SyncFailed) {
            OperationPhase phase = operationPhaseFor(result);
            if (m_settings.dryRun && phase == OperationPhase::Running)
                phase = OperationPhase::Succeeded;
            setResult(*task, result, phase, message);
        }
    }
    return state;
}

std::pair<ResultCode, QString> SyncContext::pruneObject(const SyncTask &task, bool dryRun)
{
    if (!m_settings.prune)
        return {ResultCode::PruneSkipped, u"ignored (requires pruning)"_s};
    if (hasAnnotationOption(task.live, Annotation::syncOptions, u"Prune=false"))
        return {ResultCode::PruneSkipped, u"ignored (no prune)"_s};
    if (dryRun)
        return {ResultCode::Pruned, u"pruned (dry run)"_s};
    if (!hasDeletionTimestamp(task.live) && task.resource) {
        auto removed = m_operations.remove(*task.resource, task.ns(), task.name(), m_settings.prunePropagation);
        if (!removed && removed.error().reason != KubeError::Reason::NotFound)
            return {ResultCode::SyncFailed, removed.error().message};
    }
    return {ResultCode::Pruned, u"pruned"_s};
}

std::pair<ResultCode, QString> SyncContext::applyObject(const SyncTask &task, bool dryRun, bool validate)
{
    Kube::ApiResource resource;
    if (task.resource) {
        resource = *task.resource;
    } else {
        // Its definition came with this sync: resolve again now that it exists.
        auto resolved = m_operations.resource(Kube::GroupVersionKind::of(task.target));
        if (!resolved)
            return {ResultCode::SyncFailed, resolved.error().message};
        resource = *resolved;
    }
    const auto option = [&task](QStringView value) {
        return hasAnnotationOption(task.target, Annotation::syncOptions, value)
            || hasAnnotationOption(task.live, Annotation::syncOptions, value);
    };
    ApplyOptions options;
    options.dryRun = dryRun;
    options.validate = validate;
    options.replace = m_settings.replace || option(u"Replace=true");
    options.force = m_settings.force || option(u"Force=true");
    options.serverSide = !dryRun && !hasAnnotationOption(task.target, Annotation::syncOptions, u"ServerSideApply=false")
        && (m_settings.serverSideApply
            || hasAnnotationOption(task.target, Annotation::syncOptions, u"ServerSideApply=true"));
    auto applied = m_operations.apply(resource, task.target, task.live, options);
    if (!applied)
        return {ResultCode::SyncFailed, applied.error().message};
    return {ResultCode::Synced, *applied};
}

Result<void, KubeError> SyncContext::deleteObject(const SyncTask &task)
{
    if (!task.resource) {
        KubeError error;
        error.reason = KubeError::Reason::NotFound;
        return Failure(error);
    }
    return m_operations.remove(*task.resource, task.ns(), task.name(), m_settings.prunePropagation);
}

Result<void, KubeError> SyncContext::removeHookFinalizer(SyncTask &task)
{
    if (!task.resource)
        return {};
    const QString finalizer = hookFinalizer.toString();
    // The live object may be stale: on a conflict it is read again and retried.
    for (int attempt = 0;; ++attempt) {
        QJsonObject live = task.live;
        QJsonObject metadata = metadataOf(live);
        QJsonArray finalizers = metadata.value(u"finalizers").toArray();
        if (!finalizers.contains(finalizer))
            return {};
        for (qsizetype i = finalizers.size() - 1; i >= 0; --i) {
            if (finalizers.at(i).toString() == finalizer)
                finalizers.removeAt(i);
        }
        if (finalizers.isEmpty())
            metadata.remove(u"finalizers");
        else
            metadata.insert(u"finalizers"_s, finalizers);
        live.insert(u"metadata"_s, metadata);
        auto updated = m_operations.update(*task.resource, live);
        if (updated) {
            task.live = *updated;
            return {};
        }
        if (updated.error().reason == KubeError::Reason::NotFound) {
            task.live = {};
            return {};
        }
        if (updated.error().reason != KubeError::Reason::Conflict || attempt == 4)
            return Failure(updated.error());
        auto current = m_operations.get(*task.resource, task.ns(), task.name());
        if (!current && current.error().reason == KubeError::Reason::NotFound) {
            task.live = {};
            return {};
        }
        if (!current)
            return Failure(current.error());
        task.live = *current;
    }
}

void SyncContext::deleteHooks(const QList<SyncTask *> &hooks)
{
    if (m_settings.dryRun)
        return;
    for (SyncTask *task : hooks) {
        auto removed = deleteObject(*task);
        if (!removed && removed.error().reason != KubeError::Reason::NotFound)
            setResult(*task, task->syncStatus, OperationPhase::Error,
                      u"failed to delete resource: %1"_s.arg(removed.error().message));
    }
}

bool SyncContext::executeSyncFailPhase(const QList<SyncTask *> &syncFailTasks, const QList<SyncTask *> &failedTasks,
                                       const QString &message)
{
    QStringList reasons;
    for (const SyncTask *task : failedTasks) {
        if (!task->message.isEmpty() && !reasons.contains(task->message))
            reasons.append(task->message);
    }
    QString errorMessage = message;
    if (!reasons.isEmpty())
        errorMessage += u", reason: "_s + reasons.join(u',');

    if (syncFailTasks.isEmpty()) {
        setPhase(OperationPhase::Failed, errorMessage);
        return true;
    }
    if (!any(syncFailTasks, [](const SyncTask &task) { return !task.completed(); })) {
        const QList<SyncTask *> failedHooks
            = filter(syncFailTasks, [](const SyncTask &task) { return task.syncStatus == ResultCode::SyncFailed; });
        if (!failedHooks.isEmpty()) {
            QStringList hookReasons;
            for (const SyncTask *task : failedHooks) {
                if (!task->message.isEmpty() && !hookReasons.contains(task->message))
                    hookReasons.append(task->message);
            }
            errorMessage += u"\none or more SyncFail hooks failed"_s;
            if (!hookReasons.isEmpty())
                errorMessage += u", reason: "_s + hookReasons.join(u',');
        }
        setPhase(OperationPhase::Failed, errorMessage);
        return true;
    }
    const QList<SyncTask *> pending
        = filter(syncFailTasks, [](const SyncTask &task) { return !task.completed() && !task.running(); });
    runTasks(pending, false);
    setRunningPhase(pending, false);
    return false;
}

void SyncContext::setRunningPhase(const QList<SyncTask *> &tasks, bool pendingDeletion)
{
    if (tasks.isEmpty()) {
        setPhase(OperationPhase::Running, {});
        return;
    }
    const QList<SyncTask *> hooks = filter(tasks, [](const SyncTask &task) { return task.isHook(); });
    const qsizetype resources = tasks.size() - hooks.size();
    QString reason = hooks.isEmpty() ? u"healthy state of"_s : u"completion of hook"_s;
    const QString taskType = resources == 0 ? u"hooks"_s : u"resources"_s;
    if (pendingDeletion)
        reason = hooks.isEmpty() ? u"deletion of"_s : u"deletion of hook"_s;
    const SyncTask *first = hooks.isEmpty() ? tasks.first() : hooks.first();
    QString message = u"waiting for %1 %2/%3/%4"_s.arg(reason, first->group(), first->kind(), first->name());
    if (const qsizetype more = tasks.size() - 1; more > 0)
        message += u" and %1 more %2"_s.arg(more).arg(taskType);
    setPhase(OperationPhase::Running, message);
}

void SyncContext::terminate()
{
    // Running hooks are stopped even when some task is not valid any more.
    m_tasks = tasks().tasks;
    bool clean = true;
    for (SyncTask &task : m_tasks) {
        if (!task.isHook())
            continue;
        if (task.completed()) {
            refreshLive(task);
            if (task.live.isEmpty())
                continue;
            if (auto removed = removeHookFinalizer(task); !removed) {
                setResult(task, task.syncStatus, OperationPhase::Error,
                          u"Failed to remove hook finalizer: %1"_s.arg(removed.error().message));
                clean = false;
            }
            continue;
        }
        if (!task.running())
            continue;
        if (task.resource) {
            auto current = m_operations.get(*task.resource, task.ns(), task.name());
            if (!current && current.error().reason != KubeError::Reason::NotFound) {
                setResult(task, task.syncStatus, OperationPhase::Error,
                          u"Failed to get live resource: %1"_s.arg(current.error().message));
                clean = false;
                continue;
            }
            task.live = current ? *current : QJsonObject();
        }
        if (task.live.isEmpty()) {
            setResult(task, task.syncStatus, OperationPhase::Succeeded, u"Terminated"_s);
            continue;
        }
        // Its latest state first: it may have completed meanwhile.
        const auto [phase, message] = operationPhaseOf(task.live);
        if (auto removed = removeHookFinalizer(task); !removed) {
            setResult(task, task.syncStatus, OperationPhase::Error,
                      u"Failed to remove hook finalizer: %1"_s.arg(removed.error().message));
            clean = false;
            continue;
        }
        if (phase == OperationPhase::Running || task.hasDeletePolicy(DeletePolicy::HookFailed)) {
            auto removed = deleteObject(task);
            if (!removed && removed.error().reason != KubeError::Reason::NotFound) {
                setResult(task, task.syncStatus, OperationPhase::Failed,
                          u"Failed to delete: %1"_s.arg(removed.error().message));
                clean = false;
                continue;
            }
        }
        if (phase == OperationPhase::Succeeded || phase == OperationPhase::Failed || phase == OperationPhase::Error)
            setResult(task, task.syncStatus, phase, message);
        else if (task.operationState != OperationPhase::Error)
            setResult(task, task.syncStatus, OperationPhase::Failed, u"Terminated"_s);
    }
    if (clean)
        setPhase(OperationPhase::Failed, u"Operation terminated"_s);
    else
        setPhase(OperationPhase::Error, u"Operation termination had errors"_s);
}

} // namespace Capstan::Sync
