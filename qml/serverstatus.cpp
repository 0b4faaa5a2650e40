// SPDX-License-Identifier: Apache-2.0
#include "serverstatus.h"

#include "versioninfomodel.h"

namespace Capstan {

ServerStatus::ServerStatus(QObject *parent)
    : QObject(parent)
    , m_details(new VersionInfoModel(this))
{ }

ServerStatus::~ServerStatus() = default;

void ServerStatus::setClient(ApiClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    if (m_client) {
        connect(m_client, &ApiClient::stateChanged, this, &ServerStatus::followClient);
        connect(m_client, &ApiClient::serverUrlChanged, this, &ServerStatus::changed);
    }
    followClient();
}

void ServerStatus::setServerName(const QString &name)
{
    if (m_serverName == name)
        return;
    m_serverName = name;
    Q_EMIT changed();
}

void ServerStatus::setStarting()
{
    setPhase(Phase::Starting, {});
}

void ServerStatus::setFailed(const QString &message)
{
    setPhase(Phase::Failed, message);
}

QString ServerStatus::title() const
{
    switch (m_phase) {
    case Phase::Idle:
        return tr("Not connected");
    case Phase::Starting:
        return tr("Starting the local server…");
    case Phase::Connecting:
        return tr("Connecting…");
    case Phase::Connected:
        return tr("Connected");
    case Phase::Failed:
        return tr("Cannot connect");
    }
    return {};
}

QString ServerStatus::serverAddress() const
{
    return m_client ? m_client->serverUrl().toDisplayString() : QString();
}

void ServerStatus::retry()
{
    Q_EMIT retryRequested();
}

void ServerStatus::followClient()
{
    if (!m_client)
        return;
    switch (m_client->state()) {
    case ApiClient::State::Disconnected:
        setPhase(Phase::Idle, {});
        break;
    case ApiClient::State::Connecting:
        setPhase(Phase::Connecting, {});
        break;
    case ApiClient::State::Connected:
        m_version = m_client->serverVersion().version;
        m_details->setVersion(m_client->serverVersion());
        setPhase(Phase::Connected, {});
        break;
    case ApiClient::State::Failed:
        setPhase(Phase::Failed, m_client->errorString());
        break;
    }
}

void ServerStatus::setPhase(Phase phase, const QString &message)
{
    if (phase != Phase::Connected) {
        m_version.clear();
        m_details->setVersion({});
    }
    m_phase = phase;
    m_message = message;
    Q_EMIT changed();
}

} // namespace Capstan
