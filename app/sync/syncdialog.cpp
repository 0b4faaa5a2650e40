// SPDX-License-Identifier: Apache-2.0
#include "syncdialog.h"

#include "applications/applicationwatcher.h"
#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "diff/diffview.h"
#include "sync/operationview.h"
#include "sync/retryeditor.h"
#include "sync/syncresourcesmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

} // namespace

/// One application being synced.
struct SyncDialog::Run
{
    Target target;
    std::unique_ptr<ApplicationWatcher> watcher;
    OperationTracker operation;
};

/// The apps of a multi-app sync, one row each: name, phase, what happened.
class SyncRunsModel : public QAbstractTableModel
{
public:
    struct Row
    {
        QString name;
        QString phase;
        QString text;
        bool failed = false;
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setRow(int row, const Row &value)
    {
        if (row >= m_rows.size()) {
            beginInsertRows({}, int(m_rows.size()), row);
            m_rows.resize(row + 1);
            m_rows[row] = value;
            endInsertRows();
            return;
        }
        m_rows[row] = value;
        Q_EMIT dataChanged(index(row, 0), index(row, 2));
    }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 3; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_rows.size())
            return {};
        const Row &row = m_rows.at(index.row());
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return index.column() == 0 ? row.name : index.column() == 1 ? row.phase : row.text;
        if (role == Qt::DecorationRole && index.column() == 1 && !row.phase.isEmpty())
            return QIcon(row.failed                      ? u":/icons/health-degraded.svg"_s
                             : row.phase == u"Succeeded" ? u":/icons/sync-synced.svg"_s
                                                         : u":/icons/sync-running.svg"_s);
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        return QStringList{SyncDialog::tr("Application"), SyncDialog::tr("Phase"), SyncDialog::tr("Result")}.value(
            section);
    }

private:
    QList<Row> m_rows;
};

