// SPDX-License-Identifier: Apache-2.0
#include "health/resourcehealth.h"
#include "source/manifests/manifestparser.h"

#include <QTest>

using namespace Capstan;
using namespace Capstan::Health;
using namespace Qt::StringLiterals;

namespace {

QJsonObject yaml(const char *text)
{
    auto json = Source::ManifestParser::yamlToJson(QByteArray(text), u"test.yaml"_s);
    return json ? json->toObject() : QJsonObject();
}

} // namespace

class tst_ResourceHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resourceHealth_data();
    void resourceHealth();
    void kindsWithoutHealth_data();
    void kindsWithoutHealth();
    void order();
    void applicationHealth_data();
    void applicationHealth();
};

void tst_ResourceHealth::resourceHealth_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("message");

    // Deployment
    QTest::addRow("deployment healthy") << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 2}
spec: {replicas: 2}
status: {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2})")
                                        << u"Healthy"_s << QString();
    QTest::addRow("deployment paused") << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 3}
spec: {replicas: 2, paused: true}
status: {observedGeneration: 1})") << u"Suspended"_s
                                       << u"Deployment is paused"_s;
    QTest::addRow("deployment generation not observed")
        << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 3}
spec: {replicas: 2}
status: {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2})")
        << u"Progressing"_s
        << u"Waiting for rollout to finish: observed deployment generation less than desired generation"_s;
    QTest::addRow("deployment deadline exceeded")
        << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 1}
spec: {replicas: 2}
status:
  observedGeneration: 1
  updatedReplicas: 1
  conditions:
  - {type: Available, status: "False"}
  - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded})")
        << u"Degraded"_s << u"Deployment \"web\" exceeded its progress deadline"_s;
    QTest::addRow("deployment updating")
        << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 1}
spec: {replicas: 3}
status: {observedGeneration: 1, replicas: 3, updatedReplicas: 1, availableReplicas: 3})")
        << u"Progressing"_s << u"Waiting for rollout to finish: 1 out of 3 new replicas have been updated..."_s;
    QTest::addRow("deployment old replicas")
        << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 1}
spec: {replicas: 2}
status: {observedGeneration: 1, replicas: 3, updatedReplicas: 2, availableReplicas: 2})")
        << u"Progressing"_s << u"Waiting for rollout to finish: 1 old replicas are pending termination..."_s;
    QTest::addRow("deployment unavailable")
        << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, generation: 1}
spec: {replicas: 2}
status: {observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 0})")
        << u"Progressing"_s << u"Waiting for rollout to finish: 0 of 2 updated replicas are available..."_s;
    QTest::addRow("deployment old version") << QByteArray(R"(
apiVersion: apps/v1beta2
kind: Deployment
metadata: {name: web})") << u"Unknown"_s << u"unsupported Deployment GVK: apps/v1beta2, Kind=Deployment"_s;
    QTest::addRow("deployment being deleted") << QByteArray(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, deletionTimestamp: "2026-11-20T10:00:00Z"})")
                                              << u"Progressing"_s << u"Pending deletion"_s;

    // StatefulSet
    QTest::addRow("statefulset not observed") << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 1}
status: {observedGeneration: 0})") << u"Progressing"_s
                                              << u"Waiting for statefulset spec update to be observed..."_s;
    QTest::addRow("statefulset pods not ready") << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 3}
status: {observedGeneration: 1, readyReplicas: 1})")
                                                << u"Progressing"_s << u"Waiting for 2 pods to be ready..."_s;
    QTest::addRow("statefulset partition rolling")
        << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 3, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}}
status: {observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1})")
        << u"Progressing"_s
        << u"Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated..."_s;
    QTest::addRow("statefulset defaulted healthy")
        << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 2, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}}
status: {observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2})")
        << u"Healthy"_s << u"partitioned roll out complete: 2 new pods have been updated..."_s;
    QTest::addRow("statefulset on delete") << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 2, updateStrategy: {type: OnDelete}}
status: {observedGeneration: 1, readyReplicas: 2})")
                                           << u"Healthy"_s << u"statefulset has 2 ready pods"_s;
    QTest::addRow("statefulset revision rolling")
        << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 1}
