// SPDX-License-Identifier: Apache-2.0
#include "serverconfiguration.h"

#include "base/files.h"
#include "kube/localcluster/certificates.h"
#include "serverlogging.h"
#include "source/manifests/manifestparser.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QSslCertificate>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::ServerConfiguration)
};

Result<QSslConfiguration> configurationOf(const QByteArray &chainPem, const QByteArray &keyPem, const QString &origin)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(chainPem, QSsl::Pem);
    if (chain.isEmpty())
        return Failure(Tr::tr("%1 holds no PEM certificate").arg(origin));
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        return Failure(Tr::tr("%1 holds no PEM private key (RSA or EC)").arg(origin));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

/// Whether the certificate in @p pem serves every one of @p hosts for 30 more days.
bool stillServes(const QByteArray &pem, const QStringList &hosts)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty())
        return false;
    const QSslCertificate &certificate = certificates.constFirst();
    if (certificate.expiryDate() < QDateTime::currentDateTimeUtc().addDays(30))
        return false;
    const auto names = certificate.subjectAlternativeNames();
    QStringList covered = names.values(QSsl::DnsEntry) + names.values(QSsl::IpAddressEntry);
    for (QString &name : covered)
        name = name.toLower();
    for (const QString &host : hosts)
        if (!covered.contains(host.toLower()))
            return false;
    return true;
}

} // namespace

Result<QSslConfiguration> ServerTls::fromFiles(const QString &certificateFile, const QString &keyFile)
{
    QFile certificate(certificateFile);
    if (!certificate.open(QIODevice::ReadOnly))
        return Failure(Tr::tr("cannot read %1: %2").arg(certificateFile, certificate.errorString()));
    QFile key(keyFile);
    if (!key.open(QIODevice::ReadOnly))
        return Failure(Tr::tr("cannot read %1: %2").arg(keyFile, key.errorString()));
    return configurationOf(certificate.readAll(), key.readAll(), certificateFile + u", "_s + keyFile);
}

Result<QSslConfiguration> ServerTls::selfSigned(const QString &directory, const QStringList &extraHosts)
{
    const QDir folder(directory);
    if (!folder.exists() && !QDir().mkpath(directory))
        return Failure(Tr::tr("cannot create %1").arg(directory));
    QStringList hosts{u"localhost"_s, u"127.0.0.1"_s, u"::1"_s};
    const QString hostName = QHostInfo::localHostName();
    if (!hostName.isEmpty() && !hosts.contains(hostName))
        hosts.append(hostName);
    for (const QString &extra : extraHosts)
        if (!extra.isEmpty() && !hosts.contains(extra))
            hosts.append(extra);

    const QString certificateFile = folder.filePath(u"tls.crt"_s);
    const QString keyFile = folder.filePath(u"tls.key"_s);
    const QByteArray existing = Files::readAll(certificateFile);
    if (stillServes(existing, hosts))
        return fromFiles(certificateFile, keyFile);

    auto authority = Kube::CertificateAuthority::create(u"capstan-server CA"_s);
    if (!authority)
        return Failure(authority.error());
    Kube::CertificateRequest request;
    request.commonName = u"capstan-server"_s;
    request.server = true;
    for (const QString &host : std::as_const(hosts)) {
        const QHostAddress address(host);
        if (address.isNull())
            request.dnsNames.append(host);
        else
            request.ipAddresses.append(address);
    }
    auto issued = authority->issue(request);
    if (!issued)
        return Failure(issued.error());
    // The chain holds the serving certificate and the authority, so that a
    // client trusting ca.crt verifies it.
    const QByteArray chain = issued->certificate + authority->pem().certificate;
    for (const auto &[path, content, permissions] :
         {std::tuple{folder.filePath(u"ca.crt"_s), authority->pem().certificate, Files::publicFile},
          std::tuple{keyFile, issued->privateKey, Files::privateFile},
          std::tuple{certificateFile, chain, Files::publicFile}}) {
        if (auto written = Files::writeAtomically(path, content, permissions); !written)
            return Failure(written.error());
    }
    qCInfo(lcServer).noquote() << "made a TLS certificate for" << hosts.join(u", ") << "signed by"
                               << folder.filePath(u"ca.crt"_s);
    return configurationOf(chain, issued->privateKey, certificateFile);
}

Result<ServerSettings> readServerConfiguration(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Failure(Tr::tr("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray text = file.readAll();
    const auto format = path.endsWith(u".json"_s, Qt::CaseInsensitive) ? Source::ManifestParser::Format::Json
                                                                       : Source::ManifestParser::Format::Yaml;
    const auto documents = Source::ManifestParser::parse(text, QFileInfo(path).fileName(), format);
    if (!documents)
        return Failure(documents.error().message);
    ServerSettings settings;
    for (const QJsonObject &document : *documents) {
        const QString kind = document.value(u"kind").toString();
        const QString name = document.value(u"metadata").toObject().value(u"name").toString();
        if (kind != u"ConfigMap" || (name != u"argocd-cm" && name != u"argocd-rbac-cm"))
            return Failure(Tr::tr("%1: %2 “%3” is not a setting Capstan reads; use ConfigMaps named argocd-cm "
                                  "and argocd-rbac-cm")
                               .arg(path, kind.isEmpty() ? Tr::tr("an object") : kind, name));
        QMap<QString, QString> &target = name == u"argocd-cm" ? settings.configMap : settings.rbacConfigMap;
        const QJsonObject data = document.value(u"data").toObject();
        for (auto it = data.begin(); it != data.end(); ++it) {
            if (!it->isString())
                return Failure(Tr::tr("%1: %2 data.%3 must be a string").arg(path, name, it.key()));
            target.insert(it.key(), it->toString());
        }
    }
    return settings;
}

} // namespace Capstan