SyncDialog::SyncDialog(const QList<Target> &targets, QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_error(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_resources(new SyncResourcesModel(this))
    , m_runsModel(new SyncRunsModel(this))
{
    setObjectName(u"syncDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    for (const Target &target : targets) {
        auto run = std::make_unique<Run>();
        run->target = target;
        run->watcher = std::make_unique<ApplicationWatcher>(target.connection, target.ns, target.name);
        const int index = int(m_runs.size());
        connect(run->watcher.get(), &ApplicationWatcher::changed, this,
                [this, index](const QJsonObject &application) { showApplication(index, application); });
        m_runsModel->setRow(index, {target.name, {}, {}, false});
        m_runs.push_back(std::move(run));
    }
    const bool single = m_runs.size() == 1;
    setWindowTitle(single ? tr("Sync %1").arg(targets.first().name)
                          : tr("Sync %n Applications", nullptr, int(targets.size())));

    m_title->setObjectName(u"syncTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    QStringList names;
    for (const Target &target : targets)
        names << target.name;
    m_title->setText(single
                         ? tr("Synchronize %1").arg(names.first())
                         : tr("Synchronize %n applications: %1", nullptr, int(names.size())).arg(names.join(tr(", "))));
    m_title->setWordWrap(true);
    m_error->setObjectName(u"syncError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"QLabel { color: palette(bright-text); background: #c0392b; padding: 6px; "
                           "border-radius: 3px; }"_s);
    m_error->hide();

    m_pages->addWidget(createOptionsPage());
    m_pages->addWidget(createProgressPage());

    m_previewButton = new QPushButton(tr("&Preview"), this);
    m_previewButton->setObjectName(u"previewButton"_s);
    m_previewButton->setToolTip(tr("Run a dry-run sync with these options and show what it would do"));
    m_syncButton = new QPushButton(tr("&Synchronize"), this);
    m_syncButton->setObjectName(u"synchronizeButton"_s);
    m_syncButton->setDefault(true);
    m_terminateButton = new QPushButton(tr("&Terminate"), this);
    m_terminateButton->setObjectName(u"terminateButton"_s);
    m_terminateButton->setToolTip(tr("Stop the running operation"));
    m_backButton = new QPushButton(tr("← &Options"), this);
    m_backButton->setObjectName(u"backButton"_s);
    m_closeButton = new QPushButton(tr("Close"), this);
    m_closeButton->setObjectName(u"closeButton"_s);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_backButton, QDialogButtonBox::ResetRole);
    buttons->addButton(m_terminateButton, QDialogButtonBox::DestructiveRole);
    buttons->addButton(m_previewButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_syncButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_closeButton, QDialogButtonBox::RejectRole);
    connect(m_previewButton, &QPushButton::clicked, this, &SyncDialog::preview);
    connect(m_syncButton, &QPushButton::clicked, this, &SyncDialog::synchronize);
    connect(m_terminateButton, &QPushButton::clicked, this, &SyncDialog::terminate);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_backButton, &QPushButton::clicked, this, [this] {
        m_pages->setCurrentIndex(0);
        updateForm();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_error);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);
    resize(single ? QSize(1100, 760) : QSize(760, 560));
    updateForm();
}

SyncDialog::~SyncDialog() = default;

QWidget *SyncDialog::createOptionsPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout;
    m_revision = new QComboBox(page);
    m_revision->setObjectName(u"revision"_s);
    m_revision->setEditable(true);
    m_revision->setInsertPolicy(QComboBox::NoInsert);
    m_revision->setMinimumWidth(320);
    m_revision->setToolTip(tr("A branch, a tag or a commit; the application's target revision by default"));
    form->addRow(tr("&Revision:"), m_revision);
    if (m_runs.size() > 1) {
        m_revision->setEnabled(false);
        m_revision->setToolTip(tr("Each application syncs to its own target revision"));
    }

    auto *options = new QGroupBox(tr("Options"), page);
    auto *grid = new QGridLayout(options);
    const auto option = [options](const char *name, const QString &text, const QString &tip) {
        auto *box = new QCheckBox(text, options);
        box->setObjectName(QString::fromLatin1(name));
        box->setToolTip(tip);
        return box;
    };
    m_prune = option("prune", tr("Pr&une"), tr("Delete the resources that are no longer in Git"));
    m_dryRunBox = option("dryRun", tr("&Dry run"), tr("Run the sync without changing anything in the cluster"));
    m_applyOutOfSyncOnly = option("applyOutOfSyncOnly", tr("Apply &out-of-sync only"),
                                  tr("Apply only the resources that differ, not every resource"));
    m_force
        = option("force", tr("&Force"), tr("Delete and create again what cannot be patched (kubectl apply --force)"));
    m_replace = option("replace", tr("R&eplace"), tr("Replace the resources instead of applying them"));
    m_serverSideApply = option("serverSideApply", tr("Server-side &apply"),
                               tr("Let the API server merge the changes (kubectl apply --server-side)"));
    m_createNamespace = option("createNamespace", tr("Create &namespace"),
                               tr("Create the destination namespace if it does not exist"));
    m_pruneLast
        = option("pruneLast", tr("Prune &last"), tr("Prune after every other resource was applied and is healthy"));
    const QList<QCheckBox *> boxes{m_prune,   m_dryRunBox,       m_applyOutOfSyncOnly, m_force,
                                   m_replace, m_serverSideApply, m_createNamespace,    m_pruneLast};
    for (int i = 0; i < boxes.size(); ++i)
        grid->addWidget(boxes.at(i), i / 4, i % 4);

    m_retry = new RetryEditor(tr("Re&try when the sync fails"), page);

    m_resourcesBox = new QGroupBox(tr("Resources"), page);
    auto *resources = new QVBoxLayout(m_resourcesBox);
    auto *pick = new QHBoxLayout;
    const auto pickButton = [this, pick](const char *name, const QString &text, void (SyncResourcesModel::*slot)()) {
        auto *button = new QPushButton(text, m_resourcesBox);
        button->setObjectName(QString::fromLatin1(name));
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, m_resources, slot);
        pick->addWidget(button);
    };
    pickButton("checkAll", tr("A&ll"), &SyncResourcesModel::checkAll);
    pickButton("checkOutOfSync", tr("Out of s&ync"), &SyncResourcesModel::checkOutOfSync);
    pickButton("checkNone", tr("N&one"), &SyncResourcesModel::checkNone);
    m_checkedCount = new QLabel(m_resourcesBox);
    m_checkedCount->setObjectName(u"checkedCount"_s);
    pick->addWidget(m_checkedCount, 1);
    resources->addLayout(pick);
    m_checklist = makeTable(m_resources, m_resourcesBox);
    m_checklist->setObjectName(u"resourceChecklist"_s);
    m_checklist->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diff = new DiffView(m_resourcesBox);
    m_diff->setObjectName(u"syncDiff"_s);
    m_diff->setMessage(tr("Select a resource to see its diff."));
    auto *split = new QSplitter(Qt::Vertical, m_resourcesBox);
    split->addWidget(m_checklist);
    split->addWidget(m_diff);
    split->setSizes({220, 330});
    resources->addWidget(split, 1);
    connect(m_resources, &SyncResourcesModel::checksChanged, this, &SyncDialog::updateForm);
    connect(m_checklist->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SyncDialog::showResourceDiff);
    if (m_runs.size() > 1)
        m_resourcesBox->hide();

    for (QCheckBox *box : boxes)
        connect(box, &QCheckBox::toggled, this, &SyncDialog::updateForm);
    connect(m_retry, &RetryEditor::changed, this, &SyncDialog::updateForm);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(options);
    layout->addWidget(m_retry);
    layout->addWidget(m_resourcesBox, 1);
    if (m_runs.size() > 1) {
        auto *apps = makeTable(m_runsModel, page);
        apps->setObjectName(u"syncApplications"_s);
        layout->addWidget(apps, 1);
    }
    return page;
}

