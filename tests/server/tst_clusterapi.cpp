// SPDX-License-Identifier: Apache-2.0
// Clusters over real HTTP, with the engine on the local control plane: the
// in-cluster destination with its live connection state, registering,
// updating and removing clusters with write-only credentials, and cache
// invalidation.
#include "apiserver.h"
#include "kube/localcluster/localcluster.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/controlplane.h"
#include "support/gitfixture.h"
#include "support/serversettings.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

class tst_ClusterApi : public QObject
{
    Q_OBJECT

    using Answer = Test::ApiCaller::Answer;

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body = {})
    {
        return m_api.call(method, path, token, body);
    }
    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QJsonObject &body)
    {
        return m_api.call(method, path, token, body);
    }

    static QString encoded(const QString &url) { return QString::fromLatin1(QUrl::toPercentEncoding(url)); }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        const QString error = Test::startCluster(m_cluster);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        ServerSettings settings;
        settings.configMap = {{u"accounts.viewer"_s, u"apiKey"_s}};
        settings.rbacConfigMap = {{u"policy.csv"_s, u"g, viewer, role:readonly\n"_s}};
        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories(settings));
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_services->addRoutes(*m_server);
        const auto listening = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error()));
        m_services->startEngine(m_cluster.connection());
        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        QVERIFY(!m_admin.isEmpty());
        m_viewer = m_api.apiKey(u"viewer"_s, m_admin);
        QVERIFY(!m_viewer.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_services)
            m_services->stopEngine();
    }

    void inCluster()
    {
        const QString inCluster = u"/api/v1/clusters/"_s + encoded(u"https://kubernetes.default.svc"_s);
        Answer read = call("GET", inCluster, m_viewer);
        QCOMPARE(read.status, 200);
        QCOMPARE(read.body[u"name"].toString(), u"in-cluster"_s);
        // No app has needed it yet: not monitored, as Argo CD says.
        QCOMPARE(read.body[u"info"][u"connectionState"][u"status"].toString(), u"Unknown"_s);
        QCOMPARE(read.body[u"info"][u"connectionState"][u"message"].toString(),
                 u"Cluster has no applications and is not being monitored."_s);
        QCOMPARE(read.body[u"info"][u"applicationsCount"].toInteger(), 0);

        // An app that deploys there starts its cache.
        m_git.write(u"app/config.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        QVERIFY(!m_git.commit(u"First"_s).isEmpty());
        const QJsonObject app{
            {u"metadata"_s, QJsonObject{{u"name"_s, u"uses-local"_s}}},
            {u"spec"_s,
             QJsonObject{
                 {u"project"_s, u"default"_s},
                 {u"source"_s, QJsonObject{{u"repoURL"_s, m_git.fileUrl()}, {u"path"_s, u"app"_s}}},
                 {u"destination"_s, QJsonObject{{u"name"_s, u"in-cluster"_s}, {u"namespace"_s, u"default"_s}}}}}};
        QCOMPARE(call("POST", u"/api/v1/applications"_s, m_admin, app).status, 200);
        QVERIFY(QTest::qWaitFor(
            [&] {
                read = call("GET", inCluster, m_viewer);
                return read.body[u"info"][u"connectionState"][u"status"].toString() == u"Successful"
                    && read.body[u"info"][u"cacheInfo"][u"resourcesCount"].toInteger() > 0;
            },
            60000));
        QCOMPARE(read.body[u"info"][u"serverVersion"].toString(), u"1.20"_s);
        QCOMPARE(read.body[u"serverVersion"].toString(), u"1.20"_s);
        QVERIFY(read.body[u"info"][u"cacheInfo"][u"apisCount"].toInteger() > 10);
        QCOMPARE(read.body[u"info"][u"applicationsCount"].toInteger(), 1);
        QCOMPARE(call("GET", u"/api/v1/clusters/in-cluster?id.type=name"_s, m_viewer).status, 200);

        // Invalidating the cache drops it; the app's next comparison lists again.
        const Answer invalidated = call("POST", inCluster + u"/invalidate-cache"_s, m_admin);
        QCOMPARE(invalidated.status, 200);
        QVERIFY(invalidated.body[u"refreshRequestedAt"].isString());
        QCOMPARE(call("POST", inCluster + u"/invalidate-cache"_s, m_viewer).status, 403);
        QCOMPARE(call("POST", inCluster + u"/rotate-auth"_s, m_admin).status, 501);
        QCOMPARE(call("DELETE", u"/api/v1/applications/uses-local?cascade=false"_s, m_admin).status, 200);
    }

    void registerUpdateRemove()
    {
        const QJsonObject cluster{{u"server"_s, u"https://prod.example.com:6443"_s},
                                  {u"name"_s, u"prod"_s},
                                  {u"config"_s,
                                   QJsonObject{{u"bearerToken"_s, u"very-secret-token"_s},
                                               {u"tlsClientConfig"_s, QJsonObject{{u"insecure"_s, true}}}}}};
        Answer created = call("POST", u"/api/v1/clusters"_s, m_admin, cluster);
        QCOMPARE(created.status, 200);
        QCOMPARE(created.body[u"name"].toString(), u"prod"_s);
        QVERIFY(!QJsonDocument(created.body).toJson().contains("very-secret"));
        QCOMPARE(call("POST", u"/api/v1/clusters"_s, m_viewer, cluster).status, 403);
        QCOMPARE(call("POST", u"/api/v1/clusters"_s, m_admin, cluster).status, 200);
        QJsonObject renamed = cluster;
        renamed[u"name"] = u"production"_s;
        const Answer different = call("POST", u"/api/v1/clusters"_s, m_admin, renamed);
        QCOMPARE(different.status, 400);
        QCOMPARE(different.message(), u"existing cluster spec is different; use upsert flag to force update"_s);
        QCOMPARE(call("POST", u"/api/v1/clusters"_s, m_admin, QJsonObject{{u"server"_s, u"not a url"_s}}).status, 400);

        // updatedFields changes those fields alone; the token stays.
        const QString one = u"/api/v1/clusters/"_s + encoded(u"https://prod.example.com:6443"_s);
        const Answer updated = call("PUT", one + u"?updatedFields=name&updatedFields=namespaces"_s, m_admin,
                                    QJsonObject{{u"server"_s, u"https://prod.example.com:6443"_s},
                                                {u"name"_s, u"production"_s},
                                                {u"namespaces"_s, QJsonArray{u"shop"_s}}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.body[u"name"].toString(), u"production"_s);
        QCOMPARE(updated.body[u"namespaces"].toArray(), QJsonArray({u"shop"_s}));
        QCOMPARE(m_services->store().clusterWithSecrets(u"https://prod.example.com:6443"_s)->config.bearerToken,
                 u"very-secret-token"_s);
        QCOMPARE(call("PUT", one + u"?updatedFields=server"_s, m_admin, cluster).status, 400);
        QCOMPARE(call("PUT", one, m_viewer, cluster).status, 403);

        const Answer listed = call("GET", u"/api/v1/clusters"_s, m_viewer);
        QStringList names;
        for (const QJsonValue &item : listed.body[u"items"].toArray())
            names.append(item[u"name"].toString());
        QCOMPARE(names, QStringList({u"in-cluster"_s, u"production"_s}));
        QCOMPARE(call("GET", u"/api/v1/clusters?name=production"_s, m_viewer).body[u"items"].toArray().size(), 1);
        QCOMPARE(call("GET", u"/api/v1/clusters/nope?id.type=name"_s, m_admin).status, 404);
        QCOMPARE(call("GET", u"/api/v1/clusters/prod?id.type=fingerprint"_s, m_admin).status, 400);

        QCOMPARE(call("DELETE", one, m_viewer).status, 403);
        QCOMPARE(call("DELETE", one, m_admin).status, 200);
        QCOMPARE(call("GET", one, m_admin).status, 404);
    }

private:
    QTemporaryDir m_dir;
    Test::GitFixture m_git;
    Kube::LocalCluster m_cluster;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server->url(); }};
    QByteArray m_admin;
    QByteArray m_viewer;
};

QTEST_GUILESS_MAIN(tst_ClusterApi)
#include "tst_clusterapi.moc"
