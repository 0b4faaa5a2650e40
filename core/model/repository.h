// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/objectmeta.h"

namespace Capstan::Model {

/// Argo CD's Repository: a Git (or Helm/OCI) repository and its credentials.
/// The secret fields are kept apart by the store and left out of every
/// answer, as Argo CD leaves them out.
struct Repository
{
    QString repo;
    QString username;
    QString password; // secret
    QString sshPrivateKey; // secret
    ConnectionState connectionState;
    bool insecureIgnoreHostKey = false;
    bool insecure = false;
    bool enableLfs = false;
    QString tlsClientCertData;
    QString tlsClientCertKey; // secret
    QString type;
    QString name;
    bool inheritedCreds = false;
    bool enableOCI = false;
    QString githubAppPrivateKey; // secret
    qint64 githubAppID = 0;
    qint64 githubAppInstallationID = 0;
    QString githubAppEnterpriseBaseUrl;
    QString proxy;
    QString project;
    QString gcpServiceAccountKey; // secret
    bool forceHttpBasicAuth = false;
    QString noProxy;
    bool useAzureWorkloadIdentity = false;
    QString bearerToken; // secret
    qint64 depth = 0;

    static void describe(auto &self, auto &f)
    {
        f.field(u"repo", self.repo, Always);
        f.field(u"username", self.username);
        f.field(u"password", self.password);
        f.field(u"sshPrivateKey", self.sshPrivateKey);
        f.field(u"connectionState", self.connectionState);
        f.field(u"insecureIgnoreHostKey", self.insecureIgnoreHostKey);
        f.field(u"insecure", self.insecure);
        f.field(u"enableLfs", self.enableLfs);
        f.field(u"tlsClientCertData", self.tlsClientCertData);
        f.field(u"tlsClientCertKey", self.tlsClientCertKey);
        f.field(u"type", self.type);
        f.field(u"name", self.name);
        f.field(u"inheritedCreds", self.inheritedCreds);
        f.field(u"enableOCI", self.enableOCI);
        f.field(u"githubAppPrivateKey", self.githubAppPrivateKey);
        f.field(u"githubAppID", self.githubAppID);
        f.field(u"githubAppInstallationID", self.githubAppInstallationID);
        f.field(u"githubAppEnterpriseBaseUrl", self.githubAppEnterpriseBaseUrl);
        f.field(u"proxy", self.proxy);
        f.field(u"project", self.project);
        f.field(u"gcpServiceAccountKey", self.gcpServiceAccountKey);
        f.field(u"forceHttpBasicAuth", self.forceHttpBasicAuth);
        f.field(u"noProxy", self.noProxy);
        f.field(u"useAzureWorkloadIdentity", self.useAzureWorkloadIdentity);
        f.field(u"bearerToken", self.bearerToken);
        f.field(u"depth", self.depth);
    }

    /// The secret fields only, as a JSON object (empty when there are none).
    QJsonObject secrets() const;
    /// A copy with the secret fields cleared.
    Repository withoutSecrets() const;
    /// Fills the secret fields from secrets().
    void restoreSecrets(const QJsonObject &secrets);
    /// Whether the repository is reached without verifying TLS or host keys.
    bool isInsecure() const { return insecure || insecureIgnoreHostKey; }
    QList<FieldError> validate() const;
    friend bool operator==(const Repository &, const Repository &) = default;
};

/// Argo CD's RepoCreds: a credential template for every repository whose URL
/// starts with url.
struct RepoCreds
{
    QString url;
    QString username;
    QString password; // secret
    QString sshPrivateKey; // secret
    QString tlsClientCertData;
    QString tlsClientCertKey; // secret
    QString githubAppPrivateKey; // secret
    qint64 githubAppID = 0;
    qint64 githubAppInstallationID = 0;
    QString githubAppEnterpriseBaseUrl;
    bool enableOCI = false;
    QString type;
    QString gcpServiceAccountKey; // secret
    QString proxy;
    bool forceHttpBasicAuth = false;
    QString noProxy;
    bool useAzureWorkloadIdentity = false;
    QString bearerToken; // secret

    static void describe(auto &self, auto &f)
    {
        f.field(u"url", self.url, Always);
        f.field(u"username", self.username);
        f.field(u"password", self.password);
        f.field(u"sshPrivateKey", self.sshPrivateKey);
        f.field(u"tlsClientCertData", self.tlsClientCertData);
        f.field(u"tlsClientCertKey", self.tlsClientCertKey);
        f.field(u"githubAppPrivateKey", self.githubAppPrivateKey);
        f.field(u"githubAppID", self.githubAppID);
        f.field(u"githubAppInstallationID", self.githubAppInstallationID);
        f.field(u"githubAppEnterpriseBaseUrl", self.githubAppEnterpriseBaseUrl);
        f.field(u"enableOCI", self.enableOCI);
        f.field(u"type", self.type);
        f.field(u"gcpServiceAccountKey", self.gcpServiceAccountKey);
        f.field(u"proxy", self.proxy);
        f.field(u"forceHttpBasicAuth", self.forceHttpBasicAuth);
        f.field(u"noProxy", self.noProxy);
        f.field(u"useAzureWorkloadIdentity", self.useAzureWorkloadIdentity);
        f.field(u"bearerToken", self.bearerToken);
    }

    QJsonObject secrets() const;
    RepoCreds withoutSecrets() const;
    void restoreSecrets(const QJsonObject &secrets);
    QList<FieldError> validate() const;
    friend bool operator==(const RepoCreds &, const RepoCreds &) = default;
};

} // namespace Capstan::Model
