// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/syncprogress.h"

#include <QDialog>
#include <QJsonArray>
#include <QPointer>

class QCheckBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace Capstan {

class ApplicationDiff;
class ApplicationWatcher;
class Connection;
class HistoryModel;
class OperationView;

/// Rolls an application back to an earlier sync of its history.
///
/// The history lists id, revision, the revision's author and message and
/// when it was deployed; selecting an entry previews the diff between what
/// is live now and that revision's manifests. Options: prune and dry run.
/// While automated sync is on, rollback is not possible (the app would sync
/// back to Git at once): the dialog says so and offers to turn it off, after
/// a confirmation. The rollback is then followed live, as a sync is.
class RollbackDialog : public QDialog
{
    Q_OBJECT

public:
    RollbackDialog(Connection *connection, const QString &ns, const QString &name, QWidget *parent = nullptr);
    ~RollbackDialog() override;

    HistoryModel *history() const { return m_history; }
    QTableView *historyView() const { return m_historyView; }
    ApplicationDiff *preview() const { return m_preview; }
    OperationView *operationView() const { return m_operation; }
    /// The history id of the selected entry, 0 for none.
    qint64 selectedId() const;
    bool isAutomated() const;
    bool isFinished() const { return m_tracker.isFinished(); }
    std::optional<SyncProgress> progress() const { return m_tracker.progress; }

public Q_SLOTS:
    void selectId(qint64 id);
    void rollback();
    /// Turns automated sync off; @p confirmed skips the question.
    void turnOffAutoSync(bool confirmed = false);
    void terminate();

Q_SIGNALS:
    void previewReady();
    void operationFinished();

private:
    void showApplication(const QJsonObject &application);
    void loadMetadata();
    void loadPreview();
    void updateButtons();
    void setError(const QString &text);
    QString path(const QString &suffix, const QString &query = {}) const;

    QPointer<Connection> m_connection;
    QString m_ns;
    QString m_name;
    ApplicationWatcher *m_watcher;
    OperationTracker m_tracker;
    QJsonArray m_managed;
    bool m_managedLoaded = false;
    quint64 m_previewGeneration = 0;
    bool m_dryRun = false;

    QLabel *m_error;
    QWidget *m_autoSync;
    QStackedWidget *m_pages;
    HistoryModel *m_history;
    QTableView *m_historyView;
    ApplicationDiff *m_preview;
    QCheckBox *m_prune;
    QCheckBox *m_dryRunBox;
    OperationView *m_operation;
    QPushButton *m_rollbackButton;
    QPushButton *m_terminateButton;
    QPushButton *m_closeButton;
};

} // namespace Capstan
