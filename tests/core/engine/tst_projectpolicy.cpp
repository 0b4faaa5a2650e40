// SPDX-License-Identifier: Apache-2.0
// What an AppProject permits: sources, destinations, kinds, and the errors.
#include "engine/projectpolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;

namespace {

Model::AppProject project()
{
    Model::AppProject p;
    p.metadata.name = u"team"_s;
    return p;
}

Model::Cluster cluster(const QString &server, const QString &name)
{
    Model::Cluster c;
    c.server = server;
    c.name = name;
    return c;
}

} // namespace

class ProjectPolicyTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizesGitUrls()
    {
        QCOMPARE(Engine::normalizeGitUrl(u"https://GitHub.com/Org/Repo.git"_s), u"https://github.com/org/repo"_s);
        QCOMPARE(Engine::normalizeGitUrl(u"git@github.com:org/repo.git"_s), u"git@github.com/org/repo"_s);
    }

    void sourceRepositories()
    {
        auto p = project();
        p.spec.sourceRepos = {u"https://github.com/org/*"_s, u"!https://github.com/org/secret"_s};
        QVERIFY(Engine::isSourcePermitted(p, u"https://github.com/org/app.git"_s));
        QVERIFY(!Engine::isSourcePermitted(p, u"https://github.com/org/secret"_s));
        // '*' stays within a path segment; '**' crosses them.
        p.spec.sourceRepos = {u"https://github.com/org/*"_s};
        QVERIFY(!Engine::isSourcePermitted(p, u"https://github.com/org/group/app"_s));
        p.spec.sourceRepos = {u"https://github.com/org/**"_s};
        QVERIFY(Engine::isSourcePermitted(p, u"https://github.com/org/group/app"_s));
        // As Argo CD's code (not its docs) has it: a deny entry matches what it
        // does not deny, so deny entries alone permit everything else.
        p.spec.sourceRepos = {u"!https://github.com/org/secret"_s};
        QVERIFY(Engine::isSourcePermitted(p, u"https://github.com/org/app"_s));
        QVERIFY(!Engine::isSourcePermitted(p, u"https://github.com/org/secret"_s));
        p.spec.sourceRepos = {u"*"_s};
        QVERIFY(Engine::isSourcePermitted(p, u"file:///tmp/anything"_s));
    }

    void destinations()
    {
        auto p = project();
        p.spec.destinations = {{u"https://kubernetes.default.svc"_s, u"team-*"_s, {}},
                               {u"*"_s, u"!kube-system"_s, {}},
                               {{}, u"prod"_s, u"prod-cluster"_s}};
        QVERIFY(Engine::isDestinationPermitted(p, {u"https://kubernetes.default.svc"_s, u"team-a"_s, {}}));
        QVERIFY(!Engine::isDestinationPermitted(p, {u"https://kubernetes.default.svc"_s, u"kube-system"_s, {}}));
        QVERIFY(Engine::isDestinationPermitted(p, {u"https://elsewhere"_s, u"prod"_s, u"prod-cluster"_s}));
        p.spec.destinations = {{u"https://kubernetes.default.svc"_s, u"team-*"_s, {}}};
        QVERIFY(!Engine::isDestinationPermitted(p, {u"https://other"_s, u"team-a"_s, {}}));
    }

    void kinds()
    {
        auto p = project();
        // No lists: every namespaced kind, no cluster-scoped one.
        QVERIFY(Engine::isGroupKindPermitted(p, u"apps"_s, u"Deployment"_s, true));
        QVERIFY(!Engine::isGroupKindPermitted(p, {}, u"Namespace"_s, false));
        p.spec.clusterResourceWhitelist = {{u"*"_s, u"*"_s, {}}};
        p.spec.clusterResourceBlacklist = {{u"rbac.authorization.k8s.io"_s, u"Cluster*"_s, {}}};
        QVERIFY(Engine::isGroupKindPermitted(p, {}, u"Namespace"_s, false));
        QVERIFY(!Engine::isGroupKindPermitted(p, u"rbac.authorization.k8s.io"_s, u"ClusterRole"_s, false));
        // A present but empty namespace whitelist denies every namespaced kind.
        p.spec.namespaceResourceWhitelist = QList<Model::GroupKind>();
        QVERIFY(!Engine::isGroupKindPermitted(p, u"apps"_s, u"Deployment"_s, true));
        p.spec.namespaceResourceWhitelist = QList<Model::GroupKind>{{u"apps"_s, u"*"_s, {}}};
        p.spec.namespaceResourceBlacklist = QList<Model::GroupKind>{{u"apps"_s, u"DaemonSet"_s, {}}};
        QVERIFY(Engine::isGroupKindPermitted(p, u"apps"_s, u"Deployment"_s, true));
        QVERIFY(!Engine::isGroupKindPermitted(p, u"apps"_s, u"DaemonSet"_s, true));
        QVERIFY(!Engine::isGroupKindPermitted(p, {}, u"ConfigMap"_s, true));
    }

    void destinationClusters()
    {
        const QList<Model::Cluster> clusters{cluster(u"https://a"_s, u"a"_s), cluster(u"https://b"_s, u"twin"_s),
                                             cluster(u"https://c"_s, u"twin"_s)};
        QCOMPARE(Engine::destinationCluster({u"https://a"_s, u"x"_s, {}}, clusters)->name, u"a"_s);
        QCOMPARE(Engine::destinationCluster({{}, u"x"_s, u"a"_s}, clusters)->server, u"https://a"_s);
        QCOMPARE(Engine::destinationCluster({u"https://a"_s, u"x"_s, u"a"_s}, clusters).error(),
                 u"application destination can't have both name and server defined: a https://a"_s);
        QCOMPARE(Engine::destinationCluster({{}, u"x"_s, u"nope"_s}, clusters).error(),
                 u"there are no clusters with this name: nope"_s);
        QCOMPARE(Engine::destinationCluster({{}, u"x"_s, u"twin"_s}, clusters).error(),
                 u"there are 2 clusters with the same name: [https://b https://c]"_s);
        QCOMPARE(Engine::destinationCluster({}, clusters).error(), u"Destination server missing from app spec"_s);
    }

    void applicationErrors()
    {
        auto p = project();
        p.spec.sourceRepos = {u"https://github.com/org/*"_s};
        p.spec.destinations = {{u"https://a"_s, u"team-*"_s, {}}};
        Model::Application app;
        app.metadata.name = u"web"_s;
        app.spec.project = u"team"_s;
        Model::ApplicationSource source;
        source.repoURL = u"https://github.com/other/app"_s;
        source.path = u"."_s;
        app.spec.source = source;
        app.spec.destination = {u"https://a"_s, u"prod"_s, {}};
        const QStringList errors = Engine::permissionErrors(app, p, {cluster(u"https://a"_s, u"a"_s)});
        QCOMPARE(errors,
                 QStringList({u"application repo https://github.com/other/app is not permitted in project 'team'"_s,
                              u"application destination server 'https://a' and namespace 'prod' do not match any of "
                              "the allowed destinations in project 'team'"_s}));
        QCOMPARE(Engine::objectPermissionError(p, app.spec.destination, {}, u"Namespace"_s, {}, false),
                 u"resource :Namespace is not permitted in project team"_s);
        QCOMPARE(Engine::objectPermissionError(p, app.spec.destination, {}, u"ConfigMap"_s, u"prod"_s, true),
                 u"namespace prod is not permitted in project 'team'"_s);
        QVERIFY(
            Engine::objectPermissionError(p, app.spec.destination, {}, u"ConfigMap"_s, u"team-x"_s, true).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ProjectPolicyTest)
#include "tst_projectpolicy.moc"
