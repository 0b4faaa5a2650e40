// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "http/router.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QUrl>

#include <chrono>
#include <optional>

class QHttpServerRequest;
class QTcpServer;
class QTcpSocket;

namespace Capstan {

namespace Auth {
class SessionManager;
}

/// The HTTP face of Capstan: Argo CD's REST API on top of the engine in core/.
///
/// Requests are routed by `Http::Router` (routes only parse requests and call
/// typed services), callers are identified by an `Authorization: Bearer`
/// token or Argo CD's `argocd.token` cookie, every answer has an explicit
/// status, errors have Argo CD's JSON shape, and each request is logged in one
/// line (method, path, status, duration, user). Handlers answer at once or
/// later (a QFuture, for work done on other threads), or keep a stream open.
class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit ApiServer(QObject *parent = nullptr);
    ~ApiServer() override;

    /// Accepts "Authorization: Bearer <token>" with this secret as @p subject.
    /// The GUI's embedded server is guarded by a random token of this kind.
    void setAccessToken(const QByteArray &token, const QString &subject = QStringLiteral("admin"));
    /// Checks signed tokens (sessions, API keys, project roles) with @p sessions.
    void setSessionManager(Auth::SessionManager *sessions) { m_sessions = sessions; }
    /// Larger request bodies are refused with 400 (default 16 MiB).
    void setMaximumBodySize(qint64 bytes) { m_maximumBodySize = bytes; }
    /// How long a stream to a browser (text/event-stream) may stay silent
    /// before a keep-alive comment; 15 seconds unless set.
    void setStreamKeepAlive(std::chrono::milliseconds interval) { m_streamKeepAlive = interval; }

    Http::Router &router() { return m_router; }

    /// Serves HTTPS with @p configuration (certificate and key); set before listen().
    void setTlsConfiguration(const QSslConfiguration &configuration);
    /// Starts listening; port 0 picks a free one. Returns the port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    /// Takes no new connections; requests already read are still answered.
    void stopListening();
    /// Requests read and not answered yet (answers on other threads).
    int pendingRequests() const { return m_pending; }
    /// The base URL clients reach the server at, once listening.
    QUrl url() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    /// The token a request carries: its bearer token or argocd.token cookie.
    static QByteArray tokenOf(const Http::Request &request);
    /// Who sent a request: the claims of a valid token, or an error.
    Result<std::optional<Auth::Claims>, ApiError> authenticate(const Http::Request &request) const;
    void respond(const QHttpServerRequest &request, QTcpSocket *socket, const Http::Response &response,
                 const Http::Request &parsed, qint64 startedAt);
    void addVersionRoute();

    Http::Router m_router;
    QTcpServer *m_tcpServer = nullptr;
    std::optional<QSslConfiguration> m_tls;
    int m_pending = 0;
    QByteArray m_accessToken;
    QString m_accessTokenSubject;
    Auth::SessionManager *m_sessions = nullptr;
    qint64 m_maximumBodySize = 16 * 1024 * 1024;
    std::chrono::milliseconds m_streamKeepAlive = std::chrono::seconds(15);
};

} // namespace Capstan
