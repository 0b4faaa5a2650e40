// SPDX-License-Identifier: Apache-2.0
// Argo CD's RBAC: the built-in roles, configured policies, groups, deny,
// glob and regex matching, project roles, and the errors of bad policies.
#include "auth/rbac.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan::Auth;
using Rbac::Request;
using Rbac::Subject;

namespace {

Rbac::Enforcer enforcer(const QMap<QString, QString> &configMap)
{
    auto settings = Rbac::Settings::fromConfigMap(configMap);
    if (!settings)
        qFatal("%s", qPrintable(settings.error()));
    auto created = Rbac::Enforcer::create(*settings);
    if (!created)
        qFatal("%s", qPrintable(created.error()));
    return *created;
}

} // namespace

class RbacTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinRoles_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("object");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("admin syncs") << u"admin"_s << u"applications"_s << u"sync"_s << u"default/guestbook"_s << true;
        QTest::newRow("admin, namespaced app")
            << u"admin"_s << u"applications"_s << u"delete"_s << u"default/team-a/guestbook"_s << true;
        QTest::newRow("admin restarts") << u"admin"_s << u"applications"_s << u"action/apps/Deployment/restart"_s
                                        << u"default/guestbook"_s << true;
        QTest::newRow("admin reads clusters")
            << u"admin"_s << u"clusters"_s << u"get"_s << u"https://kubernetes.default.svc"_s << true;
        QTest::newRow("admin gets certificates") << u"admin"_s << u"certificates"_s << u"get"_s << QString() << true;
        QTest::newRow("readonly reads") << u"viewer"_s << u"applications"_s << u"get"_s << u"default/guestbook"_s
                                        << true;
        QTest::newRow("readonly cannot sync")
            << u"viewer"_s << u"applications"_s << u"sync"_s << u"default/guestbook"_s << false;
        QTest::newRow("stranger") << u"stranger"_s << u"applications"_s << u"get"_s << u"default/guestbook"_s << false;
        QTest::newRow("anonymous") << QString() << u"applications"_s << u"get"_s << u"default/guestbook"_s << false;
        QTest::newRow("admin is no wildcard") << u"admin"_s << u"accounts"_s << u"delete"_s << u"x"_s << false;
    }

    void builtinRoles()
    {
        QFETCH(QString, subject);
        QFETCH(QString, resource);
        QFETCH(QString, action);
        QFETCH(QString, object);
        QFETCH(bool, allowed);
        const auto rbac = enforcer({{u"policy.csv"_s, u"g, viewer, role:readonly"_s}});
        QCOMPARE(rbac.enforce({subject, {}}, {resource, action, object}), allowed);
    }

    void defaultRoleGroupsAndDeny()
    {
        const auto rbac = enforcer({{u"policy.default"_s, u"role:readonly"_s},
                                    {u"policy.csv"_s, uR"(
# Team A deploys its own apps, except production.
p, role:team-a, applications, *, team-a/*, allow
p, role:team-a, applications, sync, team-a/production, deny
g, team-a-devs, role:team-a
g, "carol", role:team-a
p, unlisted-group, applications, sync, */*, allow
)"_s},
                                    {u"policy.extra.csv"_s, u"p, dave, clusters, update, https://*, allow"_s}});
        // Everyone reads through the default role.
        QVERIFY(rbac.enforce({u"anyone"_s, {}}, {u"projects"_s, u"get"_s, u"default"_s}));
        // A group's members.
        QVERIFY(rbac.enforce({u"erin"_s, {u"team-a-devs"_s}}, {u"applications"_s, u"sync"_s, u"team-a/web"_s}));
        QVERIFY(!rbac.enforce({u"erin"_s, {u"team-a-devs"_s}}, {u"applications"_s, u"sync"_s, u"team-b/web"_s}));
        // Deny wins over the role's allow.
        QVERIFY(!rbac.enforce({u"erin"_s, {u"team-a-devs"_s}}, {u"applications"_s, u"sync"_s, u"team-a/production"_s}));
        // ...but not over the default role's, which is decided on its own.
        QVERIFY(rbac.enforce({u"erin"_s, {u"team-a-devs"_s}}, {u"applications"_s, u"get"_s, u"team-a/production"_s}));
        // Quoted CSV fields.
        QVERIFY(rbac.enforce({u"carol"_s, {}}, {u"applications"_s, u"delete"_s, u"team-a/web"_s}));
        // A group no g line names is never consulted.
        QVERIFY(!rbac.enforce({u"frank"_s, {u"unlisted-group"_s}}, {u"applications"_s, u"sync"_s, u"x/y"_s}));
        // policy.<name>.csv is part of the policy.
        QVERIFY(rbac.enforce({u"dave"_s, {}}, {u"clusters"_s, u"update"_s, u"https://10.0.0.1:6443"_s}));
    }

    void regexMode()
    {
        const auto rbac = enforcer({{u"policy.matchMode"_s, u"regex"_s},
                                    {u"policy.csv"_s, u"p, gina, applications, (get|sync), ^web/.*$, allow"_s}});
        QVERIFY(rbac.enforce({u"gina"_s, {}}, {u"applications"_s, u"sync"_s, u"web/shop"_s}));
        QVERIFY(!rbac.enforce({u"gina"_s, {}}, {u"applications"_s, u"delete"_s, u"web/shop"_s}));
        QVERIFY(!rbac.enforce({u"gina"_s, {}}, {u"applications"_s, u"sync"_s, u"api/web/shop"_s}));
    }

    void projectRoles()
    {
        const auto rbac = enforcer({});
        const QString text = Rbac::Enforcer::projectPolicyText(
            u"web"_s, {{u"ci"_s, {u"p, proj:web:ci, applications, sync, web/*, allow"_s}}},
            {{u"ci"_s, {u"web-team"_s}}});
        const auto policy = Rbac::Policy::parse(text, rbac.matchMode(), u"project web"_s);
        QVERIFY(policy.ok());
        const Subject ci{u"proj:web:ci"_s, {}};
        QVERIFY(rbac.enforce(ci, {u"applications"_s, u"sync"_s, u"web/shop"_s}, &*policy));
        QVERIFY(rbac.enforce(ci, {u"projects"_s, u"get"_s, u"web"_s}, &*policy));
        QVERIFY(!rbac.enforce(ci, {u"applications"_s, u"delete"_s, u"web/shop"_s}, &*policy));
        // A project's token never speaks for another project.
        QVERIFY(!rbac.enforce(ci, {u"applications"_s, u"sync"_s, u"api/shop"_s}, &*policy));
        // Members of the role's groups get its permissions.
        QVERIFY(rbac.enforce({u"hank"_s, {u"web-team"_s}}, {u"applications"_s, u"sync"_s, u"web/shop"_s}, &*policy));
        QCOMPARE(Rbac::projectOf({u"applications"_s, u"get"_s, u"web/ns/shop"_s}), u"web"_s);
        QCOMPARE(Rbac::projectOf({u"projects"_s, u"get"_s, u"web"_s}), u"web"_s);
        QCOMPARE(Rbac::projectOf({u"accounts"_s, u"get"_s, u"web/x"_s}), QString());
    }

    void badPolicies_data()
    {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("message");
        QTest::newRow("short p") << u"p, alice, applications, get, */*"_s
                                 << u"policy.csv, line 1: invalid RBAC policy: p, alice, applications, get, */* (a p "
                                    "line has 6 fields: p, subject, resource, action, object, effect)"_s;
        QTest::newRow("effect") << u"\n\np, alice, applications, get, */*, maybe"_s
                                << u"policy.csv, line 3: invalid RBAC policy: p, alice, applications, get, */*, maybe "
                                   "(the effect must be allow or deny)"_s;
        QTest::newRow("g") << u"g, alice"_s
                           << u"policy.csv, line 1: invalid RBAC policy: g, alice (a g line has 3 fields: g, member, "
                              "role)"_s;
        QTest::newRow("kind") << u"x, alice, role"_s
                              << u"policy.csv, line 1: invalid RBAC policy: x, alice, role (a line starts with p or "
                                 "g)"_s;
        QTest::newRow("quote") << u"g, \"alice, role"_s
                               << u"policy.csv, line 1: invalid RBAC policy: g, \"alice, role (extraneous or missing "
                                  "\" in quoted-field)"_s;
    }

    void badPolicies()
    {
        QFETCH(QString, csv);
        QFETCH(QString, message);
        auto settings = Rbac::Settings::fromConfigMap({{u"policy.csv"_s, csv}});
        QVERIFY(settings.ok());
        const auto created = Rbac::Enforcer::create(*settings);
        QVERIFY(!created.ok());
        QCOMPARE(created.error(), message);
    }

    void settings()
    {
        const auto settings = Rbac::Settings::fromConfigMap(
            {{u"scopes"_s, u"[groups, email]"_s}, {u"policy.default"_s, u" role:x "_s}});
        QVERIFY(settings.ok());
        QCOMPARE(settings->scopes, QStringList({u"groups"_s, u"email"_s}));
        QCOMPARE(settings->defaultRole, u"role:x"_s);
        QVERIFY(!Rbac::Settings::fromConfigMap({{u"policy.matchMode"_s, u"fuzzy"_s}}).ok());
    }
};

QTEST_GUILESS_MAIN(RbacTest)
#include "tst_rbac.moc"
