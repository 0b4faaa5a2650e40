// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>

namespace Capstan {

/// Kubernetes events (an EventList's items), newest first: type, reason,
/// message, object, count and when. A new answer replaces the rows of the
/// last one in place, by event.
class EventsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TypeColumn, ReasonColumn, MessageColumn, ObjectColumn, CountColumn, LastSeenColumn, ColumnCount };

    explicit EventsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEvents(const QJsonArray &items);

private:
    struct Row
    {
        QString uid;
        QString type;
        QString reason;
        QString message;
        QString object;
        qint64 count = 0;
        QDateTime lastSeen;
        friend bool operator==(const Row &, const Row &) = default;
    };
    QList<Row> m_rows;
};

} // namespace Capstan
