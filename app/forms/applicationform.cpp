// SPDX-License-Identifier: Apache-2.0
#include "applicationform.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "model/jsonfields.h"
#include "source/manifests/manifestparser.h"
#include "sync/retryeditor.h"
#include "widgets/yamlhighlighter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QTabWidget>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

const QStringList syncOptionNames{u"CreateNamespace"_s, u"ApplyOutOfSyncOnly"_s, u"ServerSideApply"_s, u"PruneLast"_s,
                                  u"Replace"_s};

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList result;
    for (const QString &line : edit->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            result.append(line.trimmed());
    }
    return result;
}

/// "name=value" lines as [{name, value}]; nullopt names the first bad line.
std::variant<QJsonArray, int> pairs(const QPlainTextEdit *edit)
{
    QJsonArray result;
    const QStringList all = edit->toPlainText().split(u'\n');
    for (int i = 0; i < all.size(); ++i) {
        const QString line = all.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0)
            return i + 1;
        result.append(QJsonObject{{u"name"_s, line.left(eq).trimmed()}, {u"value"_s, line.mid(eq + 1).trimmed()}});
    }
    return result;
}

QString pairLines(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &value : array)
        out << value[u"name"].toString() + u'=' + value[u"value"].toString();
    return out.join(u'\n');
}

QString stringLines(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &value : array)
        out << value.toString();
    return out.join(u'\n');
}

/// Sets @p key of @p object, or removes it when @p value is empty.
void put(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    const bool empty = value.isNull() || value.isUndefined() || (value.isString() && value.toString().isEmpty())
        || (value.isArray() && value.toArray().isEmpty()) || (value.isObject() && value.toObject().isEmpty())
        || (value.isBool() && !value.toBool());
    if (empty)
        object.remove(key);
    else
        object.insert(key, value);
}

void setCombo(QComboBox *box, const QString &text)
{
    if (box->findText(text) < 0 && !text.isEmpty())
        box->addItem(text);
    box->setCurrentText(text);
}

} // namespace

ApplicationForm::ApplicationForm(Connection *connection, QWidget *parent)
    : ApplicationForm(
        connection,
        QJsonObject{{u"apiVersion"_s, u"argoproj.io/v1alpha1"_s},
                    {u"kind"_s, u"Application"_s},
                    {u"metadata"_s, QJsonObject{{u"name"_s, QString()}}},
                    {u"spec"_s,
                     QJsonObject{{u"project"_s, u"default"_s},
                                 {u"source"_s, QJsonObject{{u"targetRevision"_s, u"HEAD"_s}}},
                                 {u"destination"_s, QJsonObject{{u"server"_s, u"https://kubernetes.default.svc"_s}}}}}},
        false, parent)
{ }

ApplicationForm::ApplicationForm(Connection *connection, const QJsonObject &application, QWidget *parent)
    : ApplicationForm(connection, application, true, parent)
{ }

