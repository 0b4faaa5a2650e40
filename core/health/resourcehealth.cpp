// SPDX-License-Identifier: Apache-2.0
#include "resourcehealth.h"

#include "kube/apiresource.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <functional>

using namespace Qt::StringLiterals;

namespace Capstan::Health {

namespace {

using Code = HealthStatusCode;

int rank(Code code)
{
    switch (code) {
    case Code::Suspended:
        return 1;
    case Code::Progressing:
        return 2;
    case Code::Missing:
        return 3;
    case Code::Degraded:
        return 4;
    case Code::Unknown:
        return 5;
    case Code::Healthy:
    case Code::None:
        break;
    }
    return 0;
}

HealthStatus make(Code code, const QString &message = {})
{
    return HealthStatus{code, message, std::nullopt};
}

/// Go's %q for the names Kubernetes allows.
QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return u'"' + escaped + u'"';
}

qint64 integer(const QJsonObject &object, QStringView key)
{
    return object.value(key).toInteger();
}

/// A pointer field of a Go type: absent is not zero.
std::optional<qint64> optionalInteger(const QJsonObject &object, QStringView key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return std::nullopt;
    return value.toInteger();
}

/// The first condition of @p type.
QJsonObject condition(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &value : status.value(u"conditions").toArray()) {
        if (value.toObject().value(u"type").toString() == type)
            return value.toObject();
    }
    return {};
}

QJsonObject spec(const QJsonObject &object)
{
    return object.value(u"spec").toObject();
}

QJsonObject status(const QJsonObject &object)
{
    return object.value(u"status").toObject();
}

qint64 generation(const QJsonObject &object)
{
    return integer(object.value(u"metadata").toObject(), u"generation");
}

QString objectName(const QJsonObject &object)
{
    return object.value(u"metadata").toObject().value(u"name").toString();
}

HealthStatus deployment(const QJsonObject &object)
{
    const QJsonObject s = status(object);
    if (spec(object).value(u"paused").toBool())
        return make(Code::Suspended, u"Deployment is paused"_s);
    if (generation(object) > integer(s, u"observedGeneration"))
        return make(Code::Progressing,
                    u"Waiting for rollout to finish: observed deployment generation less than desired generation"_s);
    const auto replicas = optionalInteger(spec(object), u"replicas");
    const qint64 updated = integer(s, u"updatedReplicas");
    const qint64 current = integer(s, u"replicas");
    const qint64 available = integer(s, u"availableReplicas");
    if (condition(s, u"Progressing"_s).value(u"reason").toString() == u"ProgressDeadlineExceeded")
        return make(Code::Degraded, u"Deployment %1 exceeded its progress deadline"_s.arg(quoted(objectName(object))));
    if (replicas && updated < *replicas)
        return make(Code::Progressing,
                    u"Waiting for rollout to finish: %1 out of %2 new replicas have been updated..."_s.arg(updated).arg(
                        *replicas));
    if (current > updated)
        return make(
            Code::Progressing,
            u"Waiting for rollout to finish: %1 old replicas are pending termination..."_s.arg(current - updated));
    if (available < updated)
        return make(
            Code::Progressing,
            u"Waiting for rollout to finish: %1 of %2 updated replicas are available..."_s.arg(available).arg(updated));
    return make(Code::Healthy);
}

