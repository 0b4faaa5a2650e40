// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/objectmeta.h"

namespace Capstan::Model {

/// Certificates are base64 of PEM, as Go writes []byte.
struct TlsClientConfig
{
    bool insecure = false;
    QString serverName;
    QString certData;
    QString keyData; // secret
    QString caData;

    static void describe(auto &self, auto &f)
    {
        f.field(u"insecure", self.insecure, Always);
        f.field(u"serverName", self.serverName);
        f.field(u"certData", self.certData);
        f.field(u"keyData", self.keyData);
        f.field(u"caData", self.caData);
    }
    friend bool operator==(const TlsClientConfig &, const TlsClientConfig &) = default;
};

struct ExecProviderConfig
{
    QString command;
    QStringList args; // secret: may carry tokens
    QMap<QString, QString> env; // secret
    QString apiVersion;
    QString installHint;

    static void describe(auto &self, auto &f)
    {
        f.field(u"command", self.command);
        f.field(u"args", self.args);
        f.field(u"env", self.env);
        f.field(u"apiVersion", self.apiVersion);
        f.field(u"installHint", self.installHint);
    }
    friend bool operator==(const ExecProviderConfig &, const ExecProviderConfig &) = default;
};

struct AwsAuthConfig
{
    QString clusterName;
    QString roleARN;
    QString profile;

    static void describe(auto &self, auto &f)
    {
        f.field(u"clusterName", self.clusterName);
        f.field(u"roleARN", self.roleARN);
        f.field(u"profile", self.profile);
    }
    friend bool operator==(const AwsAuthConfig &, const AwsAuthConfig &) = default;
};

struct ClusterConfig
{
    QString username;
    QString password; // secret
    QString bearerToken; // secret
    TlsClientConfig tlsClientConfig;
    std::optional<AwsAuthConfig> awsAuthConfig;
    std::optional<ExecProviderConfig> execProviderConfig;
    bool disableCompression = false;
    QString proxyUrl;

    static void describe(auto &self, auto &f)
    {
        f.field(u"username", self.username);
        f.field(u"password", self.password);
        f.field(u"bearerToken", self.bearerToken);
        f.field(u"tlsClientConfig", self.tlsClientConfig);
        f.field(u"awsAuthConfig", self.awsAuthConfig);
        f.field(u"execProviderConfig", self.execProviderConfig);
        f.field(u"disableCompression", self.disableCompression);
        f.field(u"proxyUrl", self.proxyUrl);
    }
    friend bool operator==(const ClusterConfig &, const ClusterConfig &) = default;
};

struct ClusterCacheInfo
{
    qint64 resourcesCount = 0;
    qint64 apisCount = 0;
    std::optional<QDateTime> lastCacheSyncTime;

    static void describe(auto &self, auto &f)
    {
        f.field(u"resourcesCount", self.resourcesCount);
        f.field(u"apisCount", self.apisCount);
        f.field(u"lastCacheSyncTime", self.lastCacheSyncTime);
    }
    friend bool operator==(const ClusterCacheInfo &, const ClusterCacheInfo &) = default;
};

struct ClusterInfo
{
    ConnectionState connectionState;
    QString serverVersion;
    ClusterCacheInfo cacheInfo;
    qint64 applicationsCount = 0;
    QStringList apiVersions;

    static void describe(auto &self, auto &f)
    {
        f.field(u"connectionState", self.connectionState);
        f.field(u"serverVersion", self.serverVersion);
        f.field(u"cacheInfo", self.cacheInfo);
        f.field(u"applicationsCount", self.applicationsCount, Always);
        f.field(u"apiVersions", self.apiVersions);
    }
    friend bool operator==(const ClusterInfo &, const ClusterInfo &) = default;
};

/// Argo CD's Cluster: a destination API server and how to reach it.
struct Cluster
{
    QString server;
    QString name;
    ClusterConfig config;
    ConnectionState connectionState;
    QString serverVersion;
    QStringList namespaces;
    std::optional<QDateTime> refreshRequestedAt;
    ClusterInfo info;
    std::optional<qint64> shard;
    bool clusterResources = false;
    QString project;
    QMap<QString, QString> labels;
    QMap<QString, QString> annotations;

    static void describe(auto &self, auto &f)
    {
        f.field(u"server", self.server, Always);
        f.field(u"name", self.name, Always);
        f.field(u"config", self.config);
        f.field(u"connectionState", self.connectionState);
        f.field(u"serverVersion", self.serverVersion);
        f.field(u"namespaces", self.namespaces);
        f.field(u"refreshRequestedAt", self.refreshRequestedAt);
        f.field(u"info", self.info);
        f.field(u"shard", self.shard);
        f.field(u"clusterResources", self.clusterResources);
        f.field(u"project", self.project);
        f.field(u"labels", self.labels);
        f.field(u"annotations", self.annotations);
    }

    /// The in-cluster destination every Argo CD has.
    static QString inClusterServer() { return QStringLiteral("https://kubernetes.default.svc"); }
    static QString inClusterName() { return QStringLiteral("in-cluster"); }

    QJsonObject secrets() const;
    Cluster withoutSecrets() const;
    void restoreSecrets(const QJsonObject &secrets);
    QList<FieldError> validate() const;
    friend bool operator==(const Cluster &, const Cluster &) = default;
};

} // namespace Capstan::Model
