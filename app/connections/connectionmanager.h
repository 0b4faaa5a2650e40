// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "connection.h"

#include <QObject>

#include <memory>

namespace Capstan {

class ApplicationsModel;
class CredentialStore;
class EmbeddedServer;

/// Every connection of the console: "This computer" first, which runs the
/// embedded server (and the local control plane) and signs in with its
/// process token, then the remote servers the user added. Remote servers are
/// kept in QSettings without their tokens, which live in the CredentialStore.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    struct LocalOptions
    {
        bool enabled = true;
        QString dataDirectory;
        bool localCluster = true;
    };

    ConnectionManager(ApplicationsModel *applications, CredentialStore *credentials, QObject *parent = nullptr);
    ~ConnectionManager() override;

    /// Starts the local server (unless disabled) and every saved remote server.
    void start(const LocalOptions &local);

    QList<Connection *> connections() const { return m_connections; }
    Connection *connection(const QString &id) const;
    Connection *local() const;
    CredentialStore *credentials() const { return m_credentials; }
    /// The embedded server's kubeconfig for the local control plane, once it runs.
    QString localKubeconfig() const { return m_localKubeconfig; }

    /// Adds a remote server with the token a login gave (or one pasted).
    Connection *addRemote(const Connection::Settings &settings, const QByteArray &token);
    /// Adds a server only for this session (the command line's --server), unsaved.
    Connection *addTransient(const QUrl &url);
    void remove(const QString &id);
    /// Signs in anew and keeps the token.
    void setToken(Connection *connection, const QByteArray &token);

Q_SIGNALS:
    void connectionAdded(Capstan::Connection *connection);
    void connectionAboutToBeRemoved(Capstan::Connection *connection);
    void connectionChanged(Capstan::Connection *connection);
    void problem(const QString &text, const QString &details);
    void localKubeconfigChanged(const QString &path);

private:
    Connection *add(Connection::Kind kind, const Connection::Settings &settings, bool persistent);
    void save() const;
    void startLocal(const LocalOptions &options);

    ApplicationsModel *m_applications;
    CredentialStore *m_credentials;
    QList<Connection *> m_connections;
    QSet<QString> m_transient;
    std::unique_ptr<EmbeddedServer> m_embeddedServer;
    QString m_localKubeconfig;
};

} // namespace Capstan
