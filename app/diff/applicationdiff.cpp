// SPDX-License-Identifier: Apache-2.0
#include "applicationdiff.h"

#include "applogging.h"
#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "diff/diffpane.h"
#include "diff/diffview.h"
#include "diff/managedresourcesmodel.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Capstan {

ApplicationDiff::ApplicationDiff(Connection *connection, const QString &ns, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_ns(ns)
    , m_name(name)
    , m_model(new ManagedResourcesModel(this))
    , m_filter(new ManagedResourcesFilter(this))
    , m_list(new QTreeView(this))
    , m_view(new DiffView(this))
    , m_status(new QLabel(this))
    , m_ignored(new QLabel(this))
    , m_outOfSyncOnly(new QCheckBox(tr("&Out-of-sync only"), this))
    , m_hide(new QCheckBox(tr("&Hide managedFields and status"), this))
    , m_honour(new QCheckBox(tr("Honour &ignoreDifferences"), this))
{
    setObjectName(u"applicationDiff"_s);
    m_outOfSyncOnly->setObjectName(u"outOfSyncOnly"_s);
    m_outOfSyncOnly->setChecked(true);
    m_hide->setObjectName(u"hideManagedFields"_s);
    m_hide->setChecked(true);
    m_hide->setToolTip(tr("managedFields is the API server's bookkeeping; status is never desired"));
    m_honour->setObjectName(u"honourIgnoreDifferences"_s);
    m_honour->setChecked(true);
    m_honour->setToolTip(tr("Leave out the fields the application's ignoreDifferences names, as the comparison "
                            "does; without it they are shown"));
    auto *reload = new QPushButton(tr("Re&load"), this);
    m_reload = reload;
    reload->setObjectName(u"reloadDiffButton"_s);
    reload->setToolTip(tr("Compare the application again"));
    auto *save = new QPushButton(tr("&Save as Patch…"), this);
    save->setObjectName(u"savePatchButton"_s);
    save->setToolTip(tr("Save the changes of every resource as one unified patch (live → desired)"));
    connect(reload, &QPushButton::clicked, this, &ApplicationDiff::reload);
    connect(save, &QPushButton::clicked, this, &ApplicationDiff::askSavePatch);
    connect(m_outOfSyncOnly, &QCheckBox::toggled, this, &ApplicationDiff::setOutOfSyncOnly);
    connect(m_hide, &QCheckBox::toggled, this, [this](bool on) {
        DiffOptions options = m_options;
        options.hideManagedFields = options.hideStatus = on;
        setOptions(options);
    });
    connect(m_honour, &QCheckBox::toggled, this, [this](bool on) {
        DiffOptions options = m_options;
        options.honourIgnoreDifferences = on;
        setOptions(options);
    });
    auto *options = new QHBoxLayout;
    options->addWidget(m_outOfSyncOnly);
    options->addWidget(m_hide);
    options->addWidget(m_honour);
    options->addStretch(1);
    options->addWidget(m_status);
    options->addWidget(reload);
    options->addWidget(save);

    m_filter->setSourceModel(m_model);
    m_list->setObjectName(u"diffResources"_s);
    m_list->setModel(m_filter);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(ManagedResourcesModel::KindColumn, Qt::AscendingOrder);
    m_list->setAllColumnsShowFocus(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->setMinimumWidth(260);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ApplicationDiff::showCurrent);

    m_ignored->setObjectName(u"ignoredFields"_s);
    m_ignored->setWordWrap(true);
    m_ignored->setTextFormat(Qt::PlainText);
    m_ignored->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ignored->hide();
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_view, 1);
    rightLayout->addWidget(m_ignored);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_list);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({460, 940});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(options);
    layout->addWidget(splitter, 1);
    m_view->setMessage(tr("Comparing %1…").arg(name));
}

ApplicationDiff::~ApplicationDiff() = default;

void ApplicationDiff::reload()
{
    if (!m_connection)
        return;
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Comparing…"));
    const QString app = ApiPaths::application(m_name, m_ns);
    const QString resources = ApiPaths::application(m_name, m_ns, u"/managed-resources"_s);
    // The spec (for ignoreDifferences) first, then the comparison.
    m_connection->client()->getJson(app).then(
        this, [this, generation, resources](const Result<QJsonDocument, ApiError> &answer) {
            if (!isCurrent(generation, answer))
                return;
            m_spec = answer->object().value(u"spec").toObject();
            m_connection->client()->getJson(resources).then(
                this, [this, generation](const Result<QJsonDocument, ApiError> &resources) {
                    if (!isCurrent(generation, resources))
                        return;
                    m_items = resources->object().value(u"items").toArray();
                    compute();
                });
        });
}

void ApplicationDiff::setComparison(const QJsonArray &items, const QJsonObject &applicationSpec)
{
    m_reload->hide();
    ++m_generation; // a reload under way is not wanted any more
    m_items = items;
    m_spec = applicationSpec;
    compute();
}

