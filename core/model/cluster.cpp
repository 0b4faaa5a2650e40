// SPDX-License-Identifier: Apache-2.0
#include "cluster.h"

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
    return {u"config.password"_s, u"config.bearerToken"_s, u"config.tlsClientConfig.keyData"_s,
            u"config.execProviderConfig.args"_s, u"config.execProviderConfig.env"_s};
}
} // namespace

QJsonObject Cluster::secrets() const
{
    return secretsOf(*this, secretPaths());
}

Cluster Cluster::withoutSecrets() const
{
    return withoutFields(*this, secretPaths());
}

void Cluster::restoreSecrets(const QJsonObject &secrets)
{
    *this = withFields(*this, secrets);
}

QList<FieldError> Cluster::validate() const
{
    QList<FieldError> errors;
    const QUrl url(server, QUrl::StrictMode);
    if (server.isEmpty())
        errors.append({u"server"_s, Tr::tr("is required")});
    else if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
        errors.append({u"server"_s, Tr::tr("\"%1\" is not an http(s) URL").arg(server)});
    if (!name.isEmpty() && name.trimmed() != name)
        errors.append({u"name"_s, Tr::tr("must not start or end with spaces")});
    for (const auto &[path, data] : {std::pair{u"config.tlsClientConfig.caData"_s, config.tlsClientConfig.caData},
                                     std::pair{u"config.tlsClientConfig.certData"_s, config.tlsClientConfig.certData},
                                     std::pair{u"config.tlsClientConfig.keyData"_s, config.tlsClientConfig.keyData}}) {
        if (data.isEmpty())
            continue;
        const auto decoded = QByteArray::fromBase64Encoding(data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || !decoded.decoded.contains("-----BEGIN"))
            errors.append({path, Tr::tr("must be base64 of PEM data")});
    }
    return errors;
}

} // namespace Capstan::Model