ApplicationForm::ApplicationForm(Connection *connection, const QJsonObject &application, bool editing, QWidget *parent)
    : EditorDialog(editing, parent)
    , m_connection(connection)
    , m_repositoryTimer(new QTimer(this))
    , m_tabs(new QTabWidget(this))
    , m_error(new QLabel(this))
    , m_yaml(new QPlainTextEdit(this))
    , m_yamlError(new QLabel(this))
{
    setObjectName(u"applicationForm"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    const QString name = application.value(u"metadata").toObject().value(u"name").toString();
    setWindowTitle(editing ? tr("Edit %1").arg(name) : tr("New Application"));
    m_error->setObjectName(u"formError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"QLabel { color: white; background: #c0392b; padding: 6px; border-radius: 3px; }"_s);
    m_error->hide();

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(createForm());
    m_tabs->addTab(scroll, tr("&Form"));
    auto *yamlPage = new QWidget(this);
    auto *yamlLayout = new QVBoxLayout(yamlPage);
    m_yaml->setObjectName(u"applicationYaml"_s);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    YamlHighlighter::attach(m_yaml->document());
    m_yamlError->setObjectName(u"yamlError"_s);
    m_yamlError->setWordWrap(true);
    m_yamlError->setStyleSheet(u"color: #c0392b"_s);
    m_yamlError->hide();
    yamlLayout->addWidget(m_yaml, 1);
    yamlLayout->addWidget(m_yamlError);
    m_tabs->addTab(yamlPage, tr("&YAML"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == 1) {
            m_yaml->setPlainText(Source::ManifestParser::jsonToYaml(formApplication()));
            m_yamlError->hide();
        } else if (!leaveYaml()) {
            // Unreadable YAML stays where it is, with the line pointed out.
            const QSignalBlocker blocker(m_tabs);
            m_tabs->setCurrentIndex(1);
        }
        validate();
    });
    connect(m_yaml, &QPlainTextEdit::textChanged, this, [this] {
        if (m_tabs->currentIndex() == 1)
            validate();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons());
    resize(820, 860);

    m_repositoryTimer->setSingleShot(true);
    m_repositoryTimer->setInterval(400);
    connect(m_repositoryTimer, &QTimer::timeout, this, &ApplicationForm::loadRepositoryChoices);
    setApplication(application);
    loadChoices();
}

ApplicationForm::~ApplicationForm() = default;

QLineEdit *ApplicationForm::addLine(QFormLayout *form, const char *name, const QString &label, const QString &field)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QString::fromLatin1(name));
    form->addRow(label, edit);
    if (!field.isEmpty()) {
        auto *error = new QLabel(this);
        error->setStyleSheet(u"color: #c0392b"_s);
        error->setWordWrap(true);
        error->hide();
        form->addRow(QString(), error);
        m_fieldErrors.insert(field, error);
    }
    connect(edit, &QLineEdit::textChanged, this, &ApplicationForm::validate);
    return edit;
}

QPlainTextEdit *ApplicationForm::addText(QFormLayout *form, const char *name, const QString &label,
                                         const QString &field, const QString &placeholder)
{
    auto *edit = new QPlainTextEdit(this);
    edit->setObjectName(QString::fromLatin1(name));
    edit->setPlaceholderText(placeholder);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(label, edit);
    auto *error = new QLabel(this);
    error->setStyleSheet(u"color: #c0392b"_s);
    error->setWordWrap(true);
    error->hide();
    form->addRow(QString(), error);
    m_fieldErrors.insert(field, error);
    connect(edit, &QPlainTextEdit::textChanged, this, &ApplicationForm::validate);
    return edit;
}

QWidget *ApplicationForm::createForm()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    const auto group = [this, layout](const QString &title) {
        auto *box = new QGroupBox(title, this);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        layout->addWidget(box);
        return std::pair{box, form};
    };
    const auto combo = [this](const char *name) {
        auto *box = new QComboBox(this);
        box->setObjectName(QString::fromLatin1(name));
        box->setEditable(true);
        box->setInsertPolicy(QComboBox::NoInsert);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        connect(box, &QComboBox::currentTextChanged, this, &ApplicationForm::validate);
        return box;
    };
    const auto errorRow = [this](QFormLayout *form, const QString &field) {
        auto *error = new QLabel(this);
        error->setStyleSheet(u"color: #c0392b"_s);
        error->setWordWrap(true);
        error->hide();
        form->addRow(QString(), error);
        m_fieldErrors.insert(field, error);
    };

    auto [general, generalForm] = group(tr("General"));
    m_name = addLine(generalForm, "name", tr("&Name:"), u"metadata.name"_s);
    m_name->setPlaceholderText(tr("lower-case letters, digits and '-'"));
    m_project = combo("project");
    generalForm->addRow(tr("&Project:"), m_project);
    errorRow(generalForm, u"spec.project"_s);

    auto [source, sourceForm] = group(tr("Source"));
    m_sourcesNote = new QLabel(tr("This application has several sources: edit them in the YAML tab."), this);
    m_sourcesNote->setWordWrap(true);
    m_sourcesNote->hide();
    sourceForm->addRow(m_sourcesNote);
    m_repository = combo("repository");
    m_repositoryState = new QLabel(this);
    m_repositoryState->setObjectName(u"repositoryState"_s);
    m_repositoryState->setWordWrap(true);
    auto *repositoryRow = new QWidget(this);
    repositoryRow->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *repositoryLayout = new QVBoxLayout(repositoryRow);
    repositoryLayout->setContentsMargins(0, 0, 0, 0);
    repositoryLayout->addWidget(m_repository);
    repositoryLayout->addWidget(m_repositoryState);
    sourceForm->addRow(tr("&Repository:"), repositoryRow);
    errorRow(sourceForm, u"spec.source.repoURL"_s);
    connect(m_repository, &QComboBox::currentTextChanged, m_repositoryTimer, qOverload<>(&QTimer::start));
    m_revision = combo("revision");
    sourceForm->addRow(tr("Re&vision:"), m_revision);
    errorRow(sourceForm, u"spec.source.targetRevision"_s);
    connect(m_revision, &QComboBox::activated, this, &ApplicationForm::loadApps);
    m_path = combo("path");
    sourceForm->addRow(tr("P&ath:"), m_path);
    errorRow(sourceForm, u"spec.source.path"_s);
    m_type = new QComboBox(this);
    m_type->setObjectName(u"sourceType"_s);
    m_type->addItem(tr("Directory"), u"Directory"_s);
    m_type->addItem(tr("Kustomize"), u"Kustomize"_s);
    m_type->addItem(tr("Helm"), u"Helm"_s);
    sourceForm->addRow(tr("&Type:"), m_type);
    connect(m_type, &QComboBox::currentIndexChanged, this, &ApplicationForm::updateSourceType);
    // The app folder picked tells its type, as the server detected it.
    connect(m_path, &QComboBox::activated, this, [this](int index) {
        const QString type = m_path->itemData(index).toString();
        if (const int at = m_type->findData(type); at >= 0)
            m_type->setCurrentIndex(at);
    });

    auto [directory, directoryForm] = group(tr("Directory"));
    m_directory = directory;
    m_recurse = new QCheckBox(tr("Include su&bfolders"), this);
    m_recurse->setObjectName(u"recurse"_s);
    directoryForm->addRow(QString(), m_recurse);
    m_include = addLine(directoryForm, "include", tr("Include:"), {});
    m_include->setPlaceholderText(tr("a glob, such as *.yaml or {a.yaml,b.json}"));
    m_exclude = addLine(directoryForm, "exclude", tr("Exclude:"), {});
    m_tlas = addText(directoryForm, "jsonnetTlas", tr("Jsonnet variables:"), u"spec.source.directory.jsonnet.tlas"_s,
                     tr("name=value, one per line (top-level arguments)"));

    auto [kustomize, kustomizeForm] = group(tr("Kustomize"));
    m_kustomize = kustomize;
    m_namePrefix = addLine(kustomizeForm, "namePrefix", tr("Name prefix:"), {});
    m_nameSuffix = addLine(kustomizeForm, "nameSuffix", tr("Name suffix:"), {});
    m_images = addText(kustomizeForm, "images", tr("Images:"), u"spec.source.kustomize.images"_s,
                       tr("one per line: nginx=nginx:1.27 or nginx:1.27"));

    auto [helm, helmForm] = group(tr("Helm"));
    m_helm = helm;
    m_releaseName = addLine(helmForm, "releaseName", tr("Release name:"), {});
    m_valueFiles = addText(helmForm, "valueFiles", tr("Value files:"), u"spec.source.helm.valueFiles"_s,
                           tr("one per line, relative to the chart: values-production.yaml"));
    m_values
        = addText(helmForm, "values", tr("Values:"), u"spec.source.helm.values"_s, tr("YAML, over the chart's values"));
    m_parameters = addText(helmForm, "parameters", tr("Parameters:"), u"spec.source.helm.parameters"_s,
                           tr("name=value, one per line: image.tag=1.27"));

    auto [destination, destinationForm] = group(tr("Destination"));
    m_cluster = new QComboBox(this);
    m_cluster->setObjectName(u"cluster"_s);
    m_cluster->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    destinationForm->addRow(tr("C&luster:"), m_cluster);
    errorRow(destinationForm, u"spec.destination.server"_s);
    connect(m_cluster, &QComboBox::currentIndexChanged, this, &ApplicationForm::validate);
    m_namespace = addLine(destinationForm, "namespace", tr("Na&mespace:"), u"spec.destination.namespace"_s);

    auto [policy, policyForm] = group(tr("Sync Policy"));
    m_automated = new QCheckBox(tr("&Automated: sync when Git changes"), this);
    m_automated->setObjectName(u"automated"_s);
    m_prune = new QCheckBox(tr("P&rune resources no longer in Git"), this);
    m_prune->setObjectName(u"prune"_s);
    m_selfHeal = new QCheckBox(tr("&Self-heal: undo changes made in the cluster"), this);
    m_selfHeal->setObjectName(u"selfHeal"_s);
    policyForm->addRow(m_automated);
    policyForm->addRow(m_prune);
    policyForm->addRow(m_selfHeal);
    connect(m_automated, &QCheckBox::toggled, this, [this](bool on) {
        m_prune->setEnabled(on);
        m_selfHeal->setEnabled(on);
    });
    auto *options = new QWidget(this);
    auto *optionsLayout = new QGridLayout(options);
    optionsLayout->setContentsMargins(0, 0, 0, 0);
    const QMap<QString, QString> optionText{
        {u"CreateNamespace"_s, tr("Create namespace")},
        {u"ApplyOutOfSyncOnly"_s, tr("Apply out-of-sync only")},
        {u"ServerSideApply"_s, tr("Server-side apply")},
        {u"PruneLast"_s, tr("Prune last")},
        {u"Replace"_s, tr("Replace")},
    };
    for (int i = 0; i < syncOptionNames.size(); ++i) {
        auto *box = new QCheckBox(optionText.value(syncOptionNames.at(i)), this);
        box->setObjectName(u"option"_s + syncOptionNames.at(i));
        optionsLayout->addWidget(box, i / 3, i % 3);
        m_syncOptions.insert(syncOptionNames.at(i), box);
    }
    policyForm->addRow(tr("Sync options:"), options);
    m_retry = new RetryEditor(tr("Re&try when a sync fails"), this);
    policyForm->addRow(m_retry);
    connect(m_retry, &RetryEditor::changed, this, &ApplicationForm::validate);

    layout->addStretch(1);
    return page;
}

