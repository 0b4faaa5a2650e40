// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QPushButton;
class QTableView;

namespace Capstan {

class Connection;
class RepositoriesModel;

/// A server's repositories with their connection state: add, edit, delete.
class RepositoriesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RepositoriesDialog(Connection *connection, QWidget *parent = nullptr);

    RepositoriesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

public Q_SLOTS:
    void reload();
    void add();
    void editCurrent();
    /// Deletes the selected repository; @p confirmed skips the question.
    void deleteCurrent(bool confirmed = false);

Q_SIGNALS:
    void reloaded();

private:
    QPointer<Connection> m_connection;
    RepositoriesModel *m_model;
    QTableView *m_view;
    QLabel *m_error;
    QPushButton *m_edit;
    QPushButton *m_delete;
};

} // namespace Capstan