QWidget *SyncDialog::createProgressPage()
{
    auto *page = new QWidget(this);
    m_overall = new QLabel(page);
    m_overall->setObjectName(u"syncOverall"_s);
    m_overall->setWordWrap(true);
    m_overall->setTextFormat(Qt::RichText);
    m_runsView = makeTable(m_runsModel, page);
    m_runsView->setObjectName(u"syncRuns"_s);
    m_operation = new OperationView(page);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    if (m_runs.size() > 1) {
        // Every app in a row; the selected one's operation below.
        layout->addWidget(m_overall);
        layout->addWidget(m_runsView, 1);
        connect(m_runsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &SyncDialog::updateProgress);
    } else {
        m_overall->hide();
        m_runsView->hide();
    }
    layout->addWidget(m_operation, 2);
    return page;
}

QAbstractItemModel *SyncDialog::runs() const
{
    return m_runsModel;
}

SyncResultsModel *SyncDialog::results() const
{
    return m_operation->results();
}

std::optional<SyncProgress> SyncDialog::progress(int run) const
{
    if (run < 0 || run >= int(m_runs.size()))
        return std::nullopt;
    return m_runs.at(run)->operation.progress;
}

bool SyncDialog::isRunning() const
{
    return std::any_of(m_runs.cbegin(), m_runs.cend(), [](const auto &run) { return run->operation.isRunning(); });
}

bool SyncDialog::isFinished() const
{
    return std::all_of(m_runs.cbegin(), m_runs.cend(), [](const auto &run) {
        return (run->operation.isRequested() || !run->operation.error.isEmpty()) && run->operation.isFinished();
    });
}

