// SPDX-License-Identifier: Apache-2.0
#include "nodesimulator.h"

#include "base/logging.h"
#include "kube/kubeclient.h"
#include "kube/watch.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

using namespace std::chrono_literals;

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::NodeSimulator)
};

enum Step {
    Bound = 1,
    Starting,
    Running,
    Finishing,
    Deleting,
};

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QString keyOf(const QString &ns, const QString &name)
{
    return ns + u'/' + name;
}

QJsonObject condition(const char *type, bool status, const QString &reason = {})
{
    QJsonObject c{{QStringLiteral("type"), QLatin1String(type)},
                  {QStringLiteral("status"), status ? QStringLiteral("True") : QStringLiteral("False")},
                  {QStringLiteral("lastProbeTime"), QJsonValue::Null},
                  {QStringLiteral("lastTransitionTime"), now()}};
    if (!reason.isEmpty())
        c.insert(QStringLiteral("reason"), reason);
    return c;
}

QByteArray statusPatch(const QJsonObject &status)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("status"), status}}).toJson(QJsonDocument::Compact);
}

} // namespace

NodeSimulator::NodeSimulator(KubeClient *client, const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
{ }

NodeSimulator::~NodeSimulator() = default;

void NodeSimulator::start()
{
    const GroupVersionKind pod = GroupVersionKind::fromApiVersion(QStringLiteral("v1"), QStringLiteral("Pod"));
    const GroupVersionKind node = GroupVersionKind::fromApiVersion(QStringLiteral("v1"), QStringLiteral("Node"));
    m_client->resolve(pod).then(this, [this, node](const Result<ApiResource, KubeError> &pods) {
        if (!pods) {
            Q_EMIT failed(pods.error().message);
            return;
        }
        m_pods = *pods;
        m_nodes = *m_client->resourceFor(node);
        m_services
            = *m_client->resourceFor(GroupVersionKind{QString(), QStringLiteral("v1"), QStringLiteral("Service")});
        m_ingresses = m_client->resourceFor(
            GroupVersionKind{QStringLiteral("networking.k8s.io"), QStringLiteral("v1"), QStringLiteral("Ingress")});
        if (!m_ingresses)
            m_ingresses = m_client->resourceFor(GroupVersionKind{QStringLiteral("networking.k8s.io"),
                                                                 QStringLiteral("v1beta1"), QStringLiteral("Ingress")});
        auto *balancer = new QTimer(this);
        connect(balancer, &QTimer::timeout, this, qOverload<>(&NodeSimulator::assignLoadBalancers));
        balancer->start(1s);
        registerNode();
    });
}

QJsonObject NodeSimulator::nodeObject() const
{
    const QJsonObject resources{{QStringLiteral("cpu"), QStringLiteral("32")},
                                {QStringLiteral("memory"), QStringLiteral("128Gi")},
                                {QStringLiteral("pods"), QStringLiteral("1000")},
                                {QStringLiteral("ephemeral-storage"), QStringLiteral("500Gi")}};
    const QJsonArray conditions{condition("Ready", true, QStringLiteral("KubeletReady")),
                                condition("MemoryPressure", false, QStringLiteral("KubeletHasSufficientMemory")),
                                condition("DiskPressure", false, QStringLiteral("KubeletHasNoDiskPressure")),
                                condition("PIDPressure", false, QStringLiteral("KubeletHasSufficientPID"))};
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Node")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), m_options.nodeName},
                     {QStringLiteral("labels"),
                      QJsonObject{{QStringLiteral("kubernetes.io/hostname"), m_options.nodeName},
                                  {QStringLiteral("kubernetes.io/os"), QStringLiteral("linux")},
                                  {QStringLiteral("kubernetes.io/arch"), QStringLiteral("amd64")},
                                  {QStringLiteral("capstan.dev/simulated"), QStringLiteral("true")}}}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("podCIDR"), QStringLiteral("10.244.0.0/24")}}},
        {QStringLiteral("status"),
         QJsonObject{{QStringLiteral("capacity"), resources},
                     {QStringLiteral("allocatable"), resources},
                     {QStringLiteral("conditions"), conditions},
                     {QStringLiteral("addresses"),
                      QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("InternalIP")},
                                             {QStringLiteral("address"), QStringLiteral("127.0.0.1")}},
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("Hostname")},
                                             {QStringLiteral("address"), m_options.nodeName}}}},
                     {QStringLiteral("nodeInfo"),
                      QJsonObject{{QStringLiteral("kubeletVersion"), QStringLiteral("v1.20.2")},
                                  {QStringLiteral("kubeProxyVersion"), QStringLiteral("v1.20.2")},
                                  {QStringLiteral("containerRuntimeVersion"), QStringLiteral("capstan://simulated")},
                                  {QStringLiteral("operatingSystem"), QStringLiteral("linux")},
                                  {QStringLiteral("architecture"), QStringLiteral("amd64")},
                                  {QStringLiteral("osImage"), QStringLiteral("Capstan node simulator")}}}}}};
}