void ApplicationForm::setApplication(const QJsonObject &application)
{
    m_base = application;
    const QJsonObject metadata = application.value(u"metadata").toObject();
    const QJsonObject spec = application.value(u"spec").toObject();
    const QJsonObject source = spec.value(u"source").toObject();
    const QJsonObject destination = spec.value(u"destination").toObject();
    const QJsonObject policy = spec.value(u"syncPolicy").toObject();
    m_name->setText(metadata.value(u"name").toString());
    m_name->setReadOnly(isEditing());
    setCombo(m_project, spec.value(u"project").toString());
    const bool several = spec.contains(u"sources");
    m_sourcesNote->setVisible(several);
    for (QWidget *field :
         std::initializer_list<QWidget *>{m_repository, m_revision, m_path, m_type, m_directory, m_kustomize, m_helm})
        field->setEnabled(!several);
    setCombo(m_repository, source.value(u"repoURL").toString());
    setCombo(m_revision, source.value(u"targetRevision").toString());
    setCombo(m_path, source.value(u"path").toString());
    const QJsonObject directory = source.value(u"directory").toObject();
    const QJsonObject kustomize = source.value(u"kustomize").toObject();
    const QJsonObject helm = source.value(u"helm").toObject();
    m_type->setCurrentIndex(!helm.isEmpty() ? 2 : !kustomize.isEmpty() ? 1 : m_type->currentIndex());
    m_recurse->setChecked(directory.value(u"recurse").toBool());
    m_include->setText(directory.value(u"include").toString());
    m_exclude->setText(directory.value(u"exclude").toString());
    m_tlas->setPlainText(pairLines(directory.value(u"jsonnet").toObject().value(u"tlas").toArray()));
    m_namePrefix->setText(kustomize.value(u"namePrefix").toString());
    m_nameSuffix->setText(kustomize.value(u"nameSuffix").toString());
    m_images->setPlainText(stringLines(kustomize.value(u"images").toArray()));
    m_releaseName->setText(helm.value(u"releaseName").toString());
    m_valueFiles->setPlainText(stringLines(helm.value(u"valueFiles").toArray()));
    m_values->setPlainText(helm.value(u"values").toString());
    m_parameters->setPlainText(pairLines(helm.value(u"parameters").toArray()));
    const QString server = destination.value(u"server").toString();
    if (m_cluster->findData(server) < 0 && !server.isEmpty())
        m_cluster->addItem(server, server);
    m_cluster->setCurrentIndex(m_cluster->findData(server));
    m_namespace->setText(destination.value(u"namespace").toString());
    const bool automated = policy.contains(u"automated");
    m_automated->setChecked(automated);
    m_prune->setEnabled(automated);
    m_selfHeal->setEnabled(automated);
    m_prune->setChecked(policy.value(u"automated").toObject().value(u"prune").toBool());
    m_selfHeal->setChecked(policy.value(u"automated").toObject().value(u"selfHeal").toBool());
    const QJsonArray options = policy.value(u"syncOptions").toArray();
    for (auto it = m_syncOptions.cbegin(); it != m_syncOptions.cend(); ++it)
        it.value()->setChecked(options.contains(QString(it.key() + u"=true"_s)));
    std::optional<Model::RetryStrategy> retry;
    if (policy.contains(u"retry")) {
        if (auto parsed = Model::fromJson<Model::RetryStrategy>(policy.value(u"retry").toObject()))
            retry = *parsed;
    }
    m_retry->setValue(retry);
    updateSourceType();
    validate();
}

