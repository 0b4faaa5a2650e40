// SPDX-License-Identifier: Apache-2.0
#include "repository.h"

#include <QUrl>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Capstan::Model {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Model)
};
} // namespace

namespace {

QStringList secretPaths()
{
    return {
        u"password"_s,   u"sshPrivateKey"_s, u"tlsClientCertKey"_s, u"githubAppPrivateKey"_s, u"gcpServiceAccountKey"_s,
        u"bearerToken"_s};
}

/// What Git accepts: a URL with a scheme (https, http, ssh, git, file) or
/// scp-like "user@host:path".
bool isRepositoryUrl(const QString &text)
{
    static const QStringList schemes{u"https"_s, u"http"_s, u"ssh"_s, u"git"_s, u"file"_s};
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() && schemes.contains(url.scheme()))
        return url.scheme() == u"file" ? !url.path().isEmpty() : !url.host().isEmpty();
    const qsizetype colon = text.indexOf(u':');
    return colon > 0 && !text.contains(u"://"_s) && text.left(colon).contains(u'@') && colon < text.size() - 1;
}

void checkType(const QString &type, QList<FieldError> &errors)
{
    if (!type.isEmpty() && type != u"git" && type != u"helm" && type != u"oci")
        errors.append({u"type"_s, Tr::tr("must be \"git\", \"helm\" or \"oci\"")});
}

} // namespace

QJsonObject Repository::secrets() const
{
    return secretsOf(*this, secretPaths());
}

Repository Repository::withoutSecrets() const
{
    return withoutFields(*this, secretPaths());
}

void Repository::restoreSecrets(const QJsonObject &secrets)
{
    *this = withFields(*this, secrets);
}

QList<FieldError> Repository::validate() const
{
    QList<FieldError> errors;
    if (repo.isEmpty())
        errors.append({u"repo"_s, Tr::tr("is required")});
    else if (!isRepositoryUrl(repo))
        errors.append({u"repo"_s, Tr::tr("\"%1\" is not a repository URL").arg(repo)});
    checkType(type, errors);
    if (!sshPrivateKey.isEmpty() && !sshPrivateKey.contains(u"PRIVATE KEY"_s))
        errors.append({u"sshPrivateKey"_s, Tr::tr("is not a PEM or OpenSSH private key")});
    if (!password.isEmpty() && username.isEmpty() && bearerToken.isEmpty())
        errors.append({u"username"_s, Tr::tr("is required with a password")});
    return errors;
}

QJsonObject RepoCreds::secrets() const
{
    return secretsOf(*this, secretPaths());
}

RepoCreds RepoCreds::withoutSecrets() const
{
    return withoutFields(*this, secretPaths());
}

void RepoCreds::restoreSecrets(const QJsonObject &secrets)
{
    *this = withFields(*this, secrets);
}

QList<FieldError> RepoCreds::validate() const
{
    QList<FieldError> errors;
    if (url.isEmpty())
        errors.append({u"url"_s, Tr::tr("is required")});
    checkType(type, errors);
    if (!sshPrivateKey.isEmpty() && !sshPrivateKey.contains(u"PRIVATE KEY"_s))
        errors.append({u"sshPrivateKey"_s, Tr::tr("is not a PEM or OpenSSH private key")});
    return errors;
}

} // namespace Capstan::Model
