// SPDX-License-Identifier: Apache-2.0
#include "projectdialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "model/appproject.h"
#include "widgets/rowseditor.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QIcon>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

enum Tab { GeneralTab, DestinationsTab, ResourcesTab, RolesTab };

const QString clusterAllow = u"clusterResourceWhitelist"_s;
const QString clusterDeny = u"clusterResourceBlacklist"_s;
const QString namespacedAllow = u"namespaceResourceWhitelist"_s;
const QString namespacedDeny = u"namespaceResourceBlacklist"_s;

/// "a, \"b,c\"" → a, "b,c": commas inside quotes belong to the group.
QStringList splitGroups(const QString &text)
{
    if (text.trimmed().isEmpty())
        return {};
    QStringList groups;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == u'"')
            quoted = !quoted;
        if (c == u',' && !quoted) {
            groups.append(current.trimmed());
            current.clear();
            continue;
        }
        current += c;
    }
    groups.append(current.trimmed());
    return groups;
}

/// A policy line as its resource, action, object and effect.
QJsonArray policyRow(const QString &policy)
{
    const QStringList parts = policy.split(u',');
    if (parts.size() == 6 && parts.at(0).trimmed() == u"p")
        return {parts.at(2).trimmed(), parts.at(3).trimmed(), parts.at(4).trimmed(), parts.at(5).trimmed()};
    // Not a policy line: kept where it shows, for the checks to point out.
    return {QString(), policy.trimmed(), QString(), QString()};
}

QList<QStringList> toRows(const QJsonArray &rows)
{
    QList<QStringList> list;
    for (const QJsonValue &row : rows) {
        QStringList values;
        for (const QJsonValue &value : row.toArray())
            values.append(value.toString());
        list.append(values);
    }
    return list;
}

QJsonArray fromRows(const QList<QStringList> &rows)
{
    QJsonArray array;
    for (const QStringList &row : rows)
        array.append(QJsonArray::fromStringList(row));
    return array;
}

void putOrRemove(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    const bool empty = value.isString() ? value.toString().isEmpty() : value.isArray() && value.toArray().isEmpty();
    if (empty)
        object.remove(key);
    else
        object.insert(key, value);
}

} // namespace

