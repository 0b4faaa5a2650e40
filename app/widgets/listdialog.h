// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QAbstractItemModel;
class QLabel;
class QPushButton;
class QTableView;

namespace Capstan {

/// A list of things a server keeps (repositories, clusters, projects) in a
/// table, with Add…, Edit… (or Enter), Delete… and Refresh, and a line for
/// what went wrong. Subclasses read, add, edit and delete.
class ListDialog : public QDialog
{
    Q_OBJECT

public:
    QTableView *view() const { return m_view; }

public Q_SLOTS:
    virtual void reload() = 0;
    virtual void add() = 0;
    virtual void editCurrent() = 0;
    /// Deletes the selected one; @p confirmed skips the question.
    virtual void deleteCurrent(bool confirmed = false) = 0;

Q_SIGNALS:
    void reloaded();

protected:
    ListDialog(QAbstractItemModel *model, const QString &what, QWidget *parent);
    void showError(const QString &text);
    /// Asks whether to delete; true when the answer is yes.
    bool confirmDelete(const QString &title, const QString &question);

private:
    QTableView *m_view;
    QLabel *m_error;
    QPushButton *m_edit;
    QPushButton *m_delete;
};

} // namespace Capstan
