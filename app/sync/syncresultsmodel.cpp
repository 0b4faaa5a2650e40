// SPDX-License-Identifier: Apache-2.0
#include "syncresultsmodel.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace Capstan {

SyncResultsModel::SyncResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SyncResultsModel::setResults(const QList<SyncResult> &results)
{
    // The operation only ever adds results: keep the rows that are still there.
    qsizetype kept = 0;
    while (kept < m_results.size() && kept < results.size() && m_results.at(kept).key() == results.at(kept).key()
           && m_results.at(kept).syncPhase == results.at(kept).syncPhase)
        ++kept;
    if (kept < m_results.size()) {
        beginRemoveRows({}, int(kept), int(m_results.size()) - 1);
        m_results.resize(kept);
        endRemoveRows();
    }
    for (qsizetype i = 0; i < kept; ++i)
        m_results[i] = results.at(i);
    if (kept > 0)
        Q_EMIT dataChanged(index(0, 0), index(int(kept) - 1, ColumnCount - 1));
    if (kept < results.size()) {
        beginInsertRows({}, int(kept), int(results.size()) - 1);
        m_results.append(results.mid(kept));
        endInsertRows();
    }
}

QString SyncResultsModel::outcomeText(const SyncResult &result)
{
    switch (result.outcome) {
    case SyncResult::Outcome::Running:
        return result.hookPhase.isEmpty() ? tr("Running") : result.hookPhase;
    case SyncResult::Outcome::Changed:
        return tr("Changed");
    case SyncResult::Outcome::Unchanged:
        return tr("Unchanged");
    case SyncResult::Outcome::Pruned:
        return tr("Pruned");
    case SyncResult::Outcome::Skipped:
        return tr("Not pruned");
    case SyncResult::Outcome::Failed:
        return tr("Failed");
    }
    return {};
}

int SyncResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int SyncResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SyncResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_results.size())
        return {};
    const SyncResult &result = m_results.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case PhaseColumn:
            return result.hookType.isEmpty() ? result.syncPhase
                                             : tr("%1 (%2 hook)").arg(result.syncPhase, result.hookType);
        case WaveColumn:
            return result.wave;
        case KindColumn:
            return result.kind;
        case NamespaceColumn:
            return result.ns;
        case NameColumn:
            return result.name;
        case ResultColumn:
            return outcomeText(result);
        case MessageColumn:
            return result.message;
        }
    }
    if (role == Qt::DecorationRole && index.column() == ResultColumn) {
        switch (result.outcome) {
        case SyncResult::Outcome::Running:
            return QIcon(u":/icons/sync-running.svg"_s);
        case SyncResult::Outcome::Failed:
            return QIcon(u":/icons/health-degraded.svg"_s);
        case SyncResult::Outcome::Pruned:
        case SyncResult::Outcome::Skipped:
            return QIcon(u":/icons/health-missing.svg"_s);
        default:
            return QIcon(u":/icons/sync-synced.svg"_s);
        }
    }
    return {};
}

QVariant SyncResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("Phase"), tr("Wave"), tr("Kind"), tr("Namespace"), tr("Name"), tr("Result"), tr("Message")}
        .value(section);
}

} // namespace Capstan