void SyncDialog::showApplication(int index, const QJsonObject &application)
{
    Run &run = *m_runs.at(index);
    if (!run.operation.isRequested() && run.operation.error.isEmpty()) {
        // Before our sync: what the form starts from.
        if (index == 0 && !m_formLoaded) {
            m_formLoaded = true;
            const SyncRequest defaults = SyncRequest::defaultsFor(application);
            m_prune->setChecked(defaults.prune);
            m_applyOutOfSyncOnly->setChecked(defaults.applyOutOfSyncOnly);
            m_replace->setChecked(defaults.replace);
            m_serverSideApply->setChecked(defaults.serverSideApply);
            m_createNamespace->setChecked(defaults.createNamespace);
            m_pruneLast->setChecked(defaults.pruneLast);
            m_retry->setValue(defaults.retry);
            if (m_runs.size() == 1) {
                loadRevisions(application);
                loadDiffs(application);
            }
        }
        if (index == 0 && m_runs.size() == 1)
            m_resources->setResources(application.value(u"status").toObject().value(u"resources").toArray());
        const QJsonObject sync = application.value(u"status").toObject().value(u"sync").toObject();
        m_runsModel->setRow(index, {run.target.name, {}, sync.value(u"status").toString(), false});
        return;
    }
    if (run.operation.update(application))
        updateProgress();
}

void SyncDialog::loadRevisions(const QJsonObject &application)
{
    const QJsonObject spec = application.value(u"spec").toObject();
    QJsonObject source = spec.value(u"source").toObject();
    if (source.isEmpty())
        source = spec.value(u"sources").toArray().first().toObject();
    const QString target = source.value(u"targetRevision").toString();
    m_revision->addItem(target.isEmpty() ? u"HEAD"_s : target);
    m_revision->setCurrentIndex(0);
    const QString repo = source.value(u"repoURL").toString();
    Connection *connection = m_runs.front()->target.connection;
    if (repo.isEmpty() || !connection || source.contains(u"chart"))
        return;
    connection->client()
        ->getJson(u"/api/v1/repositories/%1/refs"_s.arg(ApiPaths::encoded(repo)))
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            // Offering refs is a convenience: any revision can still be typed.
            if (!answer)
                return;
            const QString current = m_revision->currentText();
            for (const char *kind : {"branches", "tags"}) {
                for (const QJsonValue &ref : answer->object().value(QLatin1StringView(kind)).toArray()) {
                    if (m_revision->findText(ref.toString()) < 0)
                        m_revision->addItem(ref.toString());
                }
            }
            m_revision->setCurrentText(current);
        });
}

void SyncDialog::loadDiffs(const QJsonObject &application)
{
    const Run &run = *m_runs.front();
    if (!run.target.connection)
        return;
    const QJsonObject spec = application.value(u"spec").toObject();
    run.target.connection->client()
        ->getJson(ApiPaths::application(run.target.name, run.target.ns, u"/managed-resources"_s))
        .then(this, [this, spec](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                m_diff->setMessage(answer.error().message);
                return;
            }
            QtConcurrent::run(&ManagedDiff::fromResources, answer->object().value(u"items").toArray(), spec,
                              DiffOptions())
                .then(this, [this](const QList<ManagedDiff> &diffs) {
                    m_diffs = diffs;
                    // Start with the first resource that would change.
                    if (!m_checklist->currentIndex().isValid()) {
                        for (int row = 0; row < m_resources->rowCount(); ++row) {
                            const QModelIndex index = m_resources->index(row, 0);
                            if (index.data(SyncResourcesModel::OutOfSyncRole).toBool()) {
                                m_checklist->setCurrentIndex(index);
                                break;
                            }
                        }
                    }
                    showResourceDiff();
                });
        });
}

void SyncDialog::showResourceDiff()
{
    const QString key = m_checklist->currentIndex().data(SyncResourcesModel::KeyRole).toString();
    if (key.isEmpty())
        return;
    for (const ManagedDiff &diff : std::as_const(m_diffs)) {
        if (diff.key() != key)
            continue;
        if (diff.diff.isEqual())
            m_diff->setMessage(tr("%1 %2 is live as desired.").arg(diff.kind, diff.name));
        else
            m_diff->setDiff(diff.diff, tr("Live"), tr("Desired"));
        return;
    }
    m_diff->setMessage(m_diffs.isEmpty() ? tr("Comparing…") : tr("No diff for this resource."));
}

