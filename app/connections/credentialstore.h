// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QFuture>
#include <QHash>
#include <QObject>

namespace Capstan {

/// Where the tokens of remote servers are kept: the desktop's keychain
/// (Secret Service, KWallet, …) through qtkeychain, never the settings file.
/// Without a keychain, tokens live in memory for the session and the caller
/// hears why. The in-memory backend is also what tests use.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Backend { Keychain, Memory };

    explicit CredentialStore(Backend backend, QObject *parent = nullptr);

    Backend backend() const { return m_backend; }

    /// The token kept for @p id; an empty one when none is kept.
    QFuture<Result<QByteArray>> read(const QString &id);
    /// Keeps @p token for @p id; on failure it is kept in memory for the session.
    QFuture<Result<void>> write(const QString &id, const QByteArray &token);
    QFuture<Result<void>> remove(const QString &id);

private:
    Backend m_backend;
    QHash<QString, QByteArray> m_memory;
};

} // namespace Capstan
