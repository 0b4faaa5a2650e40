// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace Capstan {

class ApiServer;
class DataDirectory;
class ServerServices;

/// The API server that the GUI runs in its own process ("This computer"): it
/// listens on a free loopback port, accepts only requests that carry a random
/// per-process token, and does its work on a thread of its own, so that the
/// GUI thread never serves requests.
class EmbeddedServer : public QObject
{
    Q_OBJECT

public:
    explicit EmbeddedServer(QObject *parent = nullptr);
    /// Stops the server and waits for its thread.
    ~EmbeddedServer() override;

    enum class LocalCluster {
        Start,
        DoNotStart,
    };

    /// Starts the server with its state in @p dataDirectory; ends in
    /// started() or startFailed(). With LocalCluster::Start it also starts the
    /// local control plane (persistent, in the data folder) on its thread;
    /// localClusterStarted() or localClusterFailed() tell how that went.
    void start(const QString &dataDirectory, LocalCluster localCluster);

    bool isRunning() const { return m_url.isValid(); }
    QUrl url() const { return m_url; }
    /// The bearer token clients must send.
    QByteArray accessToken() const { return m_accessToken; }

Q_SIGNALS:
    void started(const QUrl &url, const QByteArray &accessToken);
    void startFailed(const QString &message);
    void localClusterStarted(const QString &kubeconfigPath);
    void localClusterFailed(const QString &message);

private:
    void startLocalCluster(ApiServer *server, ServerServices *services, const QString &directory);

    QThread m_thread;
    ApiServer *m_server = nullptr; // lives in m_thread, and is deleted there
    std::shared_ptr<DataDirectory> m_dataDirectory;
    /// Used by m_server on its thread, and released there.
    std::shared_ptr<ServerServices> m_services;
    QByteArray m_accessToken;
    QUrl m_url;
};

} // namespace Capstan