status: {observedGeneration: 1, readyReplicas: 1, updatedReplicas: 0, updateRevision: db-2, currentRevision: db-1})")
        << u"Progressing"_s << u"waiting for statefulset rolling update to complete 0 pods at revision db-2..."_s;
    QTest::addRow("statefulset revision complete")
        << QByteArray(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 1}
status: {observedGeneration: 1, readyReplicas: 1, currentReplicas: 1, updateRevision: db-2, currentRevision: db-2})")
        << u"Healthy"_s << u"statefulset rolling update complete 1 pods at revision db-2..."_s;

    // DaemonSet
    QTest::addRow("daemonset generation")
        << QByteArray(R"(
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, generation: 2}
status: {observedGeneration: 1})")
        << u"Progressing"_s
        << u"Waiting for rollout to finish: observed daemon set generation less than desired generation"_s;
    QTest::addRow("daemonset on delete") << QByteArray(R"(
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, generation: 1}
spec: {updateStrategy: {type: OnDelete}}
status: {observedGeneration: 1, updatedNumberScheduled: 1, desiredNumberScheduled: 3})")
                                         << u"Healthy"_s << u"daemon set 1 out of 3 new pods have been updated"_s;
    QTest::addRow("daemonset updating")
        << QByteArray(R"(
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, generation: 1}
status: {observedGeneration: 1, updatedNumberScheduled: 1, desiredNumberScheduled: 3})")
        << u"Progressing"_s
        << u"Waiting for daemon set \"agent\" rollout to finish: 1 out of 3 new pods have been updated..."_s;
    QTest::addRow("daemonset unavailable")
        << QByteArray(R"(
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, generation: 1}
status: {observedGeneration: 1, updatedNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 2})")
        << u"Progressing"_s
        << u"Waiting for daemon set \"agent\" rollout to finish: 2 of 3 updated pods are available..."_s;
    QTest::addRow("daemonset healthy") << QByteArray(R"(
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, generation: 1}
status: {observedGeneration: 1, updatedNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 3})")
                                       << u"Healthy"_s << QString();

    // ReplicaSet
    QTest::addRow("replicaset failure") << QByteArray(R"(
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: backend, generation: 1}
spec: {replicas: 1}
status:
  observedGeneration: 1
  conditions: [{type: ReplicaFailure, status: "True", message: "pods \"backend-x\" is forbidden: exceeded quota"}])")
                                        << u"Degraded"_s << u"pods \"backend-x\" is forbidden: exceeded quota"_s;
    QTest::addRow("replicaset waiting") << QByteArray(R"(
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: backend, generation: 1}
spec: {replicas: 2}
status: {observedGeneration: 1, availableReplicas: 1})")
                                        << u"Progressing"_s
                                        << u"Waiting for rollout to finish: 1 out of 2 new replicas are available..."_s;
    QTest::addRow("replicaset generation")
        << QByteArray(R"(
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: backend, generation: 2}
spec: {replicas: 2}
status: {observedGeneration: 1, availableReplicas: 2})")
        << u"Progressing"_s
        << u"Waiting for rollout to finish: observed replica set generation less than desired generation"_s;
    QTest::addRow("replicaset healthy") << QByteArray(R"(
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: backend, generation: 1}
spec: {replicas: 1}
status: {observedGeneration: 1, availableReplicas: 1})")
                                        << u"Healthy"_s << QString();

    // Pod
    QTest::addRow("pod crash loop") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Always}
status:
  phase: Running
  containerStatuses:
  - {name: a, state: {waiting: {reason: CrashLoopBackOff, message: "back-off 5m0s restarting failed container"}}}
  - {name: b, state: {waiting: {reason: ErrImagePull, message: "pull access denied"}}}
  - {name: c, state: {waiting: {reason: ContainerCreating}}})")
                                    << u"Degraded"_s
                                    << u"back-off 5m0s restarting failed container, pull access denied"_s;
    QTest::addRow("hook pod with pull error") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Never}
status:
  phase: Pending
  containerStatuses: [{name: a, state: {waiting: {reason: ImagePullBackOff, message: "x"}}}])")
                                              << u"Progressing"_s << QString();
    QTest::addRow("pod pending") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Always}
