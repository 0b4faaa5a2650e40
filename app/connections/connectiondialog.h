// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "connection.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QStackedWidget;

namespace Capstan {

class ApiClient;

/// Adds a remote server, or signs in to one again: the address, a login with
/// user name and password (Argo CD's /api/v1/session) or a pasted token. It
/// checks everything before it accepts: the server answers as an Argo CD API,
/// its certificate is trusted (an unknown one is shown with its SHA-256
/// fingerprint for the user to trust), and the login or token works. Every
/// problem is shown in the dialog, next to what caused it.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    /// For a new server; with @p existing, to sign in to that one again.
    explicit ConnectionDialog(QWidget *parent = nullptr, const Connection *existing = nullptr);
    ~ConnectionDialog() override;

    /// Once accepted: what to keep, and the token.
    Connection::Settings settings() const { return m_settings; }
    QByteArray token() const { return m_token; }

private:
    void tryConnect();
    void showError(const QString &message, QWidget *field = nullptr);
    void setBusy(bool busy);
    void signIn();

    QLineEdit *m_url;
    QLineEdit *m_name;
    QRadioButton *m_passwordMode;
    QRadioButton *m_tokenMode;
    QStackedWidget *m_credentials;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_tokenEdit;
    QLabel *m_certificate;
    QCheckBox *m_trust;
    QLabel *m_error;
    QLabel *m_busy;
    QDialogButtonBox *m_buttons;
    ApiClient *m_client;
    Connection::Settings m_settings;
    QByteArray m_token;
    QString m_presentedFingerprint;
    quint64 m_attempt = 0;
};

} // namespace Capstan
