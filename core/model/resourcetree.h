// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

/// Argo CD's view of an application's live objects: the resource tree
/// (v1alpha1.ApplicationTree) and the managed resources with their diffs
/// (v1alpha1.ResourceDiff), with Argo CD's field names.
namespace Capstan::Model {

/// v1alpha1.ResourceRef: one object of a cluster.
struct ResourceRef
{
    QString group;
    QString version;
    QString kind;
    QString ns;
    QString name;
    QString uid;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"version", self.version);
        f.field(u"kind", self.kind);
        f.field(u"namespace", self.ns);
        f.field(u"name", self.name);
        f.field(u"uid", self.uid);
    }
    friend bool operator==(const ResourceRef &, const ResourceRef &) = default;
};

/// v1alpha1.InfoItem: one line of what the UI shows about a node.
struct InfoItem
{
    QString name;
    QString value;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"value", self.value);
    }
    friend bool operator==(const InfoItem &, const InfoItem &) = default;
};

/// v1.PortStatus of a load balancer's port.
struct PortStatus
{
    int port = 0;
    QString protocol;
    QString error;

    static void describe(auto &self, auto &f)
    {
        f.field(u"port", self.port, Always);
        f.field(u"protocol", self.protocol, Always);
        f.field(u"error", self.error);
    }
    friend bool operator==(const PortStatus &, const PortStatus &) = default;
};

/// v1.LoadBalancerIngress, as Argo CD keeps it: an IP or a host name, how
/// the IP is reached, and the ports' states.
struct LoadBalancerIngress
{
    QString ip;
    QString hostname;
    QString ipMode;
    QList<PortStatus> ports;

    static void describe(auto &self, auto &f)
    {
        f.field(u"ip", self.ip);
        f.field(u"hostname", self.hostname);
        f.field(u"ipMode", self.ipMode);
        f.field(u"ports", self.ports);
    }
    friend bool operator==(const LoadBalancerIngress &, const LoadBalancerIngress &) = default;
};

/// v1alpha1.ResourceNetworkingInfo: how traffic reaches a node.
struct ResourceNetworkingInfo
{
    QList<ResourceRef> targetRefs;
    QMap<QString, QString> targetLabels;
    QMap<QString, QString> labels;
    QList<LoadBalancerIngress> ingress;
    QStringList externalURLs;

    static void describe(auto &self, auto &f)
    {
        f.field(u"targetLabels", self.targetLabels);
        f.field(u"targetRefs", self.targetRefs);
        f.field(u"labels", self.labels);
        f.field(u"ingress", self.ingress);
        f.field(u"externalURLs", self.externalURLs);
    }
    friend bool operator==(const ResourceNetworkingInfo &, const ResourceNetworkingInfo &) = default;
};

/// v1alpha1.ResourceNode: a live object and what owns it.
struct ResourceNode
{
    ResourceRef ref;
    QList<ResourceRef> parentRefs;
    QList<InfoItem> info;
    std::optional<ResourceNetworkingInfo> networkingInfo;
    QString resourceVersion;
    QStringList images;
    std::optional<HealthStatus> health;
    std::optional<QDateTime> createdAt;

    static void describe(auto &self, auto &f)
    {
        // Go embeds ResourceRef inline.
        ResourceRef::describe(self.ref, f);
        f.field(u"parentRefs", self.parentRefs);
        f.field(u"info", self.info);
        f.field(u"networkingInfo", self.networkingInfo);
        f.field(u"resourceVersion", self.resourceVersion);
        f.field(u"images", self.images);
        f.field(u"health", self.health);
        f.field(u"createdAt", self.createdAt);
    }
    friend bool operator==(const ResourceNode &, const ResourceNode &) = default;
};

/// v1alpha1.HostResourceInfo: one resource of a node (cpu, memory,
/// storage) in milli-units, as Kubernetes' MilliValue().
struct HostResourceInfo
{
    QString resourceName;
    qint64 requestedByApp = 0;
    qint64 requestedByNeighbors = 0;
    qint64 capacity = 0;

    static void describe(auto &self, auto &f)
    {
        f.field(u"resourceName", self.resourceName);
        f.field(u"requestedByApp", self.requestedByApp);
        f.field(u"requestedByNeighbors", self.requestedByNeighbors);
        f.field(u"capacity", self.capacity);
    }
    friend bool operator==(const HostResourceInfo &, const HostResourceInfo &) = default;
};

/// v1alpha1.HostInfo: a node that runs pods of the app.
struct HostInfo
{
    QString name;
    QList<HostResourceInfo> resourcesInfo;
    QJsonObject systemInfo;
    QMap<QString, QString> labels;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"resourcesInfo", self.resourcesInfo);
        f.field(u"systemInfo", self.systemInfo, Always);
        f.field(u"labels", self.labels);
    }
    friend bool operator==(const HostInfo &, const HostInfo &) = default;
};

/// v1alpha1.ApplicationTree: every live object of an app, sorted by group,
/// kind, namespace and name, and the nodes its pods run on.
struct ApplicationTree
{
    QList<ResourceNode> nodes;
    QList<ResourceNode> orphanedNodes;
    QList<HostInfo> hosts;
    /// How many parts a tree too large for one message is sent in; 0 for one.
    qint64 shardsCount = 0;

    static void describe(auto &self, auto &f)
    {
        f.field(u"nodes", self.nodes);
        f.field(u"orphanedNodes", self.orphanedNodes);
        f.field(u"hosts", self.hosts);
        f.field(u"shardsCount", self.shardsCount);
    }
    friend bool operator==(const ApplicationTree &, const ApplicationTree &) = default;
};

/// v1alpha1.ResourceDiff: one managed resource, its states as JSON text
/// with Secret values masked.
struct ResourceDiff
{
    QString group;
    QString kind;
    QString ns;
    QString name;
    QString targetState;
    QString liveState;
    QString diff;
    bool hook = false;
    QString normalizedLiveState;
    QString predictedLiveState;
    QString resourceVersion;
    bool modified = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"kind", self.kind);
        f.field(u"namespace", self.ns);
        f.field(u"name", self.name);
        f.field(u"targetState", self.targetState);
        f.field(u"liveState", self.liveState);
        f.field(u"diff", self.diff);
        f.field(u"hook", self.hook);
        f.field(u"normalizedLiveState", self.normalizedLiveState);
        f.field(u"predictedLiveState", self.predictedLiveState);
        f.field(u"resourceVersion", self.resourceVersion);
        f.field(u"modified", self.modified);
    }
};

/// v1alpha1.ResourceActionParam: a parameter of an action, or its value.
struct ResourceActionParam
{
    QString name;
    QString value;
    QString type;
    QString defaultValue;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"value", self.value);
        f.field(u"type", self.type);
        f.field(u"default", self.defaultValue);
    }
    friend bool operator==(const ResourceActionParam &, const ResourceActionParam &) = default;
};

/// v1alpha1.ResourceAction: an action a live object offers (restart, …).
struct ResourceAction
{
    QString name;
    QList<ResourceActionParam> params;
    bool disabled = false;
    QString iconClass;
    QString displayName;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"params", self.params);
        f.field(u"disabled", self.disabled);
        f.field(u"iconClass", self.iconClass);
        f.field(u"displayName", self.displayName);
    }
    friend bool operator==(const ResourceAction &, const ResourceAction &) = default;
};

} // namespace Capstan::Model
