// SPDX-License-Identifier: Apache-2.0
#include "embeddedserver.h"

#include "apiserver.h"
#include "auth/accesstoken.h"
#include "kube/localcluster/localcluster.h"
#include "serverlogging.h"
#include "serverservices.h"
#include "store/datadirectory.h"

#include <QDir>

#include <utility>

namespace Capstan {

namespace {

/// The embedded server serves its own user on loopback: the repositories in
/// that user's folders (home, the data folder, and the temporary folder where
/// scratch checkouts live) are theirs to use; the system's permissions still
/// apply, as the server runs as that user.
ServerSettings embeddedSettings(const QString &dataDirectory)
{
    ServerSettings settings;
    settings.localRepositories = Source::LocalRepositories::within({QDir::homePath(), dataDirectory, QDir::tempPath()});
    return settings;
}

} // namespace

EmbeddedServer::EmbeddedServer(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("capstan-server"));
}

EmbeddedServer::~EmbeddedServer()
{
    // Everything ends on the thread it lived on: the engine first, then the
    // server with the local cluster it works on, then the services.
    if (m_server && m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            m_server,
            [server = m_server, services = std::exchange(m_services, {}),
             directory = std::exchange(m_dataDirectory, {})]() mutable {
                if (services)
                    services->stopEngine();
                delete server;
                services.reset();
                directory.reset();
            },
            Qt::BlockingQueuedConnection);
        m_server = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

void EmbeddedServer::start(const QString &dataDirectory, LocalCluster localCluster)
{
    if (m_server) {
        qCWarning(lcServer) << "the embedded server was started twice";
        return;
    }
    m_accessToken = AccessToken::generate();
    m_server = new ApiServer;
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    m_thread.start();

    // Opening the data folder and binding the socket happen on the server's
    // thread; the outcome comes back to this object's thread.
    QMetaObject::invokeMethod(m_server, [this, server = m_server, dataDirectory, localCluster, token = m_accessToken] {
        Result<std::unique_ptr<DataDirectory>> directory = DataDirectory::open(dataDirectory);
        if (!directory) {
            QMetaObject::invokeMethod(this, [this, message = directory.error()] { Q_EMIT startFailed(message); });
            return;
        }
        auto services = ServerServices::open((*directory)->path(), embeddedSettings((*directory)->path()));
        if (!services) {
            QMetaObject::invokeMethod(this, [this, message = services.error()] { Q_EMIT startFailed(message); });
            return;
        }
        std::shared_ptr<ServerServices> sharedServices = std::move(services).value();
        sharedServices->addRoutes(*server);
        server->setAccessToken(token);
        const Result<quint16> port = server->listen(QHostAddress(QHostAddress::LocalHost), 0);
        if (!port) {
            QMetaObject::invokeMethod(this, [this, message = port.error()] { Q_EMIT startFailed(message); });
            return;
        }
        if (localCluster == LocalCluster::Start)
            startLocalCluster(server, sharedServices.get(), (*directory)->filePath(QStringLiteral("local-cluster")));
        else
            sharedServices->startEngine(std::nullopt);
        std::shared_ptr<DataDirectory> shared = std::move(directory).value();
        QMetaObject::invokeMethod(this, [this, url = server->url(), shared, sharedServices] {
            m_dataDirectory = shared;
            m_services = sharedServices;
            m_url = url;
            Q_EMIT started(m_url, m_accessToken);
        });
    });
}

void EmbeddedServer::startLocalCluster(ApiServer *server, ServerServices *services, const QString &directory)
{
    // Runs on the server's thread: the cluster lives, and stops, with the server.
    auto *cluster = new Kube::LocalCluster(server);
    // Read on the cluster's thread; only the values cross to this object's.
    connect(cluster, &Kube::LocalCluster::started, cluster, [this, cluster, services] {
        services->startEngine(cluster->connection());
        const QString kubeconfig = cluster->kubeconfigPath();
        qCInfo(lcServer).noquote() << "local cluster ready; kubeconfig:" << kubeconfig;
        QMetaObject::invokeMethod(this, [this, kubeconfig] { Q_EMIT localClusterStarted(kubeconfig); });
    });
    connect(cluster, &Kube::LocalCluster::failed, cluster, [this, services](const QString &message) {
        qCWarning(lcServer).noquote() << "the local cluster did not start:" << message;
        services->setNotReady(QStringLiteral("the local cluster did not start: ") + message);
        QMetaObject::invokeMethod(this, [this, message] { Q_EMIT localClusterFailed(message); });
    });
    Kube::LocalCluster::Options options;
    options.mode = Kube::LocalCluster::Mode::Persistent;
    options.dataDirectory = directory;
    services->setNotReady(QStringLiteral("the local cluster is still starting"));
    cluster->start(options);
}

} // namespace Capstan