HealthStatus statefulSet(const QJsonObject &object)
{
    const QJsonObject s = status(object);
    const qint64 observed = integer(s, u"observedGeneration");
    if (observed == 0 || generation(object) > observed)
        return make(Code::Progressing, u"Waiting for statefulset spec update to be observed..."_s);
    const auto replicas = optionalInteger(spec(object), u"replicas");
    const qint64 ready = integer(s, u"readyReplicas");
    if (replicas && ready < *replicas)
        return make(Code::Progressing, u"Waiting for %1 pods to be ready..."_s.arg(*replicas - ready));
    const QJsonObject strategy = spec(object).value(u"updateStrategy").toObject();
    const QString type = strategy.value(u"type").toString();
    const qint64 updated = integer(s, u"updatedReplicas");
    if (type == u"RollingUpdate" && strategy.value(u"rollingUpdate").isObject()) {
        const auto partition = optionalInteger(strategy.value(u"rollingUpdate").toObject(), u"partition");
        if (replicas && partition && updated < *replicas - *partition)
            return make(
                Code::Progressing,
                u"Waiting for partitioned roll out to finish: %1 out of %2 new pods have been updated..."_s.arg(updated)
                    .arg(*replicas - *partition));
        return make(Code::Healthy, u"partitioned roll out complete: %1 new pods have been updated..."_s.arg(updated));
    }
    if (type == u"OnDelete")
        return make(Code::Healthy, u"statefulset has %1 ready pods"_s.arg(ready));
    const QString updateRevision = s.value(u"updateRevision").toString();
    const QString currentRevision = s.value(u"currentRevision").toString();
    if (updateRevision != currentRevision)
        return make(Code::Progressing,
                    u"waiting for statefulset rolling update to complete %1 pods at revision %2..."_s.arg(updated).arg(
                        updateRevision));
    return make(Code::Healthy,
                u"statefulset rolling update complete %1 pods at revision %2..."_s.arg(integer(s, u"currentReplicas"))
                    .arg(currentRevision));
}

HealthStatus daemonSet(const QJsonObject &object)
{
    const QJsonObject s = status(object);
    if (generation(object) > integer(s, u"observedGeneration"))
        return make(Code::Progressing,
                    u"Waiting for rollout to finish: observed daemon set generation less than desired generation"_s);
    const qint64 updated = integer(s, u"updatedNumberScheduled");
    const qint64 desired = integer(s, u"desiredNumberScheduled");
    const qint64 available = integer(s, u"numberAvailable");
    if (spec(object).value(u"updateStrategy").toObject().value(u"type").toString() == u"OnDelete")
        return make(Code::Healthy, u"daemon set %1 out of %2 new pods have been updated"_s.arg(updated).arg(desired));
    const QString name = quoted(objectName(object));
    if (updated < desired)
        return make(
            Code::Progressing,
            u"Waiting for daemon set %1 rollout to finish: %2 out of %3 new pods have been updated..."_s.arg(name)
                .arg(updated)
                .arg(desired));
    if (available < desired)
        return make(Code::Progressing,
                    u"Waiting for daemon set %1 rollout to finish: %2 of %3 updated pods are available..."_s.arg(name)
                        .arg(available)
                        .arg(desired));
    return make(Code::Healthy);
}

HealthStatus replicaSet(const QJsonObject &object)
{
    const QJsonObject s = status(object);
    if (generation(object) > integer(s, u"observedGeneration"))
        return make(Code::Progressing,
                    u"Waiting for rollout to finish: observed replica set generation less than desired generation"_s);
    const QJsonObject failure = condition(s, u"ReplicaFailure"_s);
    if (failure.value(u"status").toString() == u"True")
        return make(Code::Degraded, failure.value(u"message").toString());
    const auto replicas = optionalInteger(spec(object), u"replicas");
    const qint64 available = integer(s, u"availableReplicas");
    if (replicas && available < *replicas)
        return make(Code::Progressing,
                    u"Waiting for rollout to finish: %1 out of %2 new replicas are available..."_s.arg(available).arg(
                        *replicas));
    return make(Code::Healthy);
}

