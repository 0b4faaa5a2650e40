// SPDX-License-Identifier: Apache-2.0
// Passwords as bcrypt hashes, compatible with the ones Argo CD stores.
#include "auth/passwordhash.h"

#include <QTest>

using namespace Capstan;

class PasswordHashTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashAndVerify()
    {
        const auto hash = PasswordHash::hash("correct horse");
        QVERIFY(hash.ok());
        QVERIFY(hash->startsWith("$2a$10$"));
        QCOMPARE(hash->size(), 60);
        QVERIFY(PasswordHash::verify("correct horse", *hash));
        QVERIFY(!PasswordHash::verify("correct horsE", *hash));
        QVERIFY(!PasswordHash::verify("", *hash));
        // A fresh salt every time.
        QVERIFY(*PasswordHash::hash("correct horse") != *hash);
    }

    void publicVectors()
    {
        // crypt_blowfish's vectors, which Go's bcrypt (Argo CD's) is tested with too.
        QVERIFY(PasswordHash::verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
        QVERIFY(PasswordHash::verify("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"));
        QVERIFY(PasswordHash::verify("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
        QVERIFY(!PasswordHash::verify("U*V", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
    }

    void malformedHashesNeverMatch()
    {
        QVERIFY(!PasswordHash::verify("password", ""));
        QVERIFY(!PasswordHash::verify("password", "password"));
        QVERIFY(!PasswordHash::verify("password", "$1$abc$def"));
        QVERIFY(!PasswordHash::verify("password", "$2a$10$short"));
    }

    void limits()
    {
        QVERIFY(!PasswordHash::hash(QByteArray(73, 'x')).ok());
        QVERIFY(!PasswordHash::hash(QByteArray("a\0b", 3)).ok());
        QVERIFY(PasswordHash::hash(QByteArray(72, 'x')).ok());
    }
};

QTEST_GUILESS_MAIN(PasswordHashTest)
#include "tst_passwordhash.moc"
