// SPDX-License-Identifier: Apache-2.0
// Every endpoint of the API over real HTTP, in one data-driven table, with
// the answers checked against golden JSON in tests/data/endpoints/. A real
// local control plane and Git repository stand behind the server, so the
// answers are the ones clients get. Values that change from run to run
// (times, UIDs, resource versions, tokens, ports, pod name suffixes, IPs)
// are normalised first. To write the golden files anew after a deliberate
// change: tests/data/endpoints/regenerate.sh, then review the diff.
#include "apiserver.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/controlplane.h"
#include "support/gitfixture.h"
#include "support/serversettings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

/// What of an answer may differ between runs beyond the usual (times, UIDs …).
enum class Varies {
    Nothing,
    /// An application's status: the controller may have compared it meanwhile.
    Status,
    /// Everything but the keys (the build's version and tools).
    Values,
};

struct Row
{
    const char *name;
    QByteArray method;
    QString path;
    QByteArray body;
    int status;
    /// "admin", "viewer" or "" (anonymous).
    QString caller = QStringLiteral("admin");
    Varies varies = Varies::Nothing;
};

const QString app = u"/api/v1/applications/guestbook"_s;
const QString deployment = u"namespace=guestbook&resourceName=guestbook-ui&version=v1&group=apps&kind=Deployment"_s;

