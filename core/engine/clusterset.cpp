// SPDX-License-Identifier: Apache-2.0
#include "clusterset.h"

#include "base/logging.h"
#include "kube/kubeclient.h"

#include <QCoreApplication>
#include <QFile>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Engine::ClusterSet)
};

} // namespace

ClusterAccess::~ClusterAccess()
{
    // The client and cache belong to the cluster's thread: delete them there.
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            &m_anchor,
            [this] {
                delete m_cache;
                delete m_client;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

ClusterSet::ClusterSet(std::optional<Kube::ClusterConnection> inCluster, ObjectChanged changed)
    : m_inCluster(std::move(inCluster))
    , m_changed(std::move(changed))
{ }

ClusterSet::~ClusterSet() = default;

Result<Kube::ClusterConnection> ClusterSet::connectionFor(const Model::Cluster &cluster)
{
    Kube::ClusterConnection connection;
    connection.contextName = cluster.name;
    connection.server = QUrl(cluster.server);
    if (!connection.server.isValid() || connection.server.scheme().isEmpty())
        return Failure(Tr::tr("the cluster's server \"%1\" is not a URL").arg(cluster.server));
    const Model::ClusterConfig &config = cluster.config;
    const auto decode = [](const QString &data) { return QByteArray::fromBase64(data.toLatin1()); };
    connection.certificateAuthority = decode(config.tlsClientConfig.caData);
    connection.insecureSkipTlsVerify = config.tlsClientConfig.insecure;
    connection.tlsServerName = config.tlsClientConfig.serverName;
    connection.clientCertificate = decode(config.tlsClientConfig.certData);
    connection.clientKey = decode(config.tlsClientConfig.keyData);
    connection.bearerToken = config.bearerToken.toUtf8();
    connection.username = config.username;
    connection.password = config.password;
    if (config.execProviderConfig) {
        Kube::ExecCredentialPlugin exec;
        exec.apiVersion = config.execProviderConfig->apiVersion;
        exec.command = config.execProviderConfig->command;
        exec.arguments = config.execProviderConfig->args;
        for (auto it = config.execProviderConfig->env.cbegin(); it != config.execProviderConfig->env.cend(); ++it)
            exec.environment.append({it.key(), it.value()});
        exec.installHint = config.execProviderConfig->installHint;
        connection.exec = exec;
    }
    return connection;
}

Result<Model::Cluster> ClusterSet::clusterFromKubeconfig(const Kube::Kubeconfig &kubeconfig, const QString &context)
{
    auto connection = kubeconfig.connection(context);
    if (!connection)
        return Failure(connection.error());
    Model::Cluster cluster;
    cluster.name = context.isEmpty() ? kubeconfig.currentContext() : context;
    cluster.server = connection->server.toString();
    Model::ClusterConfig &config = cluster.config;
    const auto encode = [](const QByteArray &data) { return QString::fromLatin1(data.toBase64()); };
    config.tlsClientConfig.caData = encode(connection->certificateAuthority);
    config.tlsClientConfig.insecure = connection->insecureSkipTlsVerify;
    config.tlsClientConfig.serverName = connection->tlsServerName;
    config.tlsClientConfig.certData = encode(connection->clientCertificate);
    config.tlsClientConfig.keyData = encode(connection->clientKey);
    QByteArray token = connection->bearerToken;
    if (token.isEmpty() && !connection->tokenFile.isEmpty()) {
        QFile file(connection->tokenFile);
        if (!file.open(QIODevice::ReadOnly))
            return Failure(Tr::tr("cannot read the token file %1: %2").arg(connection->tokenFile, file.errorString()));
        token = file.readAll().trimmed();
    }
    config.bearerToken = QString::fromUtf8(token);
    config.username = connection->username;
    config.password = connection->password;
    if (connection->exec) {
        Model::ExecProviderConfig exec;
        exec.apiVersion = connection->exec->apiVersion;
        exec.command = connection->exec->command;
        exec.args = connection->exec->arguments;
        for (const auto &[key, value] : connection->exec->environment)
            exec.env.insert(key, value);
        exec.installHint = connection->exec->installHint;
        config.execProviderConfig = exec;
    }
    return cluster;
}

Result<std::shared_ptr<ClusterAccess>> ClusterSet::access(const Model::Cluster &cluster)
{
    QMutexLocker locker(&m_mutex);
    if (auto it = m_clusters.constFind(cluster.server); it != m_clusters.cend())
        return *it;

    Kube::ClusterConnection connection;
    if (cluster.server == Model::Cluster::inClusterServer()) {
        if (!m_inCluster)
            return Failure(Tr::tr("no local cluster is running for %1").arg(cluster.server));
        connection = *m_inCluster;
    } else {
        auto resolved = connectionFor(cluster);
        if (!resolved)
            return Failure(resolved.error());
        connection = *resolved;
    }

    std::shared_ptr<ClusterAccess> access(new ClusterAccess);
    access->m_server = cluster.server;
    access->m_thread.setObjectName(u"capstan-cluster"_s);
    access->m_anchor.moveToThread(&access->m_thread);
    access->m_thread.start();
    // The client and its cache are made on the thread they live on, so their
    // timers and sockets belong to it.
    QMetaObject::invokeMethod(
        &access->m_anchor,
        [&access, &connection, changed = m_changed] {
            access->m_client = new Kube::KubeClient(connection);
            access->m_client->setRateLimit(50, 100);
            access->m_cache = new Kube::ClusterCache(access->m_client, {});
            QObject::connect(access->m_cache, &Kube::ClusterCache::objectChanged, access->m_cache,
                             [changed, cache = access->m_cache](const Kube::CachedObjectPtr &before,
                                                                const Kube::CachedObjectPtr &after) {
                                 if (changed)
                                     changed(cache, before, after);
                             });
            access->m_cache->start();
        },
        Qt::BlockingQueuedConnection);
    access->m_operations = std::make_unique<Sync::KubeOperations>(access->m_client);
    qCInfo(lcEngine).noquote() << "watching cluster" << cluster.server;
    m_clusters.insert(cluster.server, access);
    return access;
}

std::shared_ptr<ClusterAccess> ClusterSet::find(const QString &server) const
{
    QMutexLocker locker(&m_mutex);
    return m_clusters.value(server);
}

void ClusterSet::invalidate(const QString &server)
{
    std::shared_ptr<ClusterAccess> gone;
    {
        QMutexLocker locker(&m_mutex);
        gone = m_clusters.take(server);
    }
}

} // namespace Capstan::Engine
