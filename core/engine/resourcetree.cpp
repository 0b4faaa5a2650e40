// SPDX-License-Identifier: Apache-2.0
#include "resourcetree.h"

#include "engine/hostinfo.h"
#include "health/resourcehealth.h"
#include "kube/apiresource.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

using Model::InfoItem;
using Model::ResourceNetworkingInfo;
using Model::ResourceNode;
using Model::ResourceRef;

QMap<QString, QString> stringMap(const QJsonValue &value)
{
    QMap<QString, QString> map;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it->isString())
            map.insert(it.key(), it->toString());
    return map;
}

ResourceNetworkingInfo &networking(ResourceNode &node)
{
    if (!node.networkingInfo)
        node.networkingInfo.emplace();
    return *node.networkingInfo;
}

/// Argo CD's resource.GetRevision: Deployments and ReplicaSets carry it in an
/// annotation, ControllerRevisions in a field.
qint64 revisionOf(const QJsonObject &object, const QString &kind)
{
    if (kind == u"ControllerRevision")
        return object.value(u"revision").toInteger();
    const QString annotation = Kube::metadataOf(object)
                                   .value(u"annotations")
                                   .toObject()
                                   .value(u"deployment.kubernetes.io/revision")
                                   .toString();
    return annotation.toLongLong();
}

/// status.loadBalancer.ingress, a host name before an IP, with the IP's
/// mode and the ports' states.
QList<Model::LoadBalancerIngress> loadBalancerIngress(const QJsonObject &object)
{
    QList<Model::LoadBalancerIngress> ingress;
    const QJsonArray entries = object[u"status"][u"loadBalancer"][u"ingress"].toArray();
    for (const QJsonValue &entry : entries) {
        auto read = Model::fromJson<Model::LoadBalancerIngress>(entry.toObject());
        if (!read)
            continue; // not what Kubernetes writes: nothing to show
        Model::LoadBalancerIngress balancer = std::move(read).value();
        if (!balancer.hostname.isEmpty())
            balancer.ip.clear();
        if (!balancer.hostname.isEmpty() || !balancer.ip.isEmpty())
            ingress.append(std::move(balancer));
    }
    return ingress;
}

/// A link annotation's URL ("title|url" or "url") must be http(s), as Argo
/// CD's ValidateExternalURL, so that no `javascript:` link reaches a UI.
bool isSafeLink(const QString &value)
{
    const QString url = value.contains(u'|') ? value.section(u'|', 1) : value;
    const QUrl parsed(url, QUrl::StrictMode);
    return parsed.isValid() && (parsed.scheme() == u"http" || parsed.scheme() == u"https") && !parsed.host().isEmpty();
}

