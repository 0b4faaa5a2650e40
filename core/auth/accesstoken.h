// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>

/// Bearer tokens that are random secrets rather than signed claims, such as the
/// per-process token that guards the GUI's embedded server.
namespace Capstan::AccessToken {

/// A new token of @p bytes random bytes from the system's CSPRNG, base64url encoded.
QByteArray generate(int bytes = 32);

/// Compares two secrets in time that depends only on their lengths, so a
/// remote client cannot learn a token one byte at a time.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

/// The token of an "Authorization: Bearer <token>" header value, or empty.
QByteArray fromAuthorizationHeader(QByteArrayView headerValue);

} // namespace Capstan::AccessToken