bool ApplicationDiff::isCurrent(quint64 generation, const Result<QJsonDocument, ApiError> &answer)
{
    if (generation != m_generation || !m_connection)
        return false;
    if (answer)
        return true;
    m_status->clear();
    m_view->setMessage(answer.error().message);
    Q_EMIT problem(tr("%1 could not be compared.").arg(m_name), answer.error().message);
    return false;
}

void ApplicationDiff::compute()
{
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Comparing…"));
    QtConcurrent::run(&ManagedDiff::fromResources, m_items, m_spec, m_options)
        .then(this, [this, generation](const QList<ManagedDiff> &diffs) {
            if (generation != m_generation)
                return;
            m_model->setDiffs(diffs);
            m_loaded = true;
            int outOfSync = 0;
            for (const ManagedDiff &diff : diffs)
                outOfSync += diff.isOutOfSync() ? 1 : 0;
            m_status->setText(tr("%1 of %n resource(s) out of sync", nullptr, int(diffs.size())).arg(outOfSync));
            // Keep what the reader looks at; else start at the first change.
            if (m_shownKey.isEmpty() || !selectResource(m_shownKey)) {
                if (m_filter->rowCount() > 0)
                    m_list->setCurrentIndex(m_filter->index(0, 0));
                else
                    m_view->setMessage(outOfSync == 0 ? tr("%1 is in sync: live is as desired.").arg(m_name)
                                                      : QString());
            } else {
                showCurrent();
            }
            Q_EMIT loaded();
        });
}

void ApplicationDiff::setOptions(const DiffOptions &options)
{
    m_hide->setChecked(options.hideManagedFields);
    m_honour->setChecked(options.honourIgnoreDifferences);
    if (options == m_options)
        return;
    m_options = options;
    if (m_loaded)
        compute();
}

void ApplicationDiff::setOutOfSyncOnly(bool on)
{
    m_outOfSyncOnly->setChecked(on);
    m_filter->setOutOfSyncOnly(on);
    if (!m_shownKey.isEmpty())
        selectResource(m_shownKey);
}

bool ApplicationDiff::selectResource(const QString &key)
{
    const int row = m_model->rowOf(key);
    if (row < 0)
        return false;
    QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        // Hidden by "out-of-sync only": the reader asked for it by name.
        setOutOfSyncOnly(false);
        index = m_filter->mapFromSource(m_model->index(row, 0));
    }
    m_list->setCurrentIndex(index);
    m_list->scrollTo(index);
    return true;
}

const ManagedDiff *ApplicationDiff::diffOf(const QString &key) const
{
    const int row = m_model->rowOf(key);
    return row < 0 ? nullptr : &m_model->diffs().at(row);
}

void ApplicationDiff::showCurrent()
{
    const ManagedDiff *diff = m_model->diff(m_filter->mapToSource(m_list->currentIndex()));
    if (!diff) {
        m_shownKey.clear();
        m_ignored->hide();
        return;
    }
    const bool same = m_shownKey == diff->key();
    m_shownKey = diff->key();
    QString live = tr("Live");
    QString desired = m_desiredTitle.isEmpty() ? tr("Desired") : m_desiredTitle;
    if (diff->state == ManagedDiff::State::Missing)
        live = tr("Live: not in the cluster (the next sync creates it)");
    else if (diff->state == ManagedDiff::State::Extra)
        desired = tr("Desired: not in Git any more (pruning deletes it)");
    // The same resource again (a reload): keep the reader's place.
    const int scroll = same ? m_view->leftPane()->verticalScrollBar()->value() : -1;
    m_view->setDiff(diff->diff, tr("%1 · %2").arg(live, diff->name), desired);
    if (scroll >= 0)
        m_view->leftPane()->verticalScrollBar()->setValue(scroll);
    QStringList notes = diff->notes;
    if (!diff->ignored.isEmpty())
        notes.append((m_options.honourIgnoreDifferences ? tr("Left out by ignoreDifferences:")
                                                        : tr("Shown although ignoreDifferences leaves them out:"))
                     + u"\n  "_s + diff->ignored.join(u"\n  "_s));
    m_ignored->setText(notes.join(u'\n'));
    m_ignored->setVisible(!notes.isEmpty());
}

QString ApplicationDiff::patch() const
{
    return ManagedDiff::patch(m_model->diffs(), 3);
}

QString ApplicationDiff::savePatch(const QString &fileName) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return tr("%1 could not be written: %2").arg(fileName, file.errorString());
    file.write(patch().toUtf8());
    if (!file.commit())
        return tr("%1 could not be written: %2").arg(fileName, file.errorString());
    return {};
}

void ApplicationDiff::askSavePatch()
{
    if (!m_loaded)
        return;
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Save as Patch"), m_name + u".patch"_s,
                                                          tr("Patches (*.patch *.diff);;All files (*)"));
    if (fileName.isEmpty())
        return;
    if (const QString error = savePatch(fileName); !error.isEmpty())
        Q_EMIT problem(tr("The patch of %1 was not saved.").arg(m_name), error);
}

} // namespace Capstan
