// SPDX-License-Identifier: Apache-2.0
#include "applicationfiltermodel.h"

#include "applicationgroupmodel.h"
#include "applicationsmodel.h"

using namespace Qt::StringLiterals;

namespace Capstan {

ApplicationFilterModel::ApplicationFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortRole(ApplicationsModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void ApplicationFilterModel::setFilters(const ApplicationFilters &filters)
{
    if (filters == m_filters)
        return;
    m_filters = filters;
    m_words = filters.text.toLower().split(u' ', Qt::SkipEmptyParts);
    invalidateFilter();
    Q_EMIT filtersChanged();
}

void ApplicationFilterModel::setText(const QString &text)
{
    ApplicationFilters filters = m_filters;
    filters.text = text;
    setFilters(filters);
}

void ApplicationFilterModel::clearFilters()
{
    setFilters({});
}

bool ApplicationFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(ApplicationGroupModel::IsGroupRole).toBool())
        return false; // shown when a child is, by recursive filtering
    if (m_filters.isEmpty())
        return true;
    const auto accepts = [&index](const QSet<QString> &accepted, int role) {
        return accepted.isEmpty() || accepted.contains(index.data(role).toString());
    };
    if (!accepts(m_filters.syncStatuses, ApplicationsModel::SyncStatusRole)
        || !accepts(m_filters.healthStatuses, ApplicationsModel::HealthStatusRole)
        || !accepts(m_filters.projects, ApplicationsModel::ProjectRole)
        || !accepts(m_filters.clusters, ApplicationsModel::ClusterRole)
        || !accepts(m_filters.namespaces, ApplicationsModel::DestinationNamespaceRole))
        return false;
    if (!m_filters.labels.isEmpty()) {
        const QStringList labels = index.data(ApplicationsModel::LabelsRole).toStringList();
        for (const QString &wanted : m_filters.labels) {
            const bool found = wanted.contains(u'=')
                ? labels.contains(wanted)
                : std::any_of(labels.begin(), labels.end(),
                              [&wanted](const QString &label) { return label.section(u'=', 0, 0) == wanted; });
            if (!found)
                return false;
        }
    }
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(ApplicationsModel::NameRole).toString() + u'\n'
        + index.data(ApplicationsModel::ProjectRole).toString() + u'\n'
        + index.data(ApplicationsModel::NamespaceRole).toString() + u'\n'
        + index.data(ApplicationsModel::RepositoryRole).toString() + u'\n'
        + index.data(ApplicationsModel::ClusterRole).toString() + u'/'
        + index.data(ApplicationsModel::DestinationNamespaceRole).toString();
    return std::all_of(m_words.begin(), m_words.end(),
                       [&haystack](const QString &word) { return haystack.contains(word, Qt::CaseInsensitive); });
}

bool ApplicationFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Groups sort by their own value whatever the column, so that they stay
    // in a sensible order (health by severity, names alphabetically).
    const bool leftGroup = left.data(ApplicationGroupModel::IsGroupRole).toBool();
    const bool rightGroup = right.data(ApplicationGroupModel::IsGroupRole).toBool();
    if (leftGroup || rightGroup) {
        const QVariant a = sourceModel()->index(left.row(), 0, left.parent()).data(ApplicationsModel::SortRole);
        const QVariant b = sourceModel()->index(right.row(), 0, right.parent()).data(ApplicationsModel::SortRole);
        const bool descending = sortOrder() == Qt::DescendingOrder;
        // Undo the view's reversal: groups always ascend.
        const bool less = QVariant::compare(a, b) == QPartialOrdering::Less;
        const bool greater = QVariant::compare(a, b) == QPartialOrdering::Greater;
        return descending ? greater : less;
    }
    const QVariant a = left.data(ApplicationsModel::SortRole);
    const QVariant b = right.data(ApplicationsModel::SortRole);
    const auto order = QVariant::compare(a, b);
    if (order == QPartialOrdering::Equivalent) // ties by name, for a stable order
        return sourceModel()->index(left.row(), 0, left.parent()).data().toString().toLower()
            < sourceModel()->index(right.row(), 0, right.parent()).data().toString().toLower();
    return order == QPartialOrdering::Less;
}

int ApplicationFilterModel::visibleApplications(const QModelIndex &index) const
{
    if (index.isValid() && !index.data(ApplicationGroupModel::IsGroupRole).toBool())
        return 1;
    const int rows = rowCount(index);
    if (rows == 0)
        return 0;
    // Children are all groups or all applications.
    if (!this->index(0, 0, index).data(ApplicationGroupModel::IsGroupRole).toBool())
        return rows;
    int count = 0;
    for (int r = 0; r < rows; ++r)
        count += visibleApplications(this->index(r, 0, index));
    return count;
}

QVariant ApplicationFilterModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DisplayRole && index.column() == 0 && index.data(ApplicationGroupModel::IsGroupRole).toBool()) {
        const int shown = visibleApplications(index);
        const int all = index.data(ApplicationGroupModel::LeafCountRole).toInt();
        const QString label = QSortFilterProxyModel::data(index, role).toString();
        return shown == all ? tr("%1 (%2)").arg(label).arg(all) : tr("%1 (%2 of %3)").arg(label).arg(shown).arg(all);
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace Capstan
