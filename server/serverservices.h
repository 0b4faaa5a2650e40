// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QMap>
#include <QString>

#include <memory>

namespace Capstan {

namespace Auth {
class AccountStore;
class Authorizer;
class SessionManager;
} // namespace Auth
namespace Store {
class Store;
}

class ApiServer;

/// What the server is configured with: Argo CD's argocd-cm and
/// argocd-rbac-cm data, so that settings carry over from an Argo CD install.
struct ServerSettings
{
    QMap<QString, QString> configMap;
    QMap<QString, QString> rbacConfigMap;
    /// Whether clients reach the server over TLS (cookies are Secure then).
    bool secure = false;
};

/// Everything the API serves, opened from a data folder: the store of Argo CD
/// objects, the local accounts, the session manager with the server's
/// signing key, and the RBAC authorizer. Routes reach the engine only
/// through these typed services.
class ServerServices
{
public:
    ~ServerServices();

    /// Opens or creates the server's state in @p dataDirectory. At first start
    /// admin gets a random password (initialAdminPassword()) and the server a
    /// signing key, each in a file only the owner can read.
    static Result<std::unique_ptr<ServerServices>> open(const QString &dataDirectory, const ServerSettings &settings);

    Store::Store &store() const { return *m_store; }
    Auth::AccountStore &accounts() const { return *m_accounts; }
    Auth::SessionManager &sessions() const { return *m_sessions; }
    Auth::Authorizer &authorizer() const { return *m_authorizer; }
    const ServerSettings &settings() const { return m_settings; }

    /// Admin's initial password while it has not been changed (Argo CD's
    /// argocd-initial-admin-secret); empty afterwards.
    QString initialAdminPassword() const;
    /// The file it is kept in.
    QString initialAdminPasswordFile() const;

    /// Serves the API's routes on @p server, which must not outlive this.
    void addRoutes(ApiServer &server);

private:
    ServerServices() = default;

    ServerSettings m_settings;
    QString m_directory;
    std::unique_ptr<Store::Store> m_store;
    std::unique_ptr<Auth::AccountStore> m_accounts;
    std::unique_ptr<Auth::SessionManager> m_sessions;
    std::unique_ptr<Auth::Authorizer> m_authorizer;
};

} // namespace Capstan
