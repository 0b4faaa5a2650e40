// SPDX-License-Identifier: Apache-2.0
#include "apiclient.h"

#include "base/logging.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>

#include <memory>

namespace Capstan {

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

void ApiClient::connectToServer()
{
    const quint64 generation = m_generation;
    setState(State::Connecting);
    getJson(QStringLiteral("/api/version"))
        .then(this, [this, generation](const Result<QJsonDocument, ApiError> &result) {
            if (generation != m_generation)
                return;
            if (!result) {
                setState(State::Failed, result.error().message);
                return;
            }
            Result<VersionMessage> version = VersionMessage::fromJson(result->object());
            if (!version) {
                setState(State::Failed,
                         tr("%1 does not look like an Argo CD API server: %2")
                             .arg(m_baseUrl.toDisplayString(), version.error()));
                return;
            }
            m_serverVersion = std::move(version).value();
            qCInfo(lcClient).noquote() << "connected to" << m_baseUrl.toDisplayString() << "version"
                                       << m_serverVersion.version;
            Q_EMIT serverVersionChanged(m_serverVersion);
            setState(State::Connected);
        });
}

QFuture<Result<QJsonDocument, ApiError>> ApiClient::getJson(const QString &path)
{
    auto promise = std::make_shared<QPromise<Result<QJsonDocument, ApiError>>>();
    QFuture<Result<QJsonDocument, ApiError>> future = promise->future();
    promise->start();

    if (!m_baseUrl.isValid() || m_baseUrl.isRelative()) {
        promise->addResult(Failure(ApiError::fromCode(GrpcCode::FailedPrecondition, tr("No server is set."))));
        promise->finish();
        return future;
    }

    QUrl url = m_baseUrl;
    const qsizetype queryStart = path.indexOf(u'?');
    const QString basePath = url.path().endsWith(u'/') ? url.path().chopped(1) : url.path();
    url.setPath(basePath + path.left(queryStart));
    if (queryStart >= 0)
        url.setQuery(path.mid(queryStart + 1));

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!m_bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearerToken);
    request.setTransferTimeout(int(m_timeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise] {
        reply->deleteLater();
        promise->addResult(readReply(reply));
        promise->finish();
    });
    return future;
}

Result<QJsonDocument, ApiError> ApiClient::readReply(QNetworkReply *reply) const
{
    const QString where = reply->request().url().toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        // No HTTP answer at all: the server is down, unreachable or too slow.
        const QString reason = reply->error() == QNetworkReply::OperationCanceledError
            ? tr("no answer within %n second(s)", nullptr, int(m_timeout.count() / 1000))
            : reply->errorString();
        qCInfo(lcClient).noquote() << "GET" << where << "failed:" << reason;
        return Failure(ApiError{GrpcCode::Unavailable, tr("Cannot reach %1: %2").arg(where, reason), 0});
    }
    const QByteArray body = reply->readAll();
    if (status < 200 || status >= 300) {
        ApiError error = ApiError::fromHttpReply(status, body);
        qCInfo(lcClient).noquote() << "GET" << where << "answered" << status << error.message;
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
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
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
