// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace Capstan {

/// The clusters a server deploys to (GET /api/v1/clusters): name, server,
/// Kubernetes version, how many applications use it and its connection state.
class ClustersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ServerColumn, VersionColumn, ApplicationsColumn, ConnectionColumn, ColumnCount };

    explicit ClustersModel(QObject *parent = nullptr);

    void setClusters(const QJsonArray &items);
    QJsonObject cluster(int row) const { return m_items.at(row).toObject(); }
    int rowOf(const QString &server) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QJsonArray m_items;
};

} // namespace Capstan
