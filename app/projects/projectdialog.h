// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/editordialog.h"

#include <QJsonObject>
#include <QMap>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace Capstan {

class Connection;
class RowsEditor;

/// Creates a project, or edits one: name and description; the source
/// repositories its applications may use; the destinations (cluster by
/// server or name, namespace) they may deploy to; the cluster-scoped and
/// namespaced kinds they may and may not deploy; and its roles, each with
/// its policies (resource, action, object, effect, written as Argo CD's
/// `p, proj:<project>:<role>, …` lines) and groups. Registered repositories
/// and clusters are offered as you type. Everything is checked as you type
/// with the rules the server applies, next to the row concerned, and nothing
/// is sent while something is wrong; what the server refuses is shown next to
/// the field it names. Fields the dialog does not show (sync windows,
/// orphaned-resource monitoring, role tokens, labels) are kept as they were.
class ProjectDialog : public EditorDialog
{
    Q_OBJECT

public:
    /// A new project when @p project is empty.
    ProjectDialog(Connection *connection, const QJsonObject &project, QWidget *parent = nullptr);

    /// The AppProject the dialog describes.
    QJsonObject project() const;
    /// Problems by field path ("metadata.name", "spec.destinations[1]"), as
    /// the server would name them; empty when the project can be sent.
    QMap<QString, QString> errors() const;
    /// The message shown for @p field (a row's message for a list entry),
    /// empty if none.
    QString errorShown(const QString &field) const;

    QTabWidget *tabs() const { return m_tabs; }
    RowsEditor *sourceRepos() const { return m_sourceRepos; }
    RowsEditor *destinations() const { return m_destinations; }
    RowsEditor *resources(const QString &list) const { return m_resources.value(list); }
    RowsEditor *roles() const { return m_roles; }
    RowsEditor *policies() const { return m_policies; }
    QCheckBox *restrictNamespaced() const { return m_restrictNamespaced; }

public Q_SLOTS:
    void save() override;
    /// Shows the server's refusal: "path: message" parts next to their
    /// fields, the rest above the tabs.
    void showServerError(const QString &message) override;

private:
    void setProject(const QJsonObject &project);
    void loadChoices();
    void showRolePolicies(int role);
    void storeRolePolicies();
    void validate();
    void showErrors(const QMap<QString, QString> &errors);
    QString projectName() const;
    int roleRow(int id) const;
    /// The table of a list of the spec ("destinations"), null if none.
    RowsEditor *editorOf(const QString &list) const;
    QJsonObject roleData(int row);

    QPointer<Connection> m_connection;
    QJsonObject m_base;
    /// The role whose policies show, by the id kept in its row's data.
    int m_policiesRole = -1;
    int m_nextRoleId = 0;
    QMap<QString, QString> m_serverErrors;
    QTabWidget *m_tabs;
    QLabel *m_error;
    QLineEdit *m_name;
    QLabel *m_nameError;
    QLineEdit *m_description;
    RowsEditor *m_sourceRepos;
    RowsEditor *m_destinations;
    QMap<QString, RowsEditor *> m_resources;
    QCheckBox *m_restrictNamespaced;
    RowsEditor *m_roles;
    QLabel *m_policiesTitle;
    RowsEditor *m_policies;
    QLabel *m_tokens;
};

} // namespace Capstan
