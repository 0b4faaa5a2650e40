// SPDX-License-Identifier: Apache-2.0
#include "repositoriesmodel.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace Capstan {

RepositoriesModel::RepositoriesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void RepositoriesModel::setRepositories(const QJsonArray &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

int RepositoriesModel::rowOf(const QString &url) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i)[u"repo"].toString() == url)
            return int(i);
    }
    return -1;
}

int RepositoriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int RepositoriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RepositoriesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const QJsonObject item = m_items.at(index.row()).toObject();
    const QJsonObject state = item.value(u"connectionState").toObject();
    const bool connected = state.value(u"status").toString() == u"Successful";
    switch (role) {
    case RepositoryRole:
        return item;
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return item.value(u"name").toString();
        case UrlColumn:
            return item.value(u"repo").toString();
        case TypeColumn:
            return item.value(u"type").toString().isEmpty() ? u"git"_s : item.value(u"type").toString();
        case ProjectColumn:
            return item.value(u"project").toString();
        case ConnectionColumn:
            return connected ? tr("Successful") : state.value(u"status").toString();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ConnectionColumn)
            return state.value(u"message").toString();
        break;
    case Qt::DecorationRole:
        if (index.column() == ConnectionColumn)
            return QIcon(connected ? u":/icons/sync-synced.svg"_s : u":/icons/health-degraded.svg"_s);
        break;
    }
    return {};
}

QVariant RepositoriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("Name"), tr("Repository"), tr("Type"), tr("Project"), tr("Connection")}.value(section);
}

} // namespace Capstan
