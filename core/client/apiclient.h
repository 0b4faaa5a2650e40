// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "api/versionmessage.h"
#include "base/result.h"

#include <QFuture>
#include <QJsonDocument>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Capstan {

class ApiStream;

/// The client side of Argo CD's REST API (/api/v1), for a capstan-server, a
/// real Argo CD, or the server embedded in the GUI. Everything is asynchronous
/// on the owning thread's event loop; results arrive as futures to be continued
/// with `.then(context, ...)`.
///
/// Connecting means asking the server for its version: a server that answers
/// /api/version with a VersionMessage is Connected, anything else has Failed
/// with a message for the user.
///
/// TLS: certificates the system trusts are accepted. Any other certificate
/// (self-signed, unknown authority) is accepted only when its SHA-256
/// fingerprint is the one set with setTrustedFingerprint(); otherwise the
/// request fails with `certificateRejected()` telling which certificate it
/// was, so that the user can decide. A trusted fingerprint that no longer
/// matches is refused: the certificate changed.
class ApiClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY stateChanged)
    Q_PROPERTY(QUrl serverUrl READ serverUrl NOTIFY serverUrlChanged)

public:
    enum class State {
        Disconnected,
        Connecting,
        Connected,
        Failed,
    };
    Q_ENUM(State)

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    /// Points the client at a server; @p bearerToken goes into every request.
    /// Answers still under way for the previous server are dropped.
    void setServer(const QUrl &baseUrl, const QByteArray &bearerToken = {});
    QUrl serverUrl() const { return m_baseUrl; }
    /// Changes the token alone (after a login); answers under way are kept.
    void setBearerToken(const QByteArray &bearerToken) { m_bearerToken = bearerToken; }
    QByteArray bearerToken() const { return m_bearerToken; }

    /// The SHA-256 fingerprint (hex, as fingerprint() gives it) of the one
    /// untrusted certificate this server may present.
    void setTrustedFingerprint(const QString &fingerprint) { m_trustedFingerprint = fingerprint; }
    QString trustedFingerprint() const { return m_trustedFingerprint; }
    /// "AB:CD:…" for a certificate.
    static QString fingerprint(const QSslCertificate &certificate);

    /// How long a request may go without progress before it fails.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    /// Asks the server for its version and moves to Connected or Failed; the
    /// future gives the state it ended in (Disconnected when setServer()
    /// pointed the client elsewhere meanwhile).
    QFuture<State> connectToServer();

    State state() const { return m_state; }
    /// Why the last connection attempt failed, or empty.
    QString errorString() const { return m_errorString; }
    /// The server's version once Connected.
    VersionMessage serverVersion() const { return m_serverVersion; }

    /// GETs @p path (with its query) below the server's URL as JSON.
    QFuture<Result<QJsonDocument, ApiError>> getJson(const QString &path);
    /// Sends @p method to @p path with @p body as JSON (none when null).
    QFuture<Result<QJsonDocument, ApiError>> send(const QByteArray &method, const QString &path,
                                                  const QJsonDocument &body = {});
    /// Sends @p method to @p path with any JSON value as the body, such as
    /// the string a resource patch is (grpc-gateway's `body: "patch"`).
    QFuture<Result<QJsonDocument, ApiError>> sendValue(const QByteArray &method, const QString &path,
                                                       const QJsonValue &body);
    /// GETs @p path and gives the body as it came, for callers that parse
    /// large answers on a worker thread.
    QFuture<Result<QByteArray, ApiError>> getBytes(const QString &path);
    /// Argo CD's login: POST /api/v1/session; the session token on success.
    QFuture<Result<QByteArray, ApiError>> login(const QString &username, const QString &password);
    /// A long-lived GET of newline-delimited JSON (/api/v1/stream/...). The
    /// stream belongs to the caller and ends when deleted.
    ApiStream *openStream(const QString &path, QObject *parent);

Q_SIGNALS:
    void stateChanged(Capstan::ApiClient::State state);
    void serverUrlChanged(const QUrl &url);
    void serverVersionChanged(const Capstan::VersionMessage &version);
    /// A certificate was refused; @p changed when it replaces a trusted one.
    void certificateRejected(const QSslCertificate &certificate, bool changed);

private:
    friend class ApiStream;
    std::optional<QNetworkRequest> makeRequest(const QString &path) const;
    template<typename T>
    QFuture<Result<T, ApiError>> request(const QByteArray &method, const QString &path, const QByteArray &payload,
                                         Result<T, ApiError> (ApiClient::*read)(QNetworkReply *) const);
    void watchCertificates(QNetworkReply *reply);
    Result<QByteArray, ApiError> readBody(QNetworkReply *reply) const;
    Result<QJsonDocument, ApiError> readReply(QNetworkReply *reply) const;
    ApiError transportError(QNetworkReply *reply) const;
    void setState(State state, const QString &errorString = {});

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QByteArray m_bearerToken;
    QString m_trustedFingerprint;
    std::chrono::milliseconds m_timeout{std::chrono::seconds(15)};
    State m_state = State::Disconnected;
    QString m_errorString;
    VersionMessage m_serverVersion;
    // Bumped by setServer(): answers of an older generation are stale.
    quint64 m_generation = 0;
};

} // namespace Capstan
