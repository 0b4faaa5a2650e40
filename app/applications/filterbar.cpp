// SPDX-License-Identifier: Apache-2.0
#include "filterbar.h"

#include "applicationfiltermodel.h"
#include "applicationsmodel.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QToolButton>

#include <map>

using namespace Qt::StringLiterals;

namespace Capstan {

FilterBar::FilterBar(ApplicationFilterModel *filter, ApplicationsModel *applications, QWidget *parent)
    : QWidget(parent)
    , m_filter(filter)
    , m_applications(applications)
    , m_search(new QLineEdit(this))
    , m_menuButton(new QToolButton(this))
    , m_menu(new QMenu(this))
    , m_summary(new QLabel(this))
    , m_clear(new QToolButton(this))
    , m_typing(new QTimer(this))
{
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Filter applications (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setText(filter->filters().text);
    m_menuButton->setObjectName(u"filterMenuButton"_s);
    m_menuButton->setText(tr("&Filters"));
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    m_menuButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_menuButton->setMenu(m_menu);
    m_summary->setObjectName(u"filterSummary"_s);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clear->setObjectName(u"clearFilters"_s);
    m_clear->setText(tr("C&lear filters"));
    m_clear->setToolTip(tr("Show every application again"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 2);
    layout->addWidget(m_menuButton);
    layout->addWidget(m_summary, 3);
    layout->addWidget(m_clear);

    // Incremental: each keystroke filters, after a short pause while typing fast.
    m_typing->setSingleShot(true);
    m_typing->setInterval(60);
    connect(m_search, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_typing, &QTimer::timeout, this, [this] { m_filter->setText(m_search->text()); });
    connect(m_menu, &QMenu::aboutToShow, this, &FilterBar::fillMenu);
    connect(m_clear, &QToolButton::clicked, this, [this] {
        m_search->clear();
        m_typing->stop();
        m_filter->clearFilters();
    });
    connect(m_filter, &ApplicationFilterModel::filtersChanged, this, &FilterBar::updateSummary);
    // Counts follow the applications, at most a few times a second.
    auto *recount = new QTimer(this);
    recount->setSingleShot(true);
    recount->setInterval(200);
    connect(recount, &QTimer::timeout, this, &FilterBar::updateSummary);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_applications, signal, recount, qOverload<>(&QTimer::start));
    connect(m_applications, &QAbstractItemModel::dataChanged, recount, qOverload<>(&QTimer::start));
    updateSummary();
}

void FilterBar::fillMenu()
{
    m_menu->clear();
    const ApplicationFilters current = m_filter->filters();
    // Values offered: what the applications have, with counts.
    std::map<QString, int> projects, clusters, namespaces, labels;
    for (int r = 0; r < m_applications->rowCount(); ++r) {
        const QModelIndex index = m_applications->index(r, 0);
        ++projects[index.data(ApplicationsModel::ProjectRole).toString()];
        ++clusters[index.data(ApplicationsModel::ClusterRole).toString()];
        ++namespaces[index.data(ApplicationsModel::DestinationNamespaceRole).toString()];
        for (const QString &label : index.data(ApplicationsModel::LabelsRole).toStringList())
            ++labels[label];
    }
    const auto addSection = [this](const QString &title, const QList<std::pair<QString, QString>> &values,
                                   const QSet<QString> &selected, auto apply) {
        QMenu *sub = m_menu->addMenu(title);
        if (values.isEmpty())
            sub->addAction(tr("(none)"))->setEnabled(false);
        for (const auto &[value, text] : values) {
            QAction *action = sub->addAction(text);
            action->setCheckable(true);
            action->setChecked(selected.contains(value));
            connect(action, &QAction::toggled, this, [this, value, apply](bool on) {
                ApplicationFilters filters = m_filter->filters();
                apply(filters, value, on);
                m_filter->setFilters(filters);
            });
        }
    };
    const auto toggle = [](QSet<QString> ApplicationFilters::*member) {
        return [member](ApplicationFilters &f, const QString &value, bool on) {
            if (on)
                (f.*member).insert(value);
            else
                (f.*member).remove(value);
        };
    };
    const auto counted = [](const std::map<QString, int> &values) {
        QList<std::pair<QString, QString>> list;
        for (const auto &[value, count] : values)
            list.append({value, tr("%1 (%2)").arg(value.isEmpty() ? tr("(none)") : value).arg(count)});
        return list;
    };
    addSection(tr("&Sync status"),
               {{u"Synced"_s, tr("Synced")}, {u"OutOfSync"_s, tr("OutOfSync")}, {u"Unknown"_s, tr("Unknown")}},
               current.syncStatuses, toggle(&ApplicationFilters::syncStatuses));
    addSection(tr("&Health"),
               {{u"Healthy"_s, tr("Healthy")},
                {u"Progressing"_s, tr("Progressing")},
                {u"Degraded"_s, tr("Degraded")},
                {u"Suspended"_s, tr("Suspended")},
                {u"Missing"_s, tr("Missing")},
                {u"Unknown"_s, tr("Unknown")}},
               current.healthStatuses, toggle(&ApplicationFilters::healthStatuses));
    addSection(tr("&Project"), counted(projects), current.projects, toggle(&ApplicationFilters::projects));
    addSection(tr("&Cluster"), counted(clusters), current.clusters, toggle(&ApplicationFilters::clusters));
    addSection(tr("&Namespace"), counted(namespaces), current.namespaces, toggle(&ApplicationFilters::namespaces));
    const QSet<QString> selectedLabels(current.labels.cbegin(), current.labels.cend());
    addSection(tr("&Label"), counted(labels), selectedLabels, [](ApplicationFilters &f, const QString &value, bool on) {
        if (on && !f.labels.contains(value))
            f.labels.append(value);
        else if (!on)
            f.labels.removeAll(value);
    });
}

QString FilterBar::summary() const
{
    return m_summary->text();
}

void FilterBar::updateSummary()
{
    const ApplicationFilters &f = m_filter->filters();
    QStringList parts;
    const auto add = [&parts](const QString &name, QStringList values) {
        if (values.isEmpty())
            return;
        values.sort();
        parts.append(tr("%1: %2").arg(name, values.join(u", "_s)));
    };
    add(tr("Sync"), f.syncStatuses.values());
    add(tr("Health"), f.healthStatuses.values());
    add(tr("Project"), f.projects.values());
    add(tr("Cluster"), f.clusters.values());
    add(tr("Namespace"), f.namespaces.values());
    add(tr("Label"), f.labels);
    if (!f.text.trimmed().isEmpty())
        parts.append(tr("Text: “%1”").arg(f.text.trimmed()));
    const int shown = m_filter->visibleApplications();
    const int all = m_applications->rowCount();
    m_summary->setText(parts.isEmpty() ? tr("All %n application(s)", nullptr, all)
                                       : tr("%1 of %2 shown — %3").arg(shown).arg(all).arg(parts.join(u" · "_s)));
    m_clear->setVisible(!f.isEmpty());
}

} // namespace Capstan
