// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

class QLabel;
class QPushButton;
class QTableView;

namespace Capstan {

class Connection;
class JsonListModel;

/// A list of things a server keeps (repositories, clusters) in a table, read
/// from the API's list path, with Add… and Edit… (or Enter) opening the
/// subclass's editor, Delete… (after a question) sending DELETE to the
/// item's path, Refresh, and a line for what went wrong.
class ListDialog : public QDialog
{
    Q_OBJECT

public:
    QTableView *view() const { return m_view; }

public Q_SLOTS:
    void reload();
    void add();
    void editCurrent();
    /// Deletes the selected one; @p confirmed skips the question.
    void deleteCurrent(bool confirmed = false);

Q_SIGNALS:
    void reloaded();

protected:
    /// Lists @p listPath ("/api/v1/clusters") into @p model, which it owns.
    ListDialog(Connection *connection, JsonListModel *model, const QString &listPath, QWidget *parent);

    /// A dialog that edits @p item, or adds one when it is empty; it is
    /// accepted once the server took it.
    virtual QDialog *createEditor(const QJsonObject &item) = 0;
    /// The question before @p item is deleted.
    virtual QString deleteQuestion(const QJsonObject &item) const = 0;

    Connection *connection() const { return m_connection; }

private:
    void showError(const QString &text);

    QPointer<Connection> m_connection;
    JsonListModel *m_model;
    QString m_listPath;
    QTableView *m_view;
    QLabel *m_error;
    QPushButton *m_edit;
    QPushButton *m_delete;
};

} // namespace Capstan
