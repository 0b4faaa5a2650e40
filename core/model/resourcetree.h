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

/// v1.LoadBalancerIngress, as Argo CD keeps it: an IP or a host name.
struct LoadBalancerIngress
{
    QString ip;
    QString hostname;

    static void describe(auto &self, auto &f)
    {
        f.field(u"ip", self.ip);
        f.field(u"hostname", self.hostname);
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

/// v1alpha1.ApplicationTree: every live object of an app, sorted by group,
/// kind, namespace and name.
struct ApplicationTree
{
    QList<ResourceNode> nodes;
    QList<ResourceNode> orphanedNodes;

    static void describe(auto &self, auto &f)
    {
        f.field(u"nodes", self.nodes);
        f.field(u"orphanedNodes", self.orphanedNodes);
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
