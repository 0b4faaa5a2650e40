// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace Capstan::Source {

/// How to authenticate to one Git repository, as in Argo CD's Repository and
/// RepoCreds: HTTPS username and password (or a token as the password), a
/// bearer token, or an SSH private key. None of it is ever logged.
struct RepositoryCredentials
{
    QString username;
    /// A password, or a personal access token.
    QString password;
    /// Sent as "Authorization: Bearer"; Bitbucket Data Center uses this.
    QString bearerToken;
    /// An SSH private key in OpenSSH or PEM form.
    QString sshPrivateKey;
    /// Skips TLS verification and the SSH known_hosts check. Never implied.
    bool insecure = false;

    bool hasSecrets() const { return !password.isEmpty() || !bearerToken.isEmpty() || !sshPrivateKey.isEmpty(); }

    /// Replaces every secret in text, and the password part of any URL, with
    /// asterisks, for messages that may quote what a server or tool said.
    QString redact(QString text) const;

    friend bool operator==(const RepositoryCredentials &, const RepositoryCredentials &) = default;
};

/// Argo CD's credential template (repocreds): applies to every repository
/// whose URL starts with urlPrefix.
struct CredentialTemplate
{
    QString urlPrefix;
    RepositoryCredentials credentials;
};

/// The credentials Argo CD would use for url: the repository's own when it has
/// any, otherwise the template with the longest matching prefix, otherwise none.
RepositoryCredentials credentialsFor(const QString &url, const RepositoryCredentials &own,
                                     const QList<CredentialTemplate> &templates);

/// Removes the password from a URL's user info ("https://u:p@h/" becomes
/// "https://u:******@h/"), for logs and messages.
QString redactUrl(const QString &url);

} // namespace Capstan::Source
