// SPDX-License-Identifier: Apache-2.0
#include "operationview.h"

#include "sync/syncresultsmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

OperationView::OperationView(QWidget *parent)
    : QWidget(parent)
    , m_phase(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_results(new SyncResultsModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"operationView"_s);
    m_phase->setObjectName(u"operationPhase"_s);
    m_phase->setWordWrap(true);
    m_phase->setTextFormat(Qt::RichText);
    m_bar->setObjectName(u"operationProgress"_s);
    m_view->setObjectName(u"operationResults"_s);
    m_view->setModel(m_results);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(SyncResultsModel::MessageColumn, QHeaderView::Stretch);
    m_summary->setObjectName(u"operationSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_phase);
    layout->addWidget(m_bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);
}

void OperationView::setStatus(const QString &html)
{
    m_phase->setText(html);
    m_bar->setRange(0, 0);
    m_results->setResults({});
    m_summary->clear();
}

void OperationView::setRefused(const QString &what, const QString &error)
{
    m_phase->setText(tr("<b>%1</b>: refused").arg(what.toHtmlEscaped()));
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_results->setResults({});
    m_summary->setText(error.toHtmlEscaped());
}

void OperationView::setProgress(const QString &what, const std::optional<SyncProgress> &progress, int expected)
{
    if (!progress) {
        m_phase->setText(tr("<b>%1</b>: waiting for the operation to start…").arg(what.toHtmlEscaped()));
        m_bar->setRange(0, 0);
        m_results->setResults({});
        m_summary->clear();
        return;
    }
    const SyncProgress &p = *progress;
    const int rows = m_results->rowCount();
    m_results->setResults(p.results);
    if (m_results->rowCount() != rows)
        m_view->resizeColumnsToContents();
    QString phase = p.phase.toHtmlEscaped();
    if (!p.isFinished() && !p.results.isEmpty())
        phase = tr("%1 · wave %2").arg(phase).arg(p.currentWave());
    m_phase->setText(tr("<b>%1</b>: %2 — %3").arg(what.toHtmlEscaped(), phase, p.message.toHtmlEscaped()));
    const int total = std::max(int(p.results.size()), expected);
    const int done = int(p.results.size()) - p.count(SyncResult::Outcome::Running);
    m_bar->setRange(0, p.isFinished() ? 1 : std::max(1, total));
    m_bar->setValue(p.isFinished() ? 1 : done);
    if (!p.isFinished()) {
        m_summary->clear();
        return;
    }
    QString html = p.succeeded()
        ? tr("<b>%1 succeeded</b>: %2.").arg(what.toHtmlEscaped(), p.summary().toHtmlEscaped())
        : tr("<b>%1 ended %3</b>: %2.").arg(what.toHtmlEscaped(), p.summary().toHtmlEscaped(), p.phase.toHtmlEscaped());
    if (!p.succeeded() && !p.message.isEmpty())
        html += u"<br>"_s + p.message.toHtmlEscaped();
    const QStringList failures = p.failures();
    if (!failures.isEmpty()) {
        html += u"<ul>"_s;
        for (const QString &line : failures)
            html += u"<li>%1</li>"_s.arg(line.toHtmlEscaped());
        html += u"</ul>"_s;
    }
    if (p.dryRun && p.succeeded())
        html += u"<br>"_s + tr("Nothing was changed: this was a dry run.");
    m_summary->setText(html);
}

} // namespace Capstan
