// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/applicationsummary.h"

#include <QAbstractTableModel>
#include <QHash>

#include <algorithm>

namespace Capstan {

/// Every application of every connection, one row each, in arrival order.
/// Changes come in per application (a watch event) or per connection (a
/// fresh list after connecting) and are applied as inserts, removals and
/// dataChanged of the rows concerned: the model is never reset.
class ApplicationsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        SyncColumn,
        HealthColumn,
        RevisionColumn,
        LastSyncColumn,
        SourceColumn,
        DestinationColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        /// Unique across connections: connection id, a newline, `namespace/name`.
        KeyRole = Qt::UserRole + 1,
        ConnectionIdRole,
        ConnectionNameRole,
        NameRole,
        NamespaceRole,
        ProjectRole,
        SyncStatusRole,
        HealthStatusRole,
        RepositoryRole,
        ClusterRole,
        DestinationNamespaceRole,
        /// "key=value" strings.
        LabelsRole,
        /// What the column sorts by: severity for health and sync, times as numbers.
        SortRole,
        OperationRunningRole,
    };
    Q_ENUM(Role)

    struct Row
    {
        QString connectionId;
        QString connectionName;
        ApplicationSummary application;
    };

    explicit ApplicationsModel(QObject *parent = nullptr);

    static QString keyOf(const QString &connectionId, const QString &applicationKey)
    {
        return connectionId + u'\n' + applicationKey;
    }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row of a key, or -1.
    int rowOf(const QString &key) const { return m_rows.value(key, -1); }
    const Row &row(int row) const { return m_data.at(row); }
    /// The applications of one connection.
    QList<ApplicationSummary> applications(const QString &connectionId) const;
    int countOf(const QString &connectionId) const;

    /// Makes the connection's applications exactly @p applications: changed
    /// rows change, new ones are appended, missing ones removed.
    void setApplications(const QString &connectionId, const QString &connectionName,
                         const QList<ApplicationSummary> &applications);
    /// One application added or changed.
    void upsert(const QString &connectionId, const QString &connectionName, const ApplicationSummary &application);
    void remove(const QString &connectionId, const QString &applicationKey);
    void removeConnection(const QString &connectionId);
    void setConnectionName(const QString &connectionId, const QString &name);

    /// Display text and sort value of health and sync states, shared with the views.
    static int healthSeverity(const QString &health);
    static int syncSeverity(const QString &sync);
    static QString healthIconName(const QString &health);
    static QString syncIconName(const QString &sync);

    /// Calls @p removeRun(first, last) for each run of consecutive numbers in
    /// @p rows, the last run first, so that removing a run leaves the numbers
    /// of the runs still to come valid.
    template<typename Function>
    static void forEachRunFromTheEnd(QList<int> rows, Function removeRun)
    {
        std::sort(rows.begin(), rows.end());
        qsizetype end = rows.size() - 1;
        while (end >= 0) {
            qsizetype start = end;
            while (start > 0 && rows.at(start - 1) == rows.at(start) - 1)
                --start;
            removeRun(rows.at(start), rows.at(end));
            end = start - 1;
        }
    }

private:
    QVariant display(const ApplicationSummary &application, int column) const;
    QVariant sortValue(const ApplicationSummary &application, int column) const;
    void removeRows(QList<int> rows);
    void reindexFrom(int first);

    QList<Row> m_data;
    QHash<QString, int> m_rows;
};

} // namespace Capstan
