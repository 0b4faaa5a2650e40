// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/apiclient.h"
#include "client/applicationsummary.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include <functional>

namespace Capstan {

class ApiStream;
class ApplicationsModel;

/// One server the console talks to: "This computer" (the embedded server) or
/// a remote Argo CD or capstan-server. It signs in, lists the applications
/// into the shared ApplicationsModel, follows /api/v1/stream/applications and
/// applies its events (coalesced per application), and reconnects with
/// backoff when the server goes away. Its state is always one of State, with
/// a message for the user.
class Connection : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Local, Remote };
    Q_ENUM(Kind)
    enum class State {
        /// Not started, or stopped.
        Idle,
        /// The local server is starting.
        Starting,
        Connecting,
        Connected,
        /// Failed, and trying again after a delay.
        Waiting,
        /// Failed; the user has to act (403, unsupported server).
        Failed,
        /// The server wants a login (401, or no token).
        NeedsLogin,
        /// The server's certificate is unknown or changed; the user decides.
        Untrusted,
    };
    Q_ENUM(State)

    /// What is kept in the settings (never the token).
    struct Settings
    {
        QString id;
        QString name;
        QUrl url;
        QString trustedFingerprint;
        QString username;
    };

    /// An ApplicationList as read from the server.
    struct ApplicationList
    {
        QList<ApplicationSummary> applications;
        QString resourceVersion;
        QString error;
    };

    Connection(Kind kind, const Settings &settings, ApplicationsModel *applications, QObject *parent = nullptr);
    ~Connection() override;

    Kind kind() const { return m_kind; }
    QString id() const { return m_settings.id; }
    QString name() const { return m_settings.name; }
    QUrl url() const { return m_settings.url; }
    const Settings &settings() const { return m_settings; }
    void setName(const QString &name);

    State state() const { return m_state; }
    /// One line for the state: why it failed, what it waits for.
    QString message() const { return m_message; }
    /// When Waiting: the next attempt.
    QDeadlineTimer nextAttempt() const { return m_nextAttempt; }
    ApiClient *client() const { return m_client; }
    /// The certificate refused last, while Untrusted.
    QSslCertificate refusedCertificate() const { return m_refusedCertificate; }
    /// Whether the server is a real Argo CD, whose web UI can open an app.
    bool hasWebInterface() const;
    QString username() const { return m_username; }
    int applicationCount() const { return m_applicationCount; }

    /// The local server is starting (Local only).
    void setStarting(const QString &message);
    /// Where the server is and the token to use; connects.
    void setEndpoint(const QUrl &url, const QByteArray &token);
    /// A token from a login or pasted by the user; connects.
    void setToken(const QByteArray &token);
    /// Trusts the refused certificate from now on and connects.
    void trustRefusedCertificate();
    void connectNow();
    void stop();
    /// Fails for good with @p message (the local server did not start).
    void fail(const QString &message);

    /// Argo CD's can-i, cached for a minute: may the user take @p action on
    /// @p object (as `project/name`) of @p resource?
    QFuture<bool> canI(const QString &resource, const QString &action, const QString &object);

Q_SIGNALS:
    void stateChanged();
    /// Settings to persist changed (name, trusted fingerprint, username).
    void settingsChanged();
    /// A non-modal message for the user, with details on demand.
    void problem(const QString &text, const QString &details);

private:
    void setState(State state, const QString &message = {});
    void afterVersion();
    void loadApplications();
    void listApplications(const std::function<void()> &then);
    QList<ApplicationSummary> newerOf(const ApplicationList &list) const;
    void openStream();
    void received(const QJsonObject &result);
    void flushEvents();
    void streamFinished(const ApiError &error);
    void failed(const ApiError &error, bool retry);
    void scheduleRetry(const QString &message);

    Kind m_kind;
    Settings m_settings;
    ApplicationsModel *m_applications;
    ApiClient *m_client;
    State m_state = State::Idle;
    QString m_message;
    QString m_username;
    QSslCertificate m_refusedCertificate;
    QPointer<ApiStream> m_stream;
    QString m_resourceVersion;
    QTimer m_retryTimer;
    QDeadlineTimer m_nextAttempt;
    int m_attempt = 0;
    quint64 m_generation = 0;
    int m_applicationCount = 0;
    /// Events waiting to be applied, by application key; null summary: deleted.
    QHash<QString, std::optional<ApplicationSummary>> m_pending;
    QTimer m_flushTimer;
    struct Permission
    {
        bool allowed = false;
        QDeadlineTimer expiry;
    };
    QHash<QString, Permission> m_permissions;
};

} // namespace Capstan
