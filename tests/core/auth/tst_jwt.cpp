// SPDX-License-Identifier: Apache-2.0
// JWTs as Argo CD's session manager makes and checks them: HS256 only.
#include "auth/jwt.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;

namespace {

const QByteArray key = "0123456789abcdef0123456789abcdef0123456789ab";

QByteArray base64url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class JwtTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        const QJsonObject claims{{u"iss"_s, u"argocd"_s}, {u"sub"_s, u"admin:login"_s}, {u"iat"_s, 1700000000}};
        const QByteArray token = Jwt::signHs256(claims, key);
        QCOMPARE(token.count('.'), 2);
        QCOMPARE(QByteArray::fromBase64(token.split('.').first(), QByteArray::Base64UrlEncoding),
                 QByteArray(R"({"alg":"HS256","typ":"JWT"})"));
        const auto verified = Jwt::verifyHs256(token, key);
        QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error()));
        QCOMPARE(*verified, claims);
        QCOMPARE(*Jwt::unverifiedClaims(token), claims);
    }

    void knownVector()
    {
        // jwt.io's example token, made with the key "your-256-bit-secret".
        const QByteArray token
            = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIi"
              "wiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        const auto verified = Jwt::verifyHs256(token, "your-256-bit-secret");
        QVERIFY(verified.ok());
        QCOMPARE(verified->value(u"name").toString(), u"John Doe"_s);
        QVERIFY(!Jwt::verifyHs256(token, "another-secret").ok());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("message");
        const QByteArray good = Jwt::signHs256({{u"sub"_s, u"admin"_s}}, key);
        const QList<QByteArray> parts = good.split('.');
        const QByteArray noneHeader = base64url(R"({"alg":"none","typ":"JWT"})");
        const QByteArray tampered = base64url(json({{u"sub"_s, u"root"_s}}));

        QTest::newRow("empty") << QByteArray() << u"token is malformed"_s;
        QTest::newRow("two parts") << parts.at(0) + '.' + parts.at(1)
                                   << u"token is malformed: token contains an invalid number of segments"_s;
        QTest::newRow("four parts") << good + ".x"
                                    << u"token is malformed: token contains an invalid number of segments"_s;
        QTest::newRow("alg none") << noneHeader + '.' + parts.at(1) + '.'
                                  << u"token is unverifiable: signing method none is invalid"_s;
        QTest::newRow("alg none signed") << noneHeader + '.' + parts.at(1) + '.' + parts.at(2)
                                         << u"token is unverifiable: signing method none is invalid"_s;
        QTest::newRow("RS256") << base64url(R"({"alg":"RS256"})") + '.' + parts.at(1) + '.' + parts.at(2)
                               << u"token is unverifiable: signing method RS256 is invalid"_s;
        QTest::newRow("tampered claims") << parts.at(0) + '.' + tampered + '.' + parts.at(2)
                                         << u"token signature is invalid: signature is invalid"_s;
        QTest::newRow("no signature") << parts.at(0) + '.' + parts.at(1) + '.' << u"token signature is invalid"_s;
        QTest::newRow("not base64") << parts.at(0) + '.' + parts.at(1) + ".!!!"
                                    << u"token signature is invalid: signature is invalid"_s;
        QTest::newRow("header not json") << base64url("{alg") + '.' + parts.at(1) + '.' + parts.at(2)
                                         << u"token is malformed: not a JSON object"_s;
        QTest::newRow("huge") << QByteArray(20000, 'a') << u"token is malformed"_s;
    }

    void refused()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, message);
        const auto verified = Jwt::verifyHs256(token, key);
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error(), message);
    }

    void wrongKey()
    {
        const QByteArray token = Jwt::signHs256({{u"sub"_s, u"admin"_s}}, key);
        QVERIFY(!Jwt::verifyHs256(token, "another key").ok());
        QVERIFY(!Jwt::verifyHs256(token, {}).ok());
    }
};

QTEST_GUILESS_MAIN(JwtTest)
#include "tst_jwt.moc"
