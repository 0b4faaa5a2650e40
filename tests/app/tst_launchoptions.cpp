// SPDX-License-Identifier: Apache-2.0
#include "launchoptions.h"

#include <QCommandLineParser>
#include <QTest>

using namespace Capstan;

class tst_LaunchOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("url"); // empty: rejected
        QTest::addColumn<QString>("message");
        QTest::addRow("https") << QStringLiteral("https://argocd.example.com")
                               << QStringLiteral("https://argocd.example.com") << QString();
        QTest::addRow("http with port") << QStringLiteral("http://127.0.0.1:8080")
                                        << QStringLiteral("http://127.0.0.1:8080") << QString();
        QTest::addRow("bare host means https") << QStringLiteral("argocd.example.com:443")
                                               << QStringLiteral("https://argocd.example.com:443") << QString();
        QTest::addRow("path prefix") << QStringLiteral("https://example.com/argo-cd")
                                     << QStringLiteral("https://example.com/argo-cd") << QString();
        QTest::addRow("spaces trimmed") << QStringLiteral("  http://h  ") << QStringLiteral("http://h") << QString();
        QTest::addRow("ftp") << QStringLiteral("ftp://example.com") << QString()
                             << QStringLiteral("is not an http:// or https:// URL");
        QTest::addRow("empty") << QString() << QString() << QStringLiteral("no server URL");
        QTest::addRow("no host") << QStringLiteral("http://") << QString() << QStringLiteral("names no host");
        QTest::addRow("query") << QStringLiteral("http://h/?a=b") << QString() << QStringLiteral("no query");
        QTest::addRow("bad port") << QStringLiteral("http://h:99999") << QString()
                                  << QStringLiteral("is not a valid URL");
    }

    void serverUrl()
    {
        QFETCH(QString, text);
        QFETCH(QString, url);
        QFETCH(QString, message);
        const Result<QUrl> parsed = LaunchOptions::parseServerUrl(text);
        if (url.isEmpty()) {
            QVERIFY(!parsed.ok());
            QVERIFY2(parsed.error().contains(message), qPrintable(parsed.error()));
        } else {
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error()));
            QCOMPARE(*parsed, QUrl(url));
        }
    }

    void fromParser_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("dataDirectory"); // empty: the default
        QTest::addRow("defaults") << QStringList() << true << QString() << QString();
        QTest::addRow("remote") << QStringList{QStringLiteral("--server"), QStringLiteral("https://a.example")} << true
                                << QStringLiteral("https://a.example") << QString();
        QTest::addRow("data dir") << QStringList{QStringLiteral("--data-dir"), QStringLiteral("/tmp/x")} << true
                                  << QString() << QStringLiteral("/tmp/x");
        QTest::addRow("no local cluster")
            << QStringList{QStringLiteral("--no-local-cluster")} << true << QString() << QString();
        QTest::addRow("bad server") << QStringList{QStringLiteral("--server"), QStringLiteral("ftp://a")} << false
                                    << QString() << QString();
        QTest::addRow("stray argument") << QStringList{QStringLiteral("extra")} << false << QString() << QString();
    }

    void fromParser()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, ok);
        QFETCH(QString, server);
        QFETCH(QString, dataDirectory);
        QCommandLineParser parser;
        LaunchOptions::addOptions(parser);
        QVERIFY(parser.parse(QStringList{QStringLiteral("capstan")} + arguments));
        const Result<LaunchOptions> options = LaunchOptions::fromParser(parser);
        QCOMPARE(options.ok(), ok);
        if (!ok)
            return;
        QCOMPARE(options->server.has_value(), !server.isEmpty());
        if (!server.isEmpty())
            QCOMPARE(*options->server, QUrl(server));
        QCOMPARE(options->localCluster, !arguments.contains(u"--no-local-cluster"));
        if (dataDirectory.isEmpty())
            QVERIFY(options->dataDirectory.endsWith(u"/server"));
        else
            QCOMPARE(options->dataDirectory, dataDirectory);
    }
};

QTEST_GUILESS_MAIN(tst_LaunchOptions)
#include "tst_launchoptions.moc"
