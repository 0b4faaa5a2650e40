// SPDX-License-Identifier: Apache-2.0
// Projects over real HTTP, as Argo CD's clients use them: create with upsert,
// read, update with its permission checks, role tokens that work and then
// stop working, details, global projects, sync windows and delete.
#include "apiserver.h"
#include "kube/kubeconfig.h"
#include "model/application.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/serversettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

class tst_ProjectApi : public QObject
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

    static QJsonObject project(const QString &name, const QJsonObject &spec, const QJsonObject &labels = {})
    {
        QJsonObject metadata{{u"name"_s, name}};
        if (!labels.isEmpty())
            metadata.insert(u"labels"_s, labels);
        return {{u"metadata"_s, metadata}, {u"spec"_s, spec}};
    }

    static QJsonObject teamSpec()
    {
        return {
            {u"description"_s, u"The team's apps"_s},
            {u"sourceRepos"_s, QJsonArray{u"https://git.example.com/team/*"_s}},
            {u"destinations"_s,
             QJsonArray{
                 QJsonObject{{u"server"_s, u"https://kubernetes.default.svc"_s}, {u"namespace"_s, u"team-*"_s}}}},
            {u"roles"_s,
             QJsonArray{
                 QJsonObject{{u"name"_s, u"ci"_s},
                             {u"policies"_s, QJsonArray{u"p, proj:team:ci, applications, get, team/*, allow"_s}}}}},
            {u"syncWindows"_s,
             QJsonArray{QJsonObject{{u"kind"_s, u"deny"_s},
                                    {u"schedule"_s, u"0 22 * * *"_s},
                                    {u"duration"_s, u"1h"_s},
                                    {u"applications"_s, QJsonArray{u"*"_s}}}}},
        };
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServerSettings settings;
        settings.configMap = {
            {u"accounts.viewer"_s, u"apiKey"_s},
            {u"accounts.lead"_s, u"apiKey"_s},
            {u"globalProjects"_s,
             u"- labelSelector:\n    matchLabels:\n      shared: \"yes\"\n  projectName: base\n"_s},
            {u"application.links"_s,
             u"- title: Logs\n"
             "  url: https://logs.example.com/?ns={{.app.spec.destination.namespace}}&app={{.app.metadata.name}}\n"
             "  icon.class: fa-book\n"
             "  if: app.spec.destination.namespace == \"team-a\"\n"
             "- title: Cluster\n"
             "  url: https://dash.example.com/{{.cluster.name}}\n"_s},
            {u"project.links"_s, u"- title: Wiki\n  url: https://wiki.example.com/{{.project.metadata.name}}\n"_s},
        };
        settings.rbacConfigMap = {{u"policy.csv"_s,
                                   u"g, viewer, role:readonly\n"
                                   "p, lead, projects, get, *, allow\n"
                                   "p, lead, projects, update, team, allow\n"_s}};
        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories(settings));
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_services->addRoutes(*m_server);
        const auto listening = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error()));
        // The engine, without a cluster, makes the default project and the
        // in-cluster destination.
        m_services->startEngine(std::nullopt);
        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        QVERIFY(!m_admin.isEmpty());
        m_viewer = m_api.apiKey(u"viewer"_s, m_admin);
        m_lead = m_api.apiKey(u"lead"_s, m_admin);
        QVERIFY(!m_viewer.isEmpty() && !m_lead.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_services)
            m_services->stopEngine();
    }

    void createAndRead()
    {
        const QJsonObject team = project(u"team"_s, teamSpec(), {{u"shared"_s, u"yes"_s}});
        Answer created = call("POST", u"/api/v1/projects"_s, m_admin, {{u"project"_s, team}});
        QCOMPARE(created.status, 200);
        QCOMPARE(created.body[u"kind"].toString(), u"AppProject"_s);
        QCOMPARE(created.body[u"metadata"][u"name"].toString(), u"team"_s);
        QCOMPARE(created.body[u"spec"][u"description"].toString(), u"The team's apps"_s);
        QVERIFY(!created.body[u"metadata"][u"resourceVersion"].toString().isEmpty());
        QCOMPARE(call("POST", u"/api/v1/projects"_s, m_admin,
                      {{u"project"_s, project(u"base"_s, {{u"sourceRepos"_s, QJsonArray{u"*"_s}}})}})
                     .status,
                 200);

        // The same again is no change; a different one needs upsert.
        QCOMPARE(call("POST", u"/api/v1/projects"_s, m_admin, {{u"project"_s, team}}).status, 200);
        QJsonObject changed = team;
        QJsonObject spec = teamSpec();
        spec[u"description"] = u"Changed"_s;
        changed[u"spec"] = spec;
        const Answer different = call("POST", u"/api/v1/projects"_s, m_admin, {{u"project"_s, changed}});
        QCOMPARE(different.status, 400);
        QCOMPARE(different.message(), u"existing project spec is different, use upsert flag to force update"_s);
        created = call("POST", u"/api/v1/projects"_s, m_admin, {{u"project"_s, changed}, {u"upsert"_s, true}});
        QCOMPARE(created.status, 200);
        QCOMPARE(created.body[u"spec"][u"description"].toString(), u"Changed"_s);

        // Bad input changes nothing.
        const qint64 before = m_services->store().resourceVersion();
        QCOMPARE(call("POST", u"/api/v1/projects"_s, m_admin, {{u"project"_s, project(u"Bad_Name"_s, {})}}).status,
                 400);
        const Answer unknown = call("POST", u"/api/v1/projects"_s, m_admin,
                                    {{u"project"_s, project(u"x"_s, {{u"sourceRepoz"_s, QJsonArray()}})}});
        QCOMPARE(unknown.status, 400);
        QCOMPARE(unknown.message(), u"project.spec.sourceRepoz: unknown field"_s);
        // Role policies are checked as Argo CD checks them, each at its path.
        const Answer policy = call(
            "POST", u"/api/v1/projects"_s, m_admin,
            {{u"project"_s,
              project(u"x"_s,
                      {{u"roles"_s,
                        QJsonArray{QJsonObject{{u"name"_s, u"ci"_s},
                                               {u"policies"_s,
                                                QJsonArray{u"p, proj:y:ci, applications, get, x/*, allow"_s,
                                                           u"p, proj:x:ci, applications, get, x/*, yes"_s}}}}}})}});
        QCOMPARE(policy.status, 400);
        QCOMPARE(policy.message(),
                 u"spec.roles[0].policies[0]: the policy's subject must be 'proj:x:ci', not 'proj:y:ci'; "
                 "spec.roles[0].policies[1]: the effect must be 'allow' or 'deny', not 'yes'"_s);
        const Answer forbidden = call("POST", u"/api/v1/projects"_s, m_viewer, {{u"project"_s, project(u"x"_s, {})}});
        QCOMPARE(forbidden.status, 403);
        QVERIFY2(forbidden.message().startsWith(u"permission denied: projects, create, x, sub: viewer"_s),
                 qPrintable(forbidden.message()));
        QCOMPARE(m_services->store().resourceVersion(), before);

        // Reading: everyone with get; a missing project is NotFound.
        const Answer listed = call("GET", u"/api/v1/projects"_s, m_viewer);
        QCOMPARE(listed.status, 200);
        QStringList names;
        for (const QJsonValue &item : listed.body[u"items"].toArray())
            names.append(item[u"metadata"][u"name"].toString());
        QCOMPARE(names, QStringList({u"base"_s, u"default"_s, u"team"_s}));
        QCOMPARE(call("GET", u"/api/v1/projects?name=team"_s, m_viewer).body[u"items"].toArray().size(), 1);
        QCOMPARE(call("GET", u"/api/v1/projects/team"_s, m_viewer).status, 200);
        const Answer missing = call("GET", u"/api/v1/projects/nope"_s, m_admin);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.message(), u"appprojects.argoproj.io \"nope\" not found"_s);
        QCOMPARE(call("GET", u"/api/v1/projects"_s, {}).status, 401);
    }

    void update()
    {
        QJsonObject team = call("GET", u"/api/v1/projects/team"_s, m_lead).body;
        QJsonObject spec = team[u"spec"].toObject();
        spec[u"description"] = u"Updated by the lead"_s;
        team[u"spec"] = spec;
        Answer updated = call("PUT", u"/api/v1/projects/team"_s, m_lead, {{u"project"_s, team}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.body[u"spec"][u"description"].toString(), u"Updated by the lead"_s);

        // The version read before is stale now.
        const Answer stale = call("PUT", u"/api/v1/projects/team"_s, m_lead, {{u"project"_s, team}});
        QCOMPARE(stale.status, 409);
        team = updated.body;

        // New destinations and sources need update on them too.
        QJsonObject more = team;
        spec = team[u"spec"].toObject();
        QJsonArray destinations = spec[u"destinations"].toArray();
        destinations.append(QJsonObject{{u"server"_s, u"https://prod.example.com"_s}, {u"namespace"_s, u"*"_s}});
        spec[u"destinations"] = destinations;
        more[u"spec"] = spec;
        const Answer cluster = call("PUT", u"/api/v1/projects/team"_s, m_lead, {{u"project"_s, more}});
        QCOMPARE(cluster.status, 403);
        QVERIFY2(cluster.message().startsWith(u"permission denied: clusters, update, https://prod.example.com"_s),
                 qPrintable(cluster.message()));
        spec = team[u"spec"].toObject();
        spec[u"sourceRepos"] = QJsonArray{u"https://git.example.com/other/*"_s};
        more[u"spec"] = spec;
        const Answer repo = call("PUT", u"/api/v1/projects/team"_s, m_lead, {{u"project"_s, more}});
        QCOMPARE(repo.status, 403);
        QVERIFY2(repo.message().startsWith(u"permission denied: repositories, update, https://git.example.com/"_s),
                 qPrintable(repo.message()));
        QCOMPARE(call("PUT", u"/api/v1/projects/team"_s, m_admin, {{u"project"_s, more}}).status, 200);

        QCOMPARE(call("PUT", u"/api/v1/projects/base"_s, m_lead, {{u"project"_s, team}}).status, 400);
        QCOMPARE(call("PUT", u"/api/v1/projects/base"_s, m_lead,
                      {{u"project"_s, project(u"base"_s, {{u"sourceRepos"_s, QJsonArray{u"*"_s}}})}})
                     .status,
                 403);
    }

    void roleTokens()
    {
        const Answer created = call("POST", u"/api/v1/projects/team/roles/ci/token"_s, m_lead,
                                    {{u"expiresIn"_s, 3600}, {u"id"_s, u"build-1"_s}});
        QCOMPARE(created.status, 200);
        const QByteArray token = created.body[u"token"].toString().toLatin1();
        QVERIFY(!token.isEmpty());

        // The token is recorded on the project, in status and on the role.
        const QJsonObject team = call("GET", u"/api/v1/projects/team"_s, m_admin).body;
        const QJsonObject recorded = team[u"status"][u"jwtTokensByRole"][u"ci"][u"items"][0].toObject();
        QCOMPARE(recorded[u"id"].toString(), u"build-1"_s);
        QVERIFY(recorded[u"iat"].toInteger() > 0);
        QCOMPARE(recorded[u"exp"].toInteger(), recorded[u"iat"].toInteger() + 3600);
        QCOMPARE(team[u"spec"][u"roles"][0][u"jwtTokens"][0].toObject(), recorded);

        // It speaks for its role: it may read the project's apps.
        const Answer asRole = call("GET", u"/api/v1/applications"_s, token);
        QCOMPARE(asRole.status, 200);
        QCOMPARE(call("GET", u"/api/v1/session/userinfo"_s, token).body[u"username"].toString(), u"proj:team:ci"_s);

        QCOMPARE(call("POST", u"/api/v1/projects/team/roles/ci/token"_s, m_lead, {{u"id"_s, u"build-1"_s}}).message(),
                 u"Token id 'build-1' has been used. "_s);
        const Answer noRole = call("POST", u"/api/v1/projects/team/roles/nope/token"_s, m_admin, {{u"id"_s, u"x"_s}});
        QCOMPARE(noRole.status, 404);
        QCOMPARE(noRole.message(), u"project 'team' does not have role 'nope'"_s);
        QCOMPARE(call("POST", u"/api/v1/projects/team/roles/ci/token"_s, m_viewer, {{u"id"_s, u"x"_s}}).status, 403);

        // A role's token survives an update of the project.
        QJsonObject edited = team;
        QJsonObject spec = team[u"spec"].toObject();
        spec[u"description"] = u"Edited with a token issued"_s;
        edited[u"spec"] = spec;
        QCOMPARE(call("PUT", u"/api/v1/projects/team"_s, m_admin, {{u"project"_s, edited}}).status, 200);
        QCOMPARE(call("GET", u"/api/v1/applications"_s, token).status, 200);

        // Deleted, it no longer opens anything.
        const QString iat = QString::number(recorded[u"iat"].toInteger());
        QCOMPARE(call("DELETE", u"/api/v1/projects/team/roles/ci/token/"_s + iat, m_viewer).status, 403);
        QCOMPARE(call("DELETE", u"/api/v1/projects/team/roles/ci/token/"_s + iat + u"?id=build-1"_s, m_lead).status,
                 200);
        const Answer refused = call("GET", u"/api/v1/applications"_s, token);
        QCOMPARE(refused.status, 401);
        QVERIFY2(refused.message().startsWith(u"invalid session: "_s), qPrintable(refused.message()));
        QCOMPARE(call("DELETE", u"/api/v1/projects/team/roles/ci/token/"_s + iat, m_lead).status, 404);
        QCOMPARE(call("DELETE", u"/api/v1/projects/team/roles/ci/token/soon"_s, m_lead).status, 400);
    }

    void detailsWindowsEvents()
    {
        const Answer detailed = call("GET", u"/api/v1/projects/team/detailed"_s, m_viewer);
        QCOMPARE(detailed.status, 200);
        QCOMPARE(detailed.body[u"project"][u"metadata"][u"name"].toString(), u"team"_s);
        QCOMPARE(detailed.body[u"globalProjects"][0][u"metadata"][u"name"].toString(), u"base"_s);
        QCOMPARE(detailed.body[u"repositories"].toArray(), QJsonArray());
        QCOMPARE(detailed.body[u"clusters"].toArray(), QJsonArray());
        const Answer global = call("GET", u"/api/v1/projects/team/globalprojects"_s, m_viewer);
        QCOMPARE(global.body[u"items"].toArray().size(), 1);
        QCOMPARE(call("GET", u"/api/v1/projects/base/globalprojects"_s, m_viewer).body[u"items"].toArray(),
                 QJsonArray());

        const Answer windows = call("GET", u"/api/v1/projects/team/syncwindows"_s, m_viewer);
        QCOMPARE(windows.status, 200);
        QCOMPARE(windows.body[u"windows"][0][u"kind"].toString(), u"deny"_s);
        QCOMPARE(windows.body[u"windows"][0][u"schedule"].toString(), u"0 22 * * *"_s);
        const Answer events = call("GET", u"/api/v1/projects/team/events"_s, m_viewer);
        QCOMPARE(events.status, 200);
        QCOMPARE(events.body[u"items"].toArray(), QJsonArray());
        QCOMPARE(call("GET", u"/api/v1/projects/nope/detailed"_s, m_admin).status, 404);
    }

    void applicationWindowsAndLinks()
    {
        // Always active: a deny window for frozen-* apps. Inactive except at
        // midnight on New Year's Day: an allow window for the "night" namespace.
        const QJsonObject spec{
            {u"sourceRepos"_s, QJsonArray{u"*"_s}},
            {u"destinations"_s, QJsonArray{QJsonObject{{u"server"_s, u"*"_s}, {u"namespace"_s, u"*"_s}}}},
            {u"syncWindows"_s,
             QJsonArray{QJsonObject{{u"kind"_s, u"deny"_s},
                                    {u"schedule"_s, u"* * * * *"_s},
                                    {u"duration"_s, u"1h"_s},
                                    {u"applications"_s, QJsonArray{u"frozen-*"_s}}},
                        QJsonObject{{u"kind"_s, u"allow"_s},
                                    {u"schedule"_s, u"0 0 1 1 *"_s},
                                    {u"duration"_s, u"1m"_s},
                                    {u"manualSync"_s, true},
                                    {u"namespaces"_s, QJsonArray{u"night"_s}}}}}};
        QCOMPARE(call("POST", u"/api/v1/projects"_s, m_admin, QJsonObject{{u"project"_s, project(u"windows"_s, spec)}})
                     .status,
                 200);
        // A window that cannot be read is refused with the field that is wrong.
        QJsonObject badSpec = spec;
        badSpec[u"syncWindows"] = QJsonArray{
            QJsonObject{{u"kind"_s, u"deny"_s}, {u"schedule"_s, u"every night"_s}, {u"duration"_s, u"1h"_s}}};
        const Answer bad
            = call("POST", u"/api/v1/projects"_s, m_admin, QJsonObject{{u"project"_s, project(u"bad"_s, badSpec)}});
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.message().contains(u"spec.syncWindows[0].schedule"_s), qPrintable(bad.message()));

        // The destination, for the links' `cluster` (this server runs no cluster).
        Model::Cluster destination;
        destination.server = Model::Cluster::inClusterServer();
        destination.name = u"in-cluster"_s;
        destination.config.password = u"never-in-a-link"_s;
        QVERIFY(m_services->store().createCluster(destination).ok());
        for (const auto &[name, ns] : {std::pair{u"frozen-a"_s, u"team-a"_s}, std::pair{u"nightly"_s, u"night"_s}}) {
            Model::Application app;
            app.metadata.name = name;
            app.metadata.ns = u"argocd"_s;
            app.spec.project = u"windows"_s;
            app.spec.source = Model::ApplicationSource{};
            app.spec.source->repoURL = u"https://git.example.com/team/apps.git"_s;
            app.spec.source->path = u"."_s;
            app.spec.destination.server = u"https://kubernetes.default.svc"_s;
            app.spec.destination.ns = ns;
            const auto created = m_services->store().createApplication(app);
            QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        }

        const Answer frozen = call("GET", u"/api/v1/applications/frozen-a/syncwindows"_s, m_viewer);
        QCOMPARE(frozen.status, 200);
        QCOMPARE(frozen.body[u"assignedWindows"].toArray().size(), 1);
        QCOMPARE(frozen.body[u"activeWindows"][0][u"kind"].toString(), u"deny"_s);
        QCOMPARE(frozen.body[u"canSync"].toBool(true), false);
        const Answer blocked = call("POST", u"/api/v1/applications/frozen-a/sync"_s, m_admin, QJsonObject());
        QCOMPARE(blocked.status, 403);
        QCOMPARE(blocked.message(), u"cannot sync: blocked by sync window"_s);

        // Outside its allow window, but manual syncs are allowed there.
        const Answer nightly = call("GET", u"/api/v1/applications/nightly/syncwindows"_s, m_viewer);
        QCOMPARE(nightly.body[u"assignedWindows"][0][u"kind"].toString(), u"allow"_s);
        QCOMPARE(nightly.body[u"activeWindows"].toArray(), QJsonArray());
        QCOMPARE(nightly.body[u"canSync"].toBool(), true);
        QCOMPARE(call("GET", u"/api/v1/applications/nope/syncwindows"_s, m_viewer).status, 403);

        // Deep links from argocd-cm: the condition picks, the template fills in.
        const Answer frozenLinks = call("GET", u"/api/v1/applications/frozen-a/links"_s, m_viewer);
        QCOMPARE(frozenLinks.status, 200);
        const QJsonArray items = frozenLinks.body[u"items"].toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0][u"title"].toString(), u"Logs"_s);
        QCOMPARE(items[0][u"url"].toString(), u"https://logs.example.com/?ns=team-a&app=frozen-a"_s);
        QCOMPARE(items[0][u"iconClass"].toString(), u"fa-book"_s);
        QCOMPARE(items[1][u"url"].toString(), u"https://dash.example.com/in-cluster"_s);
        const QJsonArray nightlyLinks
            = call("GET", u"/api/v1/applications/nightly/links"_s, m_viewer).body[u"items"].toArray();
        QCOMPARE(nightlyLinks.size(), 1);
        QCOMPARE(nightlyLinks[0][u"title"].toString(), u"Cluster"_s);
        const Answer projectLinks = call("GET", u"/api/v1/projects/windows/links"_s, m_viewer);
        QCOMPARE(projectLinks.status, 200);
        QCOMPARE(projectLinks.body[u"items"][0][u"url"].toString(), u"https://wiki.example.com/windows"_s);
        QCOMPARE(call("GET", u"/api/v1/projects/nope/links"_s, m_viewer).status, 404);

        for (const QString &name : {u"frozen-a"_s, u"nightly"_s})
            QVERIFY(m_services->store().deleteApplication(u"argocd"_s, name).ok());
        QVERIFY(m_services->store().deleteCluster(Model::Cluster::inClusterServer()).ok());
        QCOMPARE(call("DELETE", u"/api/v1/projects/windows"_s, m_admin).status, 200);
    }

    void remove()
    {
        const Answer reserved = call("DELETE", u"/api/v1/projects/default"_s, m_admin);
        QCOMPARE(reserved.status, 400);
        QCOMPARE(reserved.message(), u"name 'default' is reserved and cannot be deleted"_s);

        // A project in use stays. (The app goes straight into the store: this
        // server has no cluster for it to deploy to.)
        const auto app = Model::fromJson<Model::Application>(QJsonDocument::fromJson(R"({
            "metadata": {"name": "uses-team", "namespace": "argocd"},
            "spec": {"project": "team", "source": {"repoURL": "https:\/\/git.example.com/team/apps.git", "path": "."},
                     "destination": {"server": "https:\/\/kubernetes.default.svc", "namespace": "team-a"}}})")
                                                                 .object());
        QVERIFY(app.ok());
        QVERIFY(m_services->store().createApplication(*app).ok());
        const Answer inUse = call("DELETE", u"/api/v1/projects/team"_s, m_admin);
        QCOMPARE(inUse.status, 400);
        QCOMPARE(inUse.message(), u"project is referenced by 1 application(s)"_s);
        QVERIFY(m_services->store().deleteApplication(u"argocd"_s, u"uses-team"_s).ok());

        QCOMPARE(call("DELETE", u"/api/v1/projects/team"_s, m_viewer).status, 403);
        QCOMPARE(call("DELETE", u"/api/v1/projects/team"_s, m_admin).status, 200);
        QCOMPARE(call("GET", u"/api/v1/projects/team"_s, m_admin).status, 404);
        QCOMPARE(call("DELETE", u"/api/v1/projects/team"_s, m_admin).status, 404);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server->url(); }};
    QByteArray m_admin;
    QByteArray m_viewer;
    QByteArray m_lead;
};

QTEST_GUILESS_MAIN(tst_ProjectApi)
#include "tst_projectapi.moc"
