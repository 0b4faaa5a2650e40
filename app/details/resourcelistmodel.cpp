// SPDX-License-Identifier: Apache-2.0
#include "resourcelistmodel.h"

#include "applications/applicationsmodel.h"
#include "resourcegraph.h"

#include <QIcon>
#include <QJsonArray>

#include <map>

using namespace Qt::StringLiterals;

namespace Capstan {

ResourceListModel::ResourceListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ResourceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResourceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResourceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return row.kind;
        case NameColumn:
            return row.name;
        case NamespaceColumn:
            return row.ns;
        case SyncColumn:
            return row.sync;
        case HealthColumn:
            return row.health;
        case WaveColumn:
            return row.wave;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == HealthColumn && !row.health.isEmpty())
            return QIcon(ApplicationsModel::healthIconName(row.health));
        if (index.column() == SyncColumn && !row.sync.isEmpty())
            return QIcon(ApplicationsModel::syncIconName(row.sync));
        return {};
    case Qt::ToolTipRole:
        return index.column() == HealthColumn && !row.healthMessage.isEmpty() ? QVariant(row.healthMessage)
                                                                              : QVariant();
    case SortRole:
        switch (index.column()) {
        case HealthColumn:
            return ApplicationsModel::healthSeverity(row.health);
        case SyncColumn:
            return ApplicationsModel::syncSeverity(row.sync);
        case WaveColumn:
            return row.wave.toLongLong();
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case KeyRole:
        return row.key;
    case GroupRole:
        return row.group;
    case VersionRole:
        return row.version;
    case KindRole:
        return row.kind;
    case NameRole:
        return row.name;
    case NamespaceRole:
        return row.ns;
    }
    return {};
}

QVariant ResourceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case NameColumn:
        return tr("Name");
    case NamespaceColumn:
        return tr("Namespace");
    case SyncColumn:
        return tr("Status");
    case HealthColumn:
        return tr("Health");
    case WaveColumn:
        return tr("Sync wave");
    }
    return {};
}

void ResourceListModel::update(const QJsonObject &application, const QJsonObject &tree)
{
    std::map<QString, Row> wanted;
    for (const QJsonValue &value : application.value(u"status").toObject().value(u"resources").toArray()) {
        const QJsonObject r = value.toObject();
        Row row{ResourceGraph::keyOf(r),
                r.value(u"group").toString(),
                r.value(u"version").toString(),
                r.value(u"kind").toString(),
                r.value(u"name").toString(),
                r.value(u"namespace").toString(),
                r.value(u"status").toString(),
                r.value(u"health").toObject().value(u"status").toString(),
                r.value(u"health").toObject().value(u"message").toString(),
                r.contains(u"syncWave") ? QString::number(r.value(u"syncWave").toInteger()) : QString(),
                true};
        wanted.emplace(row.key, row);
    }
    for (const QJsonValue &value : tree.value(u"nodes").toArray()) {
        const QJsonObject n = value.toObject();
        const QString key = ResourceGraph::keyOf(n);
        const QJsonObject health = n.value(u"health").toObject();
        if (auto it = wanted.find(key); it != wanted.end()) {
            if (!health.isEmpty()) {
                it->second.health = health.value(u"status").toString();
                it->second.healthMessage = health.value(u"message").toString();
            }
            continue;
        }
        wanted.emplace(key,
                       Row{key, n.value(u"group").toString(), n.value(u"version").toString(),
                           n.value(u"kind").toString(), n.value(u"name").toString(), n.value(u"namespace").toString(),
                           QString(), health.value(u"status").toString(), health.value(u"message").toString(),
                           QString(), false});
    }
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!wanted.count(m_rows.at(i).key)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    for (int i = 0; i < m_rows.size(); ++i) {
        const auto it = wanted.find(m_rows.at(i).key);
        if (!(it->second == m_rows.at(i))) {
            m_rows[i] = it->second;
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
        wanted.erase(it);
    }
    if (wanted.empty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + wanted.size()) - 1);
    for (auto &[key, row] : wanted)
        m_rows.append(row);
    endInsertRows();
}

int ResourceListModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).key == key)
            return i;
    }
    return -1;
}

} // namespace Capstan
