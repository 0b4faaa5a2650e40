// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/syncprogress.h"

#include <QAbstractTableModel>

namespace Capstan {

/// The per-resource results of a sync operation, as they arrive: phase,
/// wave, kind, namespace, name, result and message. Rows are updated in
/// place and new ones appended, so a view keeps its place while it runs.
class SyncResultsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PhaseColumn,
        WaveColumn,
        KindColumn,
        NamespaceColumn,
        NameColumn,
        ResultColumn,
        MessageColumn,
        ColumnCount
    };

    explicit SyncResultsModel(QObject *parent = nullptr);

    void setResults(const QList<SyncResult> &results);
    const QList<SyncResult> &results() const { return m_results; }
    static QString outcomeText(const SyncResult &result);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SyncResult> m_results;
};

} // namespace Capstan
