// SPDX-License-Identifier: Apache-2.0
// Sessions, accounts, API keys, can-i and settings over real HTTP, on a
// server with its state in a temporary folder, as Argo CD's clients use them.
#include "apiserver.h"
#include "auth/jwt.h"
#include "serverservices.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

class tst_SessionApi : public QObject
{
    Q_OBJECT

    struct Answer
    {
        int status = 0;
        QJsonObject body;
        QList<QNetworkReply::RawHeaderPair> headers;
    };

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token = {},
                const QJsonObject &body = {}, const QByteArray &cookie = {})
    {
        QNetworkRequest request(m_server->url().resolved(QUrl(path)));
        // Each call stands alone: cookies only when given.
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        if (!cookie.isEmpty())
            request.setRawHeader("Cookie", cookie);
        QByteArray data;
        if (!body.isEmpty()) {
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            data = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, data);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
            qWarning() << "no answer to" << method << path;
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                QJsonDocument::fromJson(reply->readAll()).object(), reply->rawHeaderPairs()};
    }

    QByteArray login(const QString &username, const QString &password)
    {
        const Answer answer
            = call("POST", u"/api/v1/session"_s, {}, {{u"username"_s, username}, {u"password"_s, password}});
        return answer.body.value(u"token").toString().toLatin1();
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServerSettings settings;
        settings.configMap = {{u"accounts.ci"_s, u"apiKey"_s}, {u"accounts.viewer"_s, u"login"_s}};
        settings.rbacConfigMap = {{u"policy.csv"_s, u"g, viewer, role:readonly\ng, ci, role:readonly"_s}};
        auto services = ServerServices::open(m_dir.path(), settings);
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_services->addRoutes(*m_server);
        const auto listening = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error()));
        m_adminPassword = m_services->initialAdminPassword();
        QCOMPARE(m_adminPassword.size(), 16);
        QFile file(m_services->initialAdminPasswordFile());
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    }

    void loginLogout()
    {
        const Answer wrong
            = call("POST", u"/api/v1/session"_s, {}, {{u"username"_s, u"admin"_s}, {u"password"_s, u"wrong"_s}});
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.body,
                 QJsonObject({{u"error"_s, u"Invalid username or password"_s},
                              {u"code"_s, 16},
                              {u"message"_s, u"Invalid username or password"_s}}));
        const Answer empty = call("POST", u"/api/v1/session"_s, {}, {{u"username"_s, u"admin"_s}});
        QCOMPARE(empty.status, 401);
        QCOMPARE(empty.body.value(u"message").toString(), u"no credentials supplied"_s);
        const Answer typo = call("POST", u"/api/v1/session"_s, {},
                                 {{u"username"_s, u"admin"_s}, {u"pasword"_s, u"x"_s}, {u"password"_s, 1}});
        QCOMPARE(typo.status, 400);
        QCOMPARE(typo.body.value(u"message").toString(), u"pasword: unknown field; password: must be a string"_s);

        const Answer ok
            = call("POST", u"/api/v1/session"_s, {}, {{u"username"_s, u"admin"_s}, {u"password"_s, m_adminPassword}});
        QCOMPARE(ok.status, 200);
        const QByteArray token = ok.body.value(u"token").toString().toLatin1();
        QVERIFY(!token.isEmpty());
        QByteArray cookie;
        for (const auto &[name, value] : ok.headers) {
            if (name.compare("set-cookie", Qt::CaseInsensitive) == 0)
                cookie = value;
        }
        QCOMPARE(cookie, "argocd.token=" + token + "; path=/; SameSite=lax; httpOnly");

        // The bearer header and the cookie both work.
        const QJsonObject me{{u"loggedIn"_s, true}, {u"username"_s, u"admin"_s}, {u"iss"_s, u"argocd"_s}};
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s, token).body, me);
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s, {}, {}, "argocd.token=" + token).body, me);
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s).body, QJsonObject());

        // Logout revokes the token.
        QCOMPARE(call("DELETE", u"/api/v1/session"_s, token).status, 200);
        const Answer after = call("GET", u"/api/v1/account"_s, token);
        QCOMPARE(after.status, 401);
        QCOMPARE(after.body.value(u"message").toString(), u"invalid session: token is revoked, please re-login"_s);
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s, token).body, QJsonObject());
    }

    void badTokens_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("message");
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray key = "not the server's key";
        QTest::newRow("none") << QByteArray() << u"no session information"_s;
        QTest::newRow("garbage") << QByteArray("abc")
                                 << u"invalid session: token is malformed: token contains an "
                                    "invalid number of segments"_s;
        QTest::newRow("wrong key") << Jwt::signHs256(
            {{u"iss"_s, u"argocd"_s}, {u"sub"_s, u"admin:login"_s}, {u"iat"_s, now}, {u"jti"_s, u"x"_s}}, key)
                                   << u"invalid session: token signature is invalid: signature is invalid"_s;
        const QByteArray none
            = QByteArray(R"({"alg":"none"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.'
            + QByteArray(R"({"iss":"argocd","sub":"admin:login"})")
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.';
        QTest::newRow("alg none") << none
                                  << u"invalid session: token is unverifiable: signing method none is invalid"_s;
    }

    void badTokens()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, message);
        const Answer answer = call("GET", u"/api/v1/account"_s, token);
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.body.value(u"code").toInt(), 16);
        QCOMPARE(answer.body.value(u"message").toString(), message);
    }

    void expiredAndTamperedTokens()
    {
        const QByteArray token = login(u"admin"_s, m_adminPassword);
        QList<QByteArray> parts = token.split('.');
        QJsonObject claims
            = QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding)).object();
        claims.insert(u"exp"_s, QDateTime::currentSecsSinceEpoch() - 10);
        parts[1] = QJsonDocument(claims)
                       .toJson(QJsonDocument::Compact)
                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const Answer tampered = call("GET", u"/api/v1/account"_s, parts.join('.'));
        QCOMPARE(tampered.status, 401);
        QCOMPARE(tampered.body.value(u"message").toString(),
                 u"invalid session: token signature is invalid: signature is invalid"_s);
    }

    void accountsAndApiKeys()
    {
        const QByteArray admin = login(u"admin"_s, m_adminPassword);
        const Answer list = call("GET", u"/api/v1/account"_s, admin);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.body.value(u"items").toArray().size(), 3);
        QCOMPARE(call("GET", u"/api/v1/account/nobody"_s, admin).status, 404);

        const Answer created
            = call("POST", u"/api/v1/account/ci/token"_s, admin, {{u"expiresIn"_s, 3600}, {u"id"_s, u"ci-key"_s}});
        QCOMPARE(created.status, 200);
        const QByteArray key = created.body.value(u"token").toString().toLatin1();
        const Answer ci = call("GET", u"/api/v1/account/ci"_s, admin);
        QCOMPARE(ci.body.value(u"tokens").toArray().first().toObject().value(u"id").toString(), u"ci-key"_s);
        // The key works, with the account's role (readonly: no token for others).
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s, key).body.value(u"username").toString(), u"ci"_s);
        const Answer denied = call("POST", u"/api/v1/account/viewer/token"_s, key, {{u"id"_s, u"x"_s}});
        QCOMPARE(denied.status, 403);
        QVERIFY2(denied.body.value(u"message")
                     .toString()
                     .startsWith(u"permission denied: accounts, update, viewer, sub: ci, iat: "_s),
                 qPrintable(denied.body.value(u"message").toString()));
        const Answer noApiKey = call("POST", u"/api/v1/account/viewer/token"_s, admin, {{u"id"_s, u"x"_s}});
        QCOMPARE(noApiKey.status, 500);
        QCOMPARE(noApiKey.body.value(u"message").toString(), u"account 'viewer' does not have apiKey capability"_s);
        const Answer badType = call("POST", u"/api/v1/account/ci/token"_s, admin, {{u"expiresIn"_s, u"soon"_s}});
        QCOMPARE(badType.status, 400);

        // Deleting the key ends it.
        QCOMPARE(call("DELETE", u"/api/v1/account/ci/token/ci-key"_s, admin).status, 200);
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s, key).body, QJsonObject());
        QCOMPARE(call("DELETE", u"/api/v1/account/ci/token/ci-key"_s, admin).status, 404);
    }

    void canI()
    {
        const QByteArray admin = login(u"admin"_s, m_adminPassword);
        const auto value = [this](const QByteArray &token, const QString &path) {
            return call("GET", u"/api/v1/account/can-i/"_s + path, token).body.value(u"value").toString();
        };
        QCOMPARE(value(admin, u"applications/sync/default/guestbook"_s), u"yes"_s);
        QCOMPARE(value(admin, u"applications/sync/default/argocd/guestbook"_s), u"yes"_s);
        QCOMPARE(value(admin, u"accounts/delete/x"_s), u"no"_s);
        const Answer bad = call("GET", u"/api/v1/account/can-i/applications/fly/x"_s, admin);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.body.value(u"message").toString(),
                 u"[get create update delete sync override action invoke] does not contain fly"_s);
        QCOMPARE(call("GET", u"/api/v1/account/can-i/applications/get/x"_s).status, 401);
    }

    void passwordChange()
    {
        const Answer weak = call("PUT", u"/api/v1/account/password"_s, login(u"admin"_s, m_adminPassword),
                                 {{u"currentPassword"_s, m_adminPassword}, {u"newPassword"_s, u"short"_s}});
        QCOMPARE(weak.status, 500);
        QCOMPARE(weak.body.value(u"message").toString(),
                 u"new password does not match the following expression: ^.{8,32}$"_s);
        // Set viewer's password as admin (admin's current password is asked).
        const QByteArray admin = login(u"admin"_s, m_adminPassword);
        const Answer set = call("PUT", u"/api/v1/account/password"_s, admin,
                                {{u"name"_s, u"viewer"_s},
                                 {u"currentPassword"_s, m_adminPassword},
                                 {u"newPassword"_s, u"viewer-password"_s}});
        QCOMPARE(set.status, 200);
        const QByteArray viewer = login(u"viewer"_s, u"viewer-password"_s);
        QVERIFY(!viewer.isEmpty());
        const Answer denied = call("PUT", u"/api/v1/account/password"_s, viewer,
                                   {{u"name"_s, u"admin"_s},
                                    {u"currentPassword"_s, u"viewer-password"_s},
                                    {u"newPassword"_s, u"taken-over!"_s}});
        QCOMPARE(denied.status, 403);
        QTest::qWait(1100); // tokens of the same second stay valid
        const Answer own = call("PUT", u"/api/v1/account/password"_s, admin,
                                {{u"currentPassword"_s, m_adminPassword}, {u"newPassword"_s, u"admin-password"_s}});
        QCOMPARE(own.status, 200);
        // The initial password is gone, and so are admin's older sessions.
        QCOMPARE(m_services->initialAdminPassword(), QString());
        QCOMPARE(call("GET", u"/api/v1/account"_s, admin).status, 401);
        m_adminPassword = u"admin-password"_s;
    }

    void settings()
    {
        const QJsonObject anonymous = call("GET", u"/api/v1/settings"_s).body;
        QCOMPARE(anonymous.value(u"appLabelKey").toString(), u"app.kubernetes.io/instance"_s);
        QVERIFY(!anonymous.contains(u"passwordPattern"));
        const QJsonObject signedIn = call("GET", u"/api/v1/settings"_s, login(u"admin"_s, m_adminPassword)).body;
        QCOMPARE(signedIn.value(u"passwordPattern").toString(), u"^.{8,32}$"_s);
    }

    void badRequests()
    {
        QNetworkRequest request(m_server->url().resolved(QUrl(u"/api/v1/session"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.post(request, "{not json");
        QTRY_VERIFY(reply->isFinished());
        reply->deleteLater();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
        QVERIFY(QJsonDocument::fromJson(reply->readAll())
                    .object()
                    .value(u"message")
                    .toString()
                    .startsWith(u"the request body is not valid JSON: "_s));

        QNetworkRequest text(m_server->url().resolved(QUrl(u"/api/v1/session"_s)));
        text.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        QNetworkReply *wrongType = m_network.post(text, "{}");
        QTRY_VERIFY(wrongType->isFinished());
        wrongType->deleteLater();
        QCOMPARE(wrongType->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 415);

        m_server->setMaximumBodySize(64);
        const Answer huge
            = call("POST", u"/api/v1/session"_s, {}, {{u"username"_s, QString(100, u'a')}, {u"password"_s, u"x"_s}});
        QCOMPARE(huge.status, 400);
        QCOMPARE(huge.body.value(u"message").toString(),
                 u"the request body is %1 bytes, more than the limit of 64 bytes"_s.arg(
                     QJsonDocument(QJsonObject{{u"username"_s, QString(100, u'a')}, {u"password"_s, u"x"_s}})
                         .toJson(QJsonDocument::Compact)
                         .size()));
        m_server->setMaximumBodySize(16 * 1024 * 1024);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;
    QString m_adminPassword;
};

QTEST_GUILESS_MAIN(tst_SessionApi)
#include "tst_sessionapi.moc"
