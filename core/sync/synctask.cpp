// SPDX-License-Identifier: Apache-2.0
#include "synctask.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace Capstan::Sync {

using Model::OperationPhase;
using Model::SyncPhase;

namespace {

int phaseOrder(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::PreSync:
        return -1;
    case SyncPhase::PostSync:
        return 1;
    case SyncPhase::SyncFail:
        return 2;
    default:
        return 0;
    }
}

// Helm's install order (releaseutil/kind_sorter.go), as Argo CD uses it.
const QStringList kinds{
    u"Namespace"_s,
    u"NetworkPolicy"_s,
    u"ResourceQuota"_s,
    u"LimitRange"_s,
    u"PodSecurityPolicy"_s,
    u"PodDisruptionBudget"_s,
    u"ServiceAccount"_s,
    u"Secret"_s,
    u"SecretList"_s,
    u"ConfigMap"_s,
    u"StorageClass"_s,
    u"PersistentVolume"_s,
    u"PersistentVolumeClaim"_s,
    u"CustomResourceDefinition"_s,
    u"ClusterRole"_s,
    u"ClusterRoleList"_s,
    u"ClusterRoleBinding"_s,
    u"ClusterRoleBindingList"_s,
    u"Role"_s,
    u"RoleList"_s,
    u"RoleBinding"_s,
    u"RoleBindingList"_s,
    u"Service"_s,
    u"DaemonSet"_s,
    u"Pod"_s,
    u"ReplicationController"_s,
    u"ReplicaSet"_s,
    u"Deployment"_s,
    u"HorizontalPodAutoscaler"_s,
    u"StatefulSet"_s,
    u"Job"_s,
    u"CronJob"_s,
    u"IngressClass"_s,
    u"Ingress"_s,
    u"APIService"_s,
};

/// Moves dependencies (Namespaces or CRDs) in front of their first referrer.
template<typename DependencyKey, typename ReferrerKey>
void adjustDependencies(QList<SyncTask> &tasks, DependencyKey dependencyKey, ReferrerKey referrerKey)
{
    QHash<QString, qsizetype> firstReferrer;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const SyncTask &task = tasks.at(i);
        if (task.isPrune())
            continue;
        if (const QString key = dependencyKey(task); !key.isEmpty()) {
            if (auto it = firstReferrer.constFind(key); it != firstReferrer.cend() && *it < i) {
                const qsizetype j = *it;
                SyncTask moved = tasks.takeAt(i);
                moved.phase = tasks.at(j).phase;
                moved.waveOverride = tasks.at(j).wave();
                tasks.insert(j, moved);
                // Everything between shifted by one.
                for (auto ref = firstReferrer.begin(); ref != firstReferrer.end(); ++ref) {
                    if (*ref >= j && *ref < i)
                        ++*ref;
                }
                continue;
            }
        }
        if (const QString key = referrerKey(task); !key.isEmpty() && !firstReferrer.contains(key))
            firstReferrer.insert(key, i);
    }
}

} // namespace

QStringList imagesOf(const QJsonObject &object)
{
    const QJsonObject spec = object.value(u"spec").toObject();
    QJsonObject podSpec;
    const QString kind = object.value(u"kind").toString();
    if (kind == u"Pod")
        podSpec = spec;
    else if (kind == u"CronJob")
        podSpec = spec.value(u"jobTemplate")
                      .toObject()
                      .value(u"spec")
                      .toObject()
                      .value(u"template")
                      .toObject()
                      .value(u"spec")
                      .toObject();
    else
        podSpec = spec.value(u"template").toObject().value(u"spec").toObject();
    QStringList images;
    for (const char *field : {"initContainers", "containers"}) {
        for (const QJsonValue &container : podSpec.value(QLatin1StringView(field)).toArray()) {
            const QString image = container.toObject().value(u"image").toString();
            if (!image.isEmpty() && !images.contains(image))
                images.append(image);
        }
    }
    return images;
}

QString SyncTask::group() const
{
    return Kube::groupOf(object());
}

QString SyncTask::version() const
{
    return Kube::GroupVersionKind::of(object()).version;
}

QString SyncTask::kind() const
{
    return object().value(u"kind").toString();
}

QString SyncTask::ns() const
{
    return Kube::namespaceOf(object());
}

QString SyncTask::name() const
{
    return Kube::nameOf(object());
}

QString SyncTask::resultKey() const
{
    return group() + u'/' + kind() + u'/' + ns() + u'/' + name() + u':' + Model::Json::enumName(phase);
}

bool SyncTask::completed() const
{
    return operationState == OperationPhase::Failed || operationState == OperationPhase::Error
        || operationState == OperationPhase::Succeeded;
}

int kindOrder(const QString &kind)
{
    const qsizetype index = kinds.indexOf(kind);
    return index < 0 ? 0 : int(index - kinds.size());
}

bool taskLess(const SyncTask &a, const SyncTask &b)
{
    if (const int pa = phaseOrder(a.phase), pb = phaseOrder(b.phase); pa != pb)
        return pa < pb;
    if (const int wa = a.wave(), wb = b.wave(); wa != wb)
        return wa < wb;
    if (const int ka = kindOrder(a.kind()), kb = kindOrder(b.kind()); ka != kb)
        return ka < kb;
    return a.name() < b.name();
}

void sortTasks(QList<SyncTask> &tasks)
{
    // Stable, so ties keep the order the manifests came in.
    std::stable_sort(tasks.begin(), tasks.end(), taskLess);
    adjustDependencies(
        tasks,
        [](const SyncTask &task) -> QString {
            return task.kind() == u"Namespace" && task.group().isEmpty() ? task.name() : QString();
        },
        [](const SyncTask &task) { return task.ns(); });
    adjustDependencies(
        tasks,
        [](const SyncTask &task) -> QString {
            if (task.kind() != u"CustomResourceDefinition" || task.group() != u"apiextensions.k8s.io")
                return QString();
            const QJsonObject spec = task.target.value(u"spec").toObject();
            return spec.value(u"group").toString() + u'/' + spec.value(u"names").toObject().value(u"kind").toString();
        },
        [](const SyncTask &task) -> QString { return task.group() + u'/' + task.kind(); });
}

void orderPrunes(QList<SyncTask> &tasks, bool pruneLast)
{
    std::map<int, QList<qsizetype>> pruneWaves;
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        if (tasks.at(i).isPrune())
            pruneWaves[tasks.at(i).wave()].append(i);
    }
    QList<int> waves;
    for (const auto &[wave, indexes] : pruneWaves)
        waves.append(wave);
    for (qsizetype i = 0; i < waves.size() / 2; ++i) {
        const int start = waves.at(i);
        const int end = waves.at(waves.size() - 1 - i);
        for (qsizetype index : pruneWaves[start])
            tasks[index].waveOverride = end;
        for (qsizetype index : pruneWaves[end])
            tasks[index].waveOverride = start;
    }

    int lastWave = 0;
    for (const SyncTask &task : std::as_const(tasks)) {
        if (task.phase == SyncPhase::Sync)
            lastWave = std::max(lastWave, task.wave());
    }
    ++lastWave;
    for (SyncTask &task : tasks) {
        if (task.isPrune() && (pruneLast || hasAnnotationOption(task.live, Annotation::syncOptions, u"PruneLast=true")))
            task.waveOverride = lastWave;
    }
}

} // namespace Capstan::Sync
