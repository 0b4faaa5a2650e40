// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/syncprogress.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QTableView;

namespace Capstan {

class SyncResultsModel;

/// One sync operation as it runs: its phase, wave and message, a progress
/// bar, every resource's result as it arrives, and at the end a summary of
/// what changed and what failed, and why.
class OperationView : public QWidget
{
    Q_OBJECT

public:
    explicit OperationView(QWidget *parent = nullptr);

    /// @p what names the operation ("Sync", "Preview (dry run)", "Rollback");
    /// @p expected is how many results to expect, for the bar.
    void setProgress(const QString &what, const std::optional<SyncProgress> &progress, int expected);
    /// A refusal before the operation began.
    void setRefused(const QString &what, const QString &error);
    void setStatus(const QString &html);

    SyncResultsModel *results() const { return m_results; }
    QLabel *phaseLabel() const { return m_phase; }
    QLabel *summaryLabel() const { return m_summary; }

private:
    QLabel *m_phase;
    QProgressBar *m_bar;
    SyncResultsModel *m_results;
    QTableView *m_view;
    QLabel *m_summary;
};

} // namespace Capstan