void NodeSimulator::registerNode()
{
    m_client->create(m_nodes, {}, nodeObject()).then(this, [this](const KubeResult &created) {
        if (!created && created.error().reason != KubeError::Reason::AlreadyExists) {
            Q_EMIT failed(Tr::tr("cannot register the node: %1").arg(created.error().message));
            return;
        }
        // A node kept from an earlier run is Ready again.
        const QJsonObject status = nodeObject().value(u"status").toObject();
        m_client
            ->patch(m_nodes, {}, m_options.nodeName, PatchType::Merge, statusPatch(status), {},
                    QStringLiteral("status"))
            .then(this, [this](const KubeResult &patched) {
                if (!patched) {
                    Q_EMIT failed(Tr::tr("cannot report the node Ready: %1").arg(patched.error().message));
                    return;
                }
                listPods();
            });
    });
}

void NodeSimulator::listPods()
{
    m_client->list(m_pods, {}).then(this, [this](const KubeResult &list) {
        if (!list) {
            qCWarning(lcKube).noquote() << "node simulator: cannot list pods:" << list.error().message;
            QTimer::singleShot(1s, this, &NodeSimulator::listPods);
            return;
        }
        const QJsonArray items = list->value(u"items").toArray();
        for (const QJsonValue &pod : items)
            handle(pod.toObject());
        watchPods(list->value(u"metadata").toObject().value(u"resourceVersion").toString());
        if (!m_ready) {
            m_ready = true;
            qCInfo(lcKube).noquote() << "node simulator: node" << m_options.nodeName << "is Ready";
            Q_EMIT ready();
        }
    });
}

void NodeSimulator::watchPods(const QString &resourceVersion)
{
    ListOptions options;
    options.resourceVersion = resourceVersion;
    m_watch = m_client->watch(m_pods, {}, options);
    connect(m_watch.get(), &Watch::event, this, [this](Watch::EventType type, const QJsonObject &pod) {
        const QJsonObject metadata = pod.value(u"metadata").toObject();
        const QString key = keyOf(metadata.value(u"namespace").toString(), metadata.value(u"name").toString());
        if (type == Watch::EventType::Deleted)
            m_steps.remove(key);
        else if (type != Watch::EventType::Bookmark)
            handle(pod);
    });
    connect(m_watch.get(), &Watch::closed, this, [this] {
        // Queued: the watch must not be replaced inside its own signal.
        const QString version = m_watch->resourceVersion();
        QTimer::singleShot(0, this, [this, version] { watchPods(version); });
    });
    connect(m_watch.get(), &Watch::expired, this, [this] { QTimer::singleShot(0, this, &NodeSimulator::listPods); });
    connect(m_watch.get(), &Watch::failed, this, [this](const KubeError &error) {
        qCInfo(lcKube).noquote() << "node simulator: the pod watch failed:" << error.message;
        QTimer::singleShot(1s, this, &NodeSimulator::listPods);
    });
}