QJsonObject ApplicationForm::formApplication() const
{
    QJsonObject application = m_base;
    QJsonObject metadata = application.value(u"metadata").toObject();
    metadata.insert(u"name"_s, m_name->text().trimmed());
    application.insert(u"metadata"_s, metadata);
    QJsonObject spec = application.value(u"spec").toObject();
    spec.insert(u"project"_s, m_project->currentText().trimmed());

    if (!spec.contains(u"sources")) {
        QJsonObject source = spec.value(u"source").toObject();
        put(source, u"repoURL"_s, m_repository->currentText().trimmed());
        put(source, u"targetRevision"_s, m_revision->currentText().trimmed());
        put(source, u"path"_s, m_path->currentText().trimmed());
        const QString type = m_type->currentData().toString();
        QJsonObject directory = source.value(u"directory").toObject();
        QJsonObject kustomize = source.value(u"kustomize").toObject();
        QJsonObject helm = source.value(u"helm").toObject();
        put(directory, u"recurse"_s, m_recurse->isChecked());
        put(directory, u"include"_s, m_include->text().trimmed());
        put(directory, u"exclude"_s, m_exclude->text().trimmed());
        QJsonObject jsonnet = directory.value(u"jsonnet").toObject();
        if (const auto tlas = pairs(m_tlas); std::holds_alternative<QJsonArray>(tlas))
            put(jsonnet, u"tlas"_s, std::get<QJsonArray>(tlas));
        put(directory, u"jsonnet"_s, jsonnet);
        put(kustomize, u"namePrefix"_s, m_namePrefix->text().trimmed());
        put(kustomize, u"nameSuffix"_s, m_nameSuffix->text().trimmed());
        put(kustomize, u"images"_s, QJsonArray::fromStringList(lines(m_images)));
        put(helm, u"releaseName"_s, m_releaseName->text().trimmed());
        put(helm, u"valueFiles"_s, QJsonArray::fromStringList(lines(m_valueFiles)));
        put(helm, u"values"_s, m_values->toPlainText().trimmed().isEmpty() ? QString() : m_values->toPlainText());
        if (const auto parameters = pairs(m_parameters); std::holds_alternative<QJsonArray>(parameters))
            put(helm, u"parameters"_s, std::get<QJsonArray>(parameters));
        // Only the chosen type's settings are kept.
        put(source, u"directory"_s, type == u"Directory" ? directory : QJsonObject());
        put(source, u"kustomize"_s, type == u"Kustomize" ? kustomize : QJsonObject());
        put(source, u"helm"_s, type == u"Helm" ? helm : QJsonObject());
        spec.insert(u"source"_s, source);
    }

    QJsonObject destination = spec.value(u"destination").toObject();
    put(destination, u"server"_s, m_cluster->currentData().toString());
    put(destination, u"namespace"_s, m_namespace->text().trimmed());
    spec.insert(u"destination"_s, destination);

    QJsonObject policy = spec.value(u"syncPolicy").toObject();
    if (m_automated->isChecked()) {
        QJsonObject automated = policy.value(u"automated").toObject();
        put(automated, u"prune"_s, m_prune->isChecked());
        put(automated, u"selfHeal"_s, m_selfHeal->isChecked());
        policy.insert(u"automated"_s, automated);
    } else {
        policy.remove(u"automated"_s);
    }
    // The options the form shows are set from it; any others are kept.
    QJsonArray options;
    for (const QJsonValue &option : policy.value(u"syncOptions").toArray()) {
        if (!syncOptionNames.contains(option.toString().section(u'=', 0, 0)))
            options.append(option);
    }
    for (const QString &name : syncOptionNames) {
        if (m_syncOptions.value(name)->isChecked())
            options.append(QString(name + u"=true"_s));
    }
    put(policy, u"syncOptions"_s, options);
    const auto retry = m_retry->value();
    put(policy, u"retry"_s, retry ? Model::toJson(*retry) : QJsonObject());
    put(spec, u"syncPolicy"_s, policy);
    application.insert(u"spec"_s, spec);
    return application;
}

