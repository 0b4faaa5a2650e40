// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Capstan::Kube {

/// A client.authentication.k8s.io exec credential plugin.
struct ExecCredentialPlugin
{
    QString apiVersion;
    QString command;
    QStringList arguments;
    QList<QPair<QString, QString>> environment;
    QString installHint;
    bool provideClusterInfo = false;
};

/// How to reach and authenticate to one cluster: a kubeconfig context with its
/// cluster and user resolved, and files already read.
struct ClusterConnection
{
    QString contextName;
    QUrl server;
    /// PEM; empty means the system's trust store.
    QByteArray certificateAuthority;
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString defaultNamespace;

    QByteArray bearerToken;
    /// Read again on each use, as client-go does: the token may rotate.
    QString tokenFile;
    /// PEM.
    QByteArray clientCertificate;
    QByteArray clientKey;
    QString username;
    QString password;
    std::optional<ExecCredentialPlugin> exec;
};

/// The kubeconfig files of kubectl: one file, or several merged as kubectl
/// merges $KUBECONFIG (the first file that names a cluster, user or context
/// wins, and the first non-empty current-context).
///
/// Grammar: a YAML mapping with `clusters`, `users` and `contexts`, each a
/// sequence of `{name, cluster|user|context: {...}}`, and `current-context`.
/// Clusters have `server`, `certificate-authority(-data)`,
/// `insecure-skip-tls-verify` and `tls-server-name`; users have `token`,
/// `tokenFile`, `client-certificate(-data)`, `client-key(-data)`, `username`,
/// `password` and `exec`; contexts have `cluster`, `user` and `namespace`.
/// Relative paths are relative to the file that names them.
class Kubeconfig
{
public:
    /// Reads one file's text; @p fileName is for messages and relative paths.
    static Result<Kubeconfig> parse(const QByteArray &yaml, const QString &fileName);
    /// Reads and merges @p files; missing files are skipped, as kubectl skips them.
    static Result<Kubeconfig> load(const QStringList &files);
    /// $KUBECONFIG when set, ~/.kube/config otherwise.
    static Result<Kubeconfig> loadDefault();

    QStringList contextNames() const;
    QString currentContext() const { return m_currentContext; }

    /// The connection of @p context, or of the current context when empty.
    Result<ClusterConnection> connection(const QString &context = {}) const;

    /// Everything read, for golden files and diagnostics (secrets as given).
    QJsonObject toJson() const;

private:
    struct Cluster
    {
        QString name;
        QString file;
        QString server;
        QString certificateAuthority;
        QByteArray certificateAuthorityData;
        bool insecureSkipTlsVerify = false;
        QString tlsServerName;
    };
    struct User
    {
        QString name;
        QString file;
        QByteArray token;
        QString tokenFile;
        QString clientCertificate;
        QByteArray clientCertificateData;
        QString clientKey;
        QByteArray clientKeyData;
        QString username;
        QString password;
        std::optional<ExecCredentialPlugin> exec;
        QString unsupported; // an auth-provider, for a clear message when used
    };
    struct Context
    {
        QString name;
        QString file;
        QString cluster;
        QString user;
        QString defaultNamespace;
    };

    void merge(const Kubeconfig &other);

    QList<Cluster> m_clusters;
    QList<User> m_users;
    QList<Context> m_contexts;
    QString m_currentContext;
    QStringList m_files;
};

} // namespace Capstan::Kube