void addPodInfo(const QJsonObject &pod, ResourceNode &node)
{
    const QJsonObject spec = pod.value(u"spec").toObject();
    const QJsonObject status = pod.value(u"status").toObject();
    const QJsonArray containers = spec.value(u"containers").toArray();
    const QJsonArray initContainers = spec.value(u"initContainers").toArray();
    const QString phase = status.value(u"phase").toString();
    QString reason = status.value(u"reason").toString();
    if (reason.isEmpty())
        reason = phase;

    std::set<QString> images;
    QSet<QString> restartableInit;
    for (const QJsonValue &container : initContainers) {
        images.insert(container[u"image"].toString());
        if (container[u"restartPolicy"].toString() == u"Always")
            restartableInit.insert(container[u"name"].toString());
    }
    for (const QJsonValue &container : containers)
        images.insert(container[u"image"].toString());
    images.erase(QString());
    node.images = QStringList(images.begin(), images.end());

    bool initializedCondition = false;
    for (const QJsonValue &condition : status.value(u"conditions").toArray()) {
        if (condition[u"type"].toString() == u"PodScheduled" && condition[u"reason"].toString() == u"SchedulingGated")
            reason = u"SchedulingGated"_s;
        if (condition[u"type"].toString() == u"Initialized")
            initializedCondition = condition[u"status"].toString() == u"True";
    }

    qint64 restarts = 0;
    qint64 total = containers.size() + restartableInit.size();
    qint64 ready = 0;
    bool initializing = false;
    const QJsonArray initStatuses = status.value(u"initContainerStatuses").toArray();
    for (qsizetype i = 0; i < initStatuses.size(); ++i) {
        const QJsonObject container = initStatuses.at(i).toObject();
        restarts += container.value(u"restartCount").toInteger();
        const QJsonObject state = container.value(u"state").toObject();
        const QJsonObject terminated = state.value(u"terminated").toObject();
        const QJsonObject waiting = state.value(u"waiting").toObject();
        if (state.contains(u"terminated") && terminated.value(u"exitCode").toInteger() == 0)
            continue;
        if (restartableInit.contains(container.value(u"name").toString()) && container.value(u"started").toBool()) {
            if (container.value(u"ready").toBool())
                ++ready;
            continue;
        }
        if (state.contains(u"terminated")) {
            const QString terminatedReason = terminated.value(u"reason").toString();
            if (!terminatedReason.isEmpty())
                reason = u"Init:"_s + terminatedReason;
            else if (const qint64 signal = terminated.value(u"signal").toInteger(); signal != 0)
                reason = u"Init:Signal:%1"_s.arg(signal);
            else
                reason = u"Init:ExitCode:%1"_s.arg(terminated.value(u"exitCode").toInteger());
        } else if (!waiting.value(u"reason").toString().isEmpty()
                   && waiting.value(u"reason").toString() != u"PodInitializing") {
            reason = u"Init:"_s + waiting.value(u"reason").toString();
        } else {
            reason = u"Init:%1/%2"_s.arg(i).arg(initContainers.size());
        }
        initializing = true;
        break;
    }
    if (!initializing || initializedCondition) {
        bool running = false;
        const QJsonArray statuses = status.value(u"containerStatuses").toArray();
        for (qsizetype i = statuses.size() - 1; i >= 0; --i) {
            const QJsonObject container = statuses.at(i).toObject();
            restarts += container.value(u"restartCount").toInteger();
            const QJsonObject state = container.value(u"state").toObject();
            const QJsonObject terminated = state.value(u"terminated").toObject();
            const QString waitingReason = state.value(u"waiting").toObject().value(u"reason").toString();
            if (!waitingReason.isEmpty()) {
                reason = waitingReason;
            } else if (state.contains(u"terminated")) {
                const QString terminatedReason = terminated.value(u"reason").toString();
                if (!terminatedReason.isEmpty())
                    reason = terminatedReason;
                else if (const qint64 signal = terminated.value(u"signal").toInteger(); signal != 0)
                    reason = u"Signal:%1"_s.arg(signal);
                else
                    reason = u"ExitCode:%1"_s.arg(terminated.value(u"exitCode").toInteger());
            } else if (container.value(u"ready").toBool() && state.contains(u"running")) {
                running = true;
                ++ready;
            }
        }
        if (reason == u"Completed" && running)
            reason = u"Running"_s;
    }
    const bool deleting = !Kube::metadataOf(pod).value(u"deletionTimestamp").toString().isEmpty();
    if (deleting && status.value(u"reason").toString() == u"NodeLost")
        reason = u"Unknown"_s;
    else if (deleting && phase != u"Succeeded" && phase != u"Failed")
        reason = u"Terminating"_s;

    if (!reason.isEmpty())
        node.info.append({u"Status Reason"_s, reason});
    node.info.append({u"Node"_s, spec.value(u"nodeName").toString()});
    node.info.append({u"Containers"_s, u"%1/%2"_s.arg(ready).arg(total)});
    if (restarts > 0)
        node.info.append({u"Restart Count"_s, QString::number(restarts)});
    networking(node).labels = stringMap(Kube::metadataOf(pod).value(u"labels"));
}

void addServiceInfo(const QJsonObject &service, ResourceNode &node)
{
    ResourceNetworkingInfo &info = networking(node);
    info.targetLabels = stringMap(service[u"spec"][u"selector"]);
    if (service[u"spec"][u"type"].toString() == u"LoadBalancer")
        info.ingress = loadBalancerIngress(service);
}

/// The Service an Ingress backend names (extensions and v1beta1: serviceName;
/// v1: service.name).
QString backendService(const QJsonValue &backend)
{
    const QString legacy = backend[u"serviceName"].toString();
    return legacy.isEmpty() ? backend[u"service"][u"name"].toString() : legacy;
}

void addIngressInfo(const QJsonObject &ingress, ResourceNode &node)
{
    const QList<Model::LoadBalancerIngress> balancers = loadBalancerIngress(ingress);
    const QString ns = Kube::namespaceOf(ingress);
    const QJsonObject spec = ingress.value(u"spec").toObject();
    std::set<QString> services;
    std::set<QString> urls;
    for (const QJsonValue &backend : {spec.value(u"backend"), spec.value(u"defaultBackend")})
        if (backend.isObject() && !backendService(backend).isEmpty())
            services.insert(backendService(backend));
    const QJsonArray tls = spec.value(u"tls").toArray();
    for (const QJsonValue &rule : spec.value(u"rules").toArray()) {
        QString host = rule[u"host"].toString();
        for (qsizetype i = 0; host.isEmpty() && i < balancers.size(); ++i)
            host = balancers.at(i).hostname.isEmpty() ? balancers.at(i).ip : balancers.at(i).hostname;
        for (const QJsonValue &path : rule[u"http"][u"paths"].toArray()) {
            if (const QString service = backendService(path[u"backend"]); !service.isEmpty())
                services.insert(service);
            if (host.isEmpty())
                continue;
            QString scheme = u"http"_s;
            for (const QJsonValue &entry : tls) {
                if (!entry[u"secretName"].toString().isEmpty() || entry[u"hosts"].toArray().contains(QJsonValue(host)))
                    scheme = u"https"_s;
            }
            QString subPath = path[u"path"].toString();
            if (subPath.endsWith(u'*'))
                subPath.chop(1);
            urls.insert(scheme + u"://"_s + host + subPath);
        }
    }
    ResourceNetworkingInfo &info = networking(node);
    for (const QString &service : services)
        info.targetRefs.append({QString(), QString(), u"Service"_s, ns, service, QString()});
    info.ingress = balancers;
    const bool defaultLinks
        = Kube::metadataOf(ingress)[u"annotations"][u"argocd.argoproj.io/ignore-default-links"].toString() != u"true";
    if (defaultLinks)
        for (const QString &url : urls)
            info.externalURLs.append(url);
}