QJsonObject ApplicationForm::application() const
{
    if (m_tabs->currentIndex() == 1) {
        auto parsed = Source::ManifestParser::yamlToJson(m_yaml->toPlainText().toUtf8(), u"application.yaml"_s);
        if (parsed && parsed->isObject())
            return parsed->toObject();
        return {};
    }
    return formApplication();
}

bool ApplicationForm::leaveYaml()
{
    const auto parsed = Source::ManifestParser::yamlToJson(m_yaml->toPlainText().toUtf8(), u"application.yaml"_s);
    QString error;
    if (!parsed)
        error = parsed.error().message;
    else if (!parsed->isObject() || parsed->toObject().value(u"kind").toString() != u"Application")
        error = tr("This is not an Application: the YAML must be one object of kind Application.");
    if (error.isEmpty()) {
        m_yamlError->hide();
        setApplication(parsed->toObject());
        return true;
    }
    m_yamlError->setText(error);
    m_yamlError->show();
    // Put the cursor on the line the error names ("application.yaml:7:3: …").
    static const QRegularExpression where(u":(\\d+)(?::(\\d+))?"_s);
    if (const auto match = where.match(error); match.hasMatch()) {
        const QTextBlock block = m_yaml->document()->findBlockByNumber(match.captured(1).toInt() - 1);
        if (block.isValid()) {
            QTextCursor cursor(block);
            m_yaml->setTextCursor(cursor);
            m_yaml->centerCursor();
        }
    }
    return false;
}

