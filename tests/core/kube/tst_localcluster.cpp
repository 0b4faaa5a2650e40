// SPDX-License-Identifier: Apache-2.0
// The local control plane with its real processes, and kubectl against it.
#include "kube/kubeclient.h"
#include "kube/localcluster/localcluster.h"
#include "kube/watch.h"
#include "support/controlplane.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Kube;
using namespace Capstan::Test;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run kubectl(const QString &kubeconfig, const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("kubectl"), QStringList{u"--kubeconfig=" + kubeconfig} + arguments);
    process.waitForFinished(60000);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace

class tst_LocalCluster : public QObject
{
    Q_OBJECT

private:
    ControlPlaneBinaries m_binaries;

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        m_binaries = *ControlPlaneBinaries::find();
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not installed");
    }

    void ephemeralClusterServesKubectl()
    {
        QTemporaryDir base;
        LocalCluster cluster;
        LocalCluster::Options options;
        options.dataDirectory = base.path();
        options.binaries = m_binaries;
        QCOMPARE(startCluster(cluster, options), QString());

        QVERIFY(QFile::exists(cluster.kubeconfigPath()));
        QCOMPARE(QFile::permissions(cluster.kubeconfigPath()) & (QFile::ReadOther | QFile::ReadGroup),
                 QFileDevice::Permissions());
        QCOMPARE(cluster.serverUrl().host(), QStringLiteral("127.0.0.1"));

        const Run pods
            = kubectl(cluster.kubeconfigPath(), {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A")});
        QVERIFY2(pods.exitCode == 0, pods.err.constData());

        const Run version = kubectl(cluster.kubeconfigPath(),
                                    {QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json")});
        const QJsonObject server = QJsonDocument::fromJson(version.out).object().value(u"serverVersion").toObject();
        QCOMPARE(server.value(u"gitVersion").toString(), u'v' + ControlPlaneBinaries::builtVersion());

        // The controllers run: a Deployment gets its ReplicaSet.
        const Run create = kubectl(cluster.kubeconfigPath(),
                                   {QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("web"),
                                    QStringLiteral("--image=nginx")});
        QVERIFY2(create.exitCode == 0, create.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(kubectl(cluster.kubeconfigPath(),
                                         {QStringLiteral("get"), QStringLiteral("replicasets"), QStringLiteral("-o"),
                                          QStringLiteral("name")})
                                     .out.startsWith("replicaset.apps/web-"),
                                 30000);

        const QList<qint64> pids = cluster.processIds();
        QCOMPARE(pids.size(), 3);
        const QString directory = cluster.directory();
        cluster.stop();
        QCOMPARE(cluster.state(), LocalCluster::State::Stopped);
        for (const qint64 pid : pids)
            QVERIFY2(!processRuns(pid), qPrintable(QString::number(pid)));
        QVERIFY(!QDir(directory).exists());
    }

    void persistentClusterKeepsItsData()
    {
        QTemporaryDir data;
        LocalCluster::Options options;
        options.mode = LocalCluster::Mode::Persistent;
        options.dataDirectory = data.path();
        options.binaries = m_binaries;

        QByteArray token;
        QByteArray ca;
        {
            LocalCluster cluster;
            QCOMPARE(startCluster(cluster, options), QString());
            const Run create = kubectl(cluster.kubeconfigPath(),
                                       {QStringLiteral("create"), QStringLiteral("configmap"), QStringLiteral("kept"),
                                        QStringLiteral("--from-literal=answer=42")});
            QVERIFY2(create.exitCode == 0, create.err.constData());
            token = cluster.adminToken();
            ca = cluster.caCertificate();
        }
        LocalCluster cluster;
        QCOMPARE(startCluster(cluster, options), QString());
        QCOMPARE(cluster.adminToken(), token);
        QCOMPARE(cluster.caCertificate(), ca);
        const Run get = kubectl(cluster.kubeconfigPath(),
                                {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("kept"),
                                 QStringLiteral("-o"), QStringLiteral("jsonpath={.data.answer}")});
        QCOMPARE(get.out, QByteArray("42"));

        // The restarted API server's watch cache begins at today's revision: a
        // watch from an old one expires (410), and the client says so.
        KubeClient client(cluster.connection());
        auto discovered = client.discover();
        QTRY_VERIFY(discovered.isFinished());
        QVERIFY(discovered.result().ok());
        ListOptions old;
        old.resourceVersion = QStringLiteral("1");
        std::unique_ptr<Watch> watch = client.watch(
            *client.resourceFor(GroupVersionKind::fromApiVersion(QStringLiteral("v1"), QStringLiteral("ConfigMap"))),
            QStringLiteral("default"), old);
        QSignalSpy expired(watch.get(), &Watch::expired);
        QVERIFY(expired.wait(10000));
    }

    void reapsWhatACrashLeftBehind()
    {
        QTemporaryDir data;
        // A process of an earlier run that still holds on: its command line names the folder.
        QVERIFY(QDir(data.path()).mkpath(QStringLiteral("run")));
        qint64 stale = 0;
        QVERIFY(QProcess::startDetached(
            QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("while :; do sleep 1; done"), data.filePath(QStringLiteral("etcd"))},
            {}, &stale));
        QFile pidFile(data.filePath(QStringLiteral("run/etcd.pid")));
        QVERIFY(pidFile.open(QIODevice::WriteOnly));
        pidFile.write(QByteArray::number(stale));
        pidFile.close();
        QVERIFY(processRuns(stale));

        LocalCluster cluster;
        LocalCluster::Options options;
        options.mode = LocalCluster::Mode::Persistent;
        options.dataDirectory = data.path();
        options.binaries = m_binaries;
        QCOMPARE(startCluster(cluster, options), QString());
        QVERIFY(!processRuns(stale));
        QVERIFY(QFile::exists(data.filePath(QStringLiteral("run/etcd.pid")))); // the new etcd's
    }

    void componentThatDiesIsReported()
    {
        QTemporaryDir base;
        LocalCluster cluster;
        LocalCluster::Options options;
        options.dataDirectory = base.path();
        options.binaries = m_binaries;
        options.binaries.kubeApiserver = QStringLiteral("/bin/false");
        QSignalSpy failed(&cluster, &LocalCluster::failed);
        cluster.start(options);
        QVERIFY(failed.wait(60000));
        QCOMPARE(cluster.state(), LocalCluster::State::Failed);
        QVERIFY2(failed.at(0).at(0).toString().startsWith(u"kube-apiserver exited with code 1"),
                 qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(cluster.processIds().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_LocalCluster)
#include "tst_localcluster.moc"
