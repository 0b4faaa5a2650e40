// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"
#include "model/objectmeta.h"

namespace Capstan::Model {

struct JwtToken
{
    qint64 iat = 0;
    qint64 exp = 0;
    QString id;

    static void describe(auto &self, auto &f)
    {
        f.field(u"iat", self.iat, Always);
        f.field(u"exp", self.exp);
        f.field(u"id", self.id);
    }
    friend bool operator==(const JwtToken &, const JwtToken &) = default;
};

struct ProjectRole
{
    QString name;
    QString description;
    QStringList policies;
    QList<JwtToken> jwtTokens;
    QStringList groups;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name, Always);
        f.field(u"description", self.description);
        f.field(u"policies", self.policies);
        f.field(u"jwtTokens", self.jwtTokens);
        f.field(u"groups", self.groups);
    }
    friend bool operator==(const ProjectRole &, const ProjectRole &) = default;
};

struct SyncWindow
{
    QString kind;
    QString schedule;
    QString duration;
    QStringList applications;
    QStringList namespaces;
    QStringList clusters;
    bool manualSync = false;
    QString timeZone;
    bool andOperator = false;
    QString description;

    static void describe(auto &self, auto &f)
    {
        f.field(u"kind", self.kind);
        f.field(u"schedule", self.schedule);
        f.field(u"duration", self.duration);
        f.field(u"applications", self.applications);
        f.field(u"namespaces", self.namespaces);
        f.field(u"clusters", self.clusters);
        f.field(u"manualSync", self.manualSync);
        f.field(u"timeZone", self.timeZone);
        f.field(u"andOperator", self.andOperator);
        f.field(u"description", self.description);
    }
    friend bool operator==(const SyncWindow &, const SyncWindow &) = default;
};

struct OrphanedResourceKey
{
    QString group;
    QString kind;
    QString name;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"kind", self.kind);
        f.field(u"name", self.name);
    }
    friend bool operator==(const OrphanedResourceKey &, const OrphanedResourceKey &) = default;
};

struct OrphanedResourcesMonitorSettings
{
    std::optional<bool> warn;
    QList<OrphanedResourceKey> ignore;

    static void describe(auto &self, auto &f)
    {
        f.field(u"warn", self.warn);
        f.field(u"ignore", self.ignore);
    }
    friend bool operator==(const OrphanedResourcesMonitorSettings &, const OrphanedResourcesMonitorSettings &)
        = default;
};

struct DestinationServiceAccount
{
    QString server;
    QString ns;
    QString defaultServiceAccount;

    static void describe(auto &self, auto &f)
    {
        f.field(u"server", self.server, Always);
        f.field(u"namespace", self.ns);
        f.field(u"defaultServiceAccount", self.defaultServiceAccount, Always);
    }
    friend bool operator==(const DestinationServiceAccount &, const DestinationServiceAccount &) = default;
};

struct AppProjectSpec
{
    QStringList sourceRepos;
    QList<ApplicationDestination> destinations;
    QString description;
    QList<ProjectRole> roles;
    QList<GroupKind> clusterResourceWhitelist;
    /// Absent and empty differ: absent allows every namespaced kind, an empty
    /// list none.
    std::optional<QList<GroupKind>> namespaceResourceBlacklist;
    std::optional<OrphanedResourcesMonitorSettings> orphanedResources;
    QList<SyncWindow> syncWindows;
    std::optional<QList<GroupKind>> namespaceResourceWhitelist;
    QList<GroupKind> clusterResourceBlacklist;
    QStringList sourceNamespaces;
    bool permitOnlyProjectScopedClusters = false;
    QList<DestinationServiceAccount> destinationServiceAccounts;

    static void describe(auto &self, auto &f)
    {
        f.field(u"sourceRepos", self.sourceRepos);
        f.field(u"destinations", self.destinations);
        f.field(u"description", self.description);
        f.field(u"roles", self.roles);
        f.field(u"clusterResourceWhitelist", self.clusterResourceWhitelist);
        f.field(u"namespaceResourceBlacklist", self.namespaceResourceBlacklist);
        f.field(u"orphanedResources", self.orphanedResources);
        f.field(u"syncWindows", self.syncWindows);
        f.field(u"namespaceResourceWhitelist", self.namespaceResourceWhitelist);
        f.field(u"clusterResourceBlacklist", self.clusterResourceBlacklist);
        f.field(u"sourceNamespaces", self.sourceNamespaces);
        f.field(u"permitOnlyProjectScopedClusters", self.permitOnlyProjectScopedClusters);
        f.field(u"destinationServiceAccounts", self.destinationServiceAccounts);
    }
    friend bool operator==(const AppProjectSpec &, const AppProjectSpec &) = default;
};

struct JwtTokens
{
    QList<JwtToken> items;

    static void describe(auto &self, auto &f) { f.field(u"items", self.items); }
    friend bool operator==(const JwtTokens &, const JwtTokens &) = default;
};

struct AppProjectStatus
{
    QMap<QString, JwtTokens> jwtTokensByRole;

    static void describe(auto &self, auto &f) { f.field(u"jwtTokensByRole", self.jwtTokensByRole); }
    friend bool operator==(const AppProjectStatus &, const AppProjectStatus &) = default;
};

/// Argo CD's AppProject: which repositories, destinations and kinds of
/// resources its applications may use.
struct AppProject
{
    ObjectMeta metadata;
    AppProjectSpec spec;
    AppProjectStatus status;

    static void describe(auto &self, auto &f)
    {
        f.field(u"metadata", self.metadata);
        // Kubernetes' TypeMeta, as kubectl writes it: accepted, not kept.
        f.ignore(u"apiVersion");
        f.ignore(u"kind");
        f.field(u"spec", self.spec);
        f.field(u"status", self.status);
    }

    /// The `default` project Argo CD creates: everything allowed.
    static AppProject defaultProject();
    QList<FieldError> validate() const;
    /// What is wrong with @p policy of @p role in @p project, as Argo CD
    /// checks it; empty when nothing is.
    static QString policyProblem(const QString &project, const QString &role, const QString &policy);
    /// The resources and actions a project role's policy may name.
    static QStringList policyResources();
    static QStringList policyActions();
    friend bool operator==(const AppProject &, const AppProject &) = default;
};

} // namespace Capstan::Model
