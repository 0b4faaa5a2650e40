// SPDX-License-Identifier: Apache-2.0
// Who may call what, over real HTTP: every class of route against no token,
// a malformed one, an expired one, a tampered one, one signed `none`, and a
// user with no role at all. Only the last gets past sign-in, and then only
// to empty lists, its own account and can-i. (userinfo answers anyone, with
// `loggedIn` false for callers without a session, as in Argo CD; its own
// suite covers it.)
#include "apiserver.h"
#include "auth/jwt.h"
#include "kube/kubeconfig.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/serversettings.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

/// What a signed-in user without any role gets. OnlySelf: a list of its own
/// account, which every account may read, as in Argo CD. NotAsked: a stream
/// that would stay open.
enum class Nobody { Forbidden, EmptyList, OnlySelf, Allowed, NotAsked };

} // namespace

Q_DECLARE_METATYPE(Nobody)

class tst_AuthMatrix : public QObject
{
    Q_OBJECT

    using Answer = Test::ApiCaller::Answer;

    QByteArray signedToken(const QJsonObject &claims) const
    {
        QFile keyFile(m_dir.filePath(u"server.secretkey"_s));
        if (!keyFile.open(QIODevice::ReadOnly))
            return {};
        return Jwt::signHs256(claims, keyFile.readAll().trimmed());
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServerSettings settings;
        settings.configMap = {{u"accounts.nobody"_s, u"apiKey"_s}};
        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories(settings));
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_services->addRoutes(*m_server);
        const auto listening = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error()));
        m_services->startEngine(std::nullopt);
        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        QVERIFY(!m_admin.isEmpty());
        m_nobody = m_api.apiKey(u"nobody"_s, m_admin);
        QVERIFY(!m_nobody.isEmpty());

        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_expired = signedToken({{u"iss"_s, u"argocd"_s},
                                 {u"sub"_s, u"admin:login"_s},
                                 {u"iat"_s, now - 7200},
                                 {u"nbf"_s, now - 7200},
                                 {u"exp"_s, now - 3600},
                                 {u"jti"_s, u"old"_s}});
        QVERIFY2(!m_expired.isEmpty(), "cannot sign a token with the server's key in server.secretkey");
        m_tampered = m_admin;
        m_tampered[m_tampered.size() - 2] = m_tampered.at(m_tampered.size() - 2) == 'A' ? 'B' : 'A';
        const QByteArray payload = m_admin.split('.').at(1);
        m_unsigned = QByteArray("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.") + payload + '.';
    }

    void cleanupTestCase()
    {
        if (m_services)
            m_services->stopEngine();
    }

    void matrix_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Nobody>("nobody");

        const QString app = u"/api/v1/applications/guestbook"_s;
        const QString resource = app + u"/resource?namespace=default&resourceName=web&group=apps&kind=Deployment"_s;
        const QString repo = u"/api/v1/repositories/https%3A%2F%2Fgit.example.com%2Fapps.git"_s;
        const QString cluster = u"/api/v1/clusters/https%3A%2F%2Fkubernetes.default.svc"_s;
        const QByteArray appBody
            = R"({"metadata":{"name":"guestbook"},"spec":{"destination":{"server":"https:\/\/kubernetes.default.svc"},)"
              R"("source":{"repoURL":"https:\/\/git.example.com/apps.git","path":"."}}})";
        const struct
        {
            const char *name;
            QByteArray method;
            QString path;
            QByteArray body;
            Nobody nobody;
        } rows[] = {
            {"account list", "GET", u"/api/v1/account"_s, {}, Nobody::OnlySelf},
            {"account get", "GET", u"/api/v1/account/admin"_s, {}, Nobody::Forbidden},
            {"account token", "POST", u"/api/v1/account/admin/token"_s, "{}", Nobody::Forbidden},
            {"can-i", "GET", u"/api/v1/account/can-i/applications/get/default%2Fguestbook"_s, {}, Nobody::Allowed},
            {"application list", "GET", u"/api/v1/applications"_s, {}, Nobody::EmptyList},
            {"application create", "POST", u"/api/v1/applications"_s, appBody, Nobody::Forbidden},
            {"application get", "GET", app, {}, Nobody::Forbidden},
            {"application update", "PUT", app, appBody, Nobody::Forbidden},
            {"application patch", "PATCH", app, R"({"patch":"{}","patchType":"merge"})", Nobody::Forbidden},
            {"application delete", "DELETE", app, {}, Nobody::Forbidden},
            {"application sync", "POST", app + u"/sync"_s, "{}", Nobody::Forbidden},
            {"application rollback", "POST", app + u"/rollback"_s, R"({"id":1})", Nobody::Forbidden},
            {"application terminate", "DELETE", app + u"/operation"_s, {}, Nobody::Forbidden},
            {"resource tree", "GET", app + u"/resource-tree"_s, {}, Nobody::Forbidden},
            {"managed resources", "GET", app + u"/managed-resources"_s, {}, Nobody::Forbidden},
            {"manifests", "GET", app + u"/manifests"_s, {}, Nobody::Forbidden},
            {"revision metadata", "GET", app + u"/revisions/HEAD/metadata"_s, {}, Nobody::Forbidden},
            {"events", "GET", app + u"/events"_s, {}, Nobody::Forbidden},
            {"sync windows", "GET", app + u"/syncwindows"_s, {}, Nobody::Forbidden},
            {"links", "GET", app + u"/links"_s, {}, Nobody::Forbidden},
            {"resource links",
             "GET",
             app + u"/resource/links?resourceName=web&kind=Deployment"_s,
             {},
             Nobody::Forbidden},
            {"resource get", "GET", resource, {}, Nobody::Forbidden},
            {"resource patch", "POST", resource + u"&patchType=merge"_s, R"("{}")", Nobody::Forbidden},
            {"resource delete", "DELETE", resource, {}, Nobody::Forbidden},
            {"resource actions",
             "GET",
             app + u"/resource/actions?resourceName=web&kind=Deployment"_s,
             {},
             Nobody::Forbidden},
            {"run action", "POST", app + u"/resource/actions?resourceName=web&kind=Deployment"_s, R"("restart")",
             Nobody::Forbidden},
            {"logs", "GET", app + u"/logs"_s, {}, Nobody::Forbidden},
            {"application stream", "GET", u"/api/v1/stream/applications?resourceVersion=1"_s, {}, Nobody::NotAsked},
            {"tree stream", "GET", u"/api/v1/stream/applications/guestbook/resource-tree"_s, {}, Nobody::Forbidden},
            {"project list", "GET", u"/api/v1/projects"_s, {}, Nobody::EmptyList},
            {"project create", "POST", u"/api/v1/projects"_s, R"({"project":{"metadata":{"name":"p"}}})",
             Nobody::Forbidden},
            {"project get", "GET", u"/api/v1/projects/default"_s, {}, Nobody::Forbidden},
            {"project update", "PUT", u"/api/v1/projects/default"_s, R"({"project":{"metadata":{"name":"default"}}})",
             Nobody::Forbidden},
            {"project delete", "DELETE", u"/api/v1/projects/default"_s, {}, Nobody::Forbidden},
            {"project detailed", "GET", u"/api/v1/projects/default/detailed"_s, {}, Nobody::Forbidden},
            {"project links", "GET", u"/api/v1/projects/default/links"_s, {}, Nobody::Forbidden},
            {"project token", "POST", u"/api/v1/projects/default/roles/ci/token"_s, "{}", Nobody::Forbidden},
            {"repository list", "GET", u"/api/v1/repositories"_s, {}, Nobody::EmptyList},
            {"repository create", "POST", u"/api/v1/repositories"_s, R"({"repo":"https:\/\/git.example.com/apps.git"})",
             Nobody::Forbidden},
            {"repository get", "GET", repo, {}, Nobody::Forbidden},
            {"repository delete", "DELETE", repo, {}, Nobody::Forbidden},
            {"repository refs", "GET", repo + u"/refs"_s, {}, Nobody::Forbidden},
            {"repository apps", "GET", repo + u"/apps"_s, {}, Nobody::Forbidden},
            {"repository app details", "POST", repo + u"/appdetails"_s,
             R"({"source":{"repoURL":"https:\/\/git.example.com/apps.git"}})", Nobody::Forbidden},
            {"repocreds list", "GET", u"/api/v1/repocreds"_s, {}, Nobody::EmptyList},
            {"cluster list", "GET", u"/api/v1/clusters"_s, {}, Nobody::EmptyList},
            {"cluster get", "GET", cluster, {}, Nobody::Forbidden},
            {"cluster delete", "DELETE", cluster, {}, Nobody::Forbidden},
            {"cluster invalidate", "POST", cluster + u"/invalidate-cache"_s, {}, Nobody::Forbidden},
            {"certificates", "GET", u"/api/v1/certificates"_s, {}, Nobody::Forbidden},
            {"gpg keys", "GET", u"/api/v1/gpgkeys"_s, {}, Nobody::Forbidden},
        };
        for (const auto &row : rows)
            QTest::newRow(row.name) << row.method << row.path << row.body << row.nobody;
    }

    void matrix()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(Nobody, nobody);

        const qint64 before = m_services->store().resourceVersion();
        const QList<std::pair<QByteArray, QString>> refused{
            {QByteArray(), u"no session information"_s}, {"not.a.token", u"invalid session: "_s},
            {m_expired, u"invalid session: "_s},         {m_tampered, u"invalid session: "_s},
            {m_unsigned, u"invalid session: "_s},
        };
        for (const auto &[token, message] : refused) {
            const Answer answer = m_api.call(method, path, token, body);
            QCOMPARE(answer.status, 401);
            QCOMPARE(answer.body.value(u"code").toInt(), 16);
            QVERIFY2(answer.message().startsWith(message), qPrintable(answer.message()));
        }

        if (nobody == Nobody::NotAsked)
            return;
        const Answer answer = m_api.call(method, path, m_nobody, body);
        switch (nobody) {
        case Nobody::NotAsked:
            break;
        case Nobody::Forbidden:
            QCOMPARE(answer.status, 403);
            QVERIFY2(answer.message().startsWith(u"permission denied"_s), qPrintable(answer.message()));
            break;
        case Nobody::EmptyList:
            QCOMPARE(answer.status, 200);
            QCOMPARE(answer.body.value(u"items").toArray(), QJsonArray());
            break;
        case Nobody::OnlySelf:
            QCOMPARE(answer.status, 200);
            QCOMPARE(answer.body.value(u"items").toArray().size(), 1);
            QCOMPARE(answer.body[u"items"][0][u"name"].toString(), u"nobody"_s);
            break;
        case Nobody::Allowed:
            QCOMPARE(answer.status, 200);
            break;
        }
        // Nothing refused changed anything.
        QCOMPARE(m_services->store().resourceVersion(), before);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server->url(); }};
    QByteArray m_admin;
    QByteArray m_nobody;
    QByteArray m_expired;
    QByteArray m_tampered;
    QByteArray m_unsigned;
};

QTEST_GUILESS_MAIN(tst_AuthMatrix)
#include "tst_authmatrix.moc"
