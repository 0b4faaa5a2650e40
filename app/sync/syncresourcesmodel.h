// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QAbstractTableModel>
#include <QJsonArray>

#include <functional>

namespace Capstan {

/// The resource checklist of the sync dialog: the application's resources
/// (status.resources, hooks left out) with their sync status and wave, each
/// with a check box.
class SyncResourcesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { KindColumn, NamespaceColumn, NameColumn, StatusColumn, WaveColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, OutOfSyncRole };

    explicit SyncResourcesModel(QObject *parent = nullptr);

    /// Sets the resources; those already listed keep their check.
    void setResources(const QJsonArray &resources);

    void checkAll();
    void checkOutOfSync();
    void checkNone();
    bool allChecked() const;
    int checkedCount() const;
    /// The checked resources, as a sync request names them.
    QList<Model::SyncOperationResource> checked() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void checksChanged();

private:
    struct Row
    {
        Model::SyncOperationResource resource;
        QString status;
        qint64 wave = 0;
        bool checked = true;
        QString key() const;
    };
    void setChecked(const std::function<bool(const Row &)> &wanted);

    QList<Row> m_rows;
};

} // namespace Capstan
