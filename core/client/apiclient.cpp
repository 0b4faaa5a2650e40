// SPDX-License-Identifier: Apache-2.0
#include "apiclient.h"

#include "base/logging.h"
#include "client/apistream.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QSslError>

#include <memory>

namespace Capstan {

namespace {
constexpr const char *rejectedProperty = "capstanRejectedFingerprint";
constexpr const char *changedProperty = "capstanCertificateChanged";
} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{ }

ApiClient::~ApiClient() = default;

void ApiClient::setServer(const QUrl &baseUrl, const QByteArray &bearerToken)
{
    ++m_generation;
    m_bearerToken = bearerToken;
    m_serverVersion = {};
    setState(State::Disconnected);
    if (m_baseUrl != baseUrl) {
        m_baseUrl = baseUrl;
        Q_EMIT serverUrlChanged(m_baseUrl);
    }
}

QString ApiClient::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QFuture<ApiClient::State> ApiClient::connectToServer()
{
    const quint64 generation = m_generation;
    setState(State::Connecting);
    return getJson(QStringLiteral("/api/version"))
        .then(this, [this, generation](const Result<QJsonDocument, ApiError> &result) {
            if (generation != m_generation)
                return State::Disconnected; // pointed elsewhere meanwhile
            if (!result) {
                setState(State::Failed, result.error().message);
                return m_state;
            }
            Result<VersionMessage> version = VersionMessage::fromJson(result->object());
            if (!version) {
                setState(State::Failed,
                         tr("%1 does not look like an Argo CD API server: %2")
                             .arg(m_baseUrl.toDisplayString(), version.error()));
                return m_state;
            }
            m_serverVersion = std::move(version).value();
            qCInfo(lcClient).noquote() << "connected to" << m_baseUrl.toDisplayString() << "version"
                                       << m_serverVersion.version;
            Q_EMIT serverVersionChanged(m_serverVersion);
            setState(State::Connected);
            return m_state;
        });
}

std::optional<QNetworkRequest> ApiClient::makeRequest(const QString &path) const
{
    if (!m_baseUrl.isValid() || m_baseUrl.isRelative())
        return std::nullopt;
    QUrl url = m_baseUrl;
    const qsizetype queryStart = path.indexOf(u'?');
    const QString basePath = url.path().endsWith(u'/') ? url.path().chopped(1) : url.path();
    url.setPath(basePath + path.left(queryStart), QUrl::TolerantMode);
    if (queryStart >= 0)
        url.setQuery(path.mid(queryStart + 1));

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!m_bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearerToken);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // Sessions are the token's business, not a cookie jar's.
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    return request;
}

void ApiClient::watchCertificates(QNetworkReply *reply)
{
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &) {
        const QSslCertificate certificate = reply->sslConfiguration().peerCertificate();
        const QString presented = fingerprint(certificate);
        if (!m_trustedFingerprint.isEmpty() && presented == m_trustedFingerprint) {
            reply->ignoreSslErrors();
            return;
        }
        const bool changed = !m_trustedFingerprint.isEmpty();
        reply->setProperty(rejectedProperty, presented);
        reply->setProperty(changedProperty, changed);
        qCWarning(lcClient).noquote() << "refused the certificate of" << m_baseUrl.host() << presented
                                      << (changed ? "(it changed)" : "(not trusted)");
        Q_EMIT certificateRejected(certificate, changed);
    });
}

QFuture<Result<QJsonDocument, ApiError>> ApiClient::getJson(const QString &path)
{
    return send("GET", path);
}

template<typename T>
QFuture<Result<T, ApiError>> ApiClient::request(const QByteArray &method, const QString &path,
                                                const QByteArray &payload,
                                                Result<T, ApiError> (ApiClient::*read)(QNetworkReply *) const)
{
    auto promise = std::make_shared<QPromise<Result<T, ApiError>>>();
    QFuture<Result<T, ApiError>> future = promise->future();
    promise->start();
    std::optional<QNetworkRequest> request = makeRequest(path);
    if (!request) {
        promise->addResult(Failure(ApiError::fromCode(GrpcCode::FailedPrecondition, tr("No server is set."))));
        promise->finish();
        return future;
    }
    request->setTransferTimeout(int(m_timeout.count()));
    if (!payload.isNull())
        request->setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = payload.isNull() && method == "GET"
        ? m_network->get(*request)
        : m_network->sendCustomRequest(*request, method, payload);
    watchCertificates(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise, read] {
        reply->deleteLater();
        promise->addResult((this->*read)(reply));
        promise->finish();
    });
    return future;
}

