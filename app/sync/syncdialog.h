// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/manageddiff.h"
#include "sync/syncprogress.h"
#include "sync/syncrequest.h"

#include <QDialog>
#include <QPointer>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace Capstan {

class ApplicationWatcher;
class Connection;
class DiffView;
class OperationView;
class RetryEditor;
class SyncResourcesModel;
class SyncResultsModel;
class SyncRunsModel;

/// Syncs one application, or several from the tree's selection.
///
/// Options: revision (the app's target revision by default, branches and
/// tags offered from the repository), prune, dry run, apply out-of-sync only,
/// force, replace, server-side apply, create namespace, prune last, and
/// retry. For one app, a resource checklist (all, out of sync, none) with the
/// diff of the selected resource beside it. *Preview* runs a dry-run sync and
/// shows its results first. While a sync runs, its phase, wave and
/// per-resource results follow the operation state live; *Terminate* stops
/// it; at the end a summary says what changed and what failed, and why.
/// Several apps are confirmed once and followed one row each.
class SyncDialog : public QDialog
{
    Q_OBJECT

public:
    struct Target
    {
        /// Null once the connection is removed, which may happen while the dialog is open.
        QPointer<Connection> connection;
        QString ns;
        QString name;
    };

    explicit SyncDialog(const QList<Target> &targets, QWidget *parent = nullptr);
    ~SyncDialog() override;

    /// The request the form describes now.
    SyncRequest request() const;
    /// Problems of the form by field; empty when it can be sent.
    QMap<QString, QString> formErrors() const;

    SyncResourcesModel *resources() const { return m_resources; }
    SyncResultsModel *results() const;
    OperationView *operationView() const { return m_operation; }
    QAbstractItemModel *runs() const;
    DiffView *diffView() const { return m_diff; }
    QTableView *checklist() const { return m_checklist; }
    /// The progress of the (first) app's operation, once it started.
    std::optional<SyncProgress> progress(int run = 0) const;
    bool isRunning() const;
    /// Whether every app's operation has ended.
    bool isFinished() const;
    bool isPreviewing() const { return m_dryRun; }

public Q_SLOTS:
    /// Runs a dry-run sync with the options and shows what it would do.
    void preview();
    void synchronize();
    void terminate();

Q_SIGNALS:
    /// Every app's operation ended.
    void operationsFinished();

private:
    struct Run;

    void start(bool dryRun);
    void showApplication(int run, const QJsonObject &application);
    void updateProgress();
    void updateForm();
    void showResourceDiff();
    void loadRevisions(const QJsonObject &application);
    void loadDiffs(const QJsonObject &application);
    void setError(const QString &text);
    QWidget *createOptionsPage();
    QWidget *createProgressPage();

    std::vector<std::unique_ptr<Run>> m_runs;
    bool m_dryRun = false;
    bool m_formLoaded = false;
    QList<ManagedDiff> m_diffs;

    QLabel *m_title;
    QLabel *m_error;
    QStackedWidget *m_pages;
    // Options
    QComboBox *m_revision;
    QCheckBox *m_prune;
    QCheckBox *m_dryRunBox;
    QCheckBox *m_applyOutOfSyncOnly;
    QCheckBox *m_force;
    QCheckBox *m_replace;
    QCheckBox *m_serverSideApply;
    QCheckBox *m_createNamespace;
    QCheckBox *m_pruneLast;
    RetryEditor *m_retry;
    QGroupBox *m_resourcesBox;
    SyncResourcesModel *m_resources;
    QTableView *m_checklist;
    QLabel *m_checkedCount;
    DiffView *m_diff;
    // Progress
    QLabel *m_overall;
    SyncRunsModel *m_runsModel;
    QTableView *m_runsView;
    OperationView *m_operation;
    // Buttons
    QPushButton *m_previewButton;
    QPushButton *m_syncButton;
    QPushButton *m_terminateButton;
    QPushButton *m_backButton;
    QPushButton *m_closeButton;
};

} // namespace Capstan
