// SPDX-License-Identifier: Apache-2.0
#include "syncresourcesmodel.h"

#include <QHash>
#include <QIcon>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Capstan {

QString SyncResourcesModel::Row::key() const
{
    return u"%1/%2/%3/%4"_s.arg(resource.group, resource.kind, resource.ns, resource.name);
}

SyncResourcesModel::SyncResourcesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SyncResourcesModel::setResources(const QJsonArray &resources)
{
    QHash<QString, bool> checks;
    for (const Row &row : std::as_const(m_rows))
        checks.insert(row.key(), row.checked);
    QList<Row> rows;
    for (const QJsonValue &value : resources) {
        const QJsonObject r = value.toObject();
        if (r.value(u"hook").toBool())
            continue;
        Row row;
        row.resource = {r.value(u"group").toString(), r.value(u"kind").toString(), r.value(u"name").toString(),
                        r.value(u"namespace").toString()};
        row.status = r.value(u"status").toString();
        row.wave = r.value(u"syncWave").toInteger();
        row.checked = checks.value(row.key(), true);
        rows.append(row);
    }
    // The usual update (a status changed): in place, keeping the view's place.
    bool same = rows.size() == m_rows.size();
    for (qsizetype i = 0; same && i < rows.size(); ++i)
        same = rows.at(i).key() == m_rows.at(i).key();
    if (same) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT checksChanged();
}

void SyncResourcesModel::setChecked(const std::function<bool(const Row &)> &wanted)
{
    for (Row &row : m_rows)
        row.checked = wanted(row);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::CheckStateRole});
    Q_EMIT checksChanged();
}

void SyncResourcesModel::checkAll()
{
    setChecked([](const Row &) { return true; });
}

void SyncResourcesModel::checkOutOfSync()
{
    setChecked([](const Row &row) { return row.status != u"Synced"; });
}

void SyncResourcesModel::checkNone()
{
    setChecked([](const Row &) { return false; });
}

bool SyncResourcesModel::allChecked() const
{
    return std::all_of(m_rows.cbegin(), m_rows.cend(), [](const Row &row) { return row.checked; });
}

int SyncResourcesModel::checkedCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &row) { return row.checked; }));
}

QList<Model::SyncOperationResource> SyncResourcesModel::checked() const
{
    QList<Model::SyncOperationResource> list;
    for (const Row &row : m_rows) {
        if (row.checked)
            list.append(row.resource);
    }
    return list;
}

int SyncResourcesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SyncResourcesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SyncResourcesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case KeyRole:
        return row.key();
    case OutOfSyncRole:
        return row.status != u"Synced";
    case Qt::CheckStateRole:
        if (index.column() == KindColumn)
            return row.checked ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return QIcon(row.status == u"Synced" ? u":/icons/sync-synced.svg"_s : u":/icons/sync-outofsync.svg"_s);
        break;
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return row.resource.kind;
        case NamespaceColumn:
            return row.resource.ns;
        case NameColumn:
            return row.resource.name;
        case StatusColumn:
            return row.status;
        case WaveColumn:
            return row.wave;
        }
        break;
    }
    return {};
}

bool SyncResourcesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != KindColumn || role != Qt::CheckStateRole)
        return false;
    m_rows[index.row()].checked = value.value<Qt::CheckState>() == Qt::Checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checksChanged();
    return true;
}

Qt::ItemFlags SyncResourcesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == KindColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant SyncResourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("Kind"), tr("Namespace"), tr("Name"), tr("Status"), tr("Wave")}.value(section);
}

} // namespace Capstan
