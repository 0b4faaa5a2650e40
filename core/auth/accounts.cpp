// SPDX-License-Identifier: Apache-2.0
#include "accounts.h"

#include "base/goparse.h"
#include "base/logging.h"
#include "passwordhash.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Auth {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Auth)
};

const QString admin = u"admin"_s;

QList<Store::Migration> migrations()
{
    return {{1,
             {u"CREATE TABLE accounts (name TEXT PRIMARY KEY NOT NULL, password_hash TEXT NOT NULL, "
              "password_mtime TEXT, tokens TEXT NOT NULL)"_s,
              u"CREATE TABLE revoked_tokens (jti TEXT PRIMARY KEY NOT NULL, expires_at INTEGER NOT NULL)"_s}}};
}

QByteArray tokensJson(const QList<AccountToken> &tokens)
{
    QJsonArray array;
    for (const AccountToken &token : tokens) {
        QJsonObject object{{u"id"_s, token.id}, {u"iat"_s, token.issuedAt}};
        if (token.expiresAt > 0)
            object.insert(u"exp"_s, token.expiresAt);
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<AccountToken> tokensFromJson(const QByteArray &json)
{
    QList<AccountToken> tokens;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        tokens.append(
            {object.value(u"id").toString(), object.value(u"iat").toInteger(), object.value(u"exp").toInteger()});
    }
    return tokens;
}

ApiError accountNotFound(const QString &name)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"account '%1' does not exist"_s.arg(name));
}

} // namespace

QString capabilityName(Capability capability)
{
    return capability == Capability::Login ? u"login"_s : u"apiKey"_s;
}

std::optional<AccountToken> Account::token(const QString &id) const
{
    for (const AccountToken &token : tokens) {
        if (token.id == id)
            return token;
    }
    return std::nullopt;
}

QJsonObject Account::toJson() const
{
    QJsonObject json{{u"name"_s, name}};
    if (enabled)
        json.insert(u"enabled"_s, true);
    QJsonArray names;
    for (Capability capability : capabilities)
        names.append(capabilityName(capability));
    if (!names.isEmpty())
        json.insert(u"capabilities"_s, names);
    QList<AccountToken> sorted = tokens;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const AccountToken &a, const AccountToken &b) { return a.issuedAt > b.issuedAt; });
    QJsonArray array;
    for (const AccountToken &token : std::as_const(sorted)) {
        QJsonObject object{{u"id"_s, token.id}, {u"issuedAt"_s, token.issuedAt}};
        if (token.expiresAt > 0)
            object.insert(u"expiresAt"_s, token.expiresAt);
        array.append(object);
    }
    if (!array.isEmpty())
        json.insert(u"tokens"_s, array);
    return json;
}

Result<AccountSettings> AccountSettings::fromConfigMap(const QMap<QString, QString> &data)
{
    AccountSettings settings;
    if (data.contains(u"admin.enabled"_s)) {
        const auto enabled = parseGoBool(data.value(u"admin.enabled"_s));
        if (!enabled)
            return Failure(Tr::tr("admin.enabled: \"%1\" is not a boolean").arg(data.value(u"admin.enabled"_s)));
        settings.adminEnabled = *enabled;
    }
    for (auto it = data.cbegin(); it != data.cend(); ++it) {
        if (!it.key().startsWith(u"accounts."))
            continue;
        const QStringList parts = it.key().split(u'.');
        if (parts.size() == 2) {
            Entry &entry = settings.accounts[parts.at(1)];
            for (const QString &item : it.value().split(u',', Qt::SkipEmptyParts)) {
                const QString capability = item.trimmed();
                if (capability == u"login")
                    entry.capabilities.append(Capability::Login);
                else if (capability == u"apiKey")
                    entry.capabilities.append(Capability::ApiKey);
                else if (!capability.isEmpty())
                    return Failure(Tr::tr("%1: not supported account capability '%2'").arg(it.key(), capability));
            }
        } else if (parts.size() == 3 && parts.at(2) == u"enabled") {
            const auto enabled = parseGoBool(it.value());
            if (!enabled)
                return Failure(Tr::tr("%1: \"%2\" is not a boolean").arg(it.key(), it.value()));
            settings.accounts[parts.at(1)].enabled = *enabled;
        } else {
            return Failure(Tr::tr("unexpected key %1 in the accounts' configuration").arg(it.key()));
        }
    }
    for (auto it = settings.accounts.cbegin(); it != settings.accounts.cend(); ++it) {
        if (it.key().isEmpty() || it.key().contains(u':'))
            return Failure(Tr::tr("\"%1\" is not a valid account name").arg(it.key()));
    }
    return settings;
}