HealthStatus pod(const QJsonObject &object)
{
    const QJsonObject s = status(object);
    const QString restartPolicy = spec(object).value(u"restartPolicy").toString();
    const QString message = s.value(u"message").toString();
    const QJsonArray containers = s.value(u"containerStatuses").toArray();

    // Hook pods (Never, OnFailure) must not fail early on a pull error that may resolve.
    if (restartPolicy == u"Always") {
        QStringList messages;
        bool degraded = false;
        for (const QJsonValue &container : containers) {
            const QJsonObject waiting = container.toObject().value(u"state").toObject().value(u"waiting").toObject();
            const QString reason = waiting.value(u"reason").toString();
            if (!waiting.isEmpty()
                && (reason.startsWith(u"Err") || reason.endsWith(u"Error") || reason.endsWith(u"BackOff"))) {
                degraded = true;
                messages.append(waiting.value(u"message").toString());
            }
        }
        if (degraded)
            return make(Code::Degraded, messages.join(u", "_s));
    }

    const QString phase = s.value(u"phase").toString();
    if (phase == u"Pending")
        return make(Code::Progressing, message);
    if (phase == u"Succeeded")
        return make(Code::Healthy, message);
    if (phase == u"Failed") {
        if (!message.isEmpty())
            return make(Code::Degraded, message);
        QJsonArray all = s.value(u"initContainerStatuses").toArray();
        for (const QJsonValue &container : containers)
            all.append(container);
        for (const QJsonValue &value : all) {
            const QJsonObject container = value.toObject();
            const QJsonObject terminated = container.value(u"state").toObject().value(u"terminated").toObject();
            if (terminated.isEmpty())
                continue;
            if (const QString text = terminated.value(u"message").toString(); !text.isEmpty())
                return make(Code::Degraded, text);
            if (terminated.value(u"reason").toString() == u"OOMKilled")
                return make(Code::Degraded, u"OOMKilled"_s);
            if (const qint64 code = integer(terminated, u"exitCode"); code != 0)
                return make(Code::Degraded,
                            u"container %1 failed with exit code %2"_s.arg(quoted(container.value(u"name").toString()))
                                .arg(code));
        }
        return make(Code::Degraded);
    }
    if (phase == u"Running") {
        if (restartPolicy == u"Always") {
            if (condition(s, u"Ready"_s).value(u"status").toString() == u"True")
                return make(Code::Healthy, message);
            for (const QJsonValue &container : containers) {
                if (container.toObject().value(u"lastState").toObject().value(u"terminated").isObject())
                    return make(Code::Degraded, message);
            }
            return make(Code::Progressing, message);
        }
        // Finite pods, typically hooks: never healthy while they run.
        if (restartPolicy == u"OnFailure" || restartPolicy == u"Never")
            return make(Code::Progressing, message);
    }
    return make(Code::Unknown, message);
}

HealthStatus service(const QJsonObject &object)
{
    if (spec(object).value(u"type").toString() != u"LoadBalancer")
        return make(Code::Healthy);
    const QJsonArray ingress = status(object).value(u"loadBalancer").toObject().value(u"ingress").toArray();
    return make(ingress.isEmpty() ? Code::Progressing : Code::Healthy);
}

HealthStatus ingress(const QJsonObject &object)
{
    const QJsonArray ingress = status(object).value(u"loadBalancer").toObject().value(u"ingress").toArray();
    return make(ingress.isEmpty() ? Code::Progressing : Code::Healthy);
}

HealthStatus persistentVolumeClaim(const QJsonObject &object)
{
    const QString phase = status(object).value(u"phase").toString();
    if (phase == u"Lost")
        return make(Code::Degraded);
    if (phase == u"Pending")
        return make(Code::Progressing);
    if (phase == u"Bound")
        return make(Code::Healthy);
    return make(Code::Unknown);
}

HealthStatus job(const QJsonObject &object)
{
    bool failed = false;
    bool complete = false;
    bool suspended = false;
    QString failMessage;
    QString message;
    // Only the condition types count, as in Argo CD; a later message wins.
    for (const QJsonValue &value : status(object).value(u"conditions").toArray()) {
        const QJsonObject c = value.toObject();
        const QString type = c.value(u"type").toString();
        if (type == u"Failed") {
            failed = complete = true;
            failMessage = c.value(u"message").toString();
        } else if (type == u"Complete") {
            complete = true;
            message = c.value(u"message").toString();
        } else if (type == u"Suspended") {
            complete = true;
            message = c.value(u"message").toString();
            suspended = suspended || c.value(u"status").toString() == u"True";
        }
    }
    if (!complete)
        return make(Code::Progressing, message);
    if (failed)
        return make(Code::Degraded, failMessage);
    if (suspended)
        return make(Code::Suspended, failMessage);
    return make(Code::Healthy, message);
}

