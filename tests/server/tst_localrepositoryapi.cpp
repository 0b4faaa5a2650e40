// SPDX-License-Identifier: Apache-2.0
// A server reads repositories on its own disk only below the folders it is
// told of: every route that takes a repository URL refuses the others, with
// Argo CD's error and a message that names the way to allow them, also
// through a symbolic link or a `..` that climbs out; an existing app whose
// repository is no longer allowed gets a condition, and nothing is read.
#include "apiserver.h"
#include "engine/controller.h"
#include "kube/localcluster/localcluster.h"
#include "model/application.h"
#include "serverservices.h"
#include "source/sourceservice.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/applicationjson.h"
#include "support/controlplane.h"
#include "support/gitfixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

const QString hint = u"start capstan-server with --allow-local-repositories DIR"_s;

QString encoded(const QString &url)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(url));
}

} // namespace

class tst_LocalRepositoryApi : public QObject
{
    Q_OBJECT

    using Answer = Test::ApiCaller::Answer;

    /// A server on @p data whose local repositories are those below @p
    /// folders, its engine started (with @p cluster as in-cluster, if any).
    bool serve(const QString &data, const QStringList &folders,
               const std::optional<Kube::ClusterConnection> &cluster = std::nullopt)
    {
        m_server.reset();
        m_services.reset();
        if (!QDir().mkpath(data))
            return false;
        ServerSettings settings;
        settings.localRepositories = Source::LocalRepositories::within(folders, hint);
        auto services = ServerServices::open(data, settings);
        if (!services) {
            qWarning().noquote() << services.error();
            return false;
        }
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_services->addRoutes(*m_server);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return false;
        m_services->startEngine(cluster);
        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        return !m_admin.isEmpty();
    }

