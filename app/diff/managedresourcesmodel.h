// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/manageddiff.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace Capstan {

/// The managed resources of an application with their diff state: kind,
/// namespace, name, what the next sync does to each (nothing, change, create,
/// prune) and how many changes its diff has.
class ManagedResourcesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { KindColumn, NamespaceColumn, NameColumn, StateColumn, ChangesColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, OutOfSyncRole, SortRole };

    explicit ManagedResourcesModel(QObject *parent = nullptr);

    /// Replaces the diffs; rows of the same resources are updated in place.
    void setDiffs(const QList<ManagedDiff> &diffs);
    const QList<ManagedDiff> &diffs() const { return m_diffs; }
    const ManagedDiff *diff(const QModelIndex &index) const;
    /// The row of the resource @p key (group/kind/namespace/name), -1 if none.
    int rowOf(const QString &key) const;

    static QString stateText(ManagedDiff::State state);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ManagedDiff> m_diffs;
};

/// Out-of-sync resources only, or all; sorted by SortRole.
class ManagedResourcesFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ManagedResourcesFilter(QObject *parent = nullptr);

    bool outOfSyncOnly() const { return m_outOfSyncOnly; }
    void setOutOfSyncOnly(bool on);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_outOfSyncOnly = true;
};

} // namespace Capstan
