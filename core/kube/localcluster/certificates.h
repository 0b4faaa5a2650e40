// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>

namespace Capstan::Kube {

/// A certificate and its private key, both PEM-encoded.
struct PemPair
{
    QByteArray certificate;
    QByteArray privateKey;
};

/// A public and a private key, both PEM-encoded (the service-account signing key).
struct PemKeyPair
{
    QByteArray publicKey;
    QByteArray privateKey;
};

/// What a certificate issued by a CertificateAuthority is for.
struct CertificateRequest
{
    QString commonName;
    /// Kubernetes reads these as the user's groups.
    QStringList organizations;
    QStringList dnsNames;
    QList<QHostAddress> ipAddresses;
    bool server = false;
    bool client = false;
    std::chrono::hours validity = std::chrono::hours(24 * 365);
};

/// A small certificate authority for the local control plane: it signs the API
/// server's serving certificate and client certificates. Keys are ECDSA P-256,
/// signatures SHA-256 (OpenSSL's libcrypto).
class CertificateAuthority
{
public:
    ~CertificateAuthority();
    CertificateAuthority(CertificateAuthority &&) noexcept;
    CertificateAuthority &operator=(CertificateAuthority &&) noexcept;

    /// A new self-signed CA.
    static Result<CertificateAuthority> create(const QString &commonName,
                                               std::chrono::hours validity = std::chrono::hours(24 * 365 * 10));
    /// A CA kept from an earlier run.
    static Result<CertificateAuthority> load(const PemPair &pem);

    PemPair pem() const;
    Result<PemPair> issue(const CertificateRequest &request) const;

private:
    struct Private;
    explicit CertificateAuthority(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

/// A new ECDSA P-256 key pair.
Result<PemKeyPair> generateKeyPair();

} // namespace Capstan::Kube