HealthStatus horizontalPodAutoscaler(const QJsonObject &object, const QString &version)
{
    const HealthStatus waiting = make(Code::Progressing, u"Waiting to Autoscale"_s);
    QJsonArray conditions;
    if (version == u"v1") {
        const QJsonObject annotations = object.value(u"metadata").toObject().value(u"annotations").toObject();
        if (!annotations.contains(u"autoscaling.alpha.kubernetes.io/conditions"))
            return waiting;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(
            annotations.value(u"autoscaling.alpha.kubernetes.io/conditions").toString().toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return make(Code::Unknown,
                        u"failed to convert conditions annotation to typed: %1"_s.arg(error.errorString()));
        if (!document.isArray())
            return make(Code::Unknown, u"failed to convert conditions annotation to typed: not a list of conditions"_s);
        conditions = document.array();
    } else {
        conditions = status(object).value(u"conditions").toArray();
    }
    static const QList<std::pair<QString, QString>> degraded{
        {u"AbleToScale"_s, u"FailedGetScale"_s},
        {u"AbleToScale"_s, u"FailedUpdateScale"_s},
        {u"ScalingActive"_s, u"FailedGetResourceMetric"_s},
        {u"ScalingActive"_s, u"InvalidSelector"_s},
        {u"ScalingActive"_s, u"FailedGetObjectMetric"_s},
        {u"ScalingActive"_s, u"FailedGetPodsMetric"_s},
        {u"ScalingActive"_s, u"FailedGetExternalMetric"_s},
        {u"ScalingActive"_s, u"FailedComputeMetricsReplicas"_s},
    };
    // Argo CD 3.4: a degraded condition anywhere wins over a healthy one.
    for (const QJsonValue &value : conditions) {
        const QJsonObject c = value.toObject();
        if (degraded.contains({c.value(u"type").toString(), c.value(u"reason").toString()}))
            return make(Code::Degraded, c.value(u"message").toString());
    }
    for (const QJsonValue &value : conditions) {
        const QJsonObject c = value.toObject();
        const QString type = c.value(u"type").toString();
        if ((type == u"AbleToScale" || type == u"ScalingLimited") && c.value(u"status").toString() == u"True")
            return make(Code::Healthy, c.value(u"message").toString());
    }
    return waiting;
}

HealthStatus apiService(const QJsonObject &object)
{
    for (const QJsonValue &value : status(object).value(u"conditions").toArray()) {
        const QJsonObject c = value.toObject();
        if (c.value(u"type").toString() != u"Available")
            continue;
        const QString message = c.value(u"reason").toString() + u": " + c.value(u"message").toString();
        return make(c.value(u"status").toString() == u"True" ? Code::Healthy : Code::Progressing, message);
    }
    return make(Code::Progressing, u"Waiting to be processed"_s);
}

HealthStatus workflow(const QJsonObject &object)
{
    const QString phase = status(object).value(u"phase").toString();
    const QString message = status(object).value(u"message").toString();
    if (phase.isEmpty() || phase == u"Pending" || phase == u"Running")
        return make(Code::Progressing, message);
    if (phase == u"Succeeded")
        return make(Code::Healthy, message);
    if (phase == u"Failed" || phase == u"Error")
        return make(Code::Degraded, message);
    return make(Code::Unknown, message);
}

HealthStatus namespaceHealth(const QJsonObject &object)
{
    if (status(object).value(u"phase").toString() == u"Terminating")
        return make(Code::Progressing, u"Namespace is terminating"_s);
    return make(Code::Healthy);
}

/// Argo CD's documented health customisation for Applications.
HealthStatus application(const QJsonObject &object)
{
    const QJsonObject health = status(object).value(u"health").toObject();
    const auto code = Model::Json::enumFromName<Code>(health.value(u"status").toString());
    if (!code || *code == Code::None)
        return make(Code::Progressing);
    return make(*code, health.value(u"message").toString());
}

struct Check
{
    QString group;
    QString kind;
    /// The versions the check understands; empty for any.
    QStringList versions;
    std::function<HealthStatus(const QJsonObject &, const QString &version)> assess;
};

template<HealthStatus (*F)(const QJsonObject &)>
HealthStatus ignoringVersion(const QJsonObject &object, const QString &)
{
    return F(object);
}

const QList<Check> &checks()
{
    static const QList<Check> all{
        {u"apps"_s, u"Deployment"_s, {u"v1"_s}, ignoringVersion<deployment>},
        {u"apps"_s, u"StatefulSet"_s, {u"v1"_s}, ignoringVersion<statefulSet>},
        {u"apps"_s, u"DaemonSet"_s, {u"v1"_s}, ignoringVersion<daemonSet>},
        {u"apps"_s, u"ReplicaSet"_s, {u"v1"_s}, ignoringVersion<replicaSet>},
        {QString(), u"Pod"_s, {u"v1"_s}, ignoringVersion<pod>},
        {QString(), u"Service"_s, {u"v1"_s}, ignoringVersion<service>},
        {QString(), u"PersistentVolumeClaim"_s, {u"v1"_s}, ignoringVersion<persistentVolumeClaim>},
        {QString(), u"Namespace"_s, {u"v1"_s}, ignoringVersion<namespaceHealth>},
        {u"networking.k8s.io"_s, u"Ingress"_s, {}, ignoringVersion<ingress>},
        {u"extensions"_s, u"Ingress"_s, {}, ignoringVersion<ingress>},
        {u"batch"_s, u"Job"_s, {u"v1"_s}, ignoringVersion<job>},
        {u"autoscaling"_s,
         u"HorizontalPodAutoscaler"_s,
         {u"v1"_s, u"v2beta1"_s, u"v2beta2"_s, u"v2"_s},
         horizontalPodAutoscaler},
        {u"apiregistration.k8s.io"_s, u"APIService"_s, {u"v1"_s, u"v1beta1"_s}, ignoringVersion<apiService>},
        {u"argoproj.io"_s, u"Workflow"_s, {}, ignoringVersion<workflow>},
        {u"argoproj.io"_s, u"Application"_s, {}, ignoringVersion<application>},
    };
    return all;
}

} // namespace