/// Reads first, then writes, each kind of object created before it is used
/// and deleted at the end, so that every answer is reproducible.
QList<Row> table()
{
    return {
        // Version, settings, session and accounts.
        {"version", "GET", u"/api/version"_s, {}, 200, u"admin"_s, Varies::Values},
        {"version-anonymous", "GET", u"/api/version"_s, {}, 200, {}, Varies::Values},
        {"settings", "GET", u"/api/v1/settings"_s, {}, 200},
        {"settings-anonymous", "GET", u"/api/v1/settings"_s, {}, 200, {}},
        {"session-bad-login", "POST", u"/api/v1/session"_s, "{\"username\":\"admin\",\"password\":\"wrong\"}", 401, {}},
        {"userinfo", "GET", u"/api/v1/session/userinfo"_s, {}, 200},
        {"userinfo-anonymous", "GET", u"/api/v1/session/userinfo"_s, {}, 200, {}},
        {"accounts", "GET", u"/api/v1/account"_s, {}, 200},
        {"account", "GET", u"/api/v1/account/viewer"_s, {}, 200},
        {"account-missing", "GET", u"/api/v1/account/nobody"_s, {}, 404},
        {"can-i-yes", "GET", u"/api/v1/account/can-i/applications/get/default%2Fguestbook"_s, {}, 200},
        {"can-i-no", "GET", u"/api/v1/account/can-i/applications/delete/default%2Fguestbook"_s, {}, 200, u"viewer"_s},
        {"account-token", "POST", u"/api/v1/account/viewer/token"_s, "{\"id\":\"fixed\",\"expiresIn\":3600}", 200},
        {"account-token-delete", "DELETE", u"/api/v1/account/viewer/token/fixed"_s, {}, 200},
        // Applications: reads.
        {"applications", "GET", u"/api/v1/applications"_s, {}, 200},
        {"applications-filtered", "GET", u"/api/v1/applications?projects=default&selector=team%3Dweb"_s, {}, 200},
        {"applications-none", "GET", u"/api/v1/applications?selector=team%3Dnobody"_s, {}, 200},
        {"application", "GET", app, {}, 200},
        {"application-missing", "GET", u"/api/v1/applications/nope?project=default"_s, {}, 404},
        {"application-forbidden", "GET", u"/api/v1/applications/nope"_s, {}, 403},
        {"resource-tree", "GET", app + u"/resource-tree"_s, {}, 200},
        {"managed-resources", "GET", app + u"/managed-resources"_s, {}, 200},
        {"manifests", "GET", app + u"/manifests?revision=main"_s, {}, 200},
        {"revision-metadata", "GET", app + u"/revisions/main/metadata"_s, {}, 200},
        {"events", "GET", app + u"/events"_s, {}, 200},
        {"resource", "GET", app + u"/resource?"_s + deployment, {}, 200},
        {"resource-outside",
         "GET",
         app + u"/resource?namespace=kube-system&resourceName=coredns&version=v1&group=apps&kind=Deployment"_s,
         {},
         404},
        {"resource-actions", "GET", app + u"/resource/actions?"_s + deployment, {}, 200},
        {"resource-links", "GET", app + u"/resource/links?"_s + deployment, {}, 200},
        {"logs", "GET", app + u"/logs?container=guestbook-ui"_s, {}, 200},
        {"pod-logs", "GET", app + u"/pods/{pod}/logs?namespace=guestbook"_s, {}, 200},
        {"syncwindows", "GET", app + u"/syncwindows"_s, {}, 200},
        {"links", "GET", app + u"/links"_s, {}, 200},
        // Projects.
        {"projects", "GET", u"/api/v1/projects"_s, {}, 200},
        {"project-create", "POST", u"/api/v1/projects"_s,
         "{\"project\":{\"metadata\":{\"name\":\"team\"},\"spec\":{\"sourceRepos\":[\"*\"],\"destinations\":[{"
         "\"server\":\"*\",\"namespace\":\"team-*\"}],\"roles\":[{\"name\":\"ci\",\"policies\":[\"p, proj:team:ci, "
         "applications, get, team/*, allow\"]}],\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 22 * * "
         "*\",\"duration\":\"1h\",\"applications\":[\"*\"]}]}}}",
         200},
        {"project", "GET", u"/api/v1/projects/team"_s, {}, 200},
        {"project-update", "PUT", u"/api/v1/projects/team"_s,
         "{\"project\":{\"metadata\":{\"name\":\"team\"},\"spec\":{\"description\":\"The "
         "team\",\"sourceRepos\":[\"*\"],\"destinations\":[{\"server\":\"*\",\"namespace\":\"team-*\"}],\"roles\":[{"
         "\"name\":\"ci\",\"policies\":[\"p, proj:team:ci, applications, get, team/*, allow\"]}]}}}",
         200},
        {"project-detailed", "GET", u"/api/v1/projects/team/detailed"_s, {}, 200},
        {"project-globalprojects", "GET", u"/api/v1/projects/team/globalprojects"_s, {}, 200},
        {"project-syncwindows", "GET", u"/api/v1/projects/default/syncwindows"_s, {}, 200},
        {"project-events", "GET", u"/api/v1/projects/team/events"_s, {}, 200},
        {"project-links", "GET", u"/api/v1/projects/team/links"_s, {}, 200},
        {"project-role-token", "POST", u"/api/v1/projects/team/roles/ci/token"_s, "{\"id\":\"fixed\"}", 200},
        {"project-role-token-delete", "DELETE", u"/api/v1/projects/team/roles/ci/token/0?id=fixed"_s, {}, 200},
        {"project-delete-default", "DELETE", u"/api/v1/projects/default"_s, {}, 400},
        {"project-delete", "DELETE", u"/api/v1/projects/team"_s, {}, 200},
        // Repositories and credential templates.
        {"repositories", "GET", u"/api/v1/repositories"_s, {}, 200},
        {"repository", "GET", u"/api/v1/repositories/{repo}"_s, {}, 200},
        {"repository-refs", "GET", u"/api/v1/repositories/{repo}/refs"_s, {}, 200},
        {"repository-apps", "GET", u"/api/v1/repositories/{repo}/apps?revision=main"_s, {}, 200},
        {"repository-appdetails", "POST", u"/api/v1/repositories/{repo}/appdetails"_s,
         "{\"source\":{\"repoURL\":\"{repoURL}\",\"path\":\"guestbook\",\"targetRevision\":\"main\"}}", 200},
        {"repository-validate", "POST", u"/api/v1/repositories/{repo}/validate"_s, {}, 200},
        {"repository-update", "PUT", u"/api/v1/repositories/{repo}"_s, "{\"repo\":\"{repoURL}\",\"name\":\"samples\"}",
         200},
        {"repository-missing", "GET", u"/api/v1/repositories/https%3A%2F%2Fexample.com%2Fnone.git"_s, {}, 404},
        {"repocreds-create", "POST", u"/api/v1/repocreds"_s,
         "{\"url\":\"https://git.example.com/team\",\"username\":\"bot\",\"password\":\"s3cret\"}", 200},
        {"repocreds", "GET", u"/api/v1/repocreds"_s, {}, 200},
        {"repocreds-update", "PUT", u"/api/v1/repocreds/https%3A%2F%2Fgit.example.com%2Fteam"_s,
         "{\"url\":\"https://git.example.com/team\",\"username\":\"robot\"}", 200},
        {"repocreds-delete", "DELETE", u"/api/v1/repocreds/https%3A%2F%2Fgit.example.com%2Fteam"_s, {}, 200},
        {"certificates", "GET", u"/api/v1/certificates"_s, {}, 200},
        {"gpgkeys", "GET", u"/api/v1/gpgkeys"_s, {}, 200},
        // Clusters.
        {"clusters", "GET", u"/api/v1/clusters"_s, {}, 200},
        {"cluster", "GET", u"/api/v1/clusters/https%3A%2F%2Fkubernetes.default.svc"_s, {}, 200},
        {"cluster-by-name", "GET", u"/api/v1/clusters/in-cluster?id.type=name"_s, {}, 200},
        {"cluster-create", "POST", u"/api/v1/clusters"_s,
         "{\"server\":\"https://"
         "staging.example.com:6443\",\"name\":\"staging\",\"config\":{\"bearerToken\":\"t0ken\"}}",
         200},
        {"cluster-update", "PUT",
         u"/api/v1/clusters/https%3A%2F%2Fstaging.example.com%3A6443?updatedFields=namespaces"_s,
         "{\"server\":\"https://staging.example.com:6443\",\"name\":\"staging\",\"namespaces\":[\"apps\"]}", 200},
        {"cluster-invalidate",
         "POST",
         u"/api/v1/clusters/https%3A%2F%2Fstaging.example.com%3A6443/invalidate-cache"_s,
         {},
         200},
        {"cluster-rotate", "POST", u"/api/v1/clusters/https%3A%2F%2Fstaging.example.com%3A6443/rotate-auth"_s, {}, 501},
        {"cluster-delete", "DELETE", u"/api/v1/clusters/https%3A%2F%2Fstaging.example.com%3A6443"_s, {}, 200},
        // Applications: writes.
        {"application-create", "POST", u"/api/v1/applications"_s,
         "{\"metadata\":{\"name\":\"extra\"},\"spec\":{\"project\":\"default\",\"source\":{\"repoURL\":\"{repoURL}\","
         "\"path\":\"guestbook\",\"targetRevision\":\"main\"},\"destination\":{\"server\":\"https://"
         "kubernetes.default.svc\",\"namespace\":\"extra\"}}}",
         200, u"admin"_s, Varies::Status},
        {"application-create-invalid", "POST", u"/api/v1/applications"_s, "{\"metadata\":{\"name\":\"Bad_Name\"}}",
         400},
        {"application-update", "PUT", u"/api/v1/applications/extra"_s,
         "{\"metadata\":{\"name\":\"extra\",\"labels\":{\"team\":\"web\"}},\"spec\":{\"project\":\"default\","
         "\"source\":{\"repoURL\":\"{repoURL}\",\"path\":\"guestbook\",\"targetRevision\":\"main\"},\"destination\":{"
         "\"server\":\"https://kubernetes.default.svc\",\"namespace\":\"extra\"}}}",
         200, u"admin"_s, Varies::Status},
        {"application-spec", "PUT", u"/api/v1/applications/extra/spec"_s,
         "{\"project\":\"default\",\"source\":{\"repoURL\":\"{repoURL}\",\"path\":\"kustomize-guestbook\","
         "\"targetRevision\":\"main\"},\"destination\":{\"server\":\"https://"
         "kubernetes.default.svc\",\"namespace\":\"extra\"}}",
         200, u"admin"_s, Varies::Status},
        {"application-patch", "PATCH", u"/api/v1/applications/extra"_s,
         "{\"patch\":\"{\\\"metadata\\\":{\\\"annotations\\\":{\\\"note\\\":\\\"patched\\\"}}}\",\"patchType\":"
         "\"merge\"}",
         200, u"admin"_s, Varies::Status},
        {"application-terminate-idle", "DELETE", u"/api/v1/applications/extra/operation"_s, {}, 400},
        {"application-delete", "DELETE", u"/api/v1/applications/extra?cascade=false"_s, {}, 200},
        {"resource-patch", "POST", app + u"/resource?"_s + deployment + u"&patchType=merge"_s,
         "\"{\\\"metadata\\\":{\\\"labels\\\":{\\\"patched\\\":\\\"yes\\\"}}}\"", 200, u"admin"_s, Varies::Status},
        {"resource-action-scale", "POST", app + u"/resource/actions/v2"_s,
         "{\"namespace\":\"guestbook\",\"resourceName\":\"guestbook-ui\",\"version\":\"v1\",\"group\":\"apps\","
         "\"kind\":\"Deployment\",\"action\":\"scale\",\"resourceActionParameters\":[{\"name\":\"replicas\",\"value\":"
         "\"1\"}]}",
         200, u"admin"_s, Varies::Status},
        {"sync-dry-run", "POST", app + u"/sync"_s, "{\"revision\":\"main\",\"dryRun\":true,\"prune\":true}", 200,
         u"admin"_s, Varies::Status},
        {"rollback-unknown", "POST", app + u"/rollback"_s, "{\"id\":99}", 400},
        {"resource-delete",
         "DELETE",
         app + u"/resource?namespace=guestbook&resourceName=guestbook-ui&version=v1&kind=Service"_s,
         {},
         200},
        {"account-password", "PUT", u"/api/v1/account/password"_s,
         "{\"currentPassword\":\"{password}\",\"newPassword\":\"Another-passw0rd\"}", 200},
    };
}

