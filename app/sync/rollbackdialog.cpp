// SPDX-License-Identifier: Apache-2.0
#include "rollbackdialog.h"

#include "applications/applicationwatcher.h"
#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "diff/applicationdiff.h"
#include "diff/diffview.h"
#include "sync/historymodel.h"
#include "sync/operationview.h"
#include "sync/rollbackpreview.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Capstan {

RollbackDialog::RollbackDialog(Connection *connection, const QString &ns, const QString &name, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_ns(ns)
    , m_name(name)
    , m_watcher(new ApplicationWatcher(connection, ns, name, this))
    , m_error(new QLabel(this))
    , m_autoSync(new QWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_history(new HistoryModel(this))
    , m_historyView(new QTableView(this))
    , m_preview(new ApplicationDiff(connection, ns, name, this))
    , m_prune(new QCheckBox(tr("Pr&une"), this))
    , m_dryRunBox(new QCheckBox(tr("&Dry run"), this))
    , m_operation(new OperationView(this))
{
    setObjectName(u"rollbackDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Roll Back %1").arg(name));

    auto *title = new QLabel(tr("Roll back %1 to an earlier sync").arg(name), this);
    QFont big = title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    title->setFont(big);
    m_error->setObjectName(u"rollbackError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"QLabel { color: white; background: #c0392b; padding: 6px; border-radius: 3px; }"_s);
    m_error->hide();

    // Automated sync would undo a rollback at once: say so, offer to turn it off.
    m_autoSync->setObjectName(u"autoSyncBanner"_s);
    m_autoSync->setAutoFillBackground(true);
    QPalette warning = m_autoSync->palette();
    warning.setColor(QPalette::Window, QColor(0xfc, 0xf3, 0xcf));
    warning.setColor(QPalette::WindowText, QColor(0x5a, 0x45, 0x00));
    m_autoSync->setPalette(warning);
    auto *banner = new QHBoxLayout(m_autoSync);
    auto *explain = new QLabel(tr("Automated sync is on: %1 would sync back to Git right after a rollback, so "
                                  "rollback is not possible. Turn automated sync off first; turn it on again "
                                  "when you want Git to lead again.")
                                   .arg(name),
                               m_autoSync);
    explain->setWordWrap(true);
    auto *turnOff = new QPushButton(tr("Turn Off &Auto-Sync…"), m_autoSync);
    turnOff->setObjectName(u"turnOffAutoSync"_s);
    turnOff->setAutoDefault(false);
    connect(turnOff, &QPushButton::clicked, this, [this] { turnOffAutoSync(false); });
    banner->addWidget(explain, 1);
    banner->addWidget(turnOff);
    m_autoSync->hide();

    m_historyView->setObjectName(u"history"_s);
    m_historyView->setModel(m_history);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_historyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->setWordWrap(false);
    m_historyView->verticalHeader()->hide();
    m_historyView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_historyView->horizontalHeader()->setSectionResizeMode(HistoryModel::MessageColumn, QHeaderView::Stretch);
    connect(m_historyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RollbackDialog::loadPreview);
    m_preview->setOutOfSyncOnly(true);
    m_preview->view()->setMessage(tr("Select an entry of the history to see what rolling back to it changes."));

    auto *choose = new QWidget(this);
    auto *split = new QSplitter(Qt::Vertical, choose);
    split->addWidget(m_historyView);
    split->addWidget(m_preview);
    split->setSizes({200, 480});
    auto *options = new QHBoxLayout;
    m_prune->setObjectName(u"prune"_s);
    m_prune->setToolTip(tr("Delete the resources the earlier revision does not have"));
    m_dryRunBox->setObjectName(u"dryRun"_s);
    m_dryRunBox->setToolTip(tr("Run the rollback without changing anything in the cluster"));
    options->addWidget(m_prune);
    options->addWidget(m_dryRunBox);
    options->addStretch(1);
    auto *chooseLayout = new QVBoxLayout(choose);
    chooseLayout->setContentsMargins(0, 0, 0, 0);
    chooseLayout->addWidget(split, 1);
    chooseLayout->addLayout(options);
    m_pages->addWidget(choose);
    m_pages->addWidget(m_operation);

    m_rollbackButton = new QPushButton(tr("&Roll Back"), this);
    m_rollbackButton->setObjectName(u"rollbackButton"_s);
    m_rollbackButton->setDefault(true);
    m_terminateButton = new QPushButton(tr("&Terminate"), this);
    m_terminateButton->setObjectName(u"terminateButton"_s);
    m_closeButton = new QPushButton(tr("Cancel"), this);
    m_closeButton->setObjectName(u"closeButton"_s);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_terminateButton, QDialogButtonBox::DestructiveRole);
    buttons->addButton(m_rollbackButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_closeButton, QDialogButtonBox::RejectRole);
    connect(m_rollbackButton, &QPushButton::clicked, this, &RollbackDialog::rollback);
    connect(m_terminateButton, &QPushButton::clicked, this, &RollbackDialog::terminate);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_dryRunBox, &QCheckBox::toggled, this, &RollbackDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_autoSync);
    layout->addWidget(m_error);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);
    resize(1100, 760);

    connect(m_watcher, &ApplicationWatcher::changed, this, &RollbackDialog::showApplication);
    connect(m_watcher, &ApplicationWatcher::deleted, this, [this] { setError(tr("%1 was deleted.").arg(m_name)); });
    updateButtons();
}

