// SPDX-License-Identifier: Apache-2.0
#include "embeddedserver.h"
#include "store/datadirectory.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Capstan;

class tst_EmbeddedServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesOnLoopbackWithItsToken()
    {
        QTemporaryDir data;
        EmbeddedServer server;
        QSignalSpy started(&server, &EmbeddedServer::started);
        server.start(data.path());
        QVERIFY(started.wait());
        const QUrl url = started.at(0).at(0).toUrl();
        const QByteArray token = started.at(0).at(1).toByteArray();
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(url.port() > 0);
        QCOMPARE(server.url(), url);
        QCOMPARE(server.accessToken(), token);
        QVERIFY(token.size() >= 43);

        QNetworkAccessManager network;
        QNetworkRequest request(url.resolved(QUrl(QStringLiteral("/api/version"))));
        request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = network.get(request);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().contains("\"Platform\""));
        delete reply;

        // The data folder is taken while the server runs.
        QVERIFY(!DataDirectory::open(data.path()).ok());
    }

    void eachProcessHasItsOwnToken()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        EmbeddedServer first;
        EmbeddedServer second;
        QSignalSpy firstStarted(&first, &EmbeddedServer::started);
        QSignalSpy secondStarted(&second, &EmbeddedServer::started);
        first.start(a.path());
        second.start(b.path());
        QTRY_COMPARE(firstStarted.size() + secondStarted.size(), 2);
        QVERIFY(first.accessToken() != second.accessToken());
        QVERIFY(first.url() != second.url());
    }

    void releasesTheDataFolderWhenDestroyed()
    {
        QTemporaryDir data;
        {
            EmbeddedServer server;
            QSignalSpy started(&server, &EmbeddedServer::started);
            server.start(data.path());
            QVERIFY(started.wait());
        }
        QVERIFY(DataDirectory::open(data.path()).ok());
    }

    void failsOnATakenDataFolder()
    {
        QTemporaryDir data;
        const Result<std::unique_ptr<DataDirectory>> taken = DataDirectory::open(data.path());
        QVERIFY(taken.ok());
        EmbeddedServer server;
        QSignalSpy failed(&server, &EmbeddedServer::startFailed);
        server.start(data.path());
        QVERIFY(failed.wait());
        QVERIFY2(failed.at(0).at(0).toString().contains(u"in use"), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!server.isRunning());
    }
};

QTEST_GUILESS_MAIN(tst_EmbeddedServer)
#include "tst_embeddedserver.moc"
