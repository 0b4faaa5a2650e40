// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"

#include "api/versionmessage.h"
#include "auth/accesstoken.h"
#include "auth/sessionmanager.h"
#include "http/stream.h"
#include "serverlogging.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>
#include <QPointer>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QByteArray(key).toUpper() : QByteArrayLiteral("UNKNOWN");
}

QString requestTarget(const QUrl &url)
{
    // The query can hold secrets (repository credentials to validate): only its keys are logged.
    if (!url.hasQuery())
        return url.path();
    QStringList keys;
    for (const auto &[key, value] : QUrlQuery(url).queryItems())
        keys.append(key + u"=…"_s);
    return url.path() + u'?' + keys.join(u'&');
}

void logRequest(const Http::Request &request, int status, qint64 startedAt)
{
    const double milliseconds = double(QDateTime::currentMSecsSinceEpoch() - startedAt);
    qCInfo(lcServerRequest).noquote() << QString::fromLatin1(request.method) << requestTarget(request.url) << status
                                      << u"%1ms"_s.arg(milliseconds, 0, 'f', 0) << (u"user=" + request.user())
                                      << (u"client=" + request.remoteAddress.toString());
}

Http::Request parse(const QHttpServerRequest &request)
{
    Http::Request parsed;
    parsed.method = methodName(request.method());
    parsed.url = request.url();
    for (const auto &[name, value] : request.headers())
        parsed.headers.append({name, value});
    parsed.body = request.body();
    parsed.remoteAddress = request.remoteAddress();
    return parsed;
}

/// Argo CD's argocd.token cookie, joined from its parts when it was split
/// (`argocd.token=N:part0; argocd.token-1=part1; …`).
QByteArray cookieToken(const QByteArray &cookieHeader)
{
    QHash<QByteArray, QByteArray> cookies;
    for (const QByteArray &pair : cookieHeader.split(';')) {
        const qsizetype equals = pair.indexOf('=');
        if (equals > 0)
            cookies.insert(pair.left(equals).trimmed(), pair.mid(equals + 1).trimmed());
    }
    const QByteArray first = cookies.value("argocd.token");
    if (first.isEmpty())
        return {};
    const QList<QByteArray> parts = first.split(':');
    if (parts.size() == 1)
        return first;
    if (parts.size() != 2)
        return {};
    bool ok = false;
    const int count = parts.at(0).toInt(&ok);
    if (!ok || count < 1 || count > 20)
        return {};
    QByteArray token = parts.at(1);
    for (int i = 1; i < count; ++i)
        token += cookies.value("argocd.token-" + QByteArray::number(i));
    return token;
}

void write(QHttpServerResponder &responder, const Http::Response &response)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
}

} // namespace

ApiServer::ApiServer(QObject *parent)
    : QAbstractHttpServer(parent)
{
    addVersionRoute();
}

ApiServer::~ApiServer() = default;

void ApiServer::setAccessToken(const QByteArray &token, const QString &subject)
{
    m_accessToken = token;
    m_accessTokenSubject = subject;
}

void ApiServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

