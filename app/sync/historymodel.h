// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>

namespace Capstan {

/// An application's sync history (status.history), newest first: id,
/// revision, the author and message of the revision (filled in as its
/// metadata arrives), when it was deployed and who started it.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, RevisionColumn, AuthorColumn, MessageColumn, DeployedColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, RevisionRole };

    explicit HistoryModel(QObject *parent = nullptr);

    /// Sets the history; entries already listed keep their metadata.
    void setHistory(const QJsonArray &history);
    /// The metadata of @p revision (GET …/revisions/{revision}/metadata).
    void setMetadata(const QString &revision, const QString &author, const QString &message);
    /// The revisions without metadata yet.
    QStringList revisionsWithoutMetadata() const;
    int rowOfId(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        qint64 id = 0;
        QString revision;
        QDateTime deployedAt;
        QString initiatedBy;
        QString author;
        QString message;
        bool hasMetadata = false;
    };
    QList<Entry> m_entries;
};

} // namespace Capstan
