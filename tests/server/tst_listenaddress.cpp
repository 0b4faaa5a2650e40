// SPDX-License-Identifier: Apache-2.0
#include "listenaddress.h"

#include <QTest>

using namespace Capstan;

class tst_ListenAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::addRow("ipv4") << QStringLiteral("127.0.0.1:8080") << QStringLiteral("127.0.0.1") << 8080;
        QTest::addRow("all interfaces") << QStringLiteral("0.0.0.0:443") << QStringLiteral("0.0.0.0") << 443;
        QTest::addRow("localhost") << QStringLiteral("localhost:9000") << QStringLiteral("127.0.0.1") << 9000;
        QTest::addRow("ipv6") << QStringLiteral("[::1]:8080") << QStringLiteral("::1") << 8080;
        QTest::addRow("any port") << QStringLiteral("127.0.0.1:0") << QStringLiteral("127.0.0.1") << 0;
        QTest::addRow("highest port") << QStringLiteral("127.0.0.1:65535") << QStringLiteral("127.0.0.1") << 65535;
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(int, port);
        const Result<ListenAddress> listen = ListenAddress::parse(text);
        QVERIFY2(listen.ok(), qPrintable(listen.ok() ? QString() : listen.error()));
        QCOMPARE(listen->address, QHostAddress(address));
        QCOMPARE(int(listen->port), port);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addRow("no port") << QStringLiteral("127.0.0.1") << QStringLiteral("has no port");
        QTest::addRow("no address") << QStringLiteral(":8080") << QStringLiteral("has no address");
        QTest::addRow("host name") << QStringLiteral("example.com:80") << QStringLiteral("is not an IP address");
        QTest::addRow("port too big") << QStringLiteral("127.0.0.1:65536") << QStringLiteral("not a port number");
        QTest::addRow("negative port") << QStringLiteral("127.0.0.1:-1") << QStringLiteral("not a port number");
        QTest::addRow("port not a number") << QStringLiteral("127.0.0.1:http") << QStringLiteral("not a port number");
        QTest::addRow("bare ipv6") << QStringLiteral("::1:8080") << QStringLiteral("in brackets");
        QTest::addRow("empty") << QString() << QStringLiteral("has no port");
    }

    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const Result<ListenAddress> listen = ListenAddress::parse(text);
        QVERIFY(!listen.ok());
        QVERIFY2(listen.error().contains(message), qPrintable(listen.error()));
    }

    void toStringRoundTrips()
    {
        for (const QString &text : {QStringLiteral("127.0.0.1:8080"), QStringLiteral("[::1]:1")})
            QCOMPARE(ListenAddress::parse(text)->toString(), text);
    }
};

QTEST_GUILESS_MAIN(tst_ListenAddress)
#include "tst_listenaddress.moc"
