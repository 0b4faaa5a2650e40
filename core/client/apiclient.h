// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "api/versionmessage.h"
#include "base/result.h"

#include <QFuture>
#include <QJsonDocument>
#include <QObject>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace Capstan {

/// The client side of Argo CD's REST API (/api/v1), for a capstan-server, a
/// real Argo CD, or the server embedded in the GUI. Everything is asynchronous
/// on the owning thread's event loop; results arrive as futures to be continued
/// with `.then(context, ...)`.
///
/// Connecting means asking the server for its version: a server that answers
/// /api/version with a VersionMessage is Connected, anything else has Failed
/// with a message for the user.
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

    /// How long a request may go without progress before it fails.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    /// Asks the server for its version and moves to Connected or Failed.
    void connectToServer();

    State state() const { return m_state; }
    /// Why the last connection attempt failed, or empty.
    QString errorString() const { return m_errorString; }
    /// The server's version once Connected.
    VersionMessage serverVersion() const { return m_serverVersion; }

    /// GETs @p path (with its query) below the server's URL as JSON.
    QFuture<Result<QJsonDocument, ApiError>> getJson(const QString &path);

Q_SIGNALS:
    void stateChanged(Capstan::ApiClient::State state);
    void serverUrlChanged(const QUrl &url);
    void serverVersionChanged(const Capstan::VersionMessage &version);

private:
    Result<QJsonDocument, ApiError> readReply(QNetworkReply *reply) const;
    void setState(State state, const QString &errorString = {});

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QByteArray m_bearerToken;
    std::chrono::milliseconds m_timeout{std::chrono::seconds(15)};
    State m_state = State::Disconnected;
    QString m_errorString;
    VersionMessage m_serverVersion;
    // Bumped by setServer(): answers of an older generation are stale.
    quint64 m_generation = 0;
};

} // namespace Capstan