ProjectDialog::ProjectDialog(Connection *connection, const QJsonObject &project, QWidget *parent)
    : EditorDialog(!project.isEmpty(), parent)
    , m_connection(connection)
    , m_base(project)
    , m_tabs(new QTabWidget(this))
    , m_error(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_nameError(new QLabel(this))
    , m_description(new QLineEdit(this))
    , m_sourceRepos(new RowsEditor({tr("Repository URL")}, this))
    , m_destinations(new RowsEditor({tr("Server"), tr("Cluster Name"), tr("Namespace")}, this))
    , m_restrictNamespaced(new QCheckBox(tr("Only the namespaced kinds listed here"), this))
    , m_roles(new RowsEditor({tr("Role"), tr("Description"), tr("Groups")}, this))
    , m_policiesTitle(new QLabel(this))
    , m_policies(new RowsEditor({tr("Resource"), tr("Action"), tr("Object"), tr("Effect")}, this))
    , m_tokens(new QLabel(this))
{
    const QString name = project.value(u"metadata").toObject().value(u"name").toString();
    setObjectName(u"projectDialog"_s);
    setWindowTitle(isEditing() ? tr("Project %1").arg(name) : tr("New Project"));
    for (QLabel *label : {m_error, m_nameError}) {
        label->setStyleSheet(u"color: #c0392b"_s);
        label->setWordWrap(true);
        label->hide();
    }
    m_error->setObjectName(u"projectError"_s);
    m_nameError->setObjectName(u"nameError"_s);
    m_name->setObjectName(u"name"_s);
    m_name->setReadOnly(isEditing());
    m_name->setPlaceholderText(tr("lower-case letters, digits, '-' and '.'"));
    m_description->setObjectName(u"description"_s);
    m_sourceRepos->setObjectName(u"sourceRepos"_s);
    m_sourceRepos->setEmptyText(tr("None: applications of this project cannot use any repository."));
    m_destinations->setObjectName(u"destinations"_s);
    m_destinations->setEmptyText(tr("None: applications of this project cannot deploy anywhere."));
    m_destinations->setDefaults({QString(), QString(), u"*"_s});
    m_destinations->setSuggestions(2, {u"*"_s});

    // General: name, description, source repositories.
    auto *general = new QWidget;
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_nameError);
    form->addRow(tr("&Description:"), m_description);
    auto *sources = new QGroupBox(tr("Source repositories"));
    auto *sourcesLayout = new QVBoxLayout(sources);
    auto *sourcesHelp = new QLabel(tr("Repositories its applications may deploy from. Globs match many "
                                      "(https://github.com/org/*, * for any); a leading ! denies."));
    sourcesHelp->setWordWrap(true);
    sourcesLayout->addWidget(sourcesHelp);
    sourcesLayout->addWidget(m_sourceRepos);
    auto *generalLayout = new QVBoxLayout(general);
    generalLayout->addLayout(form);
    generalLayout->addWidget(sources, 1);
    m_tabs->addTab(general, tr("&General"));

    // Destinations.
    auto *destinations = new QWidget;
    auto *destinationsLayout = new QVBoxLayout(destinations);
    auto *destinationsHelp = new QLabel(tr("Clusters and namespaces its applications may deploy to. Name a cluster "
                                           "by its server URL or by its name; * matches any, a leading ! denies."));
    destinationsHelp->setWordWrap(true);
    destinationsLayout->addWidget(destinationsHelp);
    destinationsLayout->addWidget(m_destinations, 1);
    m_tabs->addTab(destinations, tr("&Destinations"));

    // Resources: which kinds, cluster-scoped and namespaced, allowed and denied.
    auto *resources = new QWidget;
    auto *grid = new QGridLayout(resources);
    const QStringList groups = {QString(),
                                u"*"_s,
                                u"apps"_s,
                                u"batch"_s,
                                u"networking.k8s.io"_s,
                                u"rbac.authorization.k8s.io"_s,
                                u"apiextensions.k8s.io"_s,
                                u"policy"_s,
                                u"autoscaling"_s,
                                u"storage.k8s.io"_s};
    const QStringList clusterKinds = {u"*"_s,
                                      u"Namespace"_s,
                                      u"ClusterRole"_s,
                                      u"ClusterRoleBinding"_s,
                                      u"CustomResourceDefinition"_s,
                                      u"PersistentVolume"_s,
                                      u"StorageClass"_s,
                                      u"PriorityClass"_s,
                                      u"ValidatingWebhookConfiguration"_s,
                                      u"MutatingWebhookConfiguration"_s};
    const QStringList namespacedKinds = {u"*"_s,
                                         u"Deployment"_s,
                                         u"StatefulSet"_s,
                                         u"DaemonSet"_s,
                                         u"Service"_s,
                                         u"ConfigMap"_s,
                                         u"Secret"_s,
                                         u"Ingress"_s,
                                         u"Job"_s,
                                         u"CronJob"_s,
                                         u"Role"_s,
                                         u"RoleBinding"_s,
                                         u"ServiceAccount"_s,
                                         u"NetworkPolicy"_s,
                                         u"ResourceQuota"_s,
                                         u"LimitRange"_s,
                                         u"PersistentVolumeClaim"_s,
                                         u"HorizontalPodAutoscaler"_s};
    const auto addKinds = [&](const QString &list, const QString &title, const QString &empty, bool clusterScoped,
                              int row, int column) {
        auto *editor = new RowsEditor({tr("Group"), tr("Kind")}, this);
        editor->setObjectName(list);
        editor->setEmptyText(empty);
        editor->setSuggestions(0, groups);
        editor->setSuggestions(1, clusterScoped ? clusterKinds : namespacedKinds);
        editor->setDefaults({QString(), u"*"_s});
        m_resources.insert(list, editor);
        auto *box = new QGroupBox(title);
        auto *layout = new QVBoxLayout(box);
        if (list == namespacedAllow) {
            m_restrictNamespaced->setObjectName(u"restrictNamespaced"_s);
            layout->addWidget(m_restrictNamespaced);
        }
        layout->addWidget(editor);
        grid->addWidget(box, row, column);
    };
    addKinds(clusterAllow, tr("Cluster-scoped kinds allowed"), tr("None: no cluster-scoped resource may be deployed."),
             true, 0, 0);
    addKinds(clusterDeny, tr("Cluster-scoped kinds denied"), tr("None denied."), true, 0, 1);
    addKinds(namespacedAllow, tr("Namespaced kinds allowed"), tr("None: no namespaced resource may be deployed."),
             false, 1, 0);
    addKinds(namespacedDeny, tr("Namespaced kinds denied"), tr("None denied."), false, 1, 1);
    auto *resourcesHelp = new QLabel(tr("A kind is allowed when an allow list has it and no deny list does. The "
                                        "group of Kubernetes' core kinds is empty; * matches any group or kind."));
    resourcesHelp->setWordWrap(true);
    grid->addWidget(resourcesHelp, 2, 0, 1, 2);
    m_tabs->addTab(resources, tr("&Resources"));

    // Roles and the selected role's policies.
    auto *roles = new QWidget;
    auto *rolesLayout = new QVBoxLayout(roles);
    m_roles->setObjectName(u"roles"_s);
    m_roles->setEmptyText(tr("No roles: only the server's own accounts and policies reach this project."));
    m_policies->setObjectName(u"policies"_s);
    m_policies->setSuggestions(0, Model::AppProject::policyResources());
    m_policies->setSuggestions(1, Model::AppProject::policyActions() + QStringList{u"action/*"_s});
    m_policies->setSuggestions(3, {u"allow"_s, u"deny"_s});
    m_policiesTitle->setObjectName(u"policiesTitle"_s);
    m_tokens->setObjectName(u"tokens"_s);
    m_tokens->setEnabled(false);
    auto *rolesHelp = new QLabel(tr("Groups are your identity provider's groups that get the role, separated by "
                                    "commas (quote a group that has a comma)."));
    rolesHelp->setWordWrap(true);
    rolesLayout->addWidget(rolesHelp);
    rolesLayout->addWidget(m_roles, 2);
    rolesLayout->addWidget(m_policiesTitle);
    rolesLayout->addWidget(m_policies, 3);
    rolesLayout->addWidget(m_tokens);
    m_tabs->addTab(roles, tr("R&oles"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons());
    resize(860, 620);

    setProject(project);

    // Every edit is checked at once; the server's last word goes with it.
    const auto edited = [this] {
        m_serverErrors.clear();
        validate();
    };
    connect(m_description, &QLineEdit::textChanged, this, edited);
    for (RowsEditor *editor : {m_sourceRepos, m_destinations})
        connect(editor, &RowsEditor::changed, this, edited);
    for (RowsEditor *editor : std::as_const(m_resources))
        connect(editor, &RowsEditor::changed, this, edited);
    connect(m_restrictNamespaced, &QCheckBox::toggled, this, [this, edited](bool on) {
        m_resources.value(namespacedAllow)->setEnabled(on);
        edited();
    });
    connect(m_policies, &RowsEditor::changed, this, [this, edited] {
        storeRolePolicies();
        edited();
    });
    // A role or the name shows in the policies (the role's title, the object
    // a new policy gets): they are shown anew before the check.
    const auto rolesEdited = [this] {
        m_serverErrors.clear();
        showRolePolicies(m_roles->currentRow());
        validate();
    };
    connect(m_name, &QLineEdit::textChanged, this, rolesEdited);
    connect(m_roles, &RowsEditor::changed, this, rolesEdited);
    connect(m_roles, &RowsEditor::currentRowChanged, this, [this](int row) {
        showRolePolicies(row);
        validate();
    });
    loadChoices();
    validate();
}

QString ProjectDialog::projectName() const
{
    return m_name->text().trimmed();
}

void ProjectDialog::setProject(const QJsonObject &project)
{
    const QJsonObject spec = project.value(u"spec").toObject();
    m_name->setText(project.value(u"metadata").toObject().value(u"name").toString());
    m_description->setText(spec.value(u"description").toString());
    QList<QStringList> rows;
    for (const QJsonValue &repo : spec.value(u"sourceRepos").toArray())
        rows.append({repo.toString()});
    m_sourceRepos->setRows(rows);
    rows.clear();
    for (const QJsonValue &destination : spec.value(u"destinations").toArray())
        rows.append(
            {destination[u"server"].toString(), destination[u"name"].toString(), destination[u"namespace"].toString()});
    m_destinations->setRows(rows);
    for (auto it = m_resources.cbegin(); it != m_resources.cend(); ++it) {
        rows.clear();
        for (const QJsonValue &kind : spec.value(it.key()).toArray())
            rows.append({kind[u"group"].toString(), kind[u"kind"].toString()});
        it.value()->setRows(rows);
    }
    // Absent, every namespaced kind is allowed; present, only those listed.
    m_restrictNamespaced->setChecked(spec.contains(namespacedAllow));
    m_resources.value(namespacedAllow)->setEnabled(m_restrictNamespaced->isChecked());
    rows.clear();
    const QJsonArray roles = spec.value(u"roles").toArray();
    for (const QJsonValue &role : roles)
        rows.append({role[u"name"].toString(), role[u"description"].toString(),
                     role[u"groups"].toVariant().toStringList().join(u", "_s)});
    m_roles->setRows(rows);
    for (qsizetype i = 0; i < roles.size(); ++i) {
        QJsonArray policies;
        for (const QJsonValue &policy : roles.at(i)[u"policies"].toArray())
            policies.append(policyRow(policy.toString()));
        m_roles->setRowData(
            int(i),
            QJsonObject{{u"id"_s, m_nextRoleId++}, {u"policies"_s, policies}, {u"role"_s, roles.at(i).toObject()}});
    }
    m_policiesRole = -1;
    showRolePolicies(roles.isEmpty() ? -1 : 0);
    if (!roles.isEmpty())
        m_roles->view()->setCurrentIndex(m_roles->view()->model()->index(0, 0));
}

int ProjectDialog::roleRow(int id) const
{
    for (int row = 0; row < m_roles->rowCount(); ++row) {
        if (m_roles->rowData(row).toJsonObject().value(u"id").toInt(-1) == id)
            return row;
    }
    return -1;
}

QJsonObject ProjectDialog::roleData(int row)
{
    QJsonObject data = m_roles->rowData(row).toJsonObject();
    if (!data.contains(u"id")) {
        // A role added here: its data starts now.
        data.insert(u"id"_s, m_nextRoleId++);
        m_roles->setRowData(row, data);
    }
    return data;
}

void ProjectDialog::showRolePolicies(int row)
{
    const QList<QStringList> roles = m_roles->rows();
    if (row < 0 || row >= roles.size()) {
        m_policiesRole = -1;
        m_policies->setRows({});
        m_policies->setEnabled(false);
        m_policiesTitle->setText(roles.isEmpty() ? QString() : tr("Select a role to see its policies."));
        m_tokens->clear();
        return;
    }
    const QJsonObject data = roleData(row);
    const QString role = roles.at(row).value(0);
    const QString object = (projectName().isEmpty() ? u"<project>"_s : projectName()) + u"/*"_s;
    m_policies->setSuggestions(2, {object});
    m_policies->setDefaults({u"applications"_s, u"get"_s, object, u"allow"_s});
    m_policies->setEnabled(true);
    m_policiesTitle->setText(role.isEmpty() ? tr("Policies of the new role:") : tr("Policies of %1:").arg(role));
    const int tokens = int(data.value(u"role").toObject().value(u"jwtTokens").toArray().size());
    m_tokens->setText(tokens == 0 ? QString() : tr("Tokens issued for this role: %1 (kept as they are).").arg(tokens));
    const int id = data.value(u"id").toInt();
    if (id != m_policiesRole) {
        m_policiesRole = id;
        m_policies->setRows(toRows(data.value(u"policies").toArray()));
    }
}

void ProjectDialog::storeRolePolicies()
{
    const int row = roleRow(m_policiesRole);
    if (row < 0)
        return;
    QJsonObject data = m_roles->rowData(row).toJsonObject();
    data.insert(u"policies"_s, fromRows(m_policies->rows()));
    m_roles->setRowData(row, data);
}

QJsonObject ProjectDialog::project() const
{
    QJsonObject project = m_base;
    QJsonObject metadata = project.value(u"metadata").toObject();
    metadata.insert(u"name"_s, projectName());
    project.insert(u"metadata"_s, metadata);
    project.remove(u"status"_s);
    QJsonObject spec = project.value(u"spec").toObject();
    putOrRemove(spec, u"description"_s, m_description->text().trimmed());

    QJsonArray repos;
    for (const QStringList &row : m_sourceRepos->rows())
        repos.append(row.value(0));
    putOrRemove(spec, u"sourceRepos"_s, repos);

    QJsonArray destinations;
    for (const QStringList &row : m_destinations->rows()) {
        QJsonObject destination;
        putOrRemove(destination, u"server"_s, row.value(0));
        putOrRemove(destination, u"name"_s, row.value(1));
        putOrRemove(destination, u"namespace"_s, row.value(2));
        destinations.append(destination);
    }
    putOrRemove(spec, u"destinations"_s, destinations);

    for (auto it = m_resources.cbegin(); it != m_resources.cend(); ++it) {
        QJsonArray kinds;
        for (const QStringList &row : it.value()->rows())
            kinds.append(QJsonObject{{u"group"_s, row.value(0)}, {u"kind"_s, row.value(1)}});
        if (it.key() == namespacedAllow && m_restrictNamespaced->isChecked())
            spec.insert(it.key(), kinds); // empty: nothing namespaced is allowed
        else if (it.key() == namespacedAllow)
            spec.remove(it.key());
        else
            putOrRemove(spec, it.key(), kinds);
    }

    QJsonArray roles;
    const QList<QStringList> roleRows = m_roles->rows();
    for (int row = 0; row < roleRows.size(); ++row) {
        const QJsonObject data = m_roles->rowData(row).toJsonObject();
        QJsonObject role = data.value(u"role").toObject();
        const QString name = roleRows.at(row).value(0);
        role.insert(u"name"_s, name);
        putOrRemove(role, u"description"_s, roleRows.at(row).value(1));
        putOrRemove(role, u"groups"_s, QJsonArray::fromStringList(splitGroups(roleRows.at(row).value(2))));
        QJsonArray policies;
        for (const QStringList &policy : toRows(data.value(u"policies").toArray()))
            policies.append(u"p, proj:%1:%2, %3, %4, %5, %6"_s.arg(projectName(), name, policy.value(0),
                                                                   policy.value(1), policy.value(2), policy.value(3)));
        putOrRemove(role, u"policies"_s, policies);
        roles.append(role);
    }
    putOrRemove(spec, u"roles"_s, roles);
    project.insert(u"spec"_s, spec);
    return project;
}

QMap<QString, QString> ProjectDialog::errors() const
{
    QMap<QString, QString> errors;
    const auto add = [&errors](const QString &path, const QString &message) {
        const QString before = errors.value(path);
        errors.insert(path, before.isEmpty() ? message : before + u"; "_s + message);
    };
    const QJsonObject project = this->project();
    if (projectName().isEmpty())
        add(u"metadata.name"_s, tr("A project needs a name."));
    // The server's own checks, run here as you type.
    const auto parsed = Model::fromJson<Model::AppProject>(project);
    const QList<Model::FieldError> problems = parsed ? parsed->validate() : parsed.error().fields;
    for (const Model::FieldError &problem : problems) {
        if (problem.path == u"metadata.name" && projectName().isEmpty())
            continue;
        add(problem.path, problem.message);
    }
    for (auto it = m_resources.cbegin(); it != m_resources.cend(); ++it) {
        const QList<QStringList> rows = it.value()->rows();
        for (int row = 0; row < rows.size(); ++row) {
            if (rows.at(row).value(1).isEmpty())
                add(u"spec.%1[%2]"_s.arg(it.key()).arg(row), tr("enter a kind (* for any)"));
        }
    }
    return errors;
}

RowsEditor *ProjectDialog::editorOf(const QString &list) const
{
    if (list == u"sourceRepos")
        return m_sourceRepos;
    if (list == u"destinations")
        return m_destinations;
    if (list == u"roles")
        return m_roles;
    return m_resources.value(list);
}

QString ProjectDialog::errorShown(const QString &field) const
{
    if (field == u"metadata.name")
        return m_nameError->isHidden() ? QString() : m_nameError->text();
    static const QRegularExpression entry(u"^spec\\.(\\w+)\\[(\\d+)\\](?:\\.policies\\[(\\d+)\\])?"_s);
    const auto match = entry.match(field);
    if (match.hasMatch()) {
        const QString list = match.captured(1);
        const int row = match.captured(2).toInt();
        if (!match.captured(3).isEmpty()) {
            if (roleRow(m_policiesRole) == row)
                return m_policies->rowError(match.captured(3).toInt());
            return m_roles->rowError(row);
        }
        RowsEditor *editor = editorOf(list);
        return editor ? editor->rowError(row) : QString();
    }
    return m_error->isHidden() ? QString() : m_error->text();
}

void ProjectDialog::showErrors(const QMap<QString, QString> &errors)
{
    static const QRegularExpression entry(u"^spec\\.(\\w+)\\[(\\d+)\\](?:\\.(\\w+)(?:\\[(\\d+)\\])?)?(.*)$"_s);
    QMap<RowsEditor *, QMap<int, QString>> rowErrors;
    QSet<int> tabs;
    QStringList general;
    QString nameError;
    const int policiesRow = roleRow(m_policiesRole);
    const auto addRowError = [&rowErrors](RowsEditor *editor, int row, const QString &message) {
        QString &text = rowErrors[editor][row];
        text = text.isEmpty() ? message : text + u"; "_s + message;
    };
    for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
        if (it.key() == u"metadata.name") {
            nameError = it.value();
            tabs.insert(GeneralTab);
            continue;
        }
        const auto match = entry.match(it.key());
        const QString list = match.captured(1);
        RowsEditor *editor = match.hasMatch() ? editorOf(list) : nullptr;
        if (!editor) {
            general.append(it.key().isEmpty() ? it.value() : it.key() + u": "_s + it.value());
            continue;
        }
        const int row = match.captured(2).toInt();
        const QString field = match.captured(3);
        tabs.insert(editor == m_sourceRepos        ? GeneralTab
                        : editor == m_destinations ? DestinationsTab
                        : editor == m_roles        ? RolesTab
                                                   : ResourcesTab);
        if (editor == m_roles && field == u"policies") {
            const int policy = match.captured(4).toInt();
            if (row == policiesRow)
                addRowError(m_policies, policy, it.value());
            addRowError(m_roles, row, tr("policy %1: %2").arg(policy + 1).arg(it.value()));
        } else if (editor == m_roles && field == u"groups") {
            addRowError(m_roles, row, it.value());
        } else {
            addRowError(editor, row, field.isEmpty() || field == u"name" ? it.value() : field + u": "_s + it.value());
        }
    }
    m_nameError->setText(nameError);
    m_nameError->setVisible(!nameError.isEmpty());
    for (RowsEditor *editor : {m_sourceRepos, m_destinations, m_roles, m_policies})
        editor->setRowErrors(rowErrors.value(editor));
    for (RowsEditor *editor : std::as_const(m_resources))
        editor->setRowErrors(rowErrors.value(editor));
    m_error->setText(general.join(u'\n'));
    m_error->setVisible(!general.isEmpty());
    for (int tab = 0; tab < m_tabs->count(); ++tab)
        m_tabs->setTabIcon(tab, tabs.contains(tab) ? QIcon(u":/icons/health-degraded.svg"_s) : QIcon());
}

