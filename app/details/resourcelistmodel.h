// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

namespace Capstan {

/// An application's resources as a table: what Argo CD manages (with sync
/// status and wave) and what lives below it in the resource tree. Updates
/// change, insert and remove rows by resource, never resetting.
class ResourceListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { KindColumn, NameColumn, NamespaceColumn, SyncColumn, HealthColumn, WaveColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1,
        GroupRole,
        VersionRole,
        KindRole,
        NameRole,
        NamespaceRole,
        SortRole,
    };

    explicit ResourceListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// From the Application (status.resources) and its ApplicationTree.
    void update(const QJsonObject &application, const QJsonObject &tree);
    int rowOf(const QString &key) const;

private:
    struct Row
    {
        QString key;
        QString group;
        QString version;
        QString kind;
        QString name;
        QString ns;
        QString sync;
        QString health;
        QString healthMessage;
        QString wave;
        bool managed = false;
        friend bool operator==(const Row &, const Row &) = default;
    };
    QList<Row> m_rows;
};

} // namespace Capstan
