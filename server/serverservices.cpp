// SPDX-License-Identifier: Apache-2.0
#include "serverservices.h"

#include "apiserver.h"
#include "auth/accesstoken.h"
#include "auth/accounts.h"
#include "auth/authorizer.h"
#include "auth/passwordhash.h"
#include "auth/sessionmanager.h"
#include "base/files.h"
#include "engine/applicationservice.h"
#include "engine/controller.h"
#include "engine/projectservice.h"
#include "engine/repositoryservice.h"
#include "kube/kubeconfig.h"
#include "model/application.h"
#include "model/cluster.h"
#include "model/duration.h"
#include "routes/routes.h"
#include "serverlogging.h"
#include "source/sourceservice.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::ServerServices)
};

/// Argo CD's server.secretkey: 32 random bytes as base64, whose text is the key.
Result<QByteArray> signingKey(const QString &path)
{
    QByteArray key = Files::readAll(path).trimmed();
    if (!key.isEmpty())
        return key;
    if (QFile::exists(path))
        return Failure(Tr::tr("cannot read the server's signing key in %1").arg(path));
    key = AccessToken::generate(32);
    if (auto written = Files::writeAtomically(path, key + '\n'); !written)
        return Failure(written.error());
    qCInfo(lcServer) << "generated the server's signing key";
    return key;
}

Result<Auth::SessionSettings> sessionSettings(const QMap<QString, QString> &configMap)
{
    Auth::SessionSettings settings;
    if (const QString duration = configMap.value(u"users.session.duration"_s); !duration.isEmpty()) {
        const auto parsed = Model::parseDuration(duration);
        if (!parsed)
            return Failure(Tr::tr("users.session.duration: \"%1\" is not a duration").arg(duration));
        settings.sessionDuration = std::chrono::duration_cast<std::chrono::seconds>(*parsed);
    }
    if (const QString pattern = configMap.value(u"passwordPattern"_s); !pattern.isEmpty()) {
        if (!QRegularExpression(pattern).isValid())
            return Failure(Tr::tr("passwordPattern: \"%1\" is not a regular expression").arg(pattern));
        settings.passwordPattern = pattern;
    }
    return settings;
}

} // namespace

ServerServices::~ServerServices() = default;

Result<std::unique_ptr<ServerServices>> ServerServices::open(const QString &dataDirectory,
                                                             const ServerSettings &settings)
{
    std::unique_ptr<ServerServices> services(new ServerServices);
    services->m_settings = settings;
    services->m_directory = dataDirectory;
    const QDir directory(dataDirectory);

    auto store = Store::Store::open(directory.filePath(u"capstan.db"_s));
    if (!store)
        return Failure(store.error().message);
    services->m_store = std::move(store).value();
    // Argo CD always has the default project; apps can be made before the engine runs.
    if (!services->m_store->project(u"default"_s)) {
        if (auto created = services->m_store->createProject(Model::AppProject::defaultProject()); !created)
            return Failure(created.error().message);
    }

    auto accountSettings = Auth::AccountSettings::fromConfigMap(settings.configMap);
    if (!accountSettings)
        return Failure(accountSettings.error());
    auto accounts = Auth::AccountStore::open(directory.filePath(u"accounts.db"_s), *accountSettings);
    if (!accounts)
        return Failure(accounts.error());
    services->m_accounts = std::move(accounts).value();
    auto initial = services->m_accounts->initializeAdmin();
    if (!initial)
        return Failure(initial.error());
    if (!initial->isEmpty()) {
        if (auto written = Files::writeAtomically(services->initialAdminPasswordFile(), initial->toUtf8() + '\n');
            !written)
            return Failure(written.error());
    }

    auto key = signingKey(directory.filePath(u"server.secretkey"_s));
    if (!key)
        return Failure(key.error());
    auto session = sessionSettings(settings.configMap);
    if (!session)
        return Failure(session.error());
    services->m_sessions = std::make_unique<Auth::SessionManager>(*services->m_accounts, *key, *session);

    auto rbac = Auth::Rbac::Settings::fromConfigMap(settings.rbacConfigMap);
    if (!rbac)
        return Failure(rbac.error());
    auto enforcer = Auth::Rbac::Enforcer::create(*rbac);
    if (!enforcer)
        return Failure(enforcer.error());
    services->m_authorizer = std::make_unique<Auth::Authorizer>(*enforcer, *services->m_store);
    Source::SourceSettings sourceSettings;
    sourceSettings.cacheFolder = directory.filePath(u"cache"_s);
    sourceSettings.localRepositories = settings.localRepositories;
    services->m_sources = std::make_unique<Source::SourceService>(sourceSettings);
    Engine::ControllerSettings controllerSettings;
    controllerSettings.resyncPeriod = settings.reconciliationTimeout;
    services->m_controller
        = std::make_unique<Engine::Controller>(*services->m_store, *services->m_sources, controllerSettings);
    services->m_applications = std::make_unique<Engine::ApplicationService>(*services->m_store, *services->m_sources,
                                                                            *services->m_controller);
    services->m_projects = std::make_unique<Engine::ProjectService>(*services->m_store, *services->m_sessions,
                                                                    settings.localRepositories);
    services->m_repositories = std::make_unique<Engine::RepositoryService>(*services->m_store, *services->m_sources,
                                                                           *services->m_controller);
    services->m_sessions->setProjectTokenCheck(
        [authorizer = services->m_authorizer.get()](const QString &project, const QString &role, qint64 issuedAt,
                                                    const QString &id) {
            return authorizer->projectTokenIssued(project, role, issuedAt, id);
        });
    return services;
}

