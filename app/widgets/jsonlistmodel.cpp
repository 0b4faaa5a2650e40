// SPDX-License-Identifier: Apache-2.0
#include "jsonlistmodel.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace Capstan {

JsonListModel::JsonListModel(const QString &keyField, const QStringList &headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_key(keyField)
    , m_headers(headers)
{ }

void JsonListModel::setItems(const QJsonArray &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

QString JsonListModel::key(const QJsonObject &item) const
{
    QJsonValue value = item;
    for (const QStringView part : QStringView(m_key).split(u'.'))
        value = value[part];
    return value.toString();
}

int JsonListModel::rowOf(const QString &value) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (key(m_items.at(i).toObject()) == value)
            return int(i);
    }
    return -1;
}

int JsonListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int JsonListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant JsonListModel::connectionStateData(const QJsonObject &state, int role)
{
    const QString status = state.value(u"status").toString();
    switch (role) {
    case Qt::DisplayRole:
        // What the server has not tried to reach yet has no state.
        if (status.isEmpty())
            return tr("Not contacted yet");
        return status == u"Successful" ? tr("Successful") : status == u"Failed" ? tr("Failed") : status;
    case Qt::ToolTipRole:
        return state.value(u"message").toString();
    case Qt::DecorationRole:
        if (status.isEmpty())
            return {};
        return QIcon(status == u"Successful"   ? u":/icons/sync-synced.svg"_s
                         : status == u"Failed" ? u":/icons/health-degraded.svg"_s
                                               : u":/icons/health-unknown.svg"_s);
    }
    return {};
}

QVariant JsonListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return m_headers.value(section);
}

} // namespace Capstan