SyncRequest SyncDialog::request() const
{
    SyncRequest request;
    const QString revision = m_revision->currentText().trimmed();
    if (m_runs.size() == 1 && revision != m_revision->itemText(0))
        request.revision = revision;
    request.prune = m_prune->isChecked();
    request.dryRun = m_dryRunBox->isChecked();
    request.applyOutOfSyncOnly = m_applyOutOfSyncOnly->isChecked();
    request.force = m_force->isChecked();
    request.replace = m_replace->isChecked();
    request.serverSideApply = m_serverSideApply->isChecked();
    request.createNamespace = m_createNamespace->isChecked();
    request.pruneLast = m_pruneLast->isChecked();
    request.retry = m_retry->value();
    // Everything checked: no list, so that pruning sees every resource.
    if (m_runs.size() == 1 && !m_resources->allChecked())
        request.resources = m_resources->checked();
    return request;
}

QMap<QString, QString> SyncDialog::formErrors() const
{
    QMap<QString, QString> errors = request().validate();
    if (m_runs.size() == 1 && m_resources->rowCount() > 0 && m_resources->checkedCount() == 0)
        errors.insert(u"resources"_s, tr("Check at least one resource."));
    return errors;
}

void SyncDialog::updateForm()
{
    const QMap<QString, QString> errors = formErrors();
    const int checked = m_resources->checkedCount();
    m_checkedCount->setText(errors.contains(u"resources"_s)
                                ? errors.value(u"resources"_s)
                                : tr("%1 of %n resource(s) checked", nullptr, m_resources->rowCount()).arg(checked));

    const bool options = m_pages->currentIndex() == 0;
    const bool running = isRunning();
    const bool valid = errors.isEmpty();
    m_previewButton->setVisible(options);
    m_previewButton->setEnabled(valid && !running);
    m_syncButton->setVisible(options || (m_dryRun && isFinished()));
    m_syncButton->setEnabled(valid && !running);
    m_syncButton->setText(options ? (m_dryRunBox->isChecked() ? tr("&Dry Run") : tr("&Synchronize"))
                                  : tr("&Synchronize Now"));
    m_syncButton->setToolTip(valid ? QString() : QStringList(errors.values()).join(u'\n'));
    m_terminateButton->setVisible(!options);
    m_terminateButton->setEnabled(running);
    m_backButton->setVisible(!options && !running);
    m_closeButton->setText(options ? tr("Cancel") : tr("Close"));
}

void SyncDialog::preview()
{
    start(true);
}

void SyncDialog::synchronize()
{
    start(m_pages->currentIndex() == 0 && m_dryRunBox->isChecked());
}

