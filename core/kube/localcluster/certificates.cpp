// SPDX-License-Identifier: Apache-2.0
#include "certificates.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::CertificateAuthority)
};

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

/// OpenSSL's last error, for a message.
QString opensslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    char buffer[256] = {};
    if (code)
        ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    return Tr::tr("%1 failed: %2")
        .arg(QLatin1String(what), code ? QString::fromLatin1(buffer) : Tr::tr("unknown error"));
}

KeyPtr newKey()
{
    return KeyPtr(EVP_EC_gen("P-256"));
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

QByteArray privateKeyPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr))
        return {};
    return drain(bio.get());
}

QByteArray publicKeyPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PUBKEY(bio.get(), key))
        return {};
    return drain(bio.get());
}

QByteArray certificatePem(X509 *cert)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(bio.get(), cert))
        return {};
    return drain(bio.get());
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr extension(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return extension && X509_add_ext(cert, extension.get(), -1);
}

/// A certificate for @p key with a random serial, valid from an hour ago
/// (clocks differ) for @p validity.
CertPtr newCertificate(EVP_PKEY *key, const QString &commonName, const QStringList &organizations,
                       std::chrono::hours validity)
{
    CertPtr cert(X509_new());
    if (!cert || !X509_set_version(cert.get(), 2))
        return {};
    ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), qint64(QRandomGenerator::system()->generate64() >> 2));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(std::chrono::seconds(validity).count()));
    X509_set_pubkey(cert.get(), key);
    X509_NAME *name = X509_get_subject_name(cert.get());
    for (const QString &organization : organizations) {
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(organization.toUtf8().constData()), -1, -1,
                                   0);
    }
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(commonName.toUtf8().constData()), -1, -1, 0);
    return cert;
}

} // namespace

struct CertificateAuthority::Private
{
    KeyPtr key;
    CertPtr certificate;
};

CertificateAuthority::CertificateAuthority(std::unique_ptr<Private> dd)
    : d(std::move(dd))
{ }

CertificateAuthority::~CertificateAuthority() = default;
CertificateAuthority::CertificateAuthority(CertificateAuthority &&) noexcept = default;
CertificateAuthority &CertificateAuthority::operator=(CertificateAuthority &&) noexcept = default;

Result<CertificateAuthority> CertificateAuthority::create(const QString &commonName, std::chrono::hours validity)
{
    auto d = std::make_unique<Private>();
    d->key = newKey();
    if (!d->key)
        return Failure(opensslError("generating the CA key"));
    d->certificate = newCertificate(d->key.get(), commonName, {}, validity);
    if (!d->certificate)
        return Failure(opensslError("creating the CA certificate"));
    X509_set_issuer_name(d->certificate.get(), X509_get_subject_name(d->certificate.get()));
    if (!addExtension(d->certificate.get(), d->certificate.get(), NID_basic_constraints, "critical,CA:TRUE")
        || !addExtension(d->certificate.get(), d->certificate.get(), NID_key_usage,
                         "critical,keyCertSign,cRLSign,digitalSignature")
        || !addExtension(d->certificate.get(), d->certificate.get(), NID_subject_key_identifier, "hash")
        || !X509_sign(d->certificate.get(), d->key.get(), EVP_sha256())) {
        return Failure(opensslError("signing the CA certificate"));
    }
    return CertificateAuthority(std::move(d));
}

Result<CertificateAuthority> CertificateAuthority::load(const PemPair &pem)
{
    auto d = std::make_unique<Private>();
    BioPtr certBio(BIO_new_mem_buf(pem.certificate.constData(), int(pem.certificate.size())));
    d->certificate.reset(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    if (!d->certificate)
        return Failure(opensslError("reading the CA certificate"));
    BioPtr keyBio(BIO_new_mem_buf(pem.privateKey.constData(), int(pem.privateKey.size())));
    d->key.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!d->key)
        return Failure(opensslError("reading the CA key"));
    if (X509_check_private_key(d->certificate.get(), d->key.get()) != 1)
        return Failure(Tr::tr("the CA key does not belong to the CA certificate"));
    return CertificateAuthority(std::move(d));
}

PemPair CertificateAuthority::pem() const
{
    return {certificatePem(d->certificate.get()), privateKeyPem(d->key.get())};
}

Result<PemPair> CertificateAuthority::issue(const CertificateRequest &request) const
{
    KeyPtr key = newKey();
    if (!key)
        return Failure(opensslError("generating a key"));
    CertPtr cert = newCertificate(key.get(), request.commonName, request.organizations, request.validity);
    if (!cert)
        return Failure(opensslError("creating a certificate"));
    X509_set_issuer_name(cert.get(), X509_get_subject_name(d->certificate.get()));

    QStringList usages;
    if (request.server)
        usages << QStringLiteral("serverAuth");
    if (request.client)
        usages << QStringLiteral("clientAuth");
    QStringList names;
    for (const QString &dns : request.dnsNames)
        names << u"DNS:" + dns;
    for (const QHostAddress &ip : request.ipAddresses)
        names << u"IP:" + ip.toString();

    X509 *issuer = d->certificate.get();
    bool ok = addExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment")
        && addExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
    if (ok && !usages.isEmpty())
        ok = addExtension(cert.get(), issuer, NID_ext_key_usage, usages.join(u',').toLatin1());
    if (ok && !names.isEmpty())
        ok = addExtension(cert.get(), issuer, NID_subject_alt_name, names.join(u',').toUtf8());
    if (!ok || !X509_sign(cert.get(), d->key.get(), EVP_sha256()))
        return Failure(opensslError("signing a certificate"));
    return PemPair{certificatePem(cert.get()), privateKeyPem(key.get())};
}

Result<PemKeyPair> generateKeyPair()
{
    KeyPtr key = newKey();
    if (!key)
        return Failure(opensslError("generating a key"));
    return PemKeyPair{publicKeyPem(key.get()), privateKeyPem(key.get())};
}

} // namespace Capstan::Kube