QMap<QString, QString> ApplicationForm::errors() const
{
    QMap<QString, QString> errors = m_serverErrors;
    if (m_tabs->currentIndex() == 1) {
        const auto parsed = Source::ManifestParser::yamlToJson(m_yaml->toPlainText().toUtf8(), u"application.yaml"_s);
        if (!parsed)
            errors.insert(u"yaml"_s, parsed.error().message);
        return errors;
    }
    static const QRegularExpression subdomain(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s);
    static const QRegularExpression label(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"_s);
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        errors.insert(u"metadata.name"_s, tr("An application needs a name."));
    else if (name.size() > 253 || !subdomain.match(name).hasMatch())
        errors.insert(u"metadata.name"_s,
                      tr("Use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit."));
    if (m_project->currentText().trimmed().isEmpty())
        errors.insert(u"spec.project"_s, tr("Choose a project (\"default\" if there is no other)."));
    if (m_repository->isEnabled()) {
        if (m_repository->currentText().trimmed().isEmpty())
            errors.insert(u"spec.source.repoURL"_s, tr("Choose a repository or enter its URL."));
        if (m_path->currentText().trimmed().isEmpty())
            errors.insert(u"spec.source.path"_s, tr("Enter the folder of the manifests (\".\" for the top)."));
    }
    if (m_cluster->currentData().toString().isEmpty())
        errors.insert(u"spec.destination.server"_s, tr("Choose the cluster to deploy to."));
    const QString ns = m_namespace->text().trimmed();
    if (!ns.isEmpty() && (ns.size() > 63 || !label.match(ns).hasMatch()))
        errors.insert(u"spec.destination.namespace"_s,
                      tr("A namespace is lower-case letters, digits and '-', at most 63."));
    const auto badLine = [&errors](const QString &field, const std::variant<QJsonArray, int> &value) {
        if (std::holds_alternative<int>(value))
            errors.insert(field, tr("Line %1 is not name=value.").arg(std::get<int>(value)));
    };
    const QString type = m_type->currentData().toString();
    if (type == u"Directory")
        badLine(u"spec.source.directory.jsonnet.tlas"_s, pairs(m_tlas));
    if (type == u"Helm") {
        badLine(u"spec.source.helm.parameters"_s, pairs(m_parameters));
        if (!m_values->toPlainText().trimmed().isEmpty()) {
            const auto values = Source::ManifestParser::yamlToJson(m_values->toPlainText().toUtf8(), u"values"_s);
            if (!values)
                errors.insert(u"spec.source.helm.values"_s, values.error().message);
        }
    }
    const QMap<QString, QString> retry = m_retry->errors();
    for (auto it = retry.cbegin(); it != retry.cend(); ++it)
        errors.insert(it.key(), it.value());
    return errors;
}

QString ApplicationForm::errorShown(const QString &field) const
{
    const QLabel *label = m_fieldErrors.value(field);
    if (field == u"yaml")
        return m_yamlError->isVisible() ? m_yamlError->text() : QString();
    return label && !label->isHidden() ? label->text() : QString();
}

void ApplicationForm::validate()
{
    const QMap<QString, QString> errors = this->errors();
    for (auto it = m_fieldErrors.cbegin(); it != m_fieldErrors.cend(); ++it) {
        const QString message = errors.value(it.key());
        it.value()->setText(message);
        it.value()->setVisible(!message.isEmpty());
    }
    if (m_tabs->currentIndex() == 1) {
        m_yamlError->setText(errors.value(u"yaml"_s));
        m_yamlError->setVisible(errors.contains(u"yaml"_s));
    }
    updateSaveButton(errors);
}

void ApplicationForm::updateSourceType()
{
    const QString type = m_type->currentData().toString();
    m_directory->setVisible(type == u"Directory");
    m_kustomize->setVisible(type == u"Kustomize");
    m_helm->setVisible(type == u"Helm");
    validate();
}

void ApplicationForm::loadChoices()
{
    if (!m_connection)
        return;
    ApiClient *client = m_connection->client();
    client->getJson(u"/api/v1/projects"_s).then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer)
            return;
        const QString current = m_project->currentText();
        for (const QJsonValue &item : answer->object().value(u"items").toArray())
            setCombo(m_project, item[u"metadata"][u"name"].toString());
        m_project->setCurrentText(current);
    });
    client->getJson(u"/api/v1/clusters"_s).then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer)
            return;
        const QString current = m_cluster->currentData().toString();
        for (const QJsonValue &item : answer->object().value(u"items").toArray()) {
            const QString server = item[u"server"].toString();
            const QString name = item[u"name"].toString();
            const QString text = name.isEmpty() || name == server ? server : tr("%1 (%2)").arg(name, server);
            if (const int at = m_cluster->findData(server); at >= 0)
                m_cluster->setItemText(at, text);
            else
                m_cluster->addItem(text, server);
        }
        m_cluster->setCurrentIndex(m_cluster->findData(current));
        validate();
    });
    client->getJson(u"/api/v1/repositories"_s).then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer)
            return;
        const QString current = m_repository->currentText();
        for (const QJsonValue &item : answer->object().value(u"items").toArray()) {
            const QString url = item[u"repo"].toString();
            if (m_repository->findText(url) < 0)
                m_repository->addItem(url, item[u"connectionState"].toObject());
            else
                m_repository->setItemData(m_repository->findText(url), item[u"connectionState"].toObject());
        }
        m_repository->setCurrentText(current);
        loadRepositoryChoices();
    });
}

