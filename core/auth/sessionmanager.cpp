// SPDX-License-Identifier: Apache-2.0
#include "sessionmanager.h"

#include "base/logging.h"
#include "jwt.h"
#include "passwordhash.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Capstan::Auth {

namespace {

constexpr qsizetype maximumUsernameSize = 32;
/// A login token this close to its end is renewed.
constexpr qint64 renewalSeconds = 5 * 60;

ApiError unauthenticated(const QString &message)
{
    return ApiError::fromCode(GrpcCode::Unauthenticated, message);
}

QString invalidCredentials()
{
    return u"Invalid username or password"_s;
}

/// Sleeps until a random time in [minimum, maximum] has passed since @p timer
/// started, so that every answer takes about as long.
void padToRandomFloor(const QElapsedTimer &timer, std::chrono::milliseconds minimum, std::chrono::milliseconds maximum)
{
    const qint64 span = std::max<qint64>(0, (maximum - minimum).count());
    const qint64 floor = minimum.count() + (span > 0 ? qint64(QRandomGenerator::global()->bounded(span + 1)) : 0);
    const qint64 left = floor - timer.elapsed();
    if (left > 0)
        QThread::msleep(quint64(left));
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

LoginLimiter::LoginLimiter(const SessionSettings &settings)
    : m_settings(settings)
{ }

void LoginLimiter::forgetExpired(const QDateTime &now)
{
    if (m_settings.failureWindow.count() <= 0)
        return;
    m_attempts.removeIf(
        [&](const auto &entry) { return entry.value().lastFailed.secsTo(now) > m_settings.failureWindow.count(); });
}

bool LoginLimiter::isLockedOut(const QString &username, const QDateTime &now) const
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_attempts.constFind(username);
    if (it == m_attempts.cend() || it->failures < m_settings.maximumFailures)
        return false;
    return m_settings.failureWindow.count() <= 0 || it->lastFailed.secsTo(now) <= m_settings.failureWindow.count();
}

void LoginLimiter::recordFailure(const QString &username, const QDateTime &now)
{
    QMutexLocker locker(&m_mutex);
    forgetExpired(now);
    if (!m_attempts.contains(username) && m_attempts.size() >= m_settings.maximumTrackedUsers) {
        // Make room by forgetting someone, never admin.
        for (auto it = m_attempts.begin(); it != m_attempts.end(); ++it) {
            if (it.key() != u"admin") {
                m_attempts.erase(it);
                break;
            }
        }
    }
    Attempts &attempts = m_attempts[username];
    ++attempts.failures;
    attempts.lastFailed = now;
    qCInfo(lcAuth).noquote() << "User" << username << "failed login" << attempts.failures << "time(s)";
}

void LoginLimiter::reset(const QString &username)
{
    QMutexLocker locker(&m_mutex);
    m_attempts.remove(username);
}

SessionManager::SessionManager(AccountStore &accounts, QByteArray signingKey, SessionSettings settings)
    : m_accounts(accounts)
    , m_signingKey(std::move(signingKey))
    , m_settings(std::move(settings))
    , m_limiter(m_settings)
{ }

QByteArray SessionManager::create(const QString &subject, qint64 secondsBeforeExpiry, const QString &id) const
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{
        {u"iss"_s, issuer.toString()}, {u"sub"_s, subject}, {u"nbf"_s, now}, {u"iat"_s, now}, {u"jti"_s, id}};
    if (secondsBeforeExpiry > 0)
        claims.insert(u"exp"_s, now + secondsBeforeExpiry);
    return Jwt::signHs256(claims, m_signingKey);
}

Result<void, ApiError> SessionManager::verifyUsernamePassword(const QString &username, const QString &password)
{
    if (password.isEmpty())
        return Failure(unauthenticated(u"Blank passwords are not allowed"_s));
    if (username.toUtf8().size() > maximumUsernameSize)
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                          u"Username is too long (%1 bytes max)"_s.arg(maximumUsernameSize)));
    QElapsedTimer timer;
    timer.start();
    const auto pad
        = qScopeGuard([&] { padToRandomFloor(timer, m_settings.minimumCheckTime, m_settings.maximumCheckTime); });

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_limiter.isLockedOut(username, now)) {
        qCWarning(lcAuth).noquote() << "User" << username << "had too many failed logins";
        return Failure(unauthenticated(invalidCredentials()));
    }
    const std::optional<Account> account = m_accounts.account(username);
    if (!account) {
        PasswordHash::verifyNothing(password.toUtf8());
        m_limiter.recordFailure(username, now);
        return Failure(unauthenticated(invalidCredentials()));
    }
    if (!PasswordHash::verify(password.toUtf8(), account->passwordHash)) {
        m_limiter.recordFailure(username, now);
        return Failure(unauthenticated(invalidCredentials()));
    }
    if (!account->enabled)
        return Failure(unauthenticated(u"Account %1 is disabled"_s.arg(username)));
    if (!account->can(Capability::Login))
        return Failure(unauthenticated(u"Account %1 does not have login capability"_s.arg(username)));
    m_limiter.reset(username);
    return {};
}

