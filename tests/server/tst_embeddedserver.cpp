// SPDX-License-Identifier: Apache-2.0
#include "embeddedserver.h"
#include "store/datadirectory.h"
#include "support/controlplane.h"

#include <QDir>
#include <QFile>
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
        server.start(data.path(), EmbeddedServer::LocalCluster::DoNotStart);
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
        first.start(a.path(), EmbeddedServer::LocalCluster::DoNotStart);
        second.start(b.path(), EmbeddedServer::LocalCluster::DoNotStart);
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
            server.start(data.path(), EmbeddedServer::LocalCluster::DoNotStart);
            QVERIFY(started.wait());
        }
        QVERIFY(DataDirectory::open(data.path()).ok());
    }

    void startsTheLocalCluster()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        QTemporaryDir data;
        QString kubeconfig;
        {
            EmbeddedServer server;
            QSignalSpy clusterStarted(&server, &EmbeddedServer::localClusterStarted);
            QSignalSpy clusterFailed(&server, &EmbeddedServer::localClusterFailed);
            server.start(data.path(), EmbeddedServer::LocalCluster::Start);
            QTRY_VERIFY_WITH_TIMEOUT(!clusterStarted.isEmpty() || !clusterFailed.isEmpty(), 120000);
            QVERIFY2(clusterFailed.isEmpty(), qPrintable(clusterFailed.value(0).value(0).toString()));
            kubeconfig = clusterStarted.at(0).at(0).toString();
            QCOMPARE(kubeconfig, data.filePath(QStringLiteral("local-cluster/kubeconfig")));
            QVERIFY(QFile::exists(kubeconfig));
        }
        // Stopped with the server: no process of it is left.
        const QDir run(data.filePath(QStringLiteral("local-cluster/run")));
        QCOMPARE(run.entryList({QStringLiteral("*.pid")}, QDir::Files), QStringList());
    }

    void failsOnATakenDataFolder()
    {
        QTemporaryDir data;
        const Result<std::unique_ptr<DataDirectory>> taken = DataDirectory::open(data.path());
        QVERIFY2(taken.ok(), taken.ok() ? "" : qPrintable(taken.error()));
        EmbeddedServer server;
        QSignalSpy failed(&server, &EmbeddedServer::startFailed);
        server.start(data.path(), EmbeddedServer::LocalCluster::DoNotStart);
        QVERIFY(failed.wait());
        QVERIFY2(failed.at(0).at(0).toString().contains(u"in use"), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!server.isRunning());
    }
};

QTEST_GUILESS_MAIN(tst_EmbeddedServer)
#include "tst_embeddedserver.moc"