bool isWorse(HealthStatusCode current, HealthStatusCode candidate)
{
    return rank(candidate) > rank(current);
}

std::optional<HealthStatus> resourceHealth(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    const auto [group, version, kind] = Kube::GroupVersionKind::of(object);

    const Check *check = nullptr;
    for (const Check &candidate : checks()) {
        if (candidate.group == group && candidate.kind == kind) {
            check = &candidate;
            break;
        }
    }
    if (!check)
        return std::nullopt;
    if (metadata.contains(u"deletionTimestamp")
        && !metadata.value(u"finalizers").toArray().contains(u"argocd.argoproj.io/hook-finalizer"_s))
        return make(Code::Progressing, u"Pending deletion"_s);
    if (!check->versions.isEmpty() && !check->versions.contains(version)) {
        const QString gvk = group + u'/' + version + u", Kind=" + kind;
        const QString noun = kind == u"HorizontalPodAutoscaler" ? u"HPA"_s : kind;
        return make(Code::Unknown, u"unsupported %1 GVK: %2"_s.arg(noun, gvk));
    }
    return check->assess(object, version);
}

HealthStatusCode applicationHealth(const QList<HealthInput> &resources)
{
    Code worst = Code::Healthy;
    bool anyResource = false;
    bool anyLive = false;
    for (const HealthInput &resource : resources) {
        if (resource.hook)
            continue;
        anyResource = true;
        const bool live = !resource.live.isEmpty();
        anyLive = anyLive || live;
        if (live
            && resource.live.value(u"metadata")
                    .toObject()
                    .value(u"annotations")
                    .toObject()
                    .value(u"argocd.argoproj.io/ignore-healthcheck")
                    .toString()
                == u"true")
            continue;
        if (!resource.health || !live)
            continue; // no health, or missing: the sync status says so
        const Code code = resource.health->status;
        const bool childApplication = resource.live.value(u"kind").toString() == u"Application"
            && resource.live.value(u"apiVersion").toString().startsWith(u"argoproj.io/");
        if (childApplication && (code == Code::Missing || code == Code::Unknown))
            continue;
        if (isWorse(worst, code))
            worst = code;
    }
    if (anyResource && !anyLive && isWorse(worst, Code::Missing))
        worst = Code::Missing;
    return worst;
}

} // namespace Capstan::Health
