// SPDX-License-Identifier: Apache-2.0
#include "connectionmanager.h"

#include "applications/applicationsmodel.h"
#include "applogging.h"
#include "credentialstore.h"
#include "embeddedserver.h"

#include <QSettings>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {
const QString localId = u"local"_s;
} // namespace

ConnectionManager::ConnectionManager(ApplicationsModel *applications, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_applications(applications)
    , m_credentials(credentials)
{ }

ConnectionManager::~ConnectionManager()
{
    // Connections first: they talk to the embedded server.
    qDeleteAll(m_connections);
    m_connections.clear();
}

Connection *ConnectionManager::connection(const QString &id) const
{
    const auto it = std::find_if(m_connections.cbegin(), m_connections.cend(),
                                 [&id](const Connection *c) { return c->id() == id; });
    return it == m_connections.cend() ? nullptr : *it;
}

Connection *ConnectionManager::local() const
{
    return connection(localId);
}

Connection *ConnectionManager::add(Connection::Kind kind, const Connection::Settings &settings, bool persistent)
{
    auto *connection = new Connection(kind, settings, m_applications, this);
    m_connections.append(connection);
    if (!persistent)
        m_transient.insert(settings.id);
    connect(connection, &Connection::stateChanged, this, [this, connection] { Q_EMIT connectionChanged(connection); });
    connect(connection, &Connection::settingsChanged, this, &ConnectionManager::save);
    connect(connection, &Connection::problem, this, &ConnectionManager::problem);
    Q_EMIT connectionAdded(connection);
    return connection;
}

void ConnectionManager::start(const LocalOptions &local)
{
    if (local.enabled)
        startLocal(local);
    QSettings settings;
    const int count = settings.beginReadArray(u"connections"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        Connection::Settings saved{settings.value(u"id"_s).toString(), settings.value(u"name"_s).toString(),
                                   settings.value(u"url"_s).toUrl(), settings.value(u"fingerprint"_s).toString(),
                                   settings.value(u"username"_s).toString()};
        if (saved.id.isEmpty() || !saved.url.isValid())
            continue;
        Connection *connection = add(Connection::Kind::Remote, saved, true);
        m_credentials->read(saved.id).then(connection, [this, connection](const Result<QByteArray> &token) {
            if (!token) {
                Q_EMIT problem(token.error(), token.error());
                connection->setToken({});
                return;
            }
            connection->setToken(*token);
        });
    }
    settings.endArray();
}

void ConnectionManager::startLocal(const LocalOptions &options)
{
    Connection *connection = add(Connection::Kind::Local, {localId, tr("This computer"), {}, {}, {}}, false);
    connection->setStarting(options.localCluster ? tr("Starting the local server and control plane…")
                                                 : tr("Starting the local server…"));
    m_embeddedServer = std::make_unique<EmbeddedServer>();
    connect(m_embeddedServer.get(), &EmbeddedServer::started, connection,
            [connection](const QUrl &url, const QByteArray &token) { connection->setEndpoint(url, token); });
    connect(m_embeddedServer.get(), &EmbeddedServer::startFailed, connection, [connection](const QString &message) {
        qCWarning(lcApp).noquote() << "the local server did not start:" << message;
        connection->fail(tr("The local server did not start: %1").arg(message));
    });
    connect(m_embeddedServer.get(), &EmbeddedServer::localClusterStarted, this, [this](const QString &kubeconfig) {
        m_localKubeconfig = kubeconfig;
        Q_EMIT localKubeconfigChanged(kubeconfig);
    });
    connect(m_embeddedServer.get(), &EmbeddedServer::localClusterFailed, this, [this](const QString &message) {
        Q_EMIT problem(tr("The local control plane did not start; applications cannot be deployed on this "
                          "computer."),
                       message);
    });
    m_embeddedServer->start(options.dataDirectory,
                            options.localCluster ? EmbeddedServer::LocalCluster::Start
                                                 : EmbeddedServer::LocalCluster::DoNotStart);
}

Connection *ConnectionManager::addRemote(const Connection::Settings &settings, const QByteArray &token)
{
    Connection::Settings saved = settings;
    if (saved.id.isEmpty())
        saved.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    Connection *connection = add(Connection::Kind::Remote, saved, true);
    save();
    setToken(connection, token);
    return connection;
}

Connection *ConnectionManager::addTransient(const QUrl &url)
{
    Connection *connection = add(Connection::Kind::Remote,
                                 {QUuid::createUuid().toString(QUuid::WithoutBraces), url.host(), url, {}, {}}, false);
    // A server given on the command line may not need a login at all.
    connection->client()->setServer(url);
    connection->setEndpoint(url, {});
    return connection;
}

void ConnectionManager::setToken(Connection *connection, const QByteArray &token)
{
    connection->setToken(token);
    if (m_transient.contains(connection->id()))
        return;
    m_credentials->write(connection->id(), token).then(this, [this](const Result<void> &written) {
        if (!written)
            Q_EMIT problem(written.error(), written.error());
    });
}

void ConnectionManager::remove(const QString &id)
{
    Connection *connection = this->connection(id);
    if (!connection || connection->kind() == Connection::Kind::Local)
        return;
    Q_EMIT connectionAboutToBeRemoved(connection);
    connection->stop();
    m_applications->removeConnection(id);
    m_connections.removeOne(connection);
    const bool persistent = !m_transient.remove(id);
    connection->deleteLater();
    if (persistent) {
        m_credentials->remove(id);
        save();
    }
}

void ConnectionManager::save() const
{
    QSettings settings;
    settings.beginWriteArray(u"connections"_s);
    int i = 0;
    for (const Connection *connection : m_connections) {
        if (connection->kind() == Connection::Kind::Local || m_transient.contains(connection->id()))
            continue;
        settings.setArrayIndex(i++);
        const Connection::Settings &s = connection->settings();
        settings.setValue(u"id"_s, s.id);
        settings.setValue(u"name"_s, s.name);
        settings.setValue(u"url"_s, s.url);
        settings.setValue(u"fingerprint"_s, s.trustedFingerprint);
        settings.setValue(u"username"_s, s.username);
    }
    settings.endArray();
}

} // namespace Capstan
