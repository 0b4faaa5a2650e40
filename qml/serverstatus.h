// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/apiclient.h"
#include "versioninfomodel.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQmlIntegration>

namespace Capstan {

/// What the user sees of one server connection: which server, in what phase,
/// why it failed, and its version. It follows an ApiClient, plus the phases
/// before a client exists (the GUI's own server starting up).
class ServerStatus : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ServerStatus is provided by the application")
    Q_PROPERTY(Phase phase READ phase NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString serverName READ serverName NOTIFY changed)
    Q_PROPERTY(QString serverAddress READ serverAddress NOTIFY changed)
    Q_PROPERTY(QString version READ version NOTIFY changed)
    Q_PROPERTY(Capstan::VersionInfoModel *details READ details CONSTANT)

public:
    enum class Phase {
        Idle,
        Starting,
        Connecting,
        Connected,
        Failed,
    };
    Q_ENUM(Phase)

    explicit ServerStatus(QObject *parent = nullptr);
    ~ServerStatus() override;

    /// Follows @p client's state and version from now on.
    void setClient(ApiClient *client);
    /// Names the server for people, as "This computer" or a host name.
    void setServerName(const QString &name);
    /// The GUI's own server is starting.
    void setStarting();
    /// The connection cannot be made, for a reason outside the client.
    void setFailed(const QString &message);

    Phase phase() const { return m_phase; }
    QString title() const;
    QString message() const { return m_message; }
    QString serverName() const { return m_serverName; }
    QString serverAddress() const;
    QString version() const { return m_version; }
    VersionInfoModel *details() const { return m_details; }

    /// Asks the application to try connecting again.
    Q_INVOKABLE void retry();

Q_SIGNALS:
    void changed();
    void retryRequested();

private:
    void followClient();
    void setPhase(Phase phase, const QString &message);

    QPointer<ApiClient> m_client;
    VersionInfoModel *m_details;
    Phase m_phase = Phase::Idle;
    QString m_message;
    QString m_serverName;
    QString m_version;
};

} // namespace Capstan
