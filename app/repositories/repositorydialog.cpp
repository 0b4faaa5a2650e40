// SPDX-License-Identifier: Apache-2.0
#include "repositorydialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

RepositoryDialog::RepositoryDialog(Connection *connection, const QJsonObject &repository, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_base(repository)
    , m_editing(!repository.isEmpty())
    , m_type(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_project(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_sshKey(new QPlainTextEdit(this))
    , m_insecure(new QCheckBox(tr("Skip the server's certificate or host key check (insecure)"), this))
    , m_urlError(new QLabel(this))
    , m_error(new QLabel(this))
    , m_testResult(new QLabel(this))
{
    setObjectName(u"repositoryDialog"_s);
    setWindowTitle(m_editing ? tr("Repository %1").arg(repository.value(u"repo").toString()) : tr("Add Repository"));
    m_type->setObjectName(u"type"_s);
    m_type->addItem(tr("Git"), u"git"_s);
    m_type->addItem(tr("Helm"), u"helm"_s);
    m_type->setCurrentIndex(std::max(0, m_type->findData(repository.value(u"type").toString())));
    m_url->setObjectName(u"url"_s);
    m_url->setText(repository.value(u"repo").toString());
    m_url->setReadOnly(m_editing);
    m_url->setPlaceholderText(tr("https://github.com/org/repo.git, git@host:org/repo.git or file:///path"));
    m_name->setObjectName(u"name"_s);
    m_name->setText(repository.value(u"name").toString());
    m_project->setObjectName(u"project"_s);
    m_project->setText(repository.value(u"project").toString());
    m_project->setPlaceholderText(tr("any project"));
    m_username->setObjectName(u"username"_s);
    m_username->setText(repository.value(u"username").toString());
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_sshKey->setObjectName(u"sshPrivateKey"_s);
    m_sshKey->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sshKey->setFixedHeight(m_sshKey->fontMetrics().lineSpacing() * 5 + 12);
    // Secrets are write-only: an edit shows what is there without its value.
    const QString kept = tr("unchanged (the server does not show it)");
    if (m_editing) {
        m_password->setPlaceholderText(kept);
        m_sshKey->setPlaceholderText(kept);
    } else {
        m_sshKey->setPlaceholderText(tr("-----BEGIN OPENSSH PRIVATE KEY-----…"));
    }
    m_insecure->setObjectName(u"insecure"_s);
    m_insecure->setChecked(repository.value(u"insecure").toBool());
    for (QLabel *label : {m_urlError, m_error}) {
        label->setStyleSheet(u"color: #c0392b"_s);
        label->setWordWrap(true);
        label->hide();
    }
    m_urlError->setObjectName(u"urlError"_s);
    m_error->setObjectName(u"repositoryError"_s);
    m_testResult->setObjectName(u"testResult"_s);
    m_testResult->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(QString(), m_urlError);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Project:"), m_project);
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("SSH private &key:"), m_sshKey);
    form->addRow(QString(), m_insecure);

    m_testButton = new QPushButton(tr("Test &Connection"), this);
    m_testButton->setObjectName(u"testButton"_s);
    m_testButton->setAutoDefault(false);
    m_saveButton = new QPushButton(m_editing ? tr("&Save") : tr("&Add"), this);
    m_saveButton->setObjectName(u"saveButton"_s);
    m_saveButton->setDefault(true);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_testButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_saveButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_testButton, &QPushButton::clicked, this, &RepositoryDialog::testConnection);
    connect(m_saveButton, &QPushButton::clicked, this, &RepositoryDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QLineEdit::textChanged, this, &RepositoryDialog::validate);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_testResult);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(640, 480);
    validate();
}

