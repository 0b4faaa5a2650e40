// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QByteArrayView>

/// Passwords stored as Argo CD stores them in argocd-secret: bcrypt hashes
/// (`$2a$10$…`, cost 10), made and checked by the system's libcrypt.
namespace Capstan::PasswordHash {

/// A new bcrypt hash of @p password with a fresh random salt.
Result<QByteArray> hash(QByteArrayView password);

/// Whether @p password matches @p hash. Hashes of other schemes and malformed
/// hashes never match; the comparison takes the same time whatever matches.
bool verify(QByteArrayView password, QByteArrayView hash);

/// Spends the time of one verify() without a hash to check against, so that
/// an unknown user costs a login attempt as much as a known one.
void verifyNothing(QByteArrayView password);

} // namespace Capstan::PasswordHash