void SyncDialog::start(bool dryRun)
{
    if (!formErrors().isEmpty() || isRunning())
        return;
    SyncRequest request = this->request();
    request.dryRun = dryRun;
    m_dryRun = dryRun;
    setError({});
    m_operation->setStatus(dryRun ? tr("<b>Preview</b>: starting a dry run…") : tr("<b>Starting</b>…"));
    auto pending = std::make_shared<int>(int(m_runs.size()));
    auto errors = std::make_shared<QStringList>();
    for (int i = 0; i < int(m_runs.size()); ++i) {
        Run &run = *m_runs.at(i);
        run.operation.arm(run.watcher->application());
        const auto answered = [this, i, pending, errors](const QString &error) {
            Run &run = *m_runs.at(i);
            run.operation.answered(error);
            if (!error.isEmpty())
                errors->append(m_runs.size() == 1 ? error : tr("%1: %2").arg(run.target.name, error));
            if (--*pending > 0)
                return;
            // One app that was refused stays on its options, with why.
            if (m_runs.size() == 1 && !errors->isEmpty()) {
                run.operation.arm(run.watcher->application());
                setError(errors->join(u'\n'));
                updateForm();
                return;
            }
            if (!errors->isEmpty())
                setError(errors->join(u'\n'));
            m_pages->setCurrentIndex(1);
            if (m_runs.size() > 1 && !m_runsView->currentIndex().isValid())
                m_runsView->setCurrentIndex(m_runsModel->index(0, 0));
            // An update may have come before the answer.
            for (const auto &each : m_runs)
                each->operation.update(each->watcher->application());
            updateProgress();
        };
        if (!run.target.connection) {
            answered(tr("The connection is gone."));
            continue;
        }
        run.target.connection->client()
            ->send("POST", ApiPaths::application(run.target.name, run.target.ns, u"/sync"_s),
                   QJsonDocument(request.toJson(run.target.name, run.target.ns)))
            .then(this, [answered](const Result<QJsonDocument, ApiError> &answer) {
                answered(answer ? QString() : answer.error().message);
            });
    }
}

void SyncDialog::terminate()
{
    for (const auto &run : m_runs) {
        if (!run->operation.isRunning() || !run->target.connection)
            continue;
        run->target.connection->client()
            ->send("DELETE", ApiPaths::application(run->target.name, run->target.ns, u"/operation"_s))
            .then(this, [this, name = run->target.name](const Result<QJsonDocument, ApiError> &answer) {
                if (!answer)
                    setError(tr("%1 was not terminated: %2").arg(name, answer.error().message));
            });
    }
}

void SyncDialog::updateProgress()
{
    const QString what = m_dryRun ? tr("Preview (dry run)") : tr("Sync");
    int finished = 0;
    int failed = 0;
    for (int i = 0; i < int(m_runs.size()); ++i) {
        const OperationTracker &operation = m_runs.at(i)->operation;
        const QString name = m_runs.at(i)->target.name;
        SyncRunsModel::Row row{name, tr("Starting"), {}, false};
        if (!operation.error.isEmpty()) {
            row = {name, tr("Refused"), operation.error, true};
        } else if (operation.progress) {
            const SyncProgress &p = *operation.progress;
            row = {name, p.phase, p.isFinished() ? p.summary() : p.message, p.isFinished() && !p.succeeded()};
        }
        m_runsModel->setRow(i, row);
        finished += operation.isFinished() ? 1 : 0;
        failed += row.failed ? 1 : 0;
    }

    // The operation shown: the only app's, or the selected one's.
    const int shown = m_runs.size() == 1 ? 0 : std::max(0, m_runsView->currentIndex().row());
    const OperationTracker &operation = m_runs.at(shown)->operation;
    if (!operation.error.isEmpty())
        m_operation->setRefused(what, operation.error);
    else
        m_operation->setProgress(what, operation.progress, m_resources->checkedCount());

    if (m_runs.size() > 1) {
        QString overall
            = tr("<b>%1</b>: %2 of %n application(s) done", nullptr, int(m_runs.size())).arg(what).arg(finished);
        if (isFinished()) {
            overall = failed == 0
                ? tr("<b>%1 succeeded</b> for all %n application(s).", nullptr, int(m_runs.size())).arg(what)
                : tr("<b>%1 failed</b> for %2 of %n application(s): select one for why.", nullptr, int(m_runs.size()))
                      .arg(what)
                      .arg(failed);
        }
        m_overall->setText(overall);
    } else if (isFinished() && m_dryRun && operation.progress && operation.progress->succeeded()) {
        m_operation->summaryLabel()->setText(m_operation->summaryLabel()->text() + u"<br>"_s
                                             + tr("<i>Synchronize Now</i> applies it."));
    }
    if (isFinished())
        Q_EMIT operationsFinished();
    updateForm();
}

void SyncDialog::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

} // namespace Capstan
