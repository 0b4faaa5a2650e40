// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounts.h"
#include "api/apierror.h"
#include "base/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace Capstan::Auth {

/// argocd-cm's session settings and the failed-login limits of Argo CD's
/// session manager (its ARGOCD_SESSION_* environment variables).
struct SessionSettings
{
    /// `users.session.duration`; 0 makes login tokens that never expire.
    std::chrono::seconds sessionDuration = std::chrono::hours(24);
    int maximumFailures = 5;
    /// 0: a locked-out user stays locked out.
    std::chrono::seconds failureWindow = std::chrono::minutes(5);
    int maximumTrackedUsers = 10000;
    /// Every password check takes a random time in this range at least, so
    /// that answers do not tell known users from unknown ones.
    std::chrono::milliseconds minimumCheckTime{500};
    std::chrono::milliseconds maximumCheckTime{1000};
    /// `passwordPattern`: what a new password must match.
    QString passwordPattern = QStringLiteral("^.{8,32}$");
};

/// Who a verified token speaks for.
struct Claims
{
    QString issuer;
    /// The local account, or `proj:<project>:<role>` for a project role token.
    QString subject;
    /// What the token was issued for: a login session or an API key.
    Capability capability = Capability::Login;
    qint64 issuedAt = 0;
    /// 0: does not expire.
    qint64 expiresAt = 0;
    QString id;
    /// For a project role token, its project and role.
    QString project;
    QString role;

    bool isProjectToken() const { return !project.isEmpty(); }
};

/// Failed logins per user within a window, as Argo CD counts them: after
/// `maximumFailures` failures no password is checked until the window since
/// the last failure has passed. Thread-safe.
class LoginLimiter
{
public:
    explicit LoginLimiter(const SessionSettings &settings);

    bool isLockedOut(const QString &username, const QDateTime &now) const;
    void recordFailure(const QString &username, const QDateTime &now);
    void reset(const QString &username);

private:
    struct Attempts
    {
        QDateTime lastFailed;
        int failures = 0;
    };
    void forgetExpired(const QDateTime &now);

    SessionSettings m_settings;
    mutable QMutex m_mutex;
    QHash<QString, Attempts> m_attempts;
};

/// Issues and checks the JWTs of local accounts and project roles, with
/// Argo CD's claims (`iss` "argocd", `sub` `<account>:login` or
/// `<account>:apiKey`, `iat`, `nbf`, `exp`, `jti`) and its messages.
/// Thread-safe; login() and changePassword() take long on purpose (bcrypt,
/// and a floor on the time of every check), so call them off the GUI thread
/// and off the HTTP server's.
class SessionManager
{
public:
    SessionManager(AccountStore &accounts, QByteArray signingKey, SessionSettings settings = {});

    /// A signed token for @p subject; @p secondsBeforeExpiry 0 never expires.
    QByteArray create(const QString &subject, qint64 secondsBeforeExpiry, const QString &id) const;

    /// POST /api/v1/session: checks the password and makes a login token.
    Result<QByteArray, ApiError> login(const QString &username, const QString &password);
    /// Argo CD's VerifyUsernamePassword, with the failed-login limits.
    Result<void, ApiError> verifyUsernamePassword(const QString &username, const QString &password);

    /// The claims of a token that is well-formed, signed with this server's
    /// key, current, not revoked, and whose account or project role still
    /// allows it; otherwise Unauthenticated "invalid session: …".
    Result<Claims, ApiError> verify(QByteArrayView token) const;
    /// A fresh login token when @p claims' has less than 5 minutes left.
    std::optional<QByteArray> renewal(const Claims &claims) const;

    /// Refuses the token from now on (logout).
    Result<void> revoke(const Claims &claims);

    /// Sets @p target's password after checking @p caller's current one.
    Result<void, ApiError> changePassword(const QString &caller, const QString &currentPassword, const QString &target,
                                          const QString &newPassword);

    /// Whether a project role token is still issued: project, role, iat, jti.
    using ProjectTokenCheck
        = std::function<Result<void>(const QString &project, const QString &role, qint64 issuedAt, const QString &id)>;
    void setProjectTokenCheck(ProjectTokenCheck check) { m_projectTokenCheck = std::move(check); }

    AccountStore &accounts() const { return m_accounts; }
    const SessionSettings &settings() const { return m_settings; }

private:
    Result<Claims, QString> parse(QByteArrayView token) const;

    AccountStore &m_accounts;
    QByteArray m_signingKey;
    SessionSettings m_settings;
    LoginLimiter m_limiter;
    ProjectTokenCheck m_projectTokenCheck;
};

/// The issuer of every token this server makes.
inline constexpr QStringView issuer = u"argocd";

} // namespace Capstan::Auth
