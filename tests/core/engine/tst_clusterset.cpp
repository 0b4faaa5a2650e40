// SPDX-License-Identifier: Apache-2.0
// Registered clusters and kubeconfig contexts, both ways.
#include "engine/clusterset.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;

class ClusterSetTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kubeconfigContextsBecomeClusters()
    {
        QTemporaryDir folder;
        QFile token(folder.filePath(u"token"_s));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("s3cr3t\n");
        token.close();
        const QByteArray yaml = R"(apiVersion: v1
kind: Config
current-context: staging
clusters:
- name: staging
  cluster:
    server: https://staging.example.org:6443
    certificate-authority-data: Q0EgUEVN
    tls-server-name: api.staging
- name: lab
  cluster:
    server: https://10.0.0.1:6443
    insecure-skip-tls-verify: true
users:
- name: ci
  user:
    tokenFile: token
- name: dev
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: get-token
      args: ["--cluster", "lab"]
      env: [{name: REGION, value: eu}]
contexts:
- name: staging
  context: {cluster: staging, user: ci}
- name: lab
  context: {cluster: lab, user: dev}
)";
        auto kubeconfig = Kube::Kubeconfig::parse(yaml, folder.filePath(u"config"_s));
        QVERIFY2(kubeconfig.ok(), kubeconfig.ok() ? "" : qPrintable(kubeconfig.error()));

        auto staging = Engine::ClusterSet::clusterFromKubeconfig(*kubeconfig, {});
        QVERIFY2(staging.ok(), staging.ok() ? "" : qPrintable(staging.error()));
        QCOMPARE(staging->name, u"staging"_s);
        QCOMPARE(staging->server, u"https://staging.example.org:6443"_s);
        QCOMPARE(staging->config.bearerToken, u"s3cr3t"_s);
        QCOMPARE(staging->config.tlsClientConfig.caData, u"Q0EgUEVN"_s);
        QCOMPARE(staging->config.tlsClientConfig.serverName, u"api.staging"_s);
        // And back: the engine reaches it as kubectl would.
        auto connection = Engine::ClusterSet::connectionFor(*staging);
        QVERIFY(connection.ok());
        QCOMPARE(connection->server, QUrl(u"https://staging.example.org:6443"_s));
        QCOMPARE(connection->bearerToken, QByteArray("s3cr3t"));
        QCOMPARE(connection->certificateAuthority, QByteArray("CA PEM"));

        auto lab = Engine::ClusterSet::clusterFromKubeconfig(*kubeconfig, u"lab"_s);
        QVERIFY(lab.ok());
        QVERIFY(lab->config.tlsClientConfig.insecure);
        QVERIFY(lab->config.execProviderConfig);
        QCOMPARE(lab->config.execProviderConfig->command, u"get-token"_s);
        QCOMPARE(lab->config.execProviderConfig->env.value(u"REGION"_s), u"eu"_s);
        connection = Engine::ClusterSet::connectionFor(*lab);
        QVERIFY(connection->exec);
        QCOMPARE(connection->exec->arguments, QStringList({u"--cluster"_s, u"lab"_s}));

        QVERIFY(!Engine::ClusterSet::clusterFromKubeconfig(*kubeconfig, u"nowhere"_s).ok());
        Model::Cluster broken;
        broken.server = u"not a url"_s;
        QVERIFY(!Engine::ClusterSet::connectionFor(broken).ok());
    }
};

QTEST_GUILESS_MAIN(ClusterSetTest)
#include "tst_clusterset.moc"
