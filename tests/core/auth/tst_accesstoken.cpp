// SPDX-License-Identifier: Apache-2.0
#include "auth/accesstoken.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Capstan;

class tst_AccessToken : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generate()
    {
        QSet<QByteArray> seen;
        const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
        for (int i = 0; i < 100; ++i) {
            const QByteArray token = AccessToken::generate();
            QVERIFY2(base64url.match(QString::fromLatin1(token)).hasMatch(), token.constData());
            QVERIFY(!seen.contains(token));
            seen.insert(token);
        }
        QCOMPARE(QByteArray::fromBase64(AccessToken::generate(16), QByteArray::Base64UrlEncoding).size(), 16);
    }

    void constantTimeEquals_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::addRow("same") << QByteArray("secret") << QByteArray("secret") << true;
        QTest::addRow("both empty") << QByteArray() << QByteArray() << true;
        QTest::addRow("last byte differs") << QByteArray("secret") << QByteArray("secreT") << false;
        QTest::addRow("first byte differs") << QByteArray("secret") << QByteArray("Secret") << false;
        QTest::addRow("prefix") << QByteArray("secret") << QByteArray("secre") << false;
        QTest::addRow("empty against value") << QByteArray() << QByteArray("secret") << false;
    }

    void constantTimeEquals()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(AccessToken::constantTimeEquals(a, b), equal);
        QCOMPARE(AccessToken::constantTimeEquals(b, a), equal);
    }

    void fromAuthorizationHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("token");
        QTest::addRow("bearer") << QByteArray("Bearer abc.def") << QByteArray("abc.def");
        QTest::addRow("scheme is case-insensitive") << QByteArray("bEaReR abc") << QByteArray("abc");
        QTest::addRow("surrounding space") << QByteArray("  Bearer   abc  ") << QByteArray("abc");
        QTest::addRow("basic") << QByteArray("Basic YWRtaW46eA==") << QByteArray();
        QTest::addRow("no token") << QByteArray("Bearer ") << QByteArray();
        QTest::addRow("empty") << QByteArray() << QByteArray();
        QTest::addRow("no space") << QByteArray("Bearerabc") << QByteArray();
    }

    void fromAuthorizationHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, token);
        QCOMPARE(AccessToken::fromAuthorizationHeader(header), token);
    }
};

QTEST_GUILESS_MAIN(tst_AccessToken)
#include "tst_accesstoken.moc"
