// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class QTimer;

namespace Capstan {

class ApplicationFilterModel;
class ApplicationsModel;

/// The filters above the applications tree: free text that filters as you
/// type, a menu of sync, health, project, cluster, namespace and label
/// filters (the values offered are those the applications have), a line
/// that always says which filters are on, and one button that clears them.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    FilterBar(ApplicationFilterModel *filter, ApplicationsModel *applications, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    QString summary() const;

private:
    void fillMenu();
    void updateSummary();

    ApplicationFilterModel *m_filter;
    ApplicationsModel *m_applications;
    QLineEdit *m_search;
    QToolButton *m_menuButton;
    QMenu *m_menu;
    QLabel *m_summary;
    QToolButton *m_clear;
    QTimer *m_typing;
};

} // namespace Capstan