void ApiServer::stopListening()
{
    if (m_tcpServer)
        m_tcpServer->close();
}

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    std::unique_ptr<QTcpServer> tcpServer;
    if (m_tls) {
        // QSslServer hands over connections once their handshake is done.
        auto sslServer = std::make_unique<QSslServer>();
        sslServer->setSslConfiguration(*m_tls);
        tcpServer = std::move(sslServer);
    } else {
        tcpServer = std::make_unique<QTcpServer>();
    }
    if (!tcpServer->listen(address, port)) {
        return Failure(
            tr("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(tcpServer->errorString()));
    }
    m_tcpServer = tcpServer.release();
    bind(m_tcpServer); // the server takes ownership
    qCInfo(lcServer).noquote() << "listening on" << url().toString();
    return m_tcpServer->serverPort();
}

QUrl ApiServer::url() const
{
    if (!m_tcpServer || !m_tcpServer->isListening())
        return {};
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
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

QByteArray ApiServer::tokenOf(const Http::Request &request)
{
    const QByteArray bearer = AccessToken::fromAuthorizationHeader(request.header("authorization"));
    if (!bearer.isEmpty())
        return bearer;
    return cookieToken(request.header("cookie"));
}

Result<std::optional<Auth::Claims>, ApiError> ApiServer::authenticate(const Http::Request &request) const
{
    const QByteArray token = tokenOf(request);
    if (token.isEmpty())
        return std::optional<Auth::Claims>();
    if (!m_accessToken.isEmpty() && AccessToken::constantTimeEquals(token, m_accessToken)) {
        Auth::Claims claims;
        claims.issuer = Auth::issuer.toString();
        claims.subject = m_accessTokenSubject;
        return std::optional<Auth::Claims>(claims);
    }
    if (!m_sessions)
        return Failure(ApiError::fromCode(GrpcCode::Unauthenticated, u"invalid session: the token is not known"_s));
    auto claims = m_sessions->verify(token);
    if (!claims)
        return Failure(claims.error());
    return std::optional<Auth::Claims>(*claims);
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    Http::Request parsed = parse(request);
    const Http::Router::Match match = m_router.match(parsed.method, parsed.url);
    if (!match.route) {
        if (!match.otherMethod)
            return false; // missingHandler answers 404
        Http::Response refused = Http::Response::error(GrpcCode::Unimplemented, u"Method Not Allowed"_s);
        refused.status = 405;
        respond(request, socket, refused, parsed, startedAt);
        return true;
    }
    parsed.parameters = match.parameters;

    const auto identified = authenticate(parsed);
    if (identified)
        parsed.claims = *identified;
    if (match.route->access == Http::Access::Authenticated && !parsed.claims) {
        const ApiError error = identified ? ApiError::fromCode(GrpcCode::Unauthenticated, u"no session information"_s)
                                          : identified.error();
        respond(request, socket, Http::Response::error(error), parsed, startedAt);
        return true;
    }
    if (parsed.body.size() > m_maximumBodySize) {
        respond(request, socket,
                Http::Response::error(GrpcCode::InvalidArgument,
                                      tr("the request body is %1 bytes, more than the limit of %2 bytes")
                                          .arg(parsed.body.size())
                                          .arg(m_maximumBodySize)),
                parsed, startedAt);
        return true;
    }
    if (!parsed.body.isEmpty()) {
        const QByteArray type = parsed.header("content-type").split(';').first().trimmed().toLower();
        if (type != "application/json") {
            Http::Response refused = Http::Response::error(
                GrpcCode::InvalidArgument, tr("Invalid content type: send the body as application/json"));
            refused.status = 415;
            respond(request, socket, refused, parsed, startedAt);
            return true;
        }
    }

    if (match.route->streamHandler) {
        logRequest(parsed, 200, startedAt);
        auto stream = std::make_shared<Http::Stream>(makeResponder(request, socket),
                                                     Http::Stream::formatFor(parsed.header("accept")));
        stream->setKeepAliveInterval(m_streamKeepAlive);
        match.route->streamHandler(parsed, stream);
        return true;
    }

    QFuture<Http::Response> future = match.route->handler(parsed);
    if (future.isFinished()) {
        respond(request, socket, future.result(), parsed, startedAt);
        return true;
    }
    // Answered later, on this thread, if the client is still there.
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    QPointer<QTcpSocket> guard(socket);
    ++m_pending;
    future.then(this, [this, responder, guard, parsed, startedAt](const Http::Response &response) {
        --m_pending;
        logRequest(parsed, response.status, startedAt);
        if (guard && guard->state() == QAbstractSocket::ConnectedState)
            write(*responder, response);
    });
    return true;
}

void ApiServer::respond(const QHttpServerRequest &request, QTcpSocket *socket, const Http::Response &response,
                        const Http::Request &parsed, qint64 startedAt)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    write(responder, response);
    logRequest(parsed, response.status, startedAt);
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    Http::Request parsed = parse(request);
    if (auto identified = authenticate(parsed))
        parsed.claims = *identified;
    respond(request, socket, Http::Response::error(GrpcCode::NotFound, QStringLiteral("Not Found")), parsed, startedAt);
}

void ApiServer::addVersionRoute()
{
    // Argo CD answers anonymous clients with the version alone (VersionService.Version).
    m_router.add("GET", u"/api/version"_s, Http::Access::Public, [](const Http::Request &request) {
        const VersionMessage version = VersionMessage::forThisBuild();
        return Http::ready(Http::Response::json((request.claims ? version : version.publicSubset()).toJson()));
    });
}

} // namespace Capstan