/// The parts of an answer that differ between runs, replaced by placeholders.
QJsonValue normalised(const QJsonValue &value, const QString &key = {})
{
    static const QRegularExpression time(
        u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)$"_s);
    static const QRegularExpression uuid(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    static const QRegularExpression jwt(u"^eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"_s);
    static const QRegularExpression port(u"(https?://127\\.0\\.0\\.1):\\d+"_s);
    static const QRegularExpression pod(
        u"(guestbook-ui-[bcdfghjklmnpqrstvwxz2-9]{6,10})-[bcdfghjklmnpqrstvwxz2-9]{5}\\b"_s);
    static const QRegularExpression eventName(u"\\.[0-9a-f]{12,}$"_s);
    static const QRegularExpression ip(u"^\\d+\\.\\d+\\.\\d+\\.\\d+$"_s);
    static const QRegularExpression tmp(u"/tmp/[^/\"]+"_s);
    static const QStringList volatileKeys{u"resourceVersion"_s,
                                          u"uid"_s,
                                          u"iat"_s,
                                          u"exp"_s,
                                          u"nbf"_s,
                                          u"jti"_s,
                                          u"id"_s,
                                          u"issuedAt"_s,
                                          u"expiresAt"_s,
                                          u"generateName"_s,
                                          u"count"_s,
                                          u"restartCount"_s,
                                          u"resourcesCount"_s,
                                          u"apisCount"_s};
    switch (value.type()) {
    case QJsonValue::Object: {
        QJsonObject object = value.toObject();
        // Bookkeeping of the API server, different on every write.
        object.remove(u"managedFields"_s);
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = normalised(it.value(), it.key());
        return object;
    }
    case QJsonValue::Array: {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = normalised(array.at(i), key);
        return array;
    }
    case QJsonValue::String: {
        QString text = value.toString();
        if (volatileKeys.contains(key) && !text.isEmpty())
            return u"<%1>"_s.arg(key);
        // JSON inside a string (managed resources' states, manifests).
        if ((text.startsWith(u'{') && text.endsWith(u'}')) || (text.startsWith(u'[') && text.endsWith(u']'))) {
            QJsonParseError error;
            const QJsonDocument inner = QJsonDocument::fromJson(text.toUtf8(), &error);
            if (error.error == QJsonParseError::NoError)
                return QString::fromUtf8((inner.isArray() ? QJsonDocument(normalised(inner.array()).toArray())
                                                          : QJsonDocument(normalised(inner.object()).toObject()))
                                             .toJson(QJsonDocument::Compact));
        }
        if (time.match(text).hasMatch())
            return u"<time>"_s;
        if (uuid.match(text).hasMatch())
            return u"<uid>"_s;
        if (jwt.match(text).hasMatch())
            return u"<token>"_s;
        if (ip.match(text).hasMatch() && text != u"127.0.0.1")
            return u"<ip>"_s;
        text.replace(port, u"\\1:<port>"_s);
        text.replace(pod, u"\\1-<pod>"_s);
        text.replace(eventName, u".<event>"_s);
        text.replace(tmp, u"<tmp>"_s);
        return text;
    }
    case QJsonValue::Double:
        return volatileKeys.contains(key) ? QJsonValue(u"<%1>"_s.arg(key)) : value;
    default:
        return value;
    }
}

/// Applies what a row says may vary.
QJsonValue withoutVarying(const QJsonValue &value, Varies varies)
{
    if (varies == Varies::Status && value.isObject()) {
        QJsonObject object = value.toObject();
        if (object.contains(u"status"_s))
            object.insert(u"status"_s, u"<varies>"_s);
        return object;
    }
    if (varies == Varies::Values && value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = u"<value>"_s;
        return object;
    }
    return value;
}

} // namespace