    /// Every route that takes a repository URL, called with @p url.
    QList<std::pair<QString, Answer>> callEveryRoute(const QString &url)
    {
        const QString one = u"/api/v1/repositories/"_s + encoded(url);
        const QJsonObject source{{u"repoURL"_s, url}, {u"path"_s, u"app"_s}, {u"targetRevision"_s, u"main"_s}};
        QJsonObject application = Test::applicationJson(u"local"_s, url, u"app"_s);
        QList<std::pair<QString, Answer>> answers{
            {u"repository"_s, m_api.call("POST", u"/api/v1/repositories"_s, m_admin, QJsonObject{{u"repo"_s, url}})},
            {u"repository update"_s,
             m_api.call("PUT", one, m_admin, QJsonObject{{u"repo"_s, url}, {u"name"_s, u"renamed"_s}})},
            {u"credentials"_s,
             m_api.call("POST", u"/api/v1/repocreds"_s, m_admin,
                        QJsonObject{{u"url"_s, url}, {u"username"_s, u"x"_s}})},
            {u"refs"_s, m_api.call("GET", one + u"/refs"_s, m_admin)},
            {u"apps"_s, m_api.call("GET", one + u"/apps"_s, m_admin)},
            {u"appdetails"_s, m_api.call("POST", one + u"/appdetails"_s, m_admin, QJsonObject{{u"source"_s, source}})},
            {u"validate"_s, m_api.call("POST", one + u"/validate"_s, m_admin, QByteArray("{}"))},
            {u"application"_s, m_api.call("POST", u"/api/v1/applications?validate=false"_s, m_admin, application)},
            {u"project"_s,
             m_api.call("POST", u"/api/v1/projects"_s, m_admin,
                        QJsonObject{{u"project"_s,
                                     QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"local"_s}}},
                                                 {u"spec"_s, QJsonObject{{u"sourceRepos"_s, QJsonArray{url}}}}}}})},
        };
        // What was made is taken away again, for the next URL.
        m_api.call("DELETE", one, m_admin);
        m_api.call("DELETE", u"/api/v1/repocreds/"_s + encoded(url), m_admin);
        m_api.call("DELETE", u"/api/v1/applications/local?cascade=false"_s, m_admin);
        m_api.call("DELETE", u"/api/v1/projects/local"_s, m_admin);
        return answers;
    }

    void everyRouteRefuses(const QString &url)
    {
        for (const auto &[route, answer] : callEveryRoute(url)) {
            QVERIFY2(answer.status == 403,
                     qPrintable(route + u": "_s + QString::number(answer.status) + u' ' + answer.message()));
            QCOMPARE(answer.body[u"code"].toInt(), 7); // PermissionDenied
            QVERIFY2(answer.message().contains(u"--allow-local-repositories"_s),
                     qPrintable(route + u": "_s + answer.message()));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_data.isValid(), qPrintable(m_data.errorString()));
        m_allowed.write(u"app/settings.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
        m_outside.write(u"app/private.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: private\n");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_allowed.commit(u"Allowed"_s).isEmpty());
        QVERIFY(!m_outside.commit(u"Outside"_s).isEmpty());
        // A link inside the allowed folder that leads out of it.
        QVERIFY(QFile::link(m_outside.path(), m_allowed.path() + u"/escape"_s));
        QVERIFY(QDir().mkpath(m_allowed.path() + u"/inner"_s));
    }

    void insideTheFolderIsAllowed()
    {
        QVERIFY(serve(m_data.filePath(u"allowed"_s), {m_allowed.path()}));
        const QString url = m_allowed.fileUrl();
        for (const auto &[route, answer] : callEveryRoute(url)) {
            const QString said = route + u": "_s + QString::number(answer.status) + u' ' + answer.message();
            // The app's in-cluster destination is not there without a
            // cluster; the repository is not what it is refused for.
            if (route == u"application")
                QVERIFY2(answer.status != 403 && !answer.message().contains(u"local repositories"_s), qPrintable(said));
            else
                QVERIFY2(answer.status == 200, qPrintable(said));
        }
    }

    void outsideIsRefused_data()
    {
        // The allowed folder is the allowed repository itself; both
        // repositories are in the temporary folder, side by side.
        QTest::addColumn<QString>("url");
        const QString outside = QFileInfo(m_outside.path()).fileName();
        QTest::addRow("file URL outside") << m_outside.fileUrl();
        QTest::addRow("absolute path outside") << m_outside.path();
        QTest::addRow("through a symbolic link") << m_allowed.fileUrl() + u"/escape"_s;
        QTest::addRow("a .. that climbs out") << m_allowed.fileUrl() + u"/inner/../../"_s + outside;
        // Resolved by name alone this would stay inside; the system climbs
        // from the link's target.
        QTest::addRow("a link and a .. after it") << m_allowed.fileUrl() + u"/escape/../"_s + outside;
        QTest::addRow("home") << u"~/"_s;
    }

    void outsideIsRefused()
    {
        QFETCH(QString, url);
        QVERIFY(serve(m_data.filePath(u"outside"_s), {m_allowed.path()}));
        everyRouteRefuses(url);
        if (QTest::currentTestFailed())
            return;
        // Nothing was fetched for it.
        QVERIFY(!QFileInfo::exists(m_services->sources().mirrorFolder(url)));
    }

    void withoutTheFlagNoneIsAllowed()
    {
        QVERIFY(serve(m_data.filePath(u"none"_s), {}));
        everyRouteRefuses(m_allowed.fileUrl());
        everyRouteRefuses(m_allowed.path());
        // Remote URLs are not the flag's business.
        const Answer remote
            = m_api.call("POST", u"/api/v1/applications?validate=false"_s, m_admin,
                         Test::applicationJson(u"remote"_s, u"https://git.example.org/apps.git"_s, u"app"_s));
        QVERIFY2(remote.status != 403 && !remote.message().contains(u"local repositories"_s),
                 qPrintable(remote.message()));
    }

    void anExistingAppIsNotRead()
    {
        // Created while its repository was allowed, then served without the flag.
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        const QString error = Test::startCluster(m_cluster);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString data = m_data.filePath(u"existing"_s);
        const QString url = m_allowed.fileUrl();
        {
            // Kept from an earlier start, when the repository was allowed.
            QVERIFY(QDir().mkpath(data));
            auto earlier = ServerServices::open(data, {});
            QVERIFY2(earlier.ok(), earlier.ok() ? "" : qPrintable(earlier.error()));
            const auto app = Model::fromJson<Model::Application>(Test::applicationJson(u"existing"_s, url, u"app"_s));
            QVERIFY(app.ok());
            Model::Application existing = *app;
            existing.metadata.ns = u"argocd"_s;
            QVERIFY((*earlier)->store().createApplication(existing).ok());
        }
        QVERIFY(serve(data, {}, m_cluster.connection()));
        QString condition;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const Answer app = m_api.call("GET", u"/api/v1/applications/existing"_s, m_admin);
                for (const QJsonValue &c : app.body[u"status"][u"conditions"].toArray())
                    if (c[u"type"].toString() == u"ComparisonError")
                        condition = c[u"message"].toString();
                return !condition.isEmpty();
            },
            60000));
        QVERIFY2(condition.contains(u"--allow-local-repositories"_s), qPrintable(condition));
        const Answer manifests = m_api.call("GET", u"/api/v1/applications/existing/manifests"_s, m_admin);
        QCOMPARE(manifests.status, 403);
        QCOMPARE(m_services->sources().statistics().generations, quint64(0));
        QVERIFY(!QFileInfo::exists(m_services->sources().mirrorFolder(url)));
        m_services->stopEngine();
    }

private:
    QTemporaryDir m_data;
    Test::GitFixture m_allowed;
    Test::GitFixture m_outside;
    Kube::LocalCluster m_cluster;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server ? m_server->url() : QUrl(); }};
    QByteArray m_admin;
};

QTEST_GUILESS_MAIN(tst_LocalRepositoryApi)
#include "tst_localrepositoryapi.moc"
