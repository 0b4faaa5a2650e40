// SPDX-License-Identifier: Apache-2.0
#include "eventsmodel.h"

#include <QIcon>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan {

EventsModel::EventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DecorationRole && index.column() == TypeColumn)
        return QIcon(row.type == u"Warning" ? u":/icons/health-missing.svg"_s : u":/icons/sync-synced.svg"_s);
    if (role == Qt::ToolTipRole && index.column() == MessageColumn)
        return row.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TypeColumn:
        return row.type;
    case ReasonColumn:
        return row.reason;
    case MessageColumn:
        return row.message;
    case ObjectColumn:
        return row.object;
    case CountColumn:
        return row.count;
    case LastSeenColumn:
        return row.lastSeen.isValid() ? QLocale().toString(row.lastSeen.toLocalTime(), QLocale::ShortFormat)
                                      : QString();
    }
    return {};
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TypeColumn:
        return tr("Type");
    case ReasonColumn:
        return tr("Reason");
    case MessageColumn:
        return tr("Message");
    case ObjectColumn:
        return tr("Object");
    case CountColumn:
        return tr("Count");
    case LastSeenColumn:
        return tr("Last seen");
    }
    return {};
}

void EventsModel::setEvents(const QJsonArray &items)
{
    QList<Row> rows;
    for (const QJsonValue &value : items) {
        const QJsonObject e = value.toObject();
        const QJsonObject object = e.value(u"involvedObject").toObject();
        QString last = e.value(u"lastTimestamp").toString();
        if (last.isEmpty())
            last = e.value(u"eventTime").toString();
        if (last.isEmpty())
            last = e.value(u"metadata").toObject().value(u"creationTimestamp").toString();
        rows.append({e.value(u"metadata").toObject().value(u"uid").toString(), e.value(u"type").toString(),
                     e.value(u"reason").toString(), e.value(u"message").toString(),
                     object.value(u"kind").toString() + u'/' + object.value(u"name").toString(),
                     e.value(u"count").toInteger(1), QDateTime::fromString(last, Qt::ISODate)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.lastSeen > b.lastSeen; });
    // Same length and order of events: update in place; otherwise replace the rows.
    const int common = int(std::min(rows.size(), m_rows.size()));
    for (int i = 0; i < common; ++i) {
        if (!(rows.at(i) == m_rows.at(i))) {
            m_rows[i] = rows.at(i);
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
    }
    if (m_rows.size() > rows.size()) {
        beginRemoveRows({}, int(rows.size()), int(m_rows.size()) - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    } else if (rows.size() > m_rows.size()) {
        beginInsertRows({}, int(m_rows.size()), int(rows.size()) - 1);
        m_rows.append(rows.mid(m_rows.size()));
        endInsertRows();
    }
}

} // namespace Capstan
