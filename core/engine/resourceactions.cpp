// SPDX-License-Identifier: Apache-2.0
#include "resourceactions.h"

#include "kube/apiresource.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Engine)
};

enum class Workload { None, Deployment, StatefulSet, DaemonSet };

Workload workloadOf(const QJsonObject &object)
{
    if (Kube::groupOf(object) != u"apps")
        return Workload::None;
    const QString kind = object.value(u"kind").toString();
    if (kind == u"Deployment")
        return Workload::Deployment;
    if (kind == u"StatefulSet")
        return Workload::StatefulSet;
    if (kind == u"DaemonSet")
        return Workload::DaemonSet;
    return Workload::None;
}

/// Sets `spec.<key>` of @p object.
QJsonObject withSpec(QJsonObject object, const QString &key, const QJsonValue &value)
{
    QJsonObject spec = object.value(u"spec").toObject();
    spec.insert(key, value);
    object.insert(u"spec"_s, spec);
    return object;
}

QJsonObject restarted(QJsonObject object, const QDateTime &now)
{
    QJsonObject spec = object.value(u"spec").toObject();
    QJsonObject podTemplate = spec.value(u"template").toObject();
    QJsonObject metadata = podTemplate.value(u"metadata").toObject();
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    annotations.insert(u"kubectl.kubernetes.io/restartedAt"_s, now.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s));
    metadata.insert(u"annotations"_s, annotations);
    podTemplate.insert(u"metadata"_s, metadata);
    spec.insert(u"template"_s, podTemplate);
    object.insert(u"spec"_s, spec);
    return object;
}

} // namespace

QList<Model::ResourceAction> resourceActions(const QJsonObject &live)
{
    const Workload workload = workloadOf(live);
    if (workload == Workload::None)
        return {};
    const QJsonObject spec = live.value(u"spec").toObject();
    QList<Model::ResourceAction> actions;
    actions.append({u"restart"_s, {}, false, {}, {}});
    if (workload == Workload::Deployment) {
        const bool paused = spec.value(u"paused").toBool();
        actions.append({u"pause"_s, {}, paused, {}, {}});
        actions.append({u"resume"_s, {}, !paused, {}, {}});
    }
    if (workload != Workload::DaemonSet) {
        const QString replicas = QString::number(spec.value(u"replicas").toInteger(1));
        actions.append({u"scale"_s, {{u"replicas"_s, QString(), u"string"_s, replicas}}, false, {}, {}});
    }
    std::sort(actions.begin(), actions.end(),
              [](const Model::ResourceAction &a, const Model::ResourceAction &b) { return a.name < b.name; });
    return actions;
}

Result<QJsonObject> runResourceAction(const QJsonObject &live, const QString &action,
                                      const QList<Model::ResourceActionParam> &parameters, const QDateTime &now)
{
    const QList<Model::ResourceAction> actions = resourceActions(live);
    const auto found = std::find_if(actions.cbegin(), actions.cend(),
                                    [&action](const Model::ResourceAction &known) { return known.name == action; });
    const QString kind = live.value(u"kind").toString();
    if (found == actions.cend())
        return Failure(Tr::tr("%1 has no action named “%2”").arg(kind, action));
    if (found->disabled)
        return Failure(Tr::tr("the action %1 is disabled for this %2").arg(action, kind));
    if (action == u"restart")
        return restarted(live, now);
    if (action == u"pause" || action == u"resume")
        return withSpec(live, u"paused"_s, action == u"pause");
    // scale
    const auto given = std::find_if(parameters.cbegin(), parameters.cend(),
                                    [](const Model::ResourceActionParam &p) { return p.name == u"replicas"; });
    if (given == parameters.cend())
        return Failure(Tr::tr("the replicas parameter is required"));
    bool ok = false;
    const int replicas = given->value.trimmed().toInt(&ok);
    if (!ok || replicas < 0)
        return Failure(Tr::tr("invalid number: %1 (must be >= 0)").arg(given->value));
    return withSpec(live, u"replicas"_s, replicas);
}

} // namespace Capstan::Engine