AccountStore::AccountStore(std::unique_ptr<Store::Database> database, AccountSettings settings)
    : m_database(std::move(database))
    , m_settings(std::move(settings))
{ }

AccountStore::~AccountStore() = default;

Result<std::unique_ptr<AccountStore>> AccountStore::open(const QString &file, const AccountSettings &settings)
{
    auto database = Store::Database::open(file, migrations());
    if (!database)
        return Failure(database.error().message);
    std::unique_ptr<AccountStore> store(new AccountStore(std::move(database).value(), settings));
    if (auto loaded = store->load(); !loaded)
        return Failure(loaded.error());
    return store;
}

Result<void> AccountStore::load()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    auto loaded = m_database->transaction([&](QSqlDatabase &db) -> Result<void, Store::StoreError> {
        QSqlQuery query(db);
        // Revocations outlive their tokens by nothing.
        if (auto purged = Store::Database::exec(
                query, u"DELETE FROM revoked_tokens WHERE expires_at > 0 AND expires_at < ?"_s, {now});
            !purged)
            return purged;
        if (auto read = Store::Database::exec(query, u"SELECT jti, expires_at FROM revoked_tokens"_s); !read)
            return read;
        while (query.next())
            m_revoked.insert(query.value(0).toString(), query.value(1).toLongLong());
        if (auto read
            = Store::Database::exec(query, u"SELECT name, password_hash, password_mtime, tokens FROM accounts"_s);
            !read)
            return read;
        while (query.next()) {
            Stored stored;
            stored.passwordHash = query.value(1).toByteArray();
            if (!query.value(2).isNull())
                stored.passwordMtime = QDateTime::fromString(query.value(2).toString(), Qt::ISODate);
            stored.tokens = tokensFromJson(query.value(3).toByteArray());
            m_stored.insert(query.value(0).toString(), stored);
        }
        return {};
    });
    if (!loaded)
        return Failure(loaded.error().message);
    return {};
}

std::optional<Account> AccountStore::accountLocked(const QString &name) const
{
    Account account;
    account.name = name;
    if (name == admin) {
        account.enabled = m_settings.adminEnabled;
        account.capabilities = {Capability::Login};
        for (Capability extra : m_settings.accounts.value(admin).capabilities) {
            if (!account.capabilities.contains(extra))
                account.capabilities.append(extra);
        }
    } else {
        const auto entry = m_settings.accounts.constFind(name);
        if (entry == m_settings.accounts.cend())
            return std::nullopt;
        account.enabled = entry->enabled;
        account.capabilities = entry->capabilities;
    }
    const Stored stored = m_stored.value(name);
    account.passwordHash = stored.passwordHash;
    account.passwordMtime = stored.passwordMtime;
    account.tokens = stored.tokens;
    return account;
}

QList<Account> AccountStore::accounts() const
{
    QMutexLocker locker(&m_mutex);
    QStringList names = m_settings.accounts.keys();
    if (!names.contains(admin))
        names.append(admin);
    names.sort();
    QList<Account> accounts;
    for (const QString &name : std::as_const(names)) {
        if (auto account = accountLocked(name))
            accounts.append(*account);
    }
    return accounts;
}

std::optional<Account> AccountStore::account(const QString &name) const
{
    QMutexLocker locker(&m_mutex);
    return accountLocked(name);
}