QJsonObject RepositoryDialog::repository() const
{
    QJsonObject repository = m_base;
    repository.insert(u"repo"_s, m_url->text().trimmed());
    repository.insert(u"type"_s, m_type->currentData().toString());
    const auto put = [&repository](const QString &key, const QString &value) {
        if (value.isEmpty())
            repository.remove(key);
        else
            repository.insert(key, value);
    };
    put(u"name"_s, m_name->text().trimmed());
    put(u"project"_s, m_project->text().trimmed());
    put(u"username"_s, m_username->text().trimmed());
    // Write-only: sent when typed, else left as the server has them.
    repository.remove(u"password"_s);
    repository.remove(u"sshPrivateKey"_s);
    put(u"password"_s, m_password->text());
    put(u"sshPrivateKey"_s, m_sshKey->toPlainText().trimmed().isEmpty() ? QString() : m_sshKey->toPlainText());
    repository.insert(u"insecure"_s, m_insecure->isChecked());
    repository.remove(u"connectionState"_s);
    return repository;
}

QMap<QString, QString> RepositoryDialog::errors() const
{
    QMap<QString, QString> errors;
    static const QRegularExpression scp(u"^[\\w.-]+@[\\w.-]+:.+$"_s);
    const QString url = m_url->text().trimmed();
    if (url.isEmpty())
        errors.insert(u"repo"_s, tr("Enter the repository's URL."));
    else if (!url.contains(u"://") && !scp.match(url).hasMatch())
        errors.insert(u"repo"_s, tr("This is not a repository URL: use https://…, ssh://…, git@host:path or file://…"));
    return errors;
}

QString RepositoryDialog::errorShown(const QString &field) const
{
    if (field == u"repo")
        return m_urlError->isHidden() ? QString() : m_urlError->text();
    return m_error->isHidden() ? QString() : m_error->text();
}

void RepositoryDialog::validate()
{
    const QMap<QString, QString> errors = this->errors();
    m_urlError->setText(errors.value(u"repo"_s));
    m_urlError->setVisible(errors.contains(u"repo"_s));
    m_saveButton->setEnabled(errors.isEmpty());
    m_testButton->setEnabled(errors.isEmpty());
}

void RepositoryDialog::testConnection()
{
    if (!errors().isEmpty() || !m_connection)
        return;
    const QJsonObject repository = this->repository();
    QUrlQuery query;
    for (const char *key : {"username", "password", "sshPrivateKey", "type", "name", "project"}) {
        const QString value = repository.value(QLatin1StringView(key)).toString();
        if (!value.isEmpty())
            query.addQueryItem(QString::fromLatin1(key), value);
    }
    query.addQueryItem(u"insecure"_s, m_insecure->isChecked() ? u"true"_s : u"false"_s);
    m_testResult->setText(tr("Testing…"));
    m_testButton->setEnabled(false);
    m_connection->client()
        ->send("POST",
               u"/api/v1/repositories/%1/validate?%2"_s.arg(ApiPaths::encoded(repository.value(u"repo").toString()),
                                                            query.toString(QUrl::FullyEncoded)),
               QJsonDocument(QJsonObject()))
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            m_testButton->setEnabled(errors().isEmpty());
            m_testResult->setText(answer ? tr("✔ The server reached the repository.")
                                         : tr("✘ %1").arg(answer.error().message));
            Q_EMIT tested(answer.ok());
        });
}

void RepositoryDialog::save()
{
    validate();
    if (!errors().isEmpty() || !m_connection)
        return;
    const QJsonObject repository = this->repository();
    const QString url = repository.value(u"repo").toString();
    m_saveButton->setEnabled(false);
    m_error->hide();
    auto request = m_editing
        ? m_connection->client()->send("PUT", u"/api/v1/repositories/%1"_s.arg(ApiPaths::encoded(url)),
                                       QJsonDocument(repository))
        : m_connection->client()->send("POST", u"/api/v1/repositories"_s, QJsonDocument(repository));
    request.then(this, [this, url](const Result<QJsonDocument, ApiError> &answer) {
        m_saveButton->setEnabled(errors().isEmpty());
        if (!answer) {
            // A refusal about the URL belongs next to it.
            QLabel *where = answer.error().message.contains(u"repo") ? m_urlError : m_error;
            where->setText(answer.error().message);
            where->show();
            return;
        }
        Q_EMIT saved(url);
        accept();
    });
}

} // namespace Capstan