RollbackDialog::~RollbackDialog() = default;

QString RollbackDialog::path(const QString &suffix, const QString &query) const
{
    return ApiPaths::application(m_name, m_ns, suffix, query);
}

bool RollbackDialog::isAutomated() const
{
    return m_watcher->application().value(u"spec").toObject().value(u"syncPolicy").toObject().contains(u"automated");
}

qint64 RollbackDialog::selectedId() const
{
    return m_historyView->currentIndex().data(HistoryModel::IdRole).toLongLong();
}

void RollbackDialog::selectId(qint64 id)
{
    const int row = m_history->rowOfId(id);
    if (row >= 0)
        m_historyView->setCurrentIndex(m_history->index(row, 0));
}

void RollbackDialog::showApplication(const QJsonObject &application)
{
    const bool first = m_history->rowCount() == 0;
    m_history->setHistory(application.value(u"status").toObject().value(u"history").toArray());
    loadMetadata();
    m_autoSync->setVisible(isAutomated() && m_pages->currentIndex() == 0);
    // The newest entry is what is deployed now: offer the one before it.
    if (first && m_history->rowCount() > 1)
        m_historyView->setCurrentIndex(m_history->index(1, 0));
    if (m_tracker.update(application)) {
        m_operation->setProgress(m_dryRun ? tr("Rollback (dry run)") : tr("Rollback"), m_tracker.progress, 0);
        if (m_tracker.isFinished())
            Q_EMIT operationFinished();
    }
    updateButtons();
}

void RollbackDialog::loadMetadata()
{
    if (!m_connection)
        return;
    for (const QString &revision : m_history->revisionsWithoutMetadata()) {
        m_history->setMetadata(revision, tr("…"), {}); // asked once
        m_connection->client()
            ->getJson(path(u"/revisions/%1/metadata"_s.arg(ApiPaths::encoded(revision))))
            .then(this, [this, revision](const Result<QJsonDocument, ApiError> &answer) {
                if (!answer) {
                    // A Helm chart version or a gone commit has no Git metadata.
                    m_history->setMetadata(revision, tr("unknown"), answer.error().message);
                    return;
                }
                const QJsonObject metadata = answer->object();
                m_history->setMetadata(revision, metadata.value(u"author").toString(),
                                       metadata.value(u"message").toString().trimmed());
            });
    }
}