status: {phase: Pending, message: "0/1 nodes are available"})")
                                 << u"Progressing"_s << u"0/1 nodes are available"_s;
    QTest::addRow("pod succeeded") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Never}
status: {phase: Succeeded})") << u"Healthy"_s
                                   << QString();
    QTest::addRow("pod failed with message") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Never}
status: {phase: Failed, message: "Pod was evicted"})")
                                             << u"Degraded"_s << u"Pod was evicted"_s;
    QTest::addRow("pod failed exit code") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Never}
status:
  phase: Failed
  initContainerStatuses: [{name: init, state: {terminated: {exitCode: 0}}}]
  containerStatuses: [{name: main, state: {terminated: {exitCode: 3, reason: Error}}}])")
                                          << u"Degraded"_s << u"container \"main\" failed with exit code 3"_s;
    QTest::addRow("pod failed oom") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Never}
status:
  phase: Failed
  containerStatuses: [{name: main, state: {terminated: {exitCode: 137, reason: OOMKilled}}}])")
                                    << u"Degraded"_s << u"OOMKilled"_s;
    QTest::addRow("pod running ready") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Always}
status:
  phase: Running
  conditions: [{type: Initialized, status: "True"}, {type: Ready, status: "True"}])")
                                       << u"Healthy"_s << QString();
    QTest::addRow("pod running restarted") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Always}
status:
  phase: Running
  conditions: [{type: Ready, status: "False"}]
  containerStatuses: [{name: a, lastState: {terminated: {exitCode: 1}}, state: {running: {}}}])")
                                           << u"Degraded"_s << QString();
    QTest::addRow("pod running not ready") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Always}
status: {phase: Running, conditions: [{type: Ready, status: "False"}]})")
                                           << u"Progressing"_s << QString();
    QTest::addRow("hook pod running") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: OnFailure}