Result<QByteArray, ApiError> SessionManager::login(const QString &username, const QString &password)
{
    if (username.isEmpty() || password.isEmpty())
        return Failure(unauthenticated(u"no credentials supplied"_s));
    if (auto verified = verifyUsernamePassword(username, password); !verified)
        return Failure(verified.error());
    return create(username + u":login"_s, m_settings.sessionDuration.count(), newId());
}

Result<Claims, QString> SessionManager::parse(QByteArrayView token) const
{
    auto raw = Jwt::verifyHs256(token, m_signingKey);
    if (!raw)
        return Failure(raw.error());
    const QJsonObject &json = *raw;
    Claims claims;
    claims.issuer = json.value(u"iss").toString();
    if (claims.issuer != issuer)
        return Failure(u"SSO is not configured"_s);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto number = [&json](QStringView key) -> std::optional<qint64> {
        const QJsonValue value = json.value(key);
        return value.isDouble() ? std::optional<qint64>(value.toInteger()) : std::nullopt;
    };
    if (json.contains(u"exp") && !number(u"exp"))
        return Failure(u"token has invalid claims: token contains an invalid number"_s);
    claims.expiresAt = number(u"exp").value_or(0);
    if (json.contains(u"exp") && now >= claims.expiresAt)
        return Failure(u"token has invalid claims: token is expired"_s);
    if (const auto notBefore = number(u"nbf"); notBefore && now < *notBefore)
        return Failure(u"token has invalid claims: token is not valid yet"_s);
    const auto issuedAt = number(u"iat");
    if (!issuedAt)
        return Failure(u"token does not have iat claim"_s);
    claims.issuedAt = *issuedAt;
    claims.id = json.value(u"jti").toString();
    const QString subject = json.value(u"sub").toString();

    const QStringList project = subject.split(u':');
    if (project.size() == 3 && project.at(0) == u"proj") {
        claims.subject = subject;
        claims.capability = Capability::ApiKey;
        claims.project = project.at(1);
        claims.role = project.at(2);
        if (!m_projectTokenCheck)
            return Failure(u"project %1 not found"_s.arg(claims.project));
        if (auto issued = m_projectTokenCheck(claims.project, claims.role, claims.issuedAt, claims.id); !issued)
            return Failure(issued.error());
        return claims;
    }

    const qsizetype colon = subject.indexOf(u':');
    claims.subject = colon < 0 ? subject : subject.left(colon);
    claims.capability = colon >= 0 && subject.mid(colon + 1) == u"login" ? Capability::Login : Capability::ApiKey;
    const std::optional<Account> account = m_accounts.account(claims.subject);
    if (!account)
        return Failure(u"account '%1' does not exist"_s.arg(claims.subject));
    if (!account->enabled)
        return Failure(u"account %1 is disabled"_s.arg(claims.subject));
    if (!account->can(claims.capability))
        return Failure(
            u"account %1 does not have '%2' capability"_s.arg(claims.subject, capabilityName(claims.capability)));
    if (claims.id.isEmpty())
        return Failure(u"token does not have a unique identifier (jti claim) and cannot be validated"_s);
    if (m_accounts.isRevoked(claims.id))
        return Failure(u"token is revoked, please re-login"_s);
    if (claims.capability == Capability::ApiKey && !account->token(claims.id))
        return Failure(u"account %1 does not have token with id %2"_s.arg(claims.subject, claims.id));
    if (account->passwordMtime && claims.issuedAt < account->passwordMtime->toSecsSinceEpoch())
        return Failure(u"account password has changed since token issued"_s);
    return claims;
}

Result<Claims, ApiError> SessionManager::verify(QByteArrayView token) const
{
    if (token.isEmpty())
        return Failure(unauthenticated(u"no session information"_s));
    auto claims = parse(token);
    if (!claims)
        return Failure(unauthenticated(u"invalid session: %1"_s.arg(claims.error())));
    return *claims;
}

std::optional<QByteArray> SessionManager::renewal(const Claims &claims) const
{
    if (claims.capability != Capability::Login || claims.isProjectToken() || claims.expiresAt == 0)
        return std::nullopt;
    if (claims.expiresAt - QDateTime::currentSecsSinceEpoch() >= renewalSeconds)
        return std::nullopt;
    return create(claims.subject + u":login"_s, claims.expiresAt - claims.issuedAt, newId());
}

Result<void> SessionManager::revoke(const Claims &claims)
{
    if (claims.id.isEmpty())
        return {};
    return m_accounts.revoke(claims.id, claims.expiresAt);
}

Result<void, ApiError> SessionManager::changePassword(const QString &caller, const QString &currentPassword,
                                                      const QString &target, const QString &newPassword)
{
    if (auto verified = verifyUsernamePassword(caller, currentPassword); !verified)
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"current password does not match"_s));
    const QRegularExpression pattern(m_settings.passwordPattern);
    if (!pattern.match(newPassword).hasMatch())
        return Failure(ApiError::fromCode(
            GrpcCode::Unknown,
            u"new password does not match the following expression: %1"_s.arg(m_settings.passwordPattern)));
    auto hash = PasswordHash::hash(newPassword.toUtf8());
    if (!hash)
        return Failure(ApiError::fromCode(GrpcCode::Unknown, u"failed to hash password: %1"_s.arg(hash.error())));
    return m_accounts.setPassword(target, *hash, QDateTime::currentDateTimeUtc());
}

} // namespace Capstan::Auth
