// SPDX-License-Identifier: Apache-2.0
#include "connectionlistmodel.h"

#include "connectionmanager.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace Capstan {

ConnectionListModel::ConnectionListModel(ConnectionManager *manager, QObject *parent)
    : QAbstractListModel(parent)
    , m_manager(manager)
    , m_rows(manager->connections())
{
    connect(manager, &ConnectionManager::connectionAdded, this, [this](Connection *connection) {
        const int row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.append(connection);
        endInsertRows();
    });
    connect(manager, &ConnectionManager::connectionAboutToBeRemoved, this, [this](Connection *connection) {
        const int row = int(m_rows.indexOf(connection));
        if (row < 0)
            return;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    });
    connect(manager, &ConnectionManager::connectionChanged, this, [this](Connection *connection) {
        const QModelIndex index = indexOf(connection);
        if (index.isValid())
            Q_EMIT dataChanged(index, index);
    });
}

int ConnectionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString ConnectionListModel::stateText(const Connection *connection)
{
    switch (connection->state()) {
    case Connection::State::Idle:
        return tr("Not connected");
    case Connection::State::Starting:
        return tr("Starting");
    case Connection::State::Connecting:
        return tr("Connecting");
    case Connection::State::Connected:
        return tr("Connected, %n application(s)", nullptr, connection->applicationCount());
    case Connection::State::Waiting: {
        const qint64 seconds = (connection->nextAttempt().remainingTime() + 999) / 1000;
        return tr("Error, retrying in %n s", nullptr, int(seconds));
    }
    case Connection::State::Failed:
        return tr("Error");
    case Connection::State::NeedsLogin:
        return tr("Sign-in needed");
    case Connection::State::Untrusted:
        return tr("Certificate not trusted");
    }
    return {};
}

QString ConnectionListModel::stateIcon(const Connection *connection)
{
    switch (connection->state()) {
    case Connection::State::Connected:
        return u":/icons/sync-synced.svg"_s;
    case Connection::State::Starting:
    case Connection::State::Connecting:
        return u":/icons/sync-running.svg"_s;
    case Connection::State::Idle:
        return u":/icons/sync-unknown.svg"_s;
    case Connection::State::NeedsLogin:
    case Connection::State::Untrusted:
        return u":/icons/health-missing.svg"_s;
    default:
        return u":/icons/health-degraded.svg"_s;
    }
}

QVariant ConnectionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Connection *connection = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return u"%1\n%2"_s.arg(connection->name(), stateText(connection));
    case Qt::DecorationRole:
        return QIcon(stateIcon(connection));
    case Qt::ToolTipRole: {
        QString tip = connection->url().toDisplayString();
        if (!connection->message().isEmpty())
            tip += u"\n"_s + connection->message();
        return tip;
    }
    case IdRole:
        return connection->id();
    case StateRole:
        return QVariant::fromValue(connection->state());
    case MessageRole:
        return connection->message();
    case ApplicationCountRole:
        return connection->applicationCount();
    }
    return {};
}

QHash<int, QByteArray> ConnectionListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"}, {StateRole, "state"}, {MessageRole, "message"}, {ApplicationCountRole, "count"}});
    return names;
}

Connection *ConnectionListModel::connectionAt(const QModelIndex &index) const
{
    return index.isValid() && index.row() < m_rows.size() ? m_rows.at(index.row()) : nullptr;
}

QModelIndex ConnectionListModel::indexOf(const Connection *connection) const
{
    const qsizetype row = m_rows.indexOf(const_cast<Connection *>(connection));
    return row < 0 ? QModelIndex() : index(int(row));
}

} // namespace Capstan