status: {phase: Running, conditions: [{type: Ready, status: "True"}]})")
                                      << u"Progressing"_s << QString();
    QTest::addRow("pod unknown phase") << QByteArray(R"(
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {restartPolicy: Always}
status: {phase: Unknown, message: "node lost"})")
                                       << u"Unknown"_s << u"node lost"_s;

    // Service, Ingress
    QTest::addRow("service cluster ip") << QByteArray(R"(
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {type: ClusterIP})") << u"Healthy"_s
                                        << QString();
    QTest::addRow("service load balancer pending") << QByteArray(R"(
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {type: LoadBalancer}
status: {loadBalancer: {}})") << u"Progressing"_s << QString();
    QTest::addRow("service load balancer ready") << QByteArray(R"(
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {type: LoadBalancer}
status: {loadBalancer: {ingress: [{ip: 10.0.0.9}]}})")
                                                 << u"Healthy"_s << QString();
    QTest::addRow("ingress pending") << QByteArray(R"(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
status: {loadBalancer: {}})") << u"Progressing"_s
                                     << QString();
    QTest::addRow("ingress ready") << QByteArray(R"(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
status: {loadBalancer: {ingress: [{hostname: lb.example.com}]}})")
                                   << u"Healthy"_s << QString();

    // PersistentVolumeClaim
    for (const auto &[phase, status] : {std::pair{"Bound", "Healthy"}, std::pair{"Pending", "Progressing"},
                                        std::pair{"Lost", "Degraded"}, std::pair{"", "Unknown"}}) {
        QTest::addRow("pvc %s", *phase ? phase : "without phase")
            << QByteArray("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nstatus: {phase: \"")
                + phase + "\"}"
            << QString::fromLatin1(status) << QString();
    }

    // Job
    QTest::addRow("job running") << QByteArray(R"(
apiVersion: batch/v1
kind: Job
metadata: {name: j}
status: {active: 1})") << u"Progressing"_s
                                 << QString();
    QTest::addRow("job complete") << QByteArray(R"(
apiVersion: batch/v1
kind: Job
metadata: {name: j}
status: {conditions: [{type: Complete, status: "True", message: "done"}]})")
                                  << u"Healthy"_s << u"done"_s;
    QTest::addRow("job failed") << QByteArray(R"(
apiVersion: batch/v1
kind: Job
metadata: {name: j}
status: {conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded, message: "Job has reached the specified backoff limit"}]})")
                                << u"Degraded"_s << u"Job has reached the specified backoff limit"_s;
    QTest::addRow("job suspended") << QByteArray(R"(
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec: {suspend: true}
status: {conditions: [{type: Suspended, status: "True", message: "Job suspended"}]})")
                                   << u"Suspended"_s << QString();

    // HorizontalPodAutoscaler
    QTest::addRow("hpa v2 waiting") << QByteArray(R"(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
status: {})") << u"Progressing"_s << u"Waiting to Autoscale"_s;
    QTest::addRow("hpa v2 healthy") << QByteArray(R"(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
status:
  conditions:
  - {type: AbleToScale, status: "True", reason: ReadyForNewScale, message: "recommended size matches current size"}
  - {type: ScalingActive, status: "True", reason: ValidMetricFound, message: "ok"})")
                                    << u"Healthy"_s << u"recommended size matches current size"_s;
    QTest::addRow("hpa v2 degraded after healthy") << QByteArray(R"(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
status:
  conditions:
  - {type: AbleToScale, status: "True", reason: SucceededGetScale, message: "ok"}
  - {type: ScalingActive, status: "False", reason: FailedGetResourceMetric, message: "missing request for cpu"})")
                                                   << u"Degraded"_s << u"missing request for cpu"_s;
    QTest::addRow("hpa v1 annotation") << QByteArray(R"(
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: h
  annotations:
    autoscaling.alpha.kubernetes.io/conditions: '[{"type":"AbleToScale","status":"True","reason":"SucceededRescale","message":"scaled"}]')")
                                       << u"Healthy"_s << u"scaled"_s;
    QTest::addRow("hpa v1 without annotation") << QByteArray(R"(
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: h})") << u"Progressing"_s << u"Waiting to Autoscale"_s;
    QTest::addRow("hpa unknown version") << QByteArray(R"(
apiVersion: autoscaling/v3
kind: HorizontalPodAutoscaler
metadata: {name: h})") << u"Unknown"_s << u"unsupported HPA GVK: autoscaling/v3, Kind=HorizontalPodAutoscaler"_s;

    // APIService
    QTest::addRow("apiservice available") << QByteArray(R"(
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
status: {conditions: [{type: Available, status: "True", reason: Passed, message: "all checks passed"}]})")
                                          << u"Healthy"_s << u"Passed: all checks passed"_s;
    QTest::addRow("apiservice unavailable")
        << QByteArray(R"(
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
status: {conditions: [{type: Available, status: "False", reason: MissingEndpoints, message: "endpoints for service/metrics-server have no addresses"}]})")
        << u"Progressing"_s << u"MissingEndpoints: endpoints for service/metrics-server have no addresses"_s;
    QTest::addRow("apiservice new") << QByteArray(R"(
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1.x}
status: {})") << u"Progressing"_s << u"Waiting to be processed"_s;

    // Namespace and Application
    QTest::addRow("namespace active") << QByteArray(R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop}
status: {phase: Active})") << u"Healthy"_s
                                      << QString();
    QTest::addRow("namespace terminating") << QByteArray(R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop}
status: {phase: Terminating})") << u"Progressing"_s
                                           << u"Namespace is terminating"_s;
    QTest::addRow("application degraded") << QByteArray(R"(
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: child}
status: {health: {status: Degraded, message: "one pod crashed"}})")
                                          << u"Degraded"_s << u"one pod crashed"_s;
    QTest::addRow("application new") << QByteArray(R"(
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: child}
spec: {})") << u"Progressing"_s << QString();
}

void tst_ResourceHealth::resourceHealth()
{
    QFETCH(QByteArray, object);
    QFETCH(QString, status);
    QFETCH(QString, message);
    const QJsonObject live = yaml(object.constData());
    QVERIFY(!live.isEmpty());
    const auto health = Health::resourceHealth(live);
    QVERIFY(health.has_value());
    QCOMPARE(Model::Json::enumName(health->status), status);
    QCOMPARE(health->message, message);
}

