// SPDX-License-Identifier: Apache-2.0
#include "repositorycredentials.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {
const auto masked = u"******"_s;
}

QString redactUrl(const QString &url)
{
    // scheme://user:secret@host -> scheme://user:******@host, anywhere in a text.
    static const QRegularExpression userInfo(u"([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*):[^/\\s@]*@"_s);
    QString text = url;
    return text.replace(userInfo, u"\\1:"_s + masked + u'@');
}

QString RepositoryCredentials::redact(QString text) const
{
    for (const QString *secret : {&password, &bearerToken, &sshPrivateKey}) {
        if (!secret->isEmpty())
            text.replace(*secret, masked);
    }
    return redactUrl(text);
}

RepositoryCredentials credentialsFor(const QString &url, const RepositoryCredentials &own,
                                     const QList<CredentialTemplate> &templates)
{
    if (own.hasSecrets() || !own.username.isEmpty())
        return own;
    const CredentialTemplate *best = nullptr;
    for (const CredentialTemplate &candidate : templates) {
        if (!candidate.urlPrefix.isEmpty() && url.startsWith(candidate.urlPrefix)
            && (!best || candidate.urlPrefix.size() > best->urlPrefix.size()))
            best = &candidate;
    }
    if (!best)
        return own;
    RepositoryCredentials result = best->credentials;
    // A repository's own "insecure" flag stays in force under a template.
    result.insecure = result.insecure || own.insecure;
    return result;
}

} // namespace Capstan::Source
