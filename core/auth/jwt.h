// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>

/// JSON Web Tokens as Argo CD issues them: compact JWS, HS256 only.
///
/// Only the signature and the token's shape are checked here; what the claims
/// mean (issuer, expiry, revocation) is the session manager's business.
namespace Capstan::Jwt {

/// `header.payload.signature` for @p claims, signed with HMAC-SHA256 and @p key.
QByteArray signHs256(const QJsonObject &claims, QByteArrayView key);

/// The claims of @p token when it is a well-formed HS256 token whose
/// signature @p key made. Every other algorithm, `none` included, is refused,
/// whatever the header says; the signature is compared in constant time.
Result<QJsonObject> verifyHs256(QByteArrayView token, QByteArrayView key);

/// The claims of @p token without checking anything but its shape, for
/// telling which kind of token it is before choosing the key.
Result<QJsonObject> unverifiedClaims(QByteArrayView token);

} // namespace Capstan::Jwt