void ServerServices::startEngine(const std::optional<Kube::ClusterConnection> &inCluster)
{
    if (m_engineStarted)
        return;
    m_controller->setInCluster(inCluster);
    m_controller->start();
    m_engineStarted = true;
    qCInfo(lcServer).noquote() << "ready: the engine started"
                               << (inCluster ? "with an in-cluster destination" : "without an in-cluster destination");
}

void ServerServices::setNotReady(const QString &reason)
{
    const QMutexLocker locker(&m_readinessLock);
    m_notReadyReason = reason;
}

QString ServerServices::notReadyReason() const
{
    if (m_engineStarted)
        return {};
    const QMutexLocker locker(&m_readinessLock);
    return m_notReadyReason.isEmpty() ? u"the engine has not started"_s : m_notReadyReason;
}

std::optional<ApiError> ServerServices::unavailableFor(const Model::ApplicationDestination &destination) const
{
    if (m_engineStarted)
        return std::nullopt;
    const bool inCluster = destination.server == Model::Cluster::inClusterServer()
        || (destination.server.isEmpty() && destination.name == Model::Cluster::inClusterName());
    if (!inCluster || m_store->cluster(Model::Cluster::inClusterServer()))
        return std::nullopt;
    return ApiError::fromCode(
        GrpcCode::Unavailable,
        u"%1: the in-cluster destination is not there yet; try again when /healthz answers ok"_s.arg(notReadyReason()));
}

void ServerServices::stopEngine()
{
    if (m_engineStarted)
        m_controller->stop();
}

QString ServerServices::initialAdminPasswordFile() const
{
    return QDir(m_directory).filePath(u"initial-admin-password"_s);
}

QString ServerServices::initialAdminPassword() const
{
    const QString password = QString::fromUtf8(Files::readAll(initialAdminPasswordFile()).trimmed());
    // Only while it is still admin's password.
    const auto admin = m_accounts->account(u"admin"_s);
    if (password.isEmpty() || !admin || !PasswordHash::verify(password.toUtf8(), admin->passwordHash))
        return {};
    return password;
}

void ServerServices::addRoutes(ApiServer &server)
{
    server.setSessionManager(m_sessions.get());
    Routes::addSessionRoutes(server.router(), *this);
    Routes::addAccountRoutes(server.router(), *this);
    Routes::addSettingsRoutes(server.router(), *this);
    Routes::addHealthRoutes(server.router(), *this);
    Routes::addApplicationRoutes(server.router(), *this);
    Routes::addResourceRoutes(server.router(), *this);
    Routes::addStreamRoutes(server.router(), *this);
    Routes::addProjectRoutes(server.router(), *this);
    Routes::addRepositoryRoutes(server.router(), *this);
    Routes::addClusterRoutes(server.router(), *this);
}

} // namespace Capstan