void ProjectDialog::validate()
{
    const QMap<QString, QString> errors = this->errors();
    QMap<QString, QString> shown = errors;
    for (auto it = m_serverErrors.cbegin(); it != m_serverErrors.cend(); ++it)
        shown.insert(it.key(), it.value());
    showErrors(shown);
    updateSaveButton(errors);
}

void ProjectDialog::showServerError(const QString &message)
{
    // "spec.destinations[0].server: …; spec.roles[1].name: …"; the request
    // decoder names fields inside the body ("project.spec.…").
    static const QRegularExpression field(u"^(?:project\\.)?((?:metadata|spec)\\.[\\w.\\[\\]]+): (.+)$"_s,
                                          QRegularExpression::DotMatchesEverythingOption);
    m_serverErrors.clear();
    QStringList general;
    for (const QString &part : message.split(u"; "_s)) {
        if (const auto match = field.match(part.trimmed()); match.hasMatch())
            m_serverErrors.insert(match.captured(1), match.captured(2));
        else
            general.append(part);
    }
    if (!general.isEmpty())
        m_serverErrors.insert(QString(), general.join(u"; "_s));
    validate();
}

void ProjectDialog::loadChoices()
{
    if (!m_connection)
        return;
    ApiClient *client = m_connection->client();
    client->getJson(u"/api/v1/repositories"_s).then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer)
            return;
        QStringList urls{u"*"_s};
        for (const QJsonValue &item : answer->object().value(u"items").toArray())
            urls.append(item[u"repo"].toString());
        m_sourceRepos->setSuggestions(0, urls);
    });
    client->getJson(u"/api/v1/clusters"_s).then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer)
            return;
        QStringList servers{u"*"_s};
        QStringList names{u"*"_s};
        for (const QJsonValue &item : answer->object().value(u"items").toArray()) {
            servers.append(item[u"server"].toString());
            if (!item[u"name"].toString().isEmpty())
                names.append(item[u"name"].toString());
        }
        m_destinations->setSuggestions(0, servers);
        m_destinations->setSuggestions(1, names);
    });
}

void ProjectDialog::save()
{
    storeRolePolicies();
    validate();
    if (!errors().isEmpty() || isSending() || !m_connection)
        return;
    const QJsonObject project = this->project();
    const QString name = projectName();
    const QJsonDocument body(QJsonObject{{u"project"_s, project}});
    send(isEditing() ? m_connection->client()->send("PUT", u"/api/v1/projects/"_s + ApiPaths::encoded(name), body)
                     : m_connection->client()->send("POST", u"/api/v1/projects"_s, body),
         name);
}

} // namespace Capstan