void NodeSimulator::handle(const QJsonObject &pod)
{
    const QJsonObject metadata = pod.value(u"metadata").toObject();
    const QJsonObject spec = pod.value(u"spec").toObject();
    const QString ns = metadata.value(u"namespace").toString();
    const QString name = metadata.value(u"name").toString();
    const QString key = keyOf(ns, name);
    const QString nodeName = spec.value(u"nodeName").toString();
    const QString phase = pod.value(u"status").toObject().value(u"phase").toString();
    const int step = m_steps.value(key);

    if (metadata.contains(u"deletionTimestamp")) {
        // Only pods on this node wait for a kubelet to confirm their end.
        if (nodeName == m_options.nodeName && step != Deleting) {
            m_steps.insert(key, Deleting);
            DeleteOptions now;
            now.gracePeriodSeconds = 0;
            m_client->remove(m_pods, ns, name, now);
        }
        return;
    }
    if (nodeName.isEmpty()) {
        const QString scheduler = spec.value(u"schedulerName").toString();
        if (step < Bound && (scheduler.isEmpty() || scheduler == u"default-scheduler")) {
            m_steps.insert(key, Bound);
            bind(ns, name);
        }
        return;
    }
    if (nodeName != m_options.nodeName)
        return;
    if ((phase.isEmpty() || phase == u"Pending") && step < Starting) {
        m_steps.insert(key, Starting);
        QTimer::singleShot(m_options.startDelay, this, [this, ns, name] { reportRunning(ns, name); });
    } else if (phase == u"Running" && spec.value(u"restartPolicy").toString() == u"Never" && step < Finishing) {
        m_steps.insert(key, Finishing);
        QTimer::singleShot(m_options.startDelay, this, [this, ns, name] { reportSucceeded(ns, name); });
    }
}

void NodeSimulator::bind(const QString &ns, const QString &name)
{
    const QJsonObject binding{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Binding")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
        {QStringLiteral("target"),
         QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                     {QStringLiteral("kind"), QStringLiteral("Node")},
                     {QStringLiteral("name"), m_options.nodeName}}}};
    m_client->post(m_pods.objectPath(ns, name, QStringLiteral("binding")), binding)
        .then(this, [this, ns, name](const KubeResult &bound) {
            if (!bound && bound.error().reason != KubeError::Reason::NotFound) {
                qCInfo(lcKube).noquote() << "node simulator: cannot bind" << ns + u'/' + name << bound.error().message;
                m_steps.remove(keyOf(ns, name)); // tried again on the pod's next event
            }
        });
}

