// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/editordialog.h"

#include <QJsonObject>
#include <QMap>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTimer;

namespace Capstan {

class Connection;
class RetryEditor;

/// Creates an application, or edits one.
///
/// The form: name and project; the source (a registered repository with its
/// connection state, or any URL; the revision with the repository's branches
/// and tags offered; the path with the repository's application folders
/// offered, which also tells the source type) and the fields of its type
/// (directory: recurse, include, exclude, Jsonnet variables; Kustomize: name
/// prefix and suffix, images; Helm: release name, value files, values,
/// parameters); the destination (a cluster of the server, a namespace); the
/// sync policy (automated with prune and self-heal, sync options, retry).
/// Everything is checked as you type, next to the field; nothing is sent
/// while something is wrong. The YAML tab shows the same Application,
/// highlighted, and round-trips with the form; YAML that cannot be read is
/// pointed out by line and kept. Fields the form does not show (labels,
/// annotations, finalizers, other sources) are kept as they were. Errors of
/// the server are shown next to the field they name.
class ApplicationForm : public EditorDialog
{
    Q_OBJECT

public:
    /// A form for a new application.
    explicit ApplicationForm(Connection *connection, QWidget *parent = nullptr);
    /// A form for @p application (as the server sent it).
    ApplicationForm(Connection *connection, const QJsonObject &application, QWidget *parent = nullptr);
    ~ApplicationForm() override;

    /// The Application the form (or the YAML tab) describes now.
    QJsonObject application() const;
    /// Fills the form from @p application.
    void setApplication(const QJsonObject &application);
    /// Problems by field path ("metadata.name", "spec.destination.namespace");
    /// empty when the application can be sent.
    QMap<QString, QString> errors() const;
    /// The message shown next to @p field, empty if none.
    QString errorShown(const QString &field) const;

    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *yamlEditor() const { return m_yaml; }

public Q_SLOTS:
    /// Creates or updates the application, if the form is right.
    void save() override;
    void showServerError(const QString &message) override;

private:
    ApplicationForm(Connection *connection, const QJsonObject &application, bool editing, QWidget *parent);
    QWidget *createForm();
    QLineEdit *addLine(QFormLayout *form, const char *name, const QString &label, const QString &field);
    QPlainTextEdit *addText(QFormLayout *form, const char *name, const QString &label, const QString &field,
                            const QString &placeholder);
    void loadChoices();
    void loadRepositoryChoices();
    void loadApps();
    void updateSourceType();
    void validate();
    bool leaveYaml();
    /// The form's Application, built on m_base.
    QJsonObject formApplication() const;

    QPointer<Connection> m_connection;
    /// What the form edits, with every field it does not show.
    QJsonObject m_base;
    QMap<QString, QLabel *> m_fieldErrors;
    QMap<QString, QString> m_serverErrors;
    QTimer *m_repositoryTimer;

    QTabWidget *m_tabs;
    QLabel *m_error;
    QLineEdit *m_name;
    QComboBox *m_project;
    QComboBox *m_repository;
    QLabel *m_repositoryState;
    QComboBox *m_revision;
    QComboBox *m_path;
    QComboBox *m_type;
    QLabel *m_sourcesNote;
    QGroupBox *m_directory;
    QCheckBox *m_recurse;
    QLineEdit *m_include;
    QLineEdit *m_exclude;
    QPlainTextEdit *m_tlas;
    QGroupBox *m_kustomize;
    QLineEdit *m_namePrefix;
    QLineEdit *m_nameSuffix;
    QPlainTextEdit *m_images;
    QGroupBox *m_helm;
    QLineEdit *m_releaseName;
    QPlainTextEdit *m_valueFiles;
    QPlainTextEdit *m_values;
    QPlainTextEdit *m_parameters;
    QComboBox *m_cluster;
    QLineEdit *m_namespace;
    QCheckBox *m_automated;
    QCheckBox *m_prune;
    QCheckBox *m_selfHeal;
    QMap<QString, QCheckBox *> m_syncOptions;
    RetryEditor *m_retry;
    QPlainTextEdit *m_yaml;
    QLabel *m_yamlError;
};

} // namespace Capstan
