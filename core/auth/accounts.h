// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

namespace Capstan::Store {
class Database;
}

namespace Capstan::Auth {

/// What an account may do: log in with a password, or hold API keys.
enum class Capability {
    Login,
    ApiKey,
};
QString capabilityName(Capability capability);

/// An API key of an account; only its id and times are kept, never the token.
struct AccountToken
{
    QString id;
    qint64 issuedAt = 0;
    /// 0: the token does not expire.
    qint64 expiresAt = 0;
};

/// A local account: what the configuration says about it and what is stored.
struct Account
{
    QString name;
    bool enabled = true;
    QList<Capability> capabilities;
    QByteArray passwordHash;
    std::optional<QDateTime> passwordMtime;
    QList<AccountToken> tokens;

    bool can(Capability capability) const { return capabilities.contains(capability); }
    std::optional<AccountToken> token(const QString &id) const;
    /// Argo CD's Account message: `{name, enabled, capabilities, tokens}`,
    /// tokens newest first.
    QJsonObject toJson() const;
};

/// The accounts of the configuration, as argocd-cm declares them:
/// `admin.enabled`, `accounts.<name>: apiKey, login` and `accounts.<name>.enabled`.
struct AccountSettings
{
    struct Entry
    {
        QList<Capability> capabilities;
        bool enabled = true;
    };
    bool adminEnabled = true;
    /// Every account but admin, and admin's capabilities beyond `login`.
    QMap<QString, Entry> accounts;

    /// Reads argocd-cm's keys; an unknown capability or a value that is not a
    /// boolean is an error naming the key.
    static Result<AccountSettings> fromConfigMap(const QMap<QString, QString> &data);
};

/// The local accounts with their passwords (bcrypt), API keys and revoked
/// tokens, in a SQLite file of their own. Readable from any thread; writes
/// go to the database before they are visible.
class AccountStore
{
public:
    ~AccountStore();

    static Result<std::unique_ptr<AccountStore>> open(const QString &file, const AccountSettings &settings);

    /// The configured accounts, sorted by name, admin included when enabled
    /// or configured.
    QList<Account> accounts() const;
    std::optional<Account> account(const QString &name) const;

    /// Sets the password of @p name (a bcrypt hash) and the time it changed.
    Result<void, ApiError> setPassword(const QString &name, const QByteArray &hash, const QDateTime &changed);
    /// Records a new API key; the account must have the apiKey capability and
    /// no token with the same id.
    Result<void, ApiError> addToken(const QString &name, const AccountToken &token);
    Result<void, ApiError> removeToken(const QString &name, const QString &id);

    /// Refuses the token with id @p jti until it would have expired anyway
    /// (@p expiresAt in seconds since the epoch, 0 for never).
    Result<void> revoke(const QString &jti, qint64 expiresAt);
    bool isRevoked(const QString &jti) const;

    /// At first start: admin gets a random password, which is returned once
    /// (Argo CD's argocd-initial-admin-secret). Empty when admin has one.
    Result<QString> initializeAdmin();

private:
    struct Stored
    {
        QByteArray passwordHash;
        std::optional<QDateTime> passwordMtime;
        QList<AccountToken> tokens;
    };
    AccountStore(std::unique_ptr<Store::Database> database, AccountSettings settings);
    Result<void> load();
    Result<void, ApiError> write(const QString &name, const Stored &stored);
    std::optional<Account> accountLocked(const QString &name) const;

    std::unique_ptr<Store::Database> m_database;
    AccountSettings m_settings;
    mutable QMutex m_mutex;
    QMap<QString, Stored> m_stored;
    QHash<QString, qint64> m_revoked;
};

/// A random initial password: 16 characters of [0-9A-Za-z-], as Argo CD makes them.
QString randomPassword();

} // namespace Capstan::Auth
