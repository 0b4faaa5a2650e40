// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QMap>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Capstan {

class Connection;

/// Adds a repository to a server, or changes one: URL, type, name, project,
/// and credentials (user name and password, or an SSH private key), which
/// are write-only: the server never sends them back, so an edit shows them
/// empty and leaves them as they are unless something is typed. *Test
/// Connection* asks the server to reach the repository with what is typed
/// (`…/validate`). Problems show next to their field.
class RepositoryDialog : public QDialog
{
    Q_OBJECT

public:
    /// A new repository when @p repository is empty.
    RepositoryDialog(Connection *connection, const QJsonObject &repository, QWidget *parent = nullptr);

    /// The Repository the form describes (credentials only when typed).
    QJsonObject repository() const;
    QMap<QString, QString> errors() const;
    QString errorShown(const QString &field) const;
    QLabel *testResult() const { return m_testResult; }

public Q_SLOTS:
    void testConnection();
    void save();

Q_SIGNALS:
    void saved(const QString &url);
    void tested(bool ok);

private:
    void validate();

    QPointer<Connection> m_connection;
    QJsonObject m_base;
    bool m_editing = false;
    QComboBox *m_type;
    QLineEdit *m_url;
    QLineEdit *m_name;
    QLineEdit *m_project;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QPlainTextEdit *m_sshKey;
    QCheckBox *m_insecure;
    QLabel *m_urlError;
    QLabel *m_error;
    QLabel *m_testResult;
    QPushButton *m_testButton;
    QPushButton *m_saveButton;
};

} // namespace Capstan
