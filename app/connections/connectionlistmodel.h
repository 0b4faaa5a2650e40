// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>

namespace Capstan {

class Connection;
class ConnectionManager;

/// The sidebar's list of connections: name, state and what it means.
class ConnectionListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole,
        MessageRole,
        ApplicationCountRole,
    };

    explicit ConnectionListModel(ConnectionManager *manager, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    Connection *connectionAt(const QModelIndex &index) const;
    QModelIndex indexOf(const Connection *connection) const;

    /// The state as people say it ("Connected", "Retrying in 8 s", …).
    static QString stateText(const Connection *connection);
    static QString stateIcon(const Connection *connection);

private:
    ConnectionManager *m_manager;
    QList<Connection *> m_rows;
};

} // namespace Capstan