void tst_ResourceHealth::kindsWithoutHealth_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addRow("config map") << QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}");
    QTest::addRow("secret") << QByteArray("apiVersion: v1\nkind: Secret\nmetadata: {name: s}");
    QTest::addRow("custom resource") << QByteArray("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}");
    QTest::addRow("deleted config map") << QByteArray(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, deletionTimestamp: \"2026-01-01T00:00:00Z\"}");
}

void tst_ResourceHealth::kindsWithoutHealth()
{
    QFETCH(QByteArray, object);
    QVERIFY(!Health::resourceHealth(yaml(object.constData())).has_value());
}

void tst_ResourceHealth::order()
{
    using C = HealthStatusCode;
    const QList<C> bestToWorst{C::Healthy, C::Suspended, C::Progressing, C::Missing, C::Degraded, C::Unknown};
    for (qsizetype i = 0; i < bestToWorst.size(); ++i) {
        for (qsizetype j = 0; j < bestToWorst.size(); ++j)
            QCOMPARE(isWorse(bestToWorst.at(i), bestToWorst.at(j)), j > i);
    }
    QVERIFY(!isWorse(C::Healthy, C::None));
}

void tst_ResourceHealth::applicationHealth_data()
{
    QTest::addColumn<QList<HealthInput>>("resources");
    QTest::addColumn<QString>("expected");
    const QJsonObject pod = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p}");
    const QJsonObject config = yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}");
    const QJsonObject ignored = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: "
                                     "{argocd.argoproj.io/ignore-healthcheck: \"true\"}}");
    const QJsonObject child = yaml("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: c}");
    const auto h = [](HealthStatusCode code) { return std::optional(HealthStatus{code, {}, std::nullopt}); };
    using C = HealthStatusCode;

    QTest::addRow("no resources") << QList<HealthInput>{} << u"Healthy"_s;
    QTest::addRow("worst wins") << QList<HealthInput>{{pod, false, h(C::Healthy)},
                                                      {pod, false, h(C::Progressing)},
                                                      {pod, false, h(C::Suspended)}}
                                << u"Progressing"_s;
    QTest::addRow("degraded beats missing")
        << QList<HealthInput>{{{}, false, h(C::Missing)}, {pod, false, h(C::Degraded)}} << u"Degraded"_s;
    QTest::addRow("a missing resource does not count")
        << QList<HealthInput>{{{}, false, h(C::Missing)}, {pod, false, h(C::Healthy)}} << u"Healthy"_s;
    QTest::addRow("all missing") << QList<HealthInput>{{{}, false, h(C::Missing)}, {{}, false, h(C::Missing)}}
                                 << u"Missing"_s;
    QTest::addRow("hooks do not count") << QList<HealthInput>{{pod, true, h(C::Degraded)}, {pod, false, h(C::Healthy)}}
                                        << u"Healthy"_s;
    QTest::addRow("only hooks") << QList<HealthInput>{{{}, true, h(C::Missing)}} << u"Healthy"_s;
    QTest::addRow("kinds without health") << QList<HealthInput>{{config, false, std::nullopt}} << u"Healthy"_s;
    QTest::addRow("ignore-healthcheck") << QList<HealthInput>{{ignored, false, h(C::Degraded)},
                                                              {pod, false, h(C::Healthy)}}
                                        << u"Healthy"_s;
    QTest::addRow("unknown child application")
        << QList<HealthInput>{{child, false, h(C::Unknown)}, {pod, false, h(C::Healthy)}} << u"Healthy"_s;
    QTest::addRow("degraded child application")
        << QList<HealthInput>{{child, false, h(C::Degraded)}, {pod, false, h(C::Healthy)}} << u"Degraded"_s;
    QTest::addRow("unknown resource") << QList<HealthInput>{{pod, false, h(C::Unknown)}} << u"Unknown"_s;
}

void tst_ResourceHealth::applicationHealth()
{
    QFETCH(QList<HealthInput>, resources);
    QFETCH(QString, expected);
    QCOMPARE(Model::Json::enumName(Health::applicationHealth(resources)), expected);
}

QTEST_GUILESS_MAIN(tst_ResourceHealth)
#include "tst_resourcehealth.moc"
