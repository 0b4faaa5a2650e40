// SPDX-License-Identifier: Apache-2.0
// Local accounts, login sessions and API keys with Argo CD's rules and
// messages: the account store on a real SQLite file, tokens signed and
// checked, failed logins limited, passwords changed and tokens revoked.
#include "auth/accounts.h"
#include "auth/jwt.h"
#include "auth/passwordhash.h"
#include "auth/sessionmanager.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;
using namespace Capstan::Auth;

namespace {

const QByteArray key = "c2VydmVyIHNpZ25pbmcga2V5IGZvciB0ZXN0cyBvbmx5IQ==";

SessionSettings fastSettings()
{
    SessionSettings settings;
    settings.minimumCheckTime = std::chrono::milliseconds(0);
    settings.maximumCheckTime = std::chrono::milliseconds(0);
    settings.maximumFailures = 3;
    return settings;
}

} // namespace

class SessionManagerTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AccountStore> m_accounts;
    QString m_adminPassword;

    Result<std::unique_ptr<AccountStore>> open()
    {
        auto settings = AccountSettings::fromConfigMap({{u"accounts.ci"_s, u"apiKey"_s},
                                                        {u"accounts.alice"_s, u"apiKey, login"_s},
                                                        {u"accounts.bob"_s, u"login"_s},
                                                        {u"accounts.bob.enabled"_s, u"false"_s}});
        if (!settings)
            return Failure(settings.error());
        return AccountStore::open(m_dir.filePath(u"accounts.db"_s), *settings);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto opened = open();
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error()));
        m_accounts = std::move(opened).value();
        auto initial = m_accounts->initializeAdmin();
        QVERIFY2(initial.ok(), initial.ok() ? "" : qPrintable(initial.error()));
        m_adminPassword = *initial;
        QCOMPARE(m_adminPassword.size(), 16);
        QVERIFY(QRegularExpression(u"^[0-9A-Za-z-]{16}$"_s).match(m_adminPassword).hasMatch());
        // Only once.
        QCOMPARE(*m_accounts->initializeAdmin(), QString());
        const auto hash = PasswordHash::hash("alice-password");
        QVERIFY2(hash.ok(), hash.ok() ? "" : qPrintable(hash.error()));
        QVERIFY(m_accounts->setPassword(u"alice"_s, *hash, QDateTime::currentDateTimeUtc().addSecs(-60)).ok());
        QVERIFY(m_accounts->setPassword(u"bob"_s, *hash, QDateTime::currentDateTimeUtc().addSecs(-60)).ok());
    }

    void init()
    {
        // Reopened by logoutRevokes(): if that failed, there is no store to test.
        QVERIFY2(m_accounts, "the account store could not be reopened");
    }

    void settingsErrors()
    {
        QCOMPARE(AccountSettings::fromConfigMap({{u"accounts.x"_s, u"login, ssh"_s}}).error(),
                 u"accounts.x: not supported account capability 'ssh'"_s);
        QCOMPARE(AccountSettings::fromConfigMap({{u"accounts.x.enabled"_s, u"yes"_s}}).error(),
                 u"accounts.x.enabled: \"yes\" is not a boolean"_s);
        QVERIFY(!AccountSettings::fromConfigMap({{u"admin.enabled"_s, u"maybe"_s}}).ok());
    }

    void accountsAsArgoCdListsThem()
    {
        const QList<Account> accounts = m_accounts->accounts();
        QStringList names;
        for (const Account &account : accounts)
            names.append(account.name);
        QCOMPARE(names, QStringList({u"admin"_s, u"alice"_s, u"bob"_s, u"ci"_s}));
        QCOMPARE(QJsonDocument(m_accounts->account(u"bob"_s)->toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"capabilities":["login"],"name":"bob"})"));
        QCOMPARE(QJsonDocument(m_accounts->account(u"admin"_s)->toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"capabilities":["login"],"enabled":true,"name":"admin"})"));
    }

    void loginAndVerify()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        const auto token = sessions.login(u"admin"_s, m_adminPassword);
        QVERIFY2(token.ok(), token.ok() ? "" : qPrintable(token.error().message));
        const QJsonObject claims = *Jwt::unverifiedClaims(*token);
        QCOMPARE(claims.value(u"iss").toString(), u"argocd"_s);
        QCOMPARE(claims.value(u"sub").toString(), u"admin:login"_s);
        QCOMPARE(claims.value(u"exp").toInteger() - claims.value(u"iat").toInteger(), 24 * 3600);
        QCOMPARE(claims.value(u"nbf").toInteger(), claims.value(u"iat").toInteger());
        QCOMPARE(claims.value(u"jti").toString().size(), 36);

        const auto verified = sessions.verify(*token);
        QVERIFY(verified.ok());
        QCOMPARE(verified->subject, u"admin"_s);
        QCOMPARE(verified->capability, Capability::Login);
        QVERIFY(!sessions.renewal(*verified)); // 24 h left

        // Another server's key.
        SessionManager other(*m_accounts, "another key", fastSettings());
        QCOMPARE(other.verify(*token).error().message,
                 u"invalid session: token signature is invalid: signature is invalid"_s);
        QCOMPARE(other.verify(*token).error().code, GrpcCode::Unauthenticated);
        QCOMPARE(sessions.verify({}).error().message, u"no session information"_s);
    }

    void loginErrors_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no password") << u"admin"_s << QString() << int(GrpcCode::Unauthenticated)
                                     << u"no credentials supplied"_s;
        QTest::newRow("wrong password") << u"alice"_s << u"nope"_s << int(GrpcCode::Unauthenticated)
                                        << u"Invalid username or password"_s;
        QTest::newRow("unknown user") << u"mallory"_s << u"nope"_s << int(GrpcCode::Unauthenticated)
                                      << u"Invalid username or password"_s;
        QTest::newRow("disabled") << u"bob"_s << u"alice-password"_s << int(GrpcCode::Unauthenticated)
                                  << u"Account bob is disabled"_s;
        QTest::newRow("no login capability")
            << u"ci"_s << u"x"_s << int(GrpcCode::Unauthenticated) << u"Invalid username or password"_s;
        QTest::newRow("long name") << QString(33, u'a') << u"x"_s << int(GrpcCode::InvalidArgument)
                                   << u"Username is too long (32 bytes max)"_s;
    }

    void loginErrors()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(int, code);
        QFETCH(QString, message);
        SessionManager sessions(*m_accounts, key, fastSettings());
        const auto token = sessions.login(username, password);
        QVERIFY(!token.ok());
        QCOMPARE(int(token.error().code), code);
        QCOMPARE(token.error().message, message);
    }

    void failedLoginsLockOut()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        for (int i = 0; i < 3; ++i)
            QVERIFY(!sessions.login(u"alice"_s, u"wrong"_s).ok());
        // Locked out: even the right password is refused, without a word about why.
        const auto refused = sessions.login(u"alice"_s, u"alice-password"_s);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message, u"Invalid username or password"_s);
        // Others are not.
        QVERIFY(sessions.login(u"admin"_s, m_adminPassword).ok());

        LoginLimiter limiter(fastSettings());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 3; ++i)
            limiter.recordFailure(u"carol"_s, now);
        QVERIFY(limiter.isLockedOut(u"carol"_s, now.addSecs(299)));
        QVERIFY(!limiter.isLockedOut(u"carol"_s, now.addSecs(301)));
    }

    void everyCheckTakesItsTime()
    {
        SessionSettings settings = fastSettings();
        settings.minimumCheckTime = std::chrono::milliseconds(200);
        settings.maximumCheckTime = std::chrono::milliseconds(250);
        SessionManager sessions(*m_accounts, key, settings);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!sessions.login(u"nobody"_s, u"x"_s).ok());
        QVERIFY(timer.elapsed() >= 200);
    }

    void apiKeys()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        const QByteArray token = sessions.create(u"ci:apiKey"_s, 0, u"ci-1"_s);
        // Not listed yet.
        QCOMPARE(sessions.verify(token).error().message,
                 u"invalid session: account ci does not have token with id ci-1"_s);
        const auto added = m_accounts->addToken(u"ci"_s, {u"ci-1"_s, QDateTime::currentSecsSinceEpoch(), 0});
        QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().message));
        const auto verified = sessions.verify(token);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
        QCOMPARE(verified->capability, Capability::ApiKey);
        QVERIFY(!Jwt::unverifiedClaims(token)->contains(u"exp"));

        QCOMPARE(m_accounts->addToken(u"ci"_s, {u"ci-1"_s, 0, 0}).error().message,
                 u"account already has token with id 'ci-1'"_s);
        QCOMPARE(m_accounts->addToken(u"bob"_s, {u"b"_s, 0, 0}).error().message,
                 u"account 'bob' does not have apiKey capability"_s);
        QCOMPARE(m_accounts->addToken(u"nobody"_s, {u"b"_s, 0, 0}).error().code, GrpcCode::NotFound);

        // A login token of an account without login, and an API key of one without apiKey.
        QCOMPARE(sessions.verify(sessions.create(u"ci:login"_s, 60, u"x"_s)).error().message,
                 u"invalid session: account ci does not have 'login' capability"_s);
        QCOMPARE(sessions.verify(sessions.create(u"bob:login"_s, 60, u"x"_s)).error().message,
                 u"invalid session: account bob is disabled"_s);
        QCOMPARE(sessions.verify(sessions.create(u"nobody:login"_s, 60, u"x"_s)).error().message,
                 u"invalid session: account 'nobody' does not exist"_s);

        // Deleting the key ends it at once.
        QVERIFY(m_accounts->removeToken(u"ci"_s, u"ci-1"_s).ok());
        QVERIFY(!sessions.verify(token).ok());
        QCOMPARE(m_accounts->removeToken(u"ci"_s, u"ci-1"_s).error().message, u"token with id 'ci-1' does not exist"_s);
    }

    void expiredAndEarlyTokens()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto sign = [&](const QJsonObject &claims) { return Jwt::signHs256(claims, key); };
        QJsonObject claims{
            {u"iss"_s, u"argocd"_s}, {u"sub"_s, u"admin:login"_s}, {u"iat"_s, now - 100}, {u"jti"_s, u"j"_s}};
        QJsonObject expired = claims;
        expired.insert(u"exp"_s, now - 1);
        QCOMPARE(sessions.verify(sign(expired)).error().message,
                 u"invalid session: token has invalid claims: token is expired"_s);
        QJsonObject early = claims;
        early.insert(u"nbf"_s, now + 100);
        QCOMPARE(sessions.verify(sign(early)).error().message,
                 u"invalid session: token has invalid claims: token is not valid yet"_s);
        QJsonObject noIat = claims;
        noIat.remove(u"iat"_s);
        QCOMPARE(sessions.verify(sign(noIat)).error().message, u"invalid session: token does not have iat claim"_s);
        QJsonObject noJti = claims;
        noJti.remove(u"jti"_s);
        QCOMPARE(sessions.verify(sign(noJti)).error().message,
                 u"invalid session: token does not have a unique identifier (jti claim) and cannot be validated"_s);
        QJsonObject sso = claims;
        sso.insert(u"iss"_s, u"https://dex.example.com"_s);
        QCOMPARE(sessions.verify(sign(sso)).error().message, u"invalid session: SSO is not configured"_s);

        // Close to its end, a login token is renewed with its lifetime.
        QJsonObject ending = claims;
        ending.insert(u"iat"_s, now);
        ending.insert(u"exp"_s, now + 60);
        const auto verified = sessions.verify(sign(ending));
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
        const auto renewed = sessions.renewal(*verified);
        QVERIFY(renewed);
        const QJsonObject fresh = *Jwt::unverifiedClaims(*renewed);
        QCOMPARE(fresh.value(u"exp").toInteger() - fresh.value(u"iat").toInteger(), 60);
        QVERIFY(fresh.value(u"jti").toString() != u"j");
    }

    void logoutRevokes()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        const QByteArray token = *sessions.login(u"admin"_s, m_adminPassword);
        QVERIFY(sessions.revoke(*sessions.verify(token)).ok());
        QCOMPARE(sessions.verify(token).error().message, u"invalid session: token is revoked, please re-login"_s);
        // Revocations survive a restart.
        m_accounts.reset();
        auto reopened = open();
        QVERIFY2(reopened.ok(), reopened.ok() ? "" : qPrintable(reopened.error()));
        m_accounts = std::move(reopened).value();
        SessionManager restarted(*m_accounts, key, fastSettings());
        QVERIFY(!restarted.verify(token).ok());
        QVERIFY(restarted.login(u"admin"_s, m_adminPassword).ok());
    }

    void passwordChangeEndsOlderTokens()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        const QByteArray old = *sessions.login(u"alice"_s, u"alice-password"_s);
        QCOMPARE(sessions.changePassword(u"alice"_s, u"wrong"_s, u"alice"_s, u"new-password-1"_s).error().message,
                 u"current password does not match"_s);
        QCOMPARE(sessions.changePassword(u"alice"_s, u"alice-password"_s, u"alice"_s, u"short"_s).error().message,
                 u"new password does not match the following expression: ^.{8,32}$"_s);
        // Tokens of the same second stay valid (seconds, as Argo CD keeps them): wait for the next one.
        QTest::qWait(1100);
        QVERIFY(sessions.changePassword(u"alice"_s, u"alice-password"_s, u"alice"_s, u"new-password-1"_s).ok());
        QCOMPARE(sessions.verify(old).error().message,
                 u"invalid session: account password has changed since token issued"_s);
        QVERIFY(!sessions.login(u"alice"_s, u"alice-password"_s).ok());
        QVERIFY(sessions.login(u"alice"_s, u"new-password-1"_s).ok());
    }

    void projectTokens()
    {
        SessionManager sessions(*m_accounts, key, fastSettings());
        const QByteArray token = sessions.create(u"proj:web:ci"_s, 3600, u"t1"_s);
        QCOMPARE(sessions.verify(token).error().message, u"invalid session: project web not found"_s);
        sessions.setProjectTokenCheck([](const QString &project, const QString &role, qint64 issuedAt,
                                         const QString &id) -> Result<void> {
            if (project == u"web" && role == u"ci" && id == u"t1")
                return {};
            return Failure(
                u"JWT token for role '%1' issued at '%2' does not exist in project '%3'"_s.arg(role).arg(issuedAt).arg(
                    project));
        });
        const auto verified = sessions.verify(token);
        QVERIFY(verified.ok());
        QVERIFY(verified->isProjectToken());
        QCOMPARE(verified->project, u"web"_s);
        QCOMPARE(verified->role, u"ci"_s);
        QVERIFY(sessions.verify(sessions.create(u"proj:web:ci"_s, 3600, u"t2"_s))
                    .error()
                    .message.startsWith(u"invalid session: JWT token for role 'ci' issued at '"_s));
    }
};

QTEST_GUILESS_MAIN(SessionManagerTest)
#include "tst_sessionmanager.moc"