Result<void, ApiError> AccountStore::write(const QString &name, const Stored &stored)
{
    auto written = m_database->transaction([&](QSqlDatabase &db) -> Result<void, Store::StoreError> {
        QSqlQuery query(db);
        return Store::Database::exec(
            query,
            u"INSERT OR REPLACE INTO accounts (name, password_hash, password_mtime, tokens) VALUES (?, ?, ?, ?)"_s,
            {name, stored.passwordHash.isEmpty() ? u""_s : QString::fromLatin1(stored.passwordHash),
             stored.passwordMtime ? QVariant(stored.passwordMtime->toString(Qt::ISODate)) : QVariant(),
             QString::fromUtf8(tokensJson(stored.tokens))});
    });
    if (!written)
        return Failure(ApiError::fromCode(GrpcCode::Internal, written.error().message));
    m_stored.insert(name, stored);
    return {};
}

Result<void, ApiError> AccountStore::setPassword(const QString &name, const QByteArray &hash, const QDateTime &changed)
{
    QMutexLocker locker(&m_mutex);
    if (!accountLocked(name))
        return Failure(accountNotFound(name));
    Stored stored = m_stored.value(name);
    stored.passwordHash = hash;
    // Seconds, as Argo CD keeps it (RFC 3339): a token of the same second stays valid.
    stored.passwordMtime = QDateTime::fromSecsSinceEpoch(changed.toSecsSinceEpoch(), Qt::UTC);
    return write(name, stored);
}

Result<void, ApiError> AccountStore::addToken(const QString &name, const AccountToken &token)
{
    QMutexLocker locker(&m_mutex);
    const auto account = accountLocked(name);
    if (!account)
        return Failure(accountNotFound(name));
    if (account->token(token.id))
        return Failure(
            ApiError::fromCode(GrpcCode::Unknown, u"account already has token with id '%1'"_s.arg(token.id)));
    if (!account->can(Capability::ApiKey))
        return Failure(ApiError::fromCode(GrpcCode::Unknown,
                                          u"account '%1' does not have %2 capability"_s.arg(name, u"apiKey"_s)));
    Stored stored = m_stored.value(name);
    stored.tokens.append(token);
    return write(name, stored);
}

Result<void, ApiError> AccountStore::removeToken(const QString &name, const QString &id)
{
    QMutexLocker locker(&m_mutex);
    const auto account = accountLocked(name);
    if (!account)
        return Failure(accountNotFound(name));
    Stored stored = m_stored.value(name);
    const qsizetype removed = stored.tokens.removeIf([&id](const AccountToken &token) { return token.id == id; });
    if (removed == 0)
        return Failure(ApiError::fromCode(GrpcCode::NotFound, u"token with id '%1' does not exist"_s.arg(id)));
    return write(name, stored);
}

Result<void> AccountStore::revoke(const QString &jti, qint64 expiresAt)
{
    auto written = m_database->transaction([&](QSqlDatabase &db) -> Result<void, Store::StoreError> {
        QSqlQuery query(db);
        return Store::Database::exec(query, u"INSERT OR REPLACE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)"_s,
                                     {jti, expiresAt});
    });
    if (!written)
        return Failure(written.error().message);
    QMutexLocker locker(&m_mutex);
    m_revoked.insert(jti, expiresAt);
    return {};
}

bool AccountStore::isRevoked(const QString &jti) const
{
    QMutexLocker locker(&m_mutex);
    return m_revoked.contains(jti);
}

Result<QString> AccountStore::initializeAdmin()
{
    {
        QMutexLocker locker(&m_mutex);
        if (!m_settings.adminEnabled || !m_stored.value(admin).passwordHash.isEmpty())
            return QString();
    }
    const QString password = randomPassword();
    auto hash = PasswordHash::hash(password.toUtf8());
    if (!hash)
        return Failure(hash.error());
    if (auto set = setPassword(admin, *hash, QDateTime::currentDateTimeUtc()); !set)
        return Failure(set.error().message);
    qCInfo(lcAuth) << "Initialized admin password";
    return password;
}

QString randomPassword()
{
    static constexpr QStringView alphabet = u"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-";
    QString password;
    for (int i = 0; i < 16; ++i)
        password.append(alphabet.at(QRandomGenerator::system()->bounded(qsizetype(alphabet.size()))));
    return password;
}

} // namespace Capstan::Auth
