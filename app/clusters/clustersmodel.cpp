// SPDX-License-Identifier: Apache-2.0
#include "clustersmodel.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace Capstan {

ClustersModel::ClustersModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ClustersModel::setClusters(const QJsonArray &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

int ClustersModel::rowOf(const QString &server) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i)[u"server"].toString() == server)
            return int(i);
    }
    return -1;
}

int ClustersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ClustersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClustersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const QJsonObject item = m_items.at(index.row()).toObject();
    const QJsonObject info = item.value(u"info").toObject();
    const QJsonObject state = info.value(u"connectionState").toObject();
    const QString status = state.value(u"status").toString();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return item.value(u"name").toString();
        case ServerColumn:
            return item.value(u"server").toString();
        case VersionColumn: {
            const QString version = info.value(u"serverVersion").toString();
            return version.isEmpty() ? item.value(u"serverVersion").toString() : version;
        }
        case ApplicationsColumn:
            return info.value(u"applicationsCount").toInteger();
        case ConnectionColumn:
            // A cluster is contacted once an application uses it.
            return status.isEmpty() ? tr("Not contacted yet") : status;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ConnectionColumn)
            return state.value(u"message").toString();
        break;
    case Qt::DecorationRole:
        if (index.column() == ConnectionColumn && !status.isEmpty())
            return QIcon(status == u"Successful"   ? u":/icons/sync-synced.svg"_s
                             : status == u"Failed" ? u":/icons/health-degraded.svg"_s
                                                   : u":/icons/health-unknown.svg"_s);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == ApplicationsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ClustersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("Name"), tr("Server"), tr("Version"), tr("Applications"), tr("Connection")}.value(section);
}

} // namespace Capstan