void RollbackDialog::loadPreview()
{
    const QString revision = m_historyView->currentIndex().data(HistoryModel::RevisionRole).toString();
    updateButtons();
    if (revision.isEmpty() || !m_connection)
        return;
    const quint64 generation = ++m_previewGeneration;
    m_preview->view()->setMessage(tr("Reading the manifests of %1…").arg(revision.left(12)));
    ApiClient *client = m_connection->client();
    const auto compare = [this, generation, client, revision] {
        client->getJson(path(u"/manifests"_s, u"revision="_s + ApiPaths::encoded(revision)))
            .then(this, [this, generation](const Result<QJsonDocument, ApiError> &answer) {
                if (generation != m_previewGeneration)
                    return;
                if (!answer) {
                    m_preview->view()->setMessage(answer.error().message);
                    return;
                }
                const QJsonArray manifests = answer->object().value(u"manifests").toArray();
                const QJsonObject spec = m_watcher->application().value(u"spec").toObject();
                QtConcurrent::run(&rollbackComparison, m_managed, manifests, spec)
                    .then(this, [this, generation, spec](const QJsonArray &items) {
                        if (generation != m_previewGeneration)
                            return;
                        m_preview->setDesiredTitle(tr("After the rollback"));
                        m_preview->setComparison(items, spec);
                        Q_EMIT previewReady();
                    });
            });
    };
    if (m_managedLoaded) {
        compare();
        return;
    }
    // What is live now, once: managed-resources has every live object of the app.
    client->getJson(path(u"/managed-resources"_s))
        .then(this, [this, generation, compare](const Result<QJsonDocument, ApiError> &answer) {
            if (generation != m_previewGeneration)
                return;
            if (!answer) {
                m_preview->view()->setMessage(answer.error().message);
                return;
            }
            m_managed = answer->object().value(u"items").toArray();
            m_managedLoaded = true;
            compare();
        });
}

void RollbackDialog::updateButtons()
{
    const bool choosing = m_pages->currentIndex() == 0;
    const qint64 id = selectedId();
    m_rollbackButton->setVisible(choosing);
    m_rollbackButton->setEnabled(id > 0 && !isAutomated() && m_connection);
    m_rollbackButton->setText(m_dryRunBox->isChecked() ? tr("&Dry Run") : tr("&Roll Back"));
    m_rollbackButton->setToolTip(isAutomated() ? tr("Turn automated sync off first")
                                     : id > 0  ? tr("Roll back to history entry %1").arg(id)
                                               : tr("Select an entry of the history"));
    m_terminateButton->setVisible(!choosing);
    m_terminateButton->setEnabled(m_tracker.isRunning());
    m_closeButton->setText(choosing ? tr("Cancel") : tr("Close"));
}

void RollbackDialog::turnOffAutoSync(bool confirmed)
{
    if (!m_connection || !isAutomated())
        return;
    if (!confirmed) {
        const auto answer = QMessageBox::question(
            this, tr("Turn Off Automated Sync"),
            tr("Turn automated sync of %1 off? Until it is on again, changes in Git are not applied by "
               "themselves.")
                .arg(m_name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    const QJsonObject body{{u"name"_s, m_name},
                           {u"appNamespace"_s, m_ns},
                           {u"patchType"_s, u"merge"_s},
                           {u"patch"_s, u"{\"spec\":{\"syncPolicy\":{\"automated\":null}}}"_s}};
    m_connection->client()
        ->send("PATCH", path({}), QJsonDocument(body))
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer)
                setError(tr("Automated sync of %1 was not turned off: %2").arg(m_name, answer.error().message));
            // The watch brings the app without it, and the banner goes.
        });
}

void RollbackDialog::rollback()
{
    const qint64 id = selectedId();
    if (id <= 0 || isAutomated() || !m_connection || m_tracker.isRunning())
        return;
    setError({});
    m_dryRun = m_dryRunBox->isChecked();
    m_tracker.arm(m_watcher->application());
    const QJsonObject body{{u"name"_s, m_name},
                           {u"appNamespace"_s, m_ns},
                           {u"id"_s, id},
                           {u"prune"_s, m_prune->isChecked()},
                           {u"dryRun"_s, m_dryRun}};
    m_connection->client()
        ->send("POST", path(u"/rollback"_s), QJsonDocument(body))
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            m_tracker.answered(answer ? QString() : answer.error().message);
            if (!answer) {
                setError(answer.error().message);
                updateButtons();
                return;
            }
            m_pages->setCurrentIndex(1);
            m_autoSync->hide();
            m_tracker.update(m_watcher->application());
            m_operation->setProgress(m_dryRun ? tr("Rollback (dry run)") : tr("Rollback"), m_tracker.progress, 0);
            updateButtons();
        });
}

void RollbackDialog::terminate()
{
    if (!m_connection || !m_tracker.isRunning())
        return;
    m_connection->client()
        ->send("DELETE", path(u"/operation"_s))
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer)
                setError(tr("%1 was not terminated: %2").arg(m_name, answer.error().message));
        });
}

void RollbackDialog::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

} // namespace Capstan