QFuture<Result<QJsonDocument, ApiError>> ApiClient::send(const QByteArray &method, const QString &path,
                                                         const QJsonDocument &body)
{
    return request(method, path, body.isNull() ? QByteArray() : body.toJson(QJsonDocument::Compact),
                   &ApiClient::readReply);
}

QFuture<Result<QJsonDocument, ApiError>> ApiClient::sendValue(const QByteArray &method, const QString &path,
                                                              const QJsonValue &body)
{
    // A JSON text of any value: the one element of an array, unwrapped.
    const QByteArray array = QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact);
    return request(method, path, array.mid(1, array.size() - 2), &ApiClient::readReply);
}

QFuture<Result<QByteArray, ApiError>> ApiClient::getBytes(const QString &path)
{
    return request("GET", path, QByteArray(), &ApiClient::readBody);
}

QFuture<Result<QByteArray, ApiError>> ApiClient::login(const QString &username, const QString &password)
{
    const QJsonDocument body(
        QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    return send("POST", QStringLiteral("/api/v1/session"), body)
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) -> Result<QByteArray, ApiError> {
            if (!answer)
                return Failure(answer.error());
            const QString token = answer->object().value(QStringLiteral("token")).toString();
            if (token.isEmpty())
                return Failure(ApiError::fromCode(
                    GrpcCode::Internal,
                    tr("%1 signed in without giving a session token").arg(m_baseUrl.toDisplayString())));
            return token.toUtf8();
        });
}

ApiStream *ApiClient::openStream(const QString &path, QObject *parent)
{
    std::optional<QNetworkRequest> request = makeRequest(path);
    if (!request)
        return nullptr;
    // A stream is quiet while nothing changes; only the connection's own
    // failure ends it.
    request->setTransferTimeout(0);
    QNetworkReply *reply = m_network->get(*request);
    watchCertificates(reply);
    return new ApiStream(this, reply, parent);
}

ApiError ApiClient::transportError(QNetworkReply *reply) const
{
    const QString where = reply->request().url().toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    const QString rejected = reply->property(rejectedProperty).toString();
    if (!rejected.isEmpty()) {
        if (reply->property(changedProperty).toBool())
            return ApiError{GrpcCode::Unauthenticated,
                            tr("The certificate of %1 has changed. It was %2 and is now %3. Capstan refuses to "
                               "connect: someone may be intercepting the connection. Trust the new certificate "
                               "only if you know why it changed.")
                                .arg(m_baseUrl.host(), m_trustedFingerprint, rejected),
                            0};
        return ApiError{GrpcCode::Unauthenticated,
                        tr("The certificate of %1 is not trusted (SHA-256 %2).").arg(m_baseUrl.host(), rejected), 0};
    }
    // No HTTP answer at all: the server is down, unreachable or too slow.
    const QString reason = reply->error() == QNetworkReply::OperationCanceledError
        ? tr("no answer within %n second(s)", nullptr, int(m_timeout.count() / 1000))
        : reply->errorString();
    qCInfo(lcClient).noquote() << reply->operation() << where << "failed:" << reason;
    return ApiError{GrpcCode::Unavailable, tr("Cannot reach %1: %2").arg(where, reason), 0};
}

Result<QByteArray, ApiError> ApiClient::readBody(QNetworkReply *reply) const
{
    const QString where = reply->request().url().toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return Failure(transportError(reply));
    const QByteArray body = reply->readAll();
    if (status < 200 || status >= 300) {
        ApiError error = ApiError::fromHttpReply(status, body);
        qCInfo(lcClient).noquote() << "request to" << where << "answered" << status << error.message;
        switch (status) {
        case 401:
            error.message = tr("%1 requires a login (HTTP 401): %2").arg(where, error.message);
            break;
        case 403:
            error.message = tr("%1 denied access (HTTP 403): %2").arg(where, error.message);
            break;
        default:
            error.message = tr("%1 answered with HTTP %2: %3").arg(where).arg(status).arg(error.message);
            break;
        }
        return Failure(error);
    }
    return body;
}

Result<QJsonDocument, ApiError> ApiClient::readReply(QNetworkReply *reply) const
{
    const auto body = readBody(reply);
    if (!body)
        return Failure(body.error());
    if (body->trimmed().isEmpty())
        return QJsonDocument(QJsonObject());
    const QString where = reply->request().url().toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Failure(ApiError{GrpcCode::Internal,
                                tr("%1 did not answer with JSON: %2").arg(where, parseError.errorString()), status});
    }
    return document;
}

void ApiClient::setState(State state, const QString &errorString)
{
    if (m_state == state && m_errorString == errorString)
        return;
    m_state = state;
    m_errorString = errorString;
    Q_EMIT stateChanged(m_state);
}

} // namespace Capstan