void NodeSimulator::reportRunning(const QString &ns, const QString &name)
{
    m_client->get(m_pods, ns, name).then(this, [this, ns, name](const KubeResult &pod) {
        if (!pod)
            return; // gone meanwhile
        const QString started = now();
        QJsonArray containers;
        const QJsonArray specContainers = pod->value(u"spec").toObject().value(u"containers").toArray();
        for (const QJsonValue &value : specContainers) {
            const QJsonObject container = value.toObject();
            const QString image = container.value(u"image").toString();
            containers.append(QJsonObject{
                {QStringLiteral("name"), container.value(u"name")},
                {QStringLiteral("image"), image},
                {QStringLiteral("imageID"), QString(u"capstan://" + image)},
                {QStringLiteral("containerID"),
                 QString(u"capstan://" + ns + u'/' + name + u'/' + container.value(u"name").toString())},
                {QStringLiteral("ready"), true},
                {QStringLiteral("started"), true},
                {QStringLiteral("restartCount"), 0},
                {QStringLiteral("state"),
                 QJsonObject{{QStringLiteral("running"), QJsonObject{{QStringLiteral("startedAt"), started}}}}}});
        }
        const QString ip = QStringLiteral("10.244.%1.%2").arg(m_nextPodIp / 250).arg(m_nextPodIp % 250 + 2);
        ++m_nextPodIp;
        const QJsonObject status{{QStringLiteral("phase"), QStringLiteral("Running")},
                                 {QStringLiteral("conditions"),
                                  QJsonArray{condition("Initialized", true), condition("Ready", true),
                                             condition("ContainersReady", true), condition("PodScheduled", true)}},
                                 {QStringLiteral("hostIP"), QStringLiteral("127.0.0.1")},
                                 {QStringLiteral("podIP"), ip},
                                 {QStringLiteral("podIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), ip}}}},
                                 {QStringLiteral("startTime"), started},
                                 {QStringLiteral("containerStatuses"), containers}};
        m_client->patch(m_pods, ns, name, PatchType::Merge, statusPatch(status), {}, QStringLiteral("status"))
            .then(this, [this, ns, name](const KubeResult &patched) {
                if (!patched) {
                    qCInfo(lcKube).noquote()
                        << "node simulator: cannot report" << ns + u'/' + name << "Running:" << patched.error().message;
                    m_steps.insert(keyOf(ns, name), Bound);
                }
            });
    });
}

void NodeSimulator::reportSucceeded(const QString &ns, const QString &name)
{
    m_client->get(m_pods, ns, name).then(this, [this, ns, name](const KubeResult &pod) {
        if (!pod)
            return;
        const QString finished = now();
        QJsonArray containers;
        const QJsonArray running = pod->value(u"status").toObject().value(u"containerStatuses").toArray();
        for (const QJsonValue &value : running) {
            QJsonObject container = value.toObject();
            const QString startedAt
                = container.value(u"state").toObject().value(u"running").toObject().value(u"startedAt").toString();
            container.insert(QStringLiteral("ready"), false);
            container.insert(QStringLiteral("started"), false);
            container.insert(
                QStringLiteral("state"),
                QJsonObject{{QStringLiteral("terminated"),
                             QJsonObject{{QStringLiteral("exitCode"), 0},
                                         {QStringLiteral("reason"), QStringLiteral("Completed")},
                                         {QStringLiteral("startedAt"), startedAt},
                                         {QStringLiteral("finishedAt"), finished},
                                         {QStringLiteral("containerID"), container.value(u"containerID")}}}});
            containers.append(container);
        }
        const QJsonObject status{{QStringLiteral("phase"), QStringLiteral("Succeeded")},
                                 {QStringLiteral("conditions"),
                                  QJsonArray{condition("Initialized", true, QStringLiteral("PodCompleted")),
                                             condition("Ready", false, QStringLiteral("PodCompleted")),
                                             condition("ContainersReady", false, QStringLiteral("PodCompleted")),
                                             condition("PodScheduled", true)}},
                                 {QStringLiteral("containerStatuses"), containers}};
        m_client->patch(m_pods, ns, name, PatchType::Merge, statusPatch(status), {}, QStringLiteral("status"))
            .then(this, [ns, name](const KubeResult &patched) {
                if (!patched)
                    qCInfo(lcKube).noquote() << "node simulator: cannot report" << ns + u'/' + name
                                             << "Succeeded:" << patched.error().message;
            });
    });
}

void NodeSimulator::assignLoadBalancers()
{
    if (!m_ready || m_pendingLists > 0)
        return;
    if (m_ingresses)
        assignLoadBalancers(*m_ingresses, false);
    assignLoadBalancers(m_services, true);
}

void NodeSimulator::assignLoadBalancers(const ApiResource &resource, bool servicesOnly)
{
    ++m_pendingLists;
    m_client->list(resource, {}).then(this, [this, resource, servicesOnly](const KubeResult &list) {
        --m_pendingLists;
        if (!list)
            return;
        const QJsonObject address{{QStringLiteral("ip"), QStringLiteral("127.0.0.1")}};
        const QJsonObject status{
            {QStringLiteral("loadBalancer"), QJsonObject{{QStringLiteral("ingress"), QJsonArray{address}}}}};
        for (const QJsonValue &value : list->value(u"items").toArray()) {
            const QJsonObject object = value.toObject();
            if (servicesOnly && object.value(u"spec").toObject().value(u"type").toString() != u"LoadBalancer")
                continue;
            if (!object.value(u"status")
                     .toObject()
                     .value(u"loadBalancer")
                     .toObject()
                     .value(u"ingress")
                     .toArray()
                     .isEmpty())
                continue;
            const QJsonObject metadata = object.value(u"metadata").toObject();
            const QString ns = metadata.value(u"namespace").toString();
            const QString name = metadata.value(u"name").toString();
            m_client->patch(resource, ns, name, PatchType::Merge, statusPatch(status), {}, QStringLiteral("status"))
                .then(this, [ns, name](const KubeResult &patched) {
                    if (!patched)
                        qCInfo(lcKube).noquote() << "node simulator: cannot give" << ns + u'/' + name
                                                 << "a load balancer:" << patched.error().message;
                });
        }
    });
}

} // namespace Capstan::Kube
