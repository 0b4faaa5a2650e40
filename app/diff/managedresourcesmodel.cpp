// SPDX-License-Identifier: Apache-2.0
#include "managedresourcesmodel.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace Capstan {

ManagedResourcesModel::ManagedResourcesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

QString ManagedResourcesModel::stateText(ManagedDiff::State state)
{
    switch (state) {
    case ManagedDiff::State::Synced:
        return tr("Synced");
    case ManagedDiff::State::Modified:
        return tr("Modified");
    case ManagedDiff::State::Missing:
        return tr("Will be created");
    case ManagedDiff::State::Extra:
        return tr("Will be pruned");
    }
    return {};
}

void ManagedResourcesModel::setDiffs(const QList<ManagedDiff> &diffs)
{
    // The same resources in the same order (the usual refresh): in place.
    bool same = diffs.size() == m_diffs.size();
    for (qsizetype i = 0; same && i < diffs.size(); ++i)
        same = diffs.at(i).key() == m_diffs.at(i).key();
    if (same) {
        m_diffs = diffs;
        if (!m_diffs.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_diffs = diffs;
    endResetModel();
}

const ManagedDiff *ManagedResourcesModel::diff(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_diffs.size())
        return nullptr;
    return &m_diffs.at(index.row());
}

int ManagedResourcesModel::rowOf(const QString &key) const
{
    for (qsizetype i = 0; i < m_diffs.size(); ++i) {
        if (m_diffs.at(i).key() == key)
            return int(i);
    }
    return -1;
}

int ManagedResourcesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diffs.size());
}

int ManagedResourcesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ManagedResourcesModel::data(const QModelIndex &index, int role) const
{
    const ManagedDiff *d = diff(index);
    if (!d)
        return {};
    switch (role) {
    case KeyRole:
        return d->key();
    case OutOfSyncRole:
        return d->isOutOfSync();
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case KindColumn:
            return d->kind;
        case NamespaceColumn:
            return d->ns;
        case NameColumn:
            return d->name;
        case StateColumn:
            return role == SortRole ? QVariant(int(d->state)) : QVariant(stateText(d->state));
        case ChangesColumn:
            if (role == SortRole)
                return int(d->diff.changes().size());
            return d->diff.isEqual() ? QString() : QString::number(d->diff.changes().size());
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ChangesColumn || index.column() == StateColumn) {
            if (d->diff.isEqual())
                return stateText(d->state);
            return QStringList{tr("%n change(s)", nullptr, int(d->diff.changes().size())),
                               tr("%n line(s) removed", nullptr, d->diff.removedLines()),
                               tr("%n line(s) added", nullptr, d->diff.addedLines())}
                .join(u'\n');
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StateColumn) {
            switch (d->state) {
            case ManagedDiff::State::Synced:
                return QIcon(u":/icons/sync-synced.svg"_s);
            case ManagedDiff::State::Modified:
                return QIcon(u":/icons/sync-outofsync.svg"_s);
            case ManagedDiff::State::Missing:
                return QIcon(u":/icons/health-missing.svg"_s);
            case ManagedDiff::State::Extra:
                return QIcon(u":/icons/health-degraded.svg"_s);
            }
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == ChangesColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ManagedResourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("Kind"), tr("Namespace"), tr("Name"), tr("Next Sync"), tr("Changes")}.value(section);
}

ManagedResourcesFilter::ManagedResourcesFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ManagedResourcesModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ManagedResourcesFilter::setOutOfSyncOnly(bool on)
{
    if (on == m_outOfSyncOnly)
        return;
    m_outOfSyncOnly = on;
    invalidateFilter();
}

bool ManagedResourcesFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_outOfSyncOnly)
        return true;
    return sourceModel()->index(sourceRow, 0, sourceParent).data(ManagedResourcesModel::OutOfSyncRole).toBool();
}

} // namespace Capstan