ResourceRef refOf(const QJsonObject &object)
{
    const Kube::GroupVersionKind gvk = Kube::GroupVersionKind::of(object);
    const QJsonObject metadata = Kube::metadataOf(object);
    return {gvk.group,
            gvk.version,
            gvk.kind,
            metadata.value(u"namespace").toString(),
            metadata.value(u"name").toString(),
            metadata.value(u"uid").toString()};
}

bool lessByKey(const ResourceRef &a, const ResourceRef &b)
{
    return std::tie(a.group, a.kind, a.ns, a.name) < std::tie(b.group, b.kind, b.ns, b.name);
}

} // namespace

ResourceNode resourceNode(const QJsonObject &object)
{
    ResourceNode node;
    node.ref = refOf(object);
    const QJsonObject metadata = Kube::metadataOf(object);
    node.resourceVersion = metadata.value(u"resourceVersion").toString();
    const QDateTime created = QDateTime::fromString(metadata.value(u"creationTimestamp").toString(), Qt::ISODate);
    if (created.isValid())
        node.createdAt = created;
    node.health = Health::resourceHealth(object);

    if (const qint64 revision = revisionOf(object, node.ref.kind); revision > 0)
        node.info.append({u"Revision"_s, u"Rev:%1"_s.arg(revision)});
    const QJsonObject annotations = metadata.value(u"annotations").toObject();
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        if (it.key().startsWith(u"link.argocd.argoproj.io/") && isSafeLink(it->toString()))
            networking(node).externalURLs.append(it->toString());
    }

    const QString &group = node.ref.group;
    const QString &kind = node.ref.kind;
    if (group.isEmpty() && kind == u"Pod")
        addPodInfo(object, node);
    else if (group.isEmpty() && kind == u"Service")
        addServiceInfo(object, node);
    else if ((group == u"networking.k8s.io" || group == u"extensions") && kind == u"Ingress")
        addIngressInfo(object, node);
    return node;
}

Model::ApplicationTree resourceTree(const QList<Model::ResourceStatus> &managed, const Kube::ClusterCache &cache)
{
    // Breadth first from the managed objects; an object reached twice is one
    // node with every parent it was reached from.
    QHash<QString, qsizetype> indexByUid;
    QList<ResourceNode> nodes;
    QList<Kube::CachedObjectPtr> pending;
    QList<ResourceRef> pendingParent;
    for (const Model::ResourceStatus &resource : managed) {
        const Kube::CachedObjectPtr live = cache.get({resource.group, resource.kind, resource.ns, resource.name});
        if (!live)
            continue;
        pending.append(live);
        pendingParent.append(ResourceRef());
    }
    for (qsizetype i = 0; i < pending.size(); ++i) {
        const Kube::CachedObjectPtr &object = pending.at(i);
        const ResourceRef &parent = pendingParent.at(i);
        const auto known = indexByUid.constFind(object->uid);
        if (known != indexByUid.cend()) {
            ResourceNode &node = nodes[*known];
            if (!parent.kind.isEmpty() && !node.parentRefs.contains(parent))
                node.parentRefs.append(parent);
            continue;
        }
        ResourceNode node = resourceNode(object->object());
        if (!parent.kind.isEmpty())
            node.parentRefs.append(parent);
        const ResourceRef self = node.ref;
        indexByUid.insert(object->uid, nodes.size());
        nodes.append(std::move(node));
        for (const Kube::CachedObjectPtr &child : cache.children(*object)) {
            pending.append(child);
            pendingParent.append(self);
        }
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const ResourceNode &a, const ResourceNode &b) { return lessByKey(a.ref, b.ref); });
    for (ResourceNode &node : nodes)
        std::sort(node.parentRefs.begin(), node.parentRefs.end(), lessByKey);
    Model::ApplicationTree tree;
    tree.hosts = hostsOf(nodes, cache);
    tree.nodes = std::move(nodes);
    return tree;
}

} // namespace Capstan::Engine
