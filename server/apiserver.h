// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QHttpServerRequest;
class QHttpServerResponse;
class QTcpServer;

namespace Capstan {

/// The HTTP face of Capstan: Argo CD's REST API on top of the engine in core/.
/// Routes only parse requests and call typed services; every answer has an
/// explicit status, errors have Argo CD's JSON shape, and each request is
/// logged in one line (method, path, status, duration, user).
class ApiServer : public QObject
{
    Q_OBJECT

public:
    explicit ApiServer(QObject *parent = nullptr);
    ~ApiServer() override;

    /// Accepts "Authorization: Bearer <token>" with this secret as @p subject.
    /// The GUI's embedded server is guarded by a random token of this kind.
    void setAccessToken(const QByteArray &token, const QString &subject = QStringLiteral("admin"));

    /// Starts listening; port 0 picks a free one. Returns the port.
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    /// The base URL clients reach the server at, once listening.
    QUrl url() const;

private:
    /// Who sent a request: the subject of a valid token, or nothing.
    std::optional<QString> authenticate(const QHttpServerRequest &request) const;

    using Handler = std::function<QHttpServerResponse(const QHttpServerRequest &, const std::optional<QString> &user)>;
    /// Runs @p handler for @p request and logs the exchange.
    QHttpServerResponse serve(const QHttpServerRequest &request, const Handler &handler) const;

    void addRoutes();

    QHttpServer *m_http; // a child, so that it moves with this object's thread
    QTcpServer *m_tcpServer = nullptr;
    QByteArray m_accessToken;
    QString m_accessTokenSubject;
};

} // namespace Capstan