class tst_Endpoints : public QObject
{
    Q_OBJECT

    struct Answer
    {
        int status = 0;
        QByteArray body;
    };

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body)
    {
        QNetworkRequest request = m_api.requestFor(path, token);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_api.network().sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 90000))
            qWarning() << "no answer to" << method << path;
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    }

    QString substituted(QString text) const
    {
        return text.replace(u"{repoURL}"_s, m_git.fileUrl())
            .replace(u"{repo}"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_git.fileUrl())))
            .replace(u"{pod}"_s, m_pod)
            .replace(u"{password}"_s, m_password);
    }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        const QString error = Test::startCluster(m_cluster);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_git.copyTree(QStringLiteral(CAPSTAN_SOURCE_DIR "/resources/samples/guestbook"), u"guestbook"_s);
        m_git.copyTree(QStringLiteral(CAPSTAN_SOURCE_DIR "/resources/samples/kustomize-guestbook"),
                       u"kustomize-guestbook"_s);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_git.commit(u"Guestbook"_s).isEmpty());

        ServerSettings settings;
        settings.configMap
            = {{u"accounts.viewer"_s, u"apiKey, login"_s},
               {u"application.links"_s, u"- title: Logs\n  url: https://logs.example.com/{{.app.metadata.name}}\n"_s},
               {u"resource.links"_s,
                u"- title: Dashboard\n  url: https://dash.example.com/{{.resource.metadata.name}}\n"_s},
               {u"project.links"_s, u"- title: Wiki\n  url: https://wiki.example.com/{{.project.metadata.name}}\n"_s}};
        settings.rbacConfigMap = {{u"policy.csv"_s, u"g, viewer, role:readonly\n"_s}};
        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories(settings));
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_services->addRoutes(*m_server);
        const auto listening = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error()));
        m_services->startEngine(m_cluster.connection());
        m_password = m_services->initialAdminPassword();
        m_tokens.insert(u"admin"_s, m_api.login(u"admin"_s, m_password));
        m_tokens.insert(u"viewer"_s, m_api.apiKey(u"viewer"_s, m_tokens.value(u"admin"_s)));
        QVERIFY(!m_tokens.value(u"admin"_s).isEmpty() && !m_tokens.value(u"viewer"_s).isEmpty());

        // A repository, and an app synced from it and healthy, with its labels.
        const QByteArray admin = m_tokens.value(u"admin"_s);
        QCOMPARE(m_api.call("POST", u"/api/v1/repositories"_s, admin, QJsonObject{{u"repo"_s, m_git.fileUrl()}}).status,
                 200);
        const QJsonObject guestbook{
            {u"metadata"_s,
             QJsonObject{{u"name"_s, u"guestbook"_s}, {u"labels"_s, QJsonObject{{u"team"_s, u"web"_s}}}}},
            {u"spec"_s,
             QJsonObject{
                 {u"project"_s, u"default"_s},
                 {u"source"_s,
                  QJsonObject{
                      {u"repoURL"_s, m_git.fileUrl()}, {u"path"_s, u"guestbook"_s}, {u"targetRevision"_s, u"main"_s}}},
                 {u"destination"_s,
                  QJsonObject{{u"server"_s, u"https://kubernetes.default.svc"_s}, {u"namespace"_s, u"guestbook"_s}}},
                 {u"syncPolicy"_s, QJsonObject{{u"syncOptions"_s, QJsonArray{u"CreateNamespace=true"_s}}}}}}};
        QCOMPARE(m_api.call("POST", u"/api/v1/applications"_s, admin, guestbook).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_api.call("GET", app, admin).body[u"status"][u"sync"][u"status"].toString() == u"OutOfSync", 60000);
        QCOMPARE(m_api.call("POST", app + u"/sync"_s, admin, QJsonObject()).status, 200);
        const auto settled = [&] {
            const QJsonObject status = m_api.call("GET", app, admin).body[u"status"].toObject();
            return status[u"sync"][u"status"].toString() == u"Synced"
                && status[u"health"][u"status"].toString() == u"Healthy"
                && status[u"operationState"][u"phase"].toString() == u"Succeeded";
        };
        QTRY_VERIFY_WITH_TIMEOUT(settled(), 120000);
        const QJsonArray nodes = m_api.call("GET", app + u"/resource-tree"_s, admin).body[u"nodes"].toArray();
        for (const QJsonValue &node : nodes) {
            if (node[u"kind"].toString() == u"Pod")
                m_pod = node[u"name"].toString();
        }
        QVERIFY(!m_pod.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_services)
            m_services->stopEngine();
    }

    void endpoint_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("caller");
        QTest::addColumn<int>("varies");
        for (const Row &row : table())
            QTest::newRow(row.name) << row.method << row.path << row.body << row.status << row.caller
                                    << int(row.varies);
    }

    void endpoint()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, caller);
        QFETCH(int, varies);
        const Answer answer
            = call(method, substituted(path), m_tokens.value(caller), substituted(QString::fromUtf8(body)).toUtf8());
        QVERIFY2(answer.status == status,
                 qPrintable(u"%1 instead of %2: %3"_s.arg(answer.status)
                                .arg(status)
                                .arg(QString::fromUtf8(answer.body.left(400)))));

        // The golden answer, normalised; a stream that ends at once has no body.
        QByteArray actual = answer.body.trimmed();
        if (!actual.isEmpty()) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(actual, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            const QJsonValue value = normalised(withoutVarying(
                document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), Varies(varies)));
            actual = (value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject()))
                         .toJson(QJsonDocument::Indented);
        }
        const QString file = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/endpoints/%1.json")
                                 .arg(QString::fromLatin1(QTest::currentDataTag()));
        if (qEnvironmentVariableIsSet("CAPSTAN_UPDATE_GOLDEN")) {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(actual);
            return;
        }
        QFile golden(file);
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(u"no golden file %1; run regenerate.sh"_s.arg(file)));
        const QByteArray expected = golden.readAll();
        if (actual != expected) {
            // Show the first line that differs, with the whole answer after it.
            const QList<QByteArray> a = actual.split('\n');
            const QList<QByteArray> e = expected.split('\n');
            qsizetype line = 0;
            while (line < a.size() && line < e.size() && a.at(line) == e.at(line))
                ++line;
            QFAIL(qPrintable(u"%1 differs at line %2:\n  expected: %3\n  actual:   %4"_s.arg(file).arg(line + 1).arg(
                QString::fromUtf8(e.value(line)), QString::fromUtf8(a.value(line)))));
        }
    }

private:
    Kube::LocalCluster m_cluster;
    Test::GitFixture m_git;
    QTemporaryDir m_dir;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server->url(); }};
    QHash<QString, QByteArray> m_tokens;
    QString m_password;
    QString m_pod;
};

QTEST_GUILESS_MAIN(tst_Endpoints)
#include "tst_endpoints.moc"
