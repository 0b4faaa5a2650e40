// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"

#include "api/apierror.h"
#include "api/versionmessage.h"
#include "auth/accesstoken.h"
#include "serverlogging.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QTcpServer>

namespace Capstan {

namespace {

QHttpServerResponse jsonResponse(const QJsonObject &body, int status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact),
                               QHttpServerResponse::StatusCode(status));
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QByteArray(key).toUpper() : QByteArrayLiteral("UNKNOWN");
}

QString requestTarget(const QHttpServerRequest &request)
{
    const QUrl url = request.url();
    return url.hasQuery() ? url.path() + u'?' + url.query() : url.path();
}

void logRequest(const QHttpServerRequest &request, int status, const QElapsedTimer &timer,
                const std::optional<QString> &user)
{
    qCInfo(lcServerRequest).noquote() << QString::fromLatin1(methodName(request.method())) << requestTarget(request)
                                      << status
                                      << QStringLiteral("%1ms").arg(double(timer.nsecsElapsed()) / 1e6, 0, 'f', 2)
                                      << (u"user=" + user.value_or(QStringLiteral("-")))
                                      << (u"client=" + request.remoteAddress().toString());
}

} // namespace

ApiServer::ApiServer(QObject *parent)
    : QObject(parent)
    , m_http(new QHttpServer(this))
{
    addRoutes();
}

ApiServer::~ApiServer() = default;

void ApiServer::setAccessToken(const QByteArray &token, const QString &subject)
{
    m_accessToken = token;
    m_accessTokenSubject = subject;
}

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    auto tcpServer = std::make_unique<QTcpServer>();
    if (!tcpServer->listen(address, port)) {
        return Failure(
            tr("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(tcpServer->errorString()));
    }
    m_tcpServer = tcpServer.release();
    m_http->bind(m_tcpServer); // the QHttpServer takes ownership
    qCInfo(lcServer).noquote() << "listening on" << url().toString();
    return m_tcpServer->serverPort();
}

QUrl ApiServer::url() const
{
    if (!m_tcpServer || !m_tcpServer->isListening())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = m_tcpServer->serverAddress();
    // A wildcard address is reachable on loopback.
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(m_tcpServer->serverPort());
    return url;
}

std::optional<QString> ApiServer::authenticate(const QHttpServerRequest &request) const
{
    if (m_accessToken.isEmpty())
        return std::nullopt;
    const auto headers = request.headers();
    for (const auto &[name, value] : headers) {
        if (name.compare("authorization", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray token = AccessToken::fromAuthorizationHeader(value);
        if (AccessToken::constantTimeEquals(token, m_accessToken))
            return m_accessTokenSubject;
    }
    return std::nullopt;
}

QHttpServerResponse ApiServer::serve(const QHttpServerRequest &request, const Handler &handler) const
{
    QElapsedTimer timer;
    timer.start();
    const std::optional<QString> user = authenticate(request);
    QHttpServerResponse response = handler(request, user);
    logRequest(request, int(response.statusCode()), timer, user);
    return response;
}

void ApiServer::addRoutes()
{
    // Argo CD answers anonymous clients with the version alone (VersionService.Version).
    m_http->route(QStringLiteral("/api/version"), QHttpServerRequest::Method::Get,
                  [this](const QHttpServerRequest &request) {
                      return serve(request, [](const QHttpServerRequest &, const std::optional<QString> &user) {
                          const VersionMessage version = VersionMessage::forThisBuild();
                          return jsonResponse((user ? version : version.publicSubset()).toJson(), 200);
                      });
                  });

    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        QElapsedTimer timer;
        timer.start();
        const ApiError error = ApiError::fromCode(GrpcCode::NotFound, QStringLiteral("Not Found"));
        const int status = ApiError::httpStatusFor(error.code);
        responder.write(QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact),
                        QByteArrayLiteral("application/json"), QHttpServerResponder::StatusCode(status));
        logRequest(request, status, timer, authenticate(request));
    });
}

} // namespace Capstan
