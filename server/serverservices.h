// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "source/localrepositories.h"

#include <QMap>
#include <QMutex>
#include <QString>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace Capstan {

namespace Auth {
class AccountStore;
class Authorizer;
class SessionManager;
} // namespace Auth
namespace Engine {
class ApplicationService;
class ProjectService;
class RepositoryService;
class Controller;
} // namespace Engine
namespace Kube {
struct ClusterConnection;
}
namespace Model {
struct ApplicationDestination;
}
namespace Source {
class SourceService;
}
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
    /// How often every app is compared again (Argo CD's timeout.reconciliation).
    std::chrono::seconds reconciliationTimeout{180};
    /// Which repositories on the server's disk may be read: none unless given,
    /// as a server others reach must not read its host's files for them.
    Source::LocalRepositories localRepositories = Source::LocalRepositories::within({});
};

/// Everything the API serves, opened from a data folder: the store of Argo CD
/// objects, the local accounts, the session manager with the server's
/// signing key, the RBAC authorizer, and the engine (sources, controller and
/// the application service). Routes reach the engine only through these
/// typed services.
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
    Source::SourceService &sources() const { return *m_sources; }
    Engine::Controller &controller() const { return *m_controller; }
    Engine::ApplicationService &applications() const { return *m_applications; }
    Engine::ProjectService &projects() const { return *m_projects; }
    Engine::RepositoryService &repositories() const { return *m_repositories; }
    const ServerSettings &settings() const { return m_settings; }

    /// Starts the controller, with @p inCluster (the local control plane, or
    /// the cluster the server runs for) as the `in-cluster` destination. Until
    /// then apps can be created and changed, and nothing is reconciled.
    void startEngine(const std::optional<Kube::ClusterConnection> &inCluster);
    bool isEngineStarted() const { return m_engineStarted; }

    /// Why the server is not ready while it waits for something before its
    /// engine starts ("the local cluster is still starting"), or will not
    /// become ready ("the local cluster did not start: …"). Ready once the
    /// engine has started.
    void setNotReady(const QString &reason);
    /// Why the server cannot do everything it is asked yet; empty when ready.
    QString notReadyReason() const;
    /// Unavailable with notReadyReason() for a request that deploys to the
    /// in-cluster destination while it is not there yet; nothing otherwise.
    std::optional<ApiError> unavailableFor(const Model::ApplicationDestination &destination) const;
    /// Stops the controller's workers; an operation in progress stays
    /// persisted and resumes at the next start.
    void stopEngine();

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
    std::unique_ptr<Source::SourceService> m_sources;
    std::unique_ptr<Engine::Controller> m_controller;
    std::unique_ptr<Engine::ApplicationService> m_applications;
    std::unique_ptr<Engine::ProjectService> m_projects;
    std::unique_ptr<Engine::RepositoryService> m_repositories;
    std::atomic<bool> m_engineStarted = false;
    mutable QMutex m_readinessLock;
    QString m_notReadyReason;
};

} // namespace Capstan
