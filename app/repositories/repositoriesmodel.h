// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace Capstan {

/// The repositories a server knows (GET /api/v1/repositories): name, URL,
/// type, project and connection state. Credentials never reach it: the
/// server does not send them.
class RepositoriesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, UrlColumn, TypeColumn, ProjectColumn, ConnectionColumn, ColumnCount };
    enum Role { RepositoryRole = Qt::UserRole + 1 };

    explicit RepositoriesModel(QObject *parent = nullptr);

    void setRepositories(const QJsonArray &items);
    QJsonObject repository(int row) const { return m_items.at(row).toObject(); }
    int rowOf(const QString &url) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QJsonArray m_items;
};

} // namespace Capstan