void ApplicationForm::loadRepositoryChoices()
{
    const QString url = m_repository->currentText().trimmed();
    if (url.isEmpty() || !m_connection) {
        m_repositoryState->clear();
        return;
    }
    const int at = m_repository->findText(url);
    const QJsonObject state = at >= 0 ? m_repository->itemData(at).toJsonObject() : QJsonObject();
    if (at < 0)
        m_repositoryState->setText(tr("Not registered: the server checks it when the application is saved."));
    else if (state.value(u"status").toString() == u"Successful")
        m_repositoryState->setText(tr("✔ Connected"));
    else
        m_repositoryState->setText(tr("✘ %1").arg(state.value(u"message").toString()));
    // Branches and tags for the revision; then the app folders at it.
    m_connection->client()
        ->getJson(u"/api/v1/repositories/%1/refs"_s.arg(ApiPaths::encoded(url)))
        .then(this, [this, url](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer || url != m_repository->currentText().trimmed())
                return;
            const QString current = m_revision->currentText();
            for (const char *kind : {"branches", "tags"}) {
                for (const QJsonValue &ref : answer->object().value(QLatin1StringView(kind)).toArray())
                    setCombo(m_revision, ref.toString());
            }
            m_revision->setCurrentText(current);
        });
    loadApps();
}

