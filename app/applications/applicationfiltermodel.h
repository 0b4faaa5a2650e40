// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace Capstan {

/// What the applications tree shows: the filters a user set, each a set of
/// accepted values (empty accepts all), plus free text.
struct ApplicationFilters
{
    QString text;
    QSet<QString> syncStatuses;
    QSet<QString> healthStatuses;
    QSet<QString> projects;
    QSet<QString> clusters;
    QSet<QString> namespaces;
    /// "key=value" or "key" (the label is there, any value); all must match.
    QStringList labels;

    bool isEmpty() const
    {
        return text.trimmed().isEmpty() && syncStatuses.isEmpty() && healthStatuses.isEmpty() && projects.isEmpty()
            && clusters.isEmpty() && namespaces.isEmpty() && labels.isEmpty();
    }
    friend bool operator==(const ApplicationFilters &, const ApplicationFilters &) = default;
};

/// Filters and sorts the grouped applications. Groups are never matched
/// themselves: recursive filtering shows a group while any application below
/// it matches, and its label counts the applications shown. Free text matches
/// every word (case-insensitively) against the name, project, namespace,
/// repository and destination. Sorting keeps groups in place and sorts within
/// them by the column's sort value.
class ApplicationFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ApplicationFilterModel(QObject *parent = nullptr);

    const ApplicationFilters &filters() const { return m_filters; }
    void setFilters(const ApplicationFilters &filters);
    void setText(const QString &text);
    void clearFilters();

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    /// Applications shown below @p index (all shown ones for the root).
    int visibleApplications(const QModelIndex &index = {}) const;

Q_SIGNALS:
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    ApplicationFilters m_filters;
    QStringList m_words;
};

} // namespace Capstan
