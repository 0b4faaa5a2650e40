// SPDX-License-Identifier: Apache-2.0
#include "connectiondialog.h"

#include "client/apiclient.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

ConnectionDialog::ConnectionDialog(QWidget *parent, const Connection *existing)
    : QDialog(parent)
    , m_url(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_passwordMode(new QRadioButton(tr("&User name and password"), this))
    , m_tokenMode(new QRadioButton(tr("&Token"), this))
    , m_credentials(new QStackedWidget(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_tokenEdit(new QLineEdit(this))
    , m_certificate(new QLabel(this))
    , m_trust(new QCheckBox(this))
    , m_error(new QLabel(this))
    , m_busy(new QLabel(tr("Connecting…"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_client(new ApiClient(this))
{
    setWindowTitle(existing ? tr("Sign In to %1").arg(existing->name()) : tr("Add Server"));
    m_url->setObjectName(u"url"_s);
    m_url->setPlaceholderText(u"https://argocd.example.com"_s);
    m_name->setObjectName(u"name"_s);
    m_name->setPlaceholderText(tr("Defaults to the host name"));
    m_username->setObjectName(u"username"_s);
    m_username->setText(u"admin"_s);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setObjectName(u"token"_s);
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setPlaceholderText(tr("An Argo CD session or API token"));
    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"color: palette(link-visited);"_s);
    m_error->hide();
    m_certificate->setObjectName(u"certificate"_s);
    m_certificate->setWordWrap(true);
    m_certificate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_certificate->hide();
    m_trust->setObjectName(u"trust"_s);
    m_trust->hide();
    m_busy->hide();

    auto *passwordPage = new QWidget(this);
    auto *passwordForm = new QFormLayout(passwordPage);
    passwordForm->setContentsMargins({});
    passwordForm->addRow(tr("User &name:"), m_username);
    passwordForm->addRow(tr("&Password:"), m_password);
    auto *tokenPage = new QWidget(this);
    auto *tokenForm = new QFormLayout(tokenPage);
    tokenForm->setContentsMargins({});
    tokenForm->addRow(tr("T&oken:"), m_tokenEdit);
    m_credentials->addWidget(passwordPage);
    m_credentials->addWidget(tokenPage);
    m_passwordMode->setChecked(true);
    connect(m_tokenMode, &QRadioButton::toggled, this,
            [this](bool token) { m_credentials->setCurrentIndex(token ? 1 : 0); });

    auto *form = new QFormLayout;
    form->addRow(tr("Server &address:"), m_url);
    form->addRow(tr("&Display name:"), m_name);
    auto *modes = new QHBoxLayout;
    modes->addWidget(m_passwordMode);
    modes->addWidget(m_tokenMode);
    modes->addStretch();
    form->addRow(tr("Sign in with:"), modes);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_credentials);
    layout->addWidget(m_certificate);
    layout->addWidget(m_trust);
    layout->addWidget(m_error);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(existing ? tr("&Sign In") : tr("&Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::tryConnect);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_client, &ApiClient::certificateRejected, this, [this](const QSslCertificate &certificate, bool changed) {
        m_presentedFingerprint = ApiClient::fingerprint(certificate);
        const QString subject = certificate.subjectDisplayName();
        m_certificate->setText(
            (changed ? tr("<b>The certificate of this server has changed.</b> Trust the new one only if you know "
                          "why it changed.")
                     : tr("<b>This server's certificate is not signed by an authority this computer trusts.</b>"))
            + tr("<br>Issued to: %1<br>Issued by: %2<br>Valid until: %3<br>SHA-256: <tt>%4</tt>")
                  .arg(subject.toHtmlEscaped(), certificate.issuerDisplayName().toHtmlEscaped(),
                       QLocale().toString(certificate.expiryDate(), QLocale::ShortFormat), m_presentedFingerprint));
        m_certificate->show();
        m_trust->setText(tr("&Trust this certificate for this server"));
        m_trust->setChecked(false);
        m_trust->show();
    });

    if (existing) {
        m_settings = existing->settings();
        m_url->setText(existing->url().toDisplayString());
        m_url->setReadOnly(true);
        m_name->setText(existing->name());
        if (!m_settings.username.isEmpty())
            m_username->setText(m_settings.username);
        m_password->setFocus();
    }
    resize(520, sizeHint().height());
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::showError(const QString &message, QWidget *field)
{
    setBusy(false);
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    if (field)
        field->setFocus();
}

void ConnectionDialog::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
}

void ConnectionDialog::tryConnect()
{
    QString text = m_url->text().trimmed();
    if (!text.contains(u"://"_s))
        text.prepend(u"https://"_s);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"https" && url.scheme() != u"http")) {
        showError(tr("“%1” is not a server address: write it as https://host[:port].").arg(m_url->text()), m_url);
        return;
    }
    if (m_passwordMode->isChecked() && m_username->text().trimmed().isEmpty()) {
        showError(tr("Enter the user name."), m_username);
        return;
    }
    if (m_tokenMode->isChecked() && m_tokenEdit->text().trimmed().isEmpty()) {
        showError(tr("Paste a token."), m_tokenEdit);
        return;
    }
    showError({});
    setBusy(true);
    m_settings.url = url;
    m_settings.name = m_name->text().trimmed().isEmpty() ? url.host() : m_name->text().trimmed();
    // The fingerprint the user agreed to, or the one trusted before.
    if (m_trust->isVisible() && m_trust->isChecked())
        m_settings.trustedFingerprint = m_presentedFingerprint;
    m_client->setTrustedFingerprint(m_settings.trustedFingerprint);
    m_client->setServer(url);
    m_certificate->hide();
    m_trust->hide();
    const quint64 attempt = ++m_attempt;
    m_client->connectToServer().then(this, [this, attempt](ApiClient::State state) {
        if (attempt != m_attempt)
            return;
        if (state != ApiClient::State::Connected) {
            showError(m_client->errorString(), m_url);
            return;
        }
        signIn();
    });
}

void ConnectionDialog::signIn()
{
    const quint64 attempt = m_attempt;
    const auto accepted = [this](const QByteArray &token) {
        m_token = token;
        if (m_passwordMode->isChecked())
            m_settings.username = m_username->text().trimmed();
        setBusy(false);
        accept();
    };
    if (m_passwordMode->isChecked()) {
        m_client->login(m_username->text().trimmed(), m_password->text())
            .then(this, [this, attempt, accepted](const Result<QByteArray, ApiError> &token) {
                if (attempt != m_attempt)
                    return;
                if (!token) {
                    showError(token.error().httpStatus == 401 ? tr("The user name or password is not right.")
                                                              : token.error().message,
                              m_password);
                    return;
                }
                accepted(*token);
            });
        return;
    }
    const QByteArray token = m_tokenEdit->text().trimmed().toUtf8();
    m_client->setBearerToken(token);
    m_client->getJson(u"/api/v1/session/userinfo"_s)
        .then(this, [this, attempt, token, accepted](const Result<QJsonDocument, ApiError> &info) {
            if (attempt != m_attempt)
                return;
            if (!info) {
                showError(info.error().message, m_tokenEdit);
                return;
            }
            if (!info->object().value(u"loggedIn").toBool()) {
                showError(tr("The server does not accept this token."), m_tokenEdit);
                return;
            }
            m_settings.username = info->object().value(u"username").toString();
            accepted(token);
        });
}

} // namespace Capstan