void ApplicationForm::loadApps()
{
    const QString url = m_repository->currentText().trimmed();
    if (url.isEmpty() || !m_connection)
        return;
    QString query = u"/api/v1/repositories/%1/apps"_s.arg(ApiPaths::encoded(url));
    if (const QString revision = m_revision->currentText().trimmed(); !revision.isEmpty())
        query += u"?revision="_s + ApiPaths::encoded(revision);
    m_connection->client()->getJson(query).then(this, [this, url](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer || url != m_repository->currentText().trimmed())
            return;
        const QString current = m_path->currentText();
        for (const QJsonValue &item : answer->object().value(u"items").toArray()) {
            const QString path = item[u"path"].toString();
            const int at = m_path->findText(path);
            if (at < 0)
                m_path->addItem(path, item[u"type"].toString());
            else
                m_path->setItemData(at, item[u"type"].toString());
        }
        m_path->setCurrentText(current);
    });
}

void ApplicationForm::showServerError(const QString &message)
{
    // "spec.destination.namespace: …" goes next to its field, the rest on top.
    m_serverErrors.clear();
    QStringList general;
    for (const QString &part : message.split(u"; "_s)) {
        bool placed = false;
        for (auto it = m_fieldErrors.cbegin(); it != m_fieldErrors.cend() && !placed; ++it) {
            const qsizetype at = part.indexOf(it.key() + u':');
            if (at >= 0) {
                m_serverErrors.insert(it.key(), part.mid(at + it.key().size() + 1).trimmed());
                placed = true;
            }
        }
        if (!placed)
            general << part;
    }
    m_error->setText(general.join(u'\n'));
    m_error->setVisible(!general.isEmpty());
    validate();
    // They are the server's word on this version; the next edit may fix them.
    m_serverErrors.clear();
}

void ApplicationForm::save()
{
    if (m_tabs->currentIndex() == 1 && !leaveYaml())
        return;
    validate();
    if (!errors().isEmpty() || isSending() || !m_connection)
        return;
    const QJsonObject application = formApplication();
    const QJsonObject metadata = application.value(u"metadata").toObject();
    const QString name = metadata.value(u"name").toString();
    m_error->hide();
    send(isEditing() ? m_connection->client()->send(
             "PUT", ApiPaths::application(name, metadata.value(u"namespace").toString()), QJsonDocument(application))
                     : m_connection->client()->send("POST", u"/api/v1/applications"_s, QJsonDocument(application)),
         name);
}

} // namespace Capstan
