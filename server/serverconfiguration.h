// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "serverservices.h"

#include <QSslConfiguration>
#include <QString>

namespace Capstan {

/// How capstan-server serves HTTPS.
namespace ServerTls {

/// The certificate chain and private key in PEM files, as given.
Result<QSslConfiguration> fromFiles(const QString &certificateFile, const QString &keyFile);

/// Capstan's own: at first start a certificate authority and a serving
/// certificate it signs, for localhost, 127.0.0.1, ::1, the host's name and
/// @p extraHosts, are written to @p directory (`ca.crt`, `tls.crt`, and
/// `tls.key` that only the owner can read). Later starts reuse them while
/// the certificate is valid for another 30 days and names every host asked
/// for. Clients trust `ca.crt` (curl's --cacert or CURL_CA_BUNDLE).
Result<QSslConfiguration> selfSigned(const QString &directory, const QStringList &extraHosts = {});

} // namespace ServerTls

/// Reads Argo CD's settings from @p path: YAML or JSON holding ConfigMaps
/// named argocd-cm and argocd-rbac-cm (`kubectl get cm argocd-cm
/// argocd-rbac-cm -n argocd -o yaml` makes one), so an Argo CD install's
/// accounts, RBAC policy and other settings carry over. Other kinds or names
/// are refused, naming the document.
Result<ServerSettings> readServerConfiguration(const QString &path);

} // namespace Capstan
