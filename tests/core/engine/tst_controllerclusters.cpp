// SPDX-License-Identifier: Apache-2.0
// The controller's clusters as the API's threads see them: read and dropped
// from other threads while the engine stops and starts again (ThreadSanitizer
// finds a race there, AddressSanitizer a cluster set used after it was
// replaced), and an engine started anew that still works.
#include "engine/controller.h"
#include "source/sourceservice.h"
#include "store/store.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace Capstan;

class ControllerClustersTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readWhileTheEngineRestarts()
    {
        QTemporaryDir data;
        auto store = Store::Store::open(data.filePath(u"capstan.db"_s));
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
        Model::Cluster cluster;
        cluster.server = u"https://cluster.invalid:6443"_s;
        cluster.name = u"remote"_s;
        QVERIFY((*store)->createCluster(cluster).ok());
        Source::SourceSettings sourceSettings;
        sourceSettings.cacheFolder = data.filePath(u"cache"_s);
        Source::SourceService sources(sourceSettings);
        Engine::ControllerSettings settings;
        settings.statusWorkers = 1;
        settings.operationWorkers = 1;
        Engine::Controller controller(**store, sources, settings);
        controller.start();

        std::atomic<bool> done = false;
        std::atomic<int> reads = 0;
        std::atomic<int> unexpected = 0;
        QThread *reader = QThread::create([&] {
            while (!done) {
                const Model::ClusterInfo info = controller.clusterInfo(cluster);
                if (info.connectionState.status != Model::ConnectionState::Status::Unknown)
                    ++unexpected;
                controller.invalidateCluster(cluster.server);
                ++reads;
            }
        });
        reader->start();
        for (int i = 0; i < 50 || reads < 100; ++i) {
            controller.stop();
            controller.setInCluster(std::nullopt);
            controller.start();
        }
        done = true;
        QVERIFY(reader->wait(10000));
        delete reader;
        QCOMPARE(unexpected.load(), 0);

        // Started anew, the engine works: a new app is compared (and, its
        // destination being no registered cluster, found wanting).
        Model::Application application;
        application.metadata.name = u"web"_s;
        application.metadata.ns = u"argocd"_s;
        application.spec.destination.server = u"https://unregistered.invalid:6443"_s;
        application.spec.destination.ns = u"web"_s;
        Model::ApplicationSource source;
        source.repoURL = u"https://git.invalid/apps.git"_s;
        source.path = u"web"_s;
        application.spec.source = source;
        QVERIFY((*store)->createApplication(application).ok());
        QTRY_VERIFY_WITH_TIMEOUT((*store)->application(u"argocd"_s, u"web"_s)->status.reconciledAt.has_value(), 30000);
    }
};

QTEST_GUILESS_MAIN(ControllerClustersTest)
#include "tst_controllerclusters.moc"
