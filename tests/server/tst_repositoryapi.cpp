// SPDX-License-Identifier: Apache-2.0
// Repositories and credential templates over real HTTP, against real Git
// repositories: connection tests, write-only credentials, refs, validate,
// and the permissions Argo CD checks.
#include "apiserver.h"
#include "kube/kubeconfig.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/gitfixture.h"
#include "support/serversettings.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

class tst_RepositoryApi : public QObject
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
        m_git.write(u"app/config.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_git.commit(u"First"_s).isEmpty());
        m_git.git({u"tag"_s, u"v1.0"_s});
        m_git.git({u"branch"_s, u"release"_s});
        if (QTest::currentTestFailed())
            return;

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
        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        QVERIFY(!m_admin.isEmpty());
        m_viewer = m_api.apiKey(u"viewer"_s, m_admin);
        QVERIFY(!m_viewer.isEmpty());
    }

    void repositories()
    {
        // A repository that answers is registered; one that does not is not.
        const QJsonObject repository{{u"repo"_s, m_git.fileUrl()},
                                     {u"name"_s, u"team"_s},
                                     {u"type"_s, u"git"_s},
                                     {u"username"_s, u"ada"_s},
                                     {u"password"_s, u"s3cret-password"_s}};
        Answer created = call("POST", u"/api/v1/repositories"_s, m_admin, repository);
        QCOMPARE(created.status, 200);
        QCOMPARE(created.body[u"repo"].toString(), m_git.fileUrl());
        QCOMPARE(created.body[u"username"].toString(), u"ada"_s);
        QCOMPARE(created.body[u"connectionState"][u"status"].toString(), u"Successful"_s);
        QVERIFY(!created.body.contains(u"password"));
        const QJsonObject missing{{u"repo"_s, QString(u"file://"_s + QDir::tempPath() + u"/nonexistent/repository"_s)}};
        const qint64 before = m_services->store().resourceVersion();
        const Answer unreachable = call("POST", u"/api/v1/repositories"_s, m_admin, missing);
        QCOMPARE(unreachable.status, 400);
        QVERIFY2(unreachable.message().startsWith(u"Unable to connect to repository: "_s),
                 qPrintable(unreachable.message()));
        QCOMPARE(m_services->store().resourceVersion(), before);

        // The same again is no change; a different one needs upsert.
        QCOMPARE(call("POST", u"/api/v1/repositories"_s, m_admin, repository).status, 200);
        QJsonObject renamed = repository;
        renamed[u"name"] = u"renamed"_s;
        const Answer different = call("POST", u"/api/v1/repositories"_s, m_admin, renamed);
        QCOMPARE(different.status, 400);
        QCOMPARE(different.message(), u"existing repository spec is different; use upsert flag to force update"_s);
        QCOMPARE(call("POST", u"/api/v1/repositories?upsert=true"_s, m_admin, renamed).body[u"name"].toString(),
                 u"renamed"_s);

        // Credentials are write-only: no answer carries them, and an update
        // that leaves them out keeps them.
        const QString one = u"/api/v1/repositories/"_s + encoded(m_git.fileUrl());
        Answer read = call("GET", one, m_viewer);
        QCOMPARE(read.status, 200);
        QCOMPARE(read.body[u"name"].toString(), u"renamed"_s);
        QVERIFY(!read.body.contains(u"password"));
        const Answer updated
            = call("PUT", one, m_admin,
                   QJsonObject{{u"repo"_s, m_git.fileUrl()}, {u"name"_s, u"edited"_s}, {u"username"_s, u"ada"_s}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.body[u"name"].toString(), u"edited"_s);
        QCOMPARE(m_services->store().repositoryWithSecrets(m_git.fileUrl())->password, u"s3cret-password"_s);
        const Answer listed = call("GET", u"/api/v1/repositories"_s, m_viewer);
        QCOMPARE(listed.body[u"items"].toArray().size(), 1);
        QVERIFY(!QJsonDocument(listed.body).toJson().contains("s3cret"));
        QCOMPARE(call("PUT", one, m_viewer, QJsonObject{{u"repo"_s, m_git.fileUrl()}}).status, 403);
        QCOMPARE(call("PUT", one, m_admin, QJsonObject{{u"repo"_s, u"file:///other"_s}}).status, 400);

        // Refs and validation.
        const Answer refs = call("GET", one + u"/refs"_s, m_viewer);
        QCOMPARE(refs.status, 200);
        QCOMPARE(refs.body[u"branches"].toArray(), QJsonArray({u"main"_s, u"release"_s}));
        QCOMPARE(refs.body[u"tags"].toArray(), QJsonArray({u"v1.0"_s}));
        QCOMPARE(call("POST", one + u"/validate"_s, m_admin).status, 200);
        const Answer invalid
            = call("POST",
                   u"/api/v1/repositories/"_s + encoded(u"file://"_s + QDir::tempPath() + u"/nonexistent/repository"_s)
                       + u"/validate"_s,
                   m_admin);
        QCOMPARE(invalid.status, 400);
        QCOMPARE(call("POST", one + u"/validate"_s, m_viewer).status, 403);

        // Not registered, not there.
        const Answer unknown
            = call("GET", u"/api/v1/repositories/"_s + encoded(u"https://example.com/x.git"_s), m_admin);
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.message(), u"repo 'https://example.com/x.git' not found"_s);

        QCOMPARE(call("DELETE", one, m_viewer).status, 403);
        QCOMPARE(call("DELETE", one, m_admin).status, 200);
        QCOMPARE(call("GET", one, m_admin).status, 404);
        QCOMPARE(call("GET", u"/api/v1/repositories"_s, m_admin).body[u"items"].toArray(), QJsonArray());
    }

    void appsAndDetails()
    {
        m_git.write(u"apps/web/kustomization.yaml"_s, "resources:\n- deployment.yaml\n");
        m_git.write(u"apps/web/deployment.yaml"_s,
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n"
                    "    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n"
                    "    spec:\n      initContainers:\n      - name: init\n        image: busybox:1.36\n"
                    "      containers:\n      - name: web\n        image: nginx:1.25\n");
        m_git.write(u"charts/shop/Chart.yaml"_s, "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        m_git.write(u"charts/shop/values.yaml"_s, "replicas: 2\nimage:\n  tag: \"1.0\"\nports: [80, 443]\n");
        m_git.write(u"charts/shop/values-prod.yaml"_s, "replicas: 5\n");
        m_git.write(u"charts/shop/templates/cm.yaml"_s, "apiVersion: v1\nkind: ConfigMap\n");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_git.commit(u"Apps"_s).isEmpty());

        const QString one = u"/api/v1/repositories/"_s + encoded(m_git.fileUrl());
        const Answer apps = call("GET", one + u"/apps?revision=main"_s, m_viewer);
        QCOMPARE(apps.status, 200);
        const QJsonArray expected{QJsonObject{{u"path"_s, u"app"_s}, {u"type"_s, u"Directory"_s}},
                                  QJsonObject{{u"path"_s, u"apps/web"_s}, {u"type"_s, u"Kustomize"_s}},
                                  QJsonObject{{u"path"_s, u"charts/shop"_s}, {u"type"_s, u"Helm"_s}}};
        QCOMPARE(apps.body[u"items"].toArray(), expected);
        // At the first tag only the first folder was there.
        QCOMPARE(call("GET", one + u"/apps?revision=v1.0"_s, m_viewer).body[u"items"].toArray().size(), 1);
        QCOMPARE(call("GET", one + u"/apps?revision=nope"_s, m_viewer).status, 404);
        QCOMPARE(call("GET", one + u"/apps?appProject=nope"_s, m_viewer).status, 404);

        const auto details = [&](const QString &path, const QJsonObject &extra = {}) {
            QJsonObject source{{u"repoURL"_s, m_git.fileUrl()}, {u"path"_s, path}, {u"targetRevision"_s, u"main"_s}};
            for (auto it = extra.begin(); it != extra.end(); ++it)
                source.insert(it.key(), it.value());
            return call("POST", one + u"/appdetails"_s, m_viewer, QJsonObject{{u"source"_s, source}});
        };
        const Answer helm = details(u"charts/shop"_s);
        QCOMPARE(helm.status, 200);
        QCOMPARE(helm.body[u"type"].toString(), u"Helm"_s);
        QCOMPARE(helm.body[u"helm"][u"name"].toString(), u"shop"_s);
        QCOMPARE(helm.body[u"helm"][u"valueFiles"].toArray(), QJsonArray({u"values-prod.yaml"_s, u"values.yaml"_s}));
        QVERIFY(helm.body[u"helm"][u"values"].toString().startsWith(u"replicas: 2"_s));
        const QJsonArray parameters{QJsonObject{{u"name"_s, u"image.tag"_s}, {u"value"_s, u"1.0"_s}},
                                    QJsonObject{{u"name"_s, u"ports[0]"_s}, {u"value"_s, u"80"_s}},
                                    QJsonObject{{u"name"_s, u"ports[1]"_s}, {u"value"_s, u"443"_s}},
                                    QJsonObject{{u"name"_s, u"replicas"_s}, {u"value"_s, u"2"_s}}};
        QCOMPARE(helm.body[u"helm"][u"parameters"].toArray(), parameters);
        // The source's value files apply on top of values.yaml.
        const Answer prod = details(u"charts/shop"_s,
                                    {{u"helm"_s, QJsonObject{{u"valueFiles"_s, QJsonArray{u"values-prod.yaml"_s}}}}});
        QCOMPARE(prod.body[u"helm"][u"parameters"][3][u"value"].toString(), u"5"_s);

        const Answer kustomize = details(u"apps/web"_s);
        QCOMPARE(kustomize.status, 200);
        QCOMPARE(kustomize.body[u"type"].toString(), u"Kustomize"_s);
        QCOMPARE(kustomize.body[u"kustomize"][u"images"].toArray(), QJsonArray({u"busybox:1.36"_s, u"nginx:1.25"_s}));
        const Answer directory = details(u"app"_s);
        QCOMPARE(directory.body[u"type"].toString(), u"Directory"_s);
        QVERIFY(directory.body[u"directory"].isObject());

        QCOMPARE(details(u"missing"_s).status, 404);
        QCOMPARE(call("POST", one + u"/appdetails"_s, m_viewer, QByteArray("{")).status, 400);
        QCOMPARE(call("POST", one + u"/appdetails"_s, m_viewer, QJsonObject{{u"sauce"_s, 1}}).status, 400);
        QCOMPARE(
            call("POST", one + u"/appdetails"_s, m_viewer, QJsonObject{{u"source"_s, QJsonObject{{u"repoURL"_s, 5}}}})
                .status,
            400);
    }

    void credentialTemplates()
    {
        const QString prefix = u"https://git.example.com/team/"_s;
        const QJsonObject creds{{u"url"_s, prefix}, {u"username"_s, u"bot"_s}, {u"password"_s, u"t0ken-value"_s}};
        Answer created = call("POST", u"/api/v1/repocreds"_s, m_admin, creds);
        QCOMPARE(created.status, 200);
        QCOMPARE(created.body[u"url"].toString(), prefix);
        QVERIFY(!created.body.contains(u"password"));
        QCOMPARE(call("POST", u"/api/v1/repocreds"_s, m_viewer, creds).status, 403);
        QJsonObject other = creds;
        other[u"username"] = u"robot"_s;
        QCOMPARE(call("POST", u"/api/v1/repocreds"_s, m_admin, other).status, 400);

        const Answer listed = call("GET", u"/api/v1/repocreds"_s, m_viewer);
        QCOMPARE(listed.body[u"items"].toArray().size(), 1);
        QVERIFY(!QJsonDocument(listed.body).toJson().contains("t0ken"));

        const QString one = u"/api/v1/repocreds/"_s + encoded(prefix);
        const Answer updated = call("PUT", one, m_admin, QJsonObject{{u"username"_s, u"robot"_s}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.body[u"username"].toString(), u"robot"_s);
        QCOMPARE(m_services->store().repositoryCredentialsWithSecrets(prefix)->password, u"t0ken-value"_s);
        QCOMPARE(call("DELETE", one, m_admin).status, 200);
        QCOMPARE(call("DELETE", one, m_admin).status, 404);
    }

    void certificatesAndKeys()
    {
        for (const QString &path : {u"/api/v1/certificates"_s, u"/api/v1/gpgkeys"_s}) {
            const Answer answer = call("GET", path, m_viewer);
            QCOMPARE(answer.status, 200);
            QCOMPARE(answer.body[u"items"].toArray(), QJsonArray());
            QCOMPARE(call("GET", path, {}).status, 401);
        }
    }

private:
    QTemporaryDir m_dir;
    Test::GitFixture m_git;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server->url(); }};
    QByteArray m_admin;
    QByteArray m_viewer;
};

QTEST_GUILESS_MAIN(tst_RepositoryApi)
#include "tst_repositoryapi.moc"
