// SPDX-License-Identifier: Apache-2.0
// The applications API over real HTTP, as Argo CD's clients use it: a server
// with its state in a temporary folder, its engine on the local control
// plane, apps from a real Git repository.
#include "apiserver.h"
#include "http/stream.h"
#include "kube/kubeclient.h"
#include "kube/localcluster/localcluster.h"
#include "model/application.h"
#include "model/cluster.h"
#include "model/jsonschema.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/apicaller.h"
#include "support/applicationjson.h"
#include "support/controlplane.h"
#include "support/gitfixture.h"
#include "support/openapischema.h"
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

class tst_ApplicationApi : public QObject
{
    Q_OBJECT

    using Answer = Test::ApiCaller::Answer;

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body = {})
    {
        Answer answer = m_api.call(method, path, token, body);
        checkApplications(answer.body, QString::fromLatin1(method) + u' ' + path);
        return answer;
    }
    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QJsonObject &body)
    {
        return call(method, path, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    /// Every Application an answer or a stream carries is checked against
    /// the model's schema, whose fields are Argo CD's (tst_modelschema); what
    /// does not conform fails the test function.
    void checkApplications(const QJsonObject &body, const QString &where)
    {
        QList<QJsonObject> applications;
        if (body.value(u"kind").toString() == u"Application")
            applications.append(body);
        for (const QJsonValue &item : body.value(u"items").toArray())
            if (item[u"kind"].toString() == u"Application")
                applications.append(item.toObject());
        if (body.value(u"application").isObject())
            applications.append(body.value(u"application").toObject());
        for (const QJsonObject &application : std::as_const(applications)) {
            ++m_schemaChecked;
            for (const QString &error : m_schema.validate(application))
                m_schemaErrors.append(where + u": "_s + error);
        }
    }

    /// An app of the test repository's `path`, deployed to namespace `name`.
    QJsonObject app(const QString &name, const QString &path, const QJsonObject &labels = {})
    {
        return Test::applicationJson(name, m_git.fileUrl(), path, labels);
    }

    QStringList namesIn(const Answer &answer)
    {
        QStringList names;
        for (const QJsonValue &item : answer.body.value(u"items").toArray())
            names.append(item[u"metadata"][u"name"].toString());
        return names;
    }

    /// Waits until GET of `name` satisfies `ready`; the last answer.
    QJsonObject waitFor(const QString &name, const std::function<bool(const QJsonObject &)> &ready)
    {
        QJsonObject last;
        (void)QTest::qWaitFor(
            [&] {
                last = call("GET", u"/api/v1/applications/"_s + name, m_admin).body;
                return ready(last);
            },
            90000);
        return last;
    }

    /// A client of one of the watch streams: its messages' `result`s as they come.
    struct StreamClient
    {
        QNetworkReply *reply = nullptr;
        QByteArray buffer;
        QList<QJsonObject> results;

        ~StreamClient()
        {
            if (reply) {
                reply->abort();
                reply->deleteLater();
            }
        }
        int status() const { return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }
        /// The events of an application stream, as "TYPE name".
        QStringList events() const
        {
            QStringList events;
            for (const QJsonObject &result : results)
                events.append(result[u"type"].toString() + u' '
                              + result[u"application"][u"metadata"][u"name"].toString());
            return events;
        }
    };

    std::unique_ptr<StreamClient> openStream(const QString &path, const QByteArray &token)
    {
        auto client = std::make_unique<StreamClient>();
        const QNetworkRequest request = m_api.requestFor(path, token);
        client->reply = m_api.network().get(request);
        StreamClient *raw = client.get();
        connect(raw->reply, &QNetworkReply::readyRead, raw->reply, [this, raw] {
            raw->buffer += raw->reply->readAll();
            for (qsizetype end = raw->buffer.indexOf('\n'); end >= 0; end = raw->buffer.indexOf('\n')) {
                const QJsonObject line = QJsonDocument::fromJson(raw->buffer.left(end)).object();
                raw->buffer.remove(0, end + 1);
                raw->results.append(line.value(u"result").toObject());
                checkApplications(raw->results.last(), u"stream"_s);
            }
        });
        return client;
    }

    static QJsonObject nodeOf(const QJsonObject &tree, const QString &kind, const QString &name = {})
    {
        for (const QJsonValue &node : tree.value(u"nodes").toArray())
            if (node[u"kind"].toString() == kind && (name.isEmpty() || node[u"name"].toString() == name))
                return node.toObject();
        return {};
    }

    static int countOf(const QJsonObject &tree, const QString &kind)
    {
        const QJsonArray nodes = tree.value(u"nodes").toArray();
        return int(std::count_if(nodes.begin(), nodes.end(),
                                 [&kind](const QJsonValue &node) { return node[u"kind"].toString() == kind; }));
    }

    qint64 resourceVersionOf(const QString &name)
    {
        return call("GET", u"/api/v1/applications/"_s + name, m_admin)
            .body[u"metadata"][u"resourceVersion"]
            .toString()
            .toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        const QString error = Test::startCluster(m_cluster);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        m_git.write(u"config/settings.yaml"_s,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  colour: blue\n");
        m_git.write(u"other/flags.yaml"_s,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  fast: \"true\"\n");
        m_git.write(u"web/deployment.yaml"_s, R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.local/web:1
        resources:
          requests: {cpu: 100m, memory: 64Mi}
)");
        // A hook beside an ordinary object, and an app of apps with its CRD.
        m_git.write(u"hooks/settings.yaml"_s,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hooked\ndata:\n  colour: red\n");
        m_git.write(u"hooks/before.yaml"_s, R"(apiVersion: batch/v1
kind: Job
metadata:
  name: before
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: before
        image: registry.local/job:1
)");
        m_git.write(u"parent/crd.yaml"_s, R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: applications.argoproj.io
spec:
  group: argoproj.io
  names: {kind: Application, listKind: ApplicationList, plural: applications, singular: application}
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
)");
        m_git.write(u"parent/child.yaml"_s, R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: child
spec:
  project: default
  source:
    repoURL: file:///elsewhere
    path: child
  destination:
    server: https://kubernetes.default.svc
    namespace: child
)");
        if (QTest::currentTestFailed())
            return;
        m_git.write(u"web/service.yaml"_s, R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
)");
        QVERIFY(!m_git.commit(u"Settings"_s).isEmpty());

        ServerSettings settings;
        settings.configMap = {{u"accounts.viewer"_s, u"apiKey"_s}, {u"accounts.deployer"_s, u"apiKey"_s}};
        settings.rbacConfigMap = {{u"policy.csv"_s,
                                   u"g, viewer, role:readonly\n"
                                   "p, deployer, applications, get, default/*, allow\n"
                                   "p, deployer, applications, sync, default/*, allow\n"_s}};
        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories(settings));
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_server->setStreamKeepAlive(std::chrono::milliseconds(300));
        m_services->addRoutes(*m_server);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0).ok());
        m_services->startEngine(m_cluster.connection());

        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        QVERIFY(!m_admin.isEmpty());
        m_viewer = m_api.apiKey(u"viewer"_s, m_admin);
        m_deployer = m_api.apiKey(u"deployer"_s, m_admin);
        QVERIFY(!m_viewer.isEmpty() && !m_deployer.isEmpty());
        m_ready = true;
    }

    void cleanup()
    {
        const QStringList errors = std::exchange(m_schemaErrors, {});
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    }

    void cleanupTestCase()
    {
        if (m_services)
            m_services->stopEngine();
        // The check above did check something, once the tests could run.
        if (m_ready)
            QVERIFY(m_schemaChecked > 50);
    }

    void createAndList()
    {
        const QJsonObject alpha = app(u"alpha"_s, u"config"_s, {{u"team"_s, u"a"_s}, {u"tier"_s, u"1"_s}});
        Answer created = call("POST", u"/api/v1/applications"_s, m_admin, alpha);
        QCOMPARE(created.status, 200);
        QCOMPARE(created.body[u"metadata"][u"name"].toString(), u"alpha"_s);
        QCOMPARE(created.body[u"metadata"][u"namespace"].toString(), u"argocd"_s);
        QCOMPARE(created.body[u"kind"].toString(), u"Application"_s);
        QVERIFY(!created.body[u"metadata"][u"uid"].toString().isEmpty());
        // The same app again is no change; a different one needs upsert.
        QCOMPARE(call("POST", u"/api/v1/applications"_s, m_admin, alpha).status, 200);
        QJsonObject changed = alpha;
        changed[u"metadata"] = QJsonObject{{u"name"_s, u"alpha"_s}, {u"labels"_s, QJsonObject{{u"team"_s, u"a"_s}}}};
        const Answer different = call("POST", u"/api/v1/applications"_s, m_admin, changed);
        QCOMPARE(different.status, 400);
        QCOMPARE(different.message(), u"existing application spec is different, use upsert flag to force update"_s);
        const Answer upserted = call("POST", u"/api/v1/applications?upsert=true"_s, m_admin, changed);
        QCOMPARE(upserted.status, 200);
        QCOMPARE(upserted.body[u"metadata"][u"labels"].toObject(), QJsonObject({{u"team"_s, u"a"_s}}));
        QCOMPARE(call("POST", u"/api/v1/applications?upsert=true"_s, m_admin, alpha).status, 200);

        // An operation in the body is dropped: syncs go through sync.
        QJsonObject beta = app(u"beta"_s, u"other"_s, {{u"team"_s, u"b"_s}});
        beta.insert(u"operation"_s, QJsonObject{{u"sync"_s, QJsonObject{{u"revision"_s, u"main"_s}}}});
        created = call("POST", u"/api/v1/applications"_s, m_admin, beta);
        QCOMPARE(created.status, 200);
        QVERIFY(!created.body.contains(u"operation"));

        const Answer all = call("GET", u"/api/v1/applications"_s, m_admin);
        QCOMPARE(all.status, 200);
        QCOMPARE(namesIn(all), QStringList({u"alpha"_s, u"beta"_s}));
        QVERIFY(all.body[u"metadata"][u"resourceVersion"].toString().toLongLong() > 0);

        const QList<std::pair<QString, QStringList>> filters{
            {u"selector=team%3Da"_s, {u"alpha"_s}},
            {u"selector=team%20in%20(a%2Cb)%2C!missing"_s, {u"alpha"_s, u"beta"_s}},
            {u"selector=tier%3E0"_s, {u"alpha"_s}},
            {u"selector=team!%3Da"_s, {u"beta"_s}},
            {u"name=beta"_s, {u"beta"_s}},
            {u"projects=default"_s, {u"alpha"_s, u"beta"_s}},
            {u"projects=elsewhere"_s, {}},
            {u"repo="_s + QString::fromLatin1(QUrl::toPercentEncoding(m_git.fileUrl())), {u"alpha"_s, u"beta"_s}},
            {u"appNamespace=argocd"_s, {u"alpha"_s, u"beta"_s}},
        };
        for (const auto &[query, names] : filters) {
            const Answer filtered = call("GET", u"/api/v1/applications?"_s + query, m_admin);
            QCOMPARE(filtered.status, 200);
            QVERIFY2(namesIn(filtered) == names, qPrintable(query));
            QVERIFY(filtered.body.value(u"items").isArray());
        }
        const Answer badSelector = call("GET", u"/api/v1/applications?selector=team%20in%20(a"_s, m_admin);
        QCOMPARE(badSelector.status, 400);
        QCOMPARE(badSelector.message(),
                 u"error parsing the selector: unexpected end of the selector, expected ',' or ')'"_s);
        QCOMPARE(call("GET", u"/api/v1/applications?selector=bad%20key%3Dx"_s, m_admin).status, 400);
    }

    void createRefusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{\"metadata\":") << QString();
        QTest::newRow("unknown field") << QByteArray(R"({"metadata":{"name":"x"},"spec":{"sourcee":{}}})")
                                       << u"spec.sourcee: unknown field"_s;
        QTest::newRow("wrong type") << QByteArray(R"({"metadata":{"name":"x"},"spec":{"project":7}})")
                                    << u"spec.project: must be a string"_s;
        QTest::newRow("bad name") << QByteArray(
            R"({"metadata":{"name":"Not_A_Name"},"spec":{"destination":{"server":"https:\/\/kubernetes.default.svc"},"source":{"repoURL":"https:\/\/example.com/x.git"}}})")
                                  << QString();
        QTest::newRow("no such project") << QByteArray(
            R"({"metadata":{"name":"x"},"spec":{"project":"nope","destination":{"server":"https:\/\/kubernetes.default.svc"},"source":{"repoURL":"https:\/\/example.com/x.git","path":"x"}}})")
                                         << u"application references project nope which does not exist"_s;
    }

    void createRefusesBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        // The controller writes statuses meanwhile: count the apps, not versions.
        const qsizetype before = m_services->store().applications().size();
        const Answer answer = call("POST", u"/api/v1/applications"_s, m_admin, body);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.body.value(u"code").toInt(), 3);
        QVERIFY(!answer.message().isEmpty());
        if (!message.isEmpty())
            QCOMPARE(answer.message(), message);
        QCOMPARE(m_services->store().applications().size(), before);
    }

    void permissions()
    {
        // The viewer reads, and nothing else.
        QCOMPARE(namesIn(call("GET", u"/api/v1/applications"_s, m_viewer)), QStringList({u"alpha"_s, u"beta"_s}));
        QCOMPARE(call("GET", u"/api/v1/applications/alpha"_s, m_viewer).status, 200);
        const Answer create = call("POST", u"/api/v1/applications"_s, m_viewer, app(u"gamma"_s, u"config"_s));
        QCOMPARE(create.status, 403);
        QVERIFY2(create.message().startsWith(
                     u"permission denied: applications, create, default/gamma, sub: viewer, iat: "_s),
                 qPrintable(create.message()));
        const Answer sync = call("POST", u"/api/v1/applications/alpha/sync"_s, m_viewer, QJsonObject());
        QCOMPARE(sync.status, 403);
        QVERIFY(sync.message().startsWith(u"permission denied: applications, sync, default/alpha, sub: viewer"_s));
        QCOMPARE(call("DELETE", u"/api/v1/applications/alpha"_s, m_viewer).status, 403);

        // A missing app and a forbidden one look the same without a project;
        // with one, both are not found.
        const Answer missing = call("GET", u"/api/v1/applications/nope"_s, m_viewer);
        QCOMPARE(missing.status, 403);
        QCOMPARE(missing.message(), u"permission denied"_s);
        const Answer missingInProject = call("GET", u"/api/v1/applications/nope?project=default"_s, m_viewer);
        QCOMPARE(missingInProject.status, 404);
        QCOMPARE(missingInProject.message(), u"applications.argoproj.io \"nope\" not found"_s);
        QCOMPARE(call("GET", u"/api/v1/applications/alpha?project=other"_s, m_admin).status, 404);
        const Answer otherNamespace = call("GET", u"/api/v1/applications/alpha?appNamespace=elsewhere"_s, m_admin);
        QCOMPARE(otherNamespace.status, 403);
        QCOMPARE(otherNamespace.message(), u"namespace 'elsewhere' is not permitted"_s);

        // Without a token, nothing.
        QCOMPARE(call("GET", u"/api/v1/applications"_s, {}).status, 401);
        QCOMPARE(call("GET", u"/api/v1/applications/alpha"_s, "not.a.token").status, 401);
    }

    void updateSpecAndPatch()
    {
        // PUT takes the user's fields whatever resourceVersion came along.
        const auto labelsInList = [this] {
            const Answer list = call("GET", u"/api/v1/applications?name=alpha"_s, m_admin);
            return list.body[u"items"][0][u"metadata"][u"labels"].toObject();
        };
        QVERIFY(!labelsInList().contains(u"stage"));
        QJsonObject alpha = call("GET", u"/api/v1/applications/alpha"_s, m_admin).body;
        QJsonObject metadata = alpha[u"metadata"].toObject();
        metadata[u"resourceVersion"] = u"1"_s;
        metadata[u"labels"] = QJsonObject{{u"team"_s, u"a"_s}, {u"stage"_s, u"prod"_s}};
        alpha[u"metadata"] = metadata;
        Answer updated = call("PUT", u"/api/v1/applications/alpha"_s, m_admin, alpha);
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.body[u"metadata"][u"labels"][u"stage"].toString(), u"prod"_s);
        // The same list again is answered anew after a change.
        QCOMPARE(labelsInList().value(u"stage").toString(), u"prod"_s);
        QCOMPARE(call("PUT", u"/api/v1/applications/alpha"_s, m_deployer, alpha).status, 403);

        // PUT …/spec answers with the spec alone.
        QJsonObject spec = updated.body[u"spec"].toObject();
        QJsonObject destination = spec[u"destination"].toObject();
        spec[u"revisionHistoryLimit"] = 3;
        Answer specOnly = call("PUT", u"/api/v1/applications/alpha/spec"_s, m_admin, spec);
        QCOMPARE(specOnly.status, 200);
        QCOMPARE(specOnly.body.value(u"revisionHistoryLimit").toInt(), 3);
        QCOMPARE(specOnly.body.value(u"destination").toObject(), destination);
        QVERIFY(!specOnly.body.contains(u"metadata"));
        spec[u"project"] = u"nope"_s;
        specOnly = call("PUT", u"/api/v1/applications/alpha/spec"_s, m_admin, spec);
        QCOMPARE(specOnly.status, 400);

        // Merge and JSON patches.
        const qint64 before = resourceVersionOf(u"alpha"_s);
        Answer patched = call("PATCH", u"/api/v1/applications/alpha"_s, m_admin,
                              QJsonObject{{u"patch"_s, uR"({"metadata":{"annotations":{"owner":"ops"}}})"_s},
                                          {u"patchType"_s, u"merge"_s}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.body[u"metadata"][u"annotations"][u"owner"].toString(), u"ops"_s);
        QVERIFY(resourceVersionOf(u"alpha"_s) > before);
        patched
            = call("PATCH", u"/api/v1/applications/alpha"_s, m_admin,
                   QJsonObject{{u"patch"_s, uR"([{"op":"replace","path":"/spec/revisionHistoryLimit","value":5}])"_s},
                               {u"patchType"_s, u"json"_s}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.body[u"spec"][u"revisionHistoryLimit"].toInt(), 5);

        // Bad patches change nothing.
        // What users set stays as it was (the controller may write the status).
        const auto userFields = [this] {
            const QJsonObject alpha = call("GET", u"/api/v1/applications/alpha"_s, m_admin).body;
            return QJsonObject{{u"spec"_s, alpha[u"spec"]},
                               {u"labels"_s, alpha[u"metadata"][u"labels"]},
                               {u"annotations"_s, alpha[u"metadata"][u"annotations"]}};
        };
        const QJsonObject unchanged = userFields();
        const QList<std::pair<QJsonObject, QString>> refused{
            {{{u"patch"_s, uR"([{"op":"remove","path":"/spec/nothing"}])"_s}}, u"error applying patch: "_s},
            {{{u"patch"_s, u"{}"_s}, {u"patchType"_s, u"json"_s}},
             u"error applying patch: a JSON patch must be a list of operations"_s},
            {{{u"patch"_s, u"{"_s}, {u"patchType"_s, u"merge"_s}}, u"error calculating merge patch: "_s},
            {{{u"patch"_s, u"{}"_s}, {u"patchType"_s, u"strategic"_s}}, u"Patch type 'strategic' is not supported"_s},
            {{{u"patch"_s, uR"({"spec":{"project":7}})"_s}, {u"patchType"_s, u"merge"_s}},
             u"error unmarshaling patched app: spec.project: must be a string"_s},
            {{{u"patch"_s, uR"({"spec":{"project":"nope"}})"_s}, {u"patchType"_s, u"merge"_s}},
             u"application references project nope which does not exist"_s},
        };
        for (const auto &[body, message] : refused) {
            const Answer answer = call("PATCH", u"/api/v1/applications/alpha"_s, m_admin, body);
            QCOMPARE(answer.status, 400);
            QVERIFY2(answer.message().startsWith(message), qPrintable(answer.message()));
        }
        QCOMPARE(userFields(), unchanged);
    }

    void refreshWaitsForTheController()
    {
        const Answer refreshed = call("GET", u"/api/v1/applications/alpha?refresh=normal"_s, m_admin);
        QCOMPARE(refreshed.status, 200);
        QVERIFY(!refreshed.body[u"metadata"][u"annotations"].toObject().contains(u"argocd.argoproj.io/refresh"));
        QVERIFY(refreshed.body[u"status"][u"reconciledAt"].isString());
        QCOMPARE(refreshed.body[u"status"][u"sync"][u"status"].toString(), u"OutOfSync"_s);
        QCOMPARE(call("GET", u"/api/v1/applications/alpha?refresh=hard"_s, m_admin).status, 200);
    }

    void syncRollbackTerminate()
    {
        // Argo CD's documented curl example, by a user who may sync.
        const Answer badBody = call("POST", u"/api/v1/applications/alpha/sync"_s, m_deployer,
                                    QByteArray(R"({"revision": "HEAD", "prun": true})"));
        QCOMPARE(badBody.status, 400);
        QCOMPARE(badBody.message(), u"prun: unknown field"_s);
        const Answer synced = call("POST", u"/api/v1/applications/alpha/sync"_s, m_deployer,
                                   QByteArray(R"({"revision": "HEAD", "prune": true})"));
        QCOMPARE(synced.status, 200);
        QCOMPARE(synced.body[u"operation"][u"sync"][u"prune"].toBool(), true);
        QCOMPARE(synced.body[u"operation"][u"initiatedBy"][u"username"].toString(), u"deployer"_s);
        QJsonObject done = waitFor(u"alpha"_s, [](const QJsonObject &a) {
            return a[u"status"][u"operationState"][u"phase"].toString() == u"Succeeded"
                && a[u"status"][u"sync"][u"status"].toString() == u"Synced";
        });
        QCOMPARE(done[u"status"][u"operationState"][u"phase"].toString(), u"Succeeded"_s);
        QCOMPARE(done[u"status"][u"history"].toArray().size(), 1);
        const qint64 id = done[u"status"][u"history"][0][u"id"].toInteger();

        // Nothing runs: nothing to terminate.
        const Answer terminate = call("DELETE", u"/api/v1/applications/alpha/operation"_s, m_admin);
        QCOMPARE(terminate.status, 400);
        QCOMPARE(terminate.message(), u"Unable to terminate operation. No operation is in progress"_s);

        const Answer unknown
            = call("POST", u"/api/v1/applications/alpha/rollback"_s, m_admin, QJsonObject{{u"id"_s, 99}});
        QCOMPARE(unknown.status, 400);
        QCOMPARE(unknown.message(), u"application alpha does not have deployment with id 99"_s);
        const Answer rolledBack = call("POST", u"/api/v1/applications/alpha/rollback"_s, m_admin,
                                       QJsonObject{{u"id"_s, QString::number(id)}, {u"dryRun"_s, true}});
        QCOMPARE(rolledBack.status, 200);
        QCOMPARE(rolledBack.body[u"operation"][u"sync"][u"dryRun"].toBool(), true);
        done = waitFor(u"alpha"_s, [](const QJsonObject &a) {
            return !a.contains(u"operation") && a[u"status"][u"operationState"][u"phase"].toString() == u"Succeeded";
        });
        QCOMPARE(done[u"status"][u"history"].toArray().size(), 1); // a dry run leaves no history

        // An app of several sources takes a revision per source position.
        QJsonObject multi = app(u"multi"_s, u"config"_s);
        QJsonObject spec = multi[u"spec"].toObject();
        const QJsonObject source = spec.take(u"source"_s).toObject();
        QJsonObject second = source;
        second[u"path"] = u"other"_s;
        spec[u"sources"] = QJsonArray{source, second};
        multi[u"spec"] = spec;
        QCOMPARE(call("POST", u"/api/v1/applications"_s, m_admin, multi).status, 200);
        const Answer outOfRange
            = call("POST", u"/api/v1/applications/multi/sync"_s, m_admin,
                   QJsonObject{{u"revisions"_s, QJsonArray{u"main"_s}}, {u"sourcePositions"_s, QJsonArray{3}}});
        QCOMPARE(outOfRange.status, 400);
        QCOMPARE(outOfRange.message(), u"source position is out of range"_s);
        const Answer unmatched = call("POST", u"/api/v1/applications/multi/sync"_s, m_admin,
                                      QJsonObject{{u"revisions"_s, QJsonArray{u"main"_s}}});
        QCOMPARE(unmatched.status, 400);
        const Answer second_ = call("POST", u"/api/v1/applications/multi/sync"_s, m_admin,
                                    QJsonObject{{u"revisions"_s, QJsonArray{m_git.head()}},
                                                {u"sourcePositions"_s, QJsonArray{2}},
                                                {u"dryRun"_s, true}});
        QCOMPARE(second_.status, 200);
        QCOMPARE(second_.body[u"operation"][u"sync"][u"revisions"].toArray(), QJsonArray({u"main"_s, m_git.head()}));
        waitFor(u"multi"_s, [](const QJsonObject &a) { return !a.contains(u"operation"); });
        QCOMPARE(call("DELETE", u"/api/v1/applications/multi?cascade=false"_s, m_admin).status, 200);
    }

    void streamsAndResourceTree()
    {
        const int streamsBefore = Http::Stream::liveCount();
        const auto web = openStream(u"/api/v1/stream/applications?selector=team%3Dweb"_s, m_admin);
        const auto viewer = openStream(u"/api/v1/stream/applications"_s, m_viewer);
        QVERIFY(QTest::qWaitFor([&] { return Http::Stream::liveCount() == streamsBefore + 2; }, 10000));
        // What exists comes first, as ADDED, sorted by name.
        QVERIFY(QTest::qWaitFor([&] { return viewer->results.size() >= 2; }, 10000));
        QCOMPARE(viewer->events().mid(0, 2), QStringList({u"ADDED alpha"_s, u"ADDED beta"_s}));
        QCOMPARE(web->status(), 200);
        QVERIFY(web->results.isEmpty());

        // Bad requests are answered as any other request.
        const auto badSelector = openStream(u"/api/v1/stream/applications?selector=a%20in%20("_s, m_admin);
        QVERIFY(QTest::qWaitFor([&] { return badSelector->reply->isFinished(); }, 10000));
        QCOMPARE(badSelector->status(), 400);
        const auto anonymous = openStream(u"/api/v1/stream/applications"_s, {});
        QVERIFY(QTest::qWaitFor([&] { return anonymous->reply->isFinished(); }, 10000));
        QCOMPARE(anonymous->status(), 401);
        const auto missingTree = openStream(u"/api/v1/stream/applications/nope/resource-tree"_s, m_admin);
        QVERIFY(QTest::qWaitFor([&] { return missingTree->reply->isFinished(); }, 10000));
        QCOMPARE(missingTree->status(), 403);

        // Create, sync, delete: the events arrive in that order.
        QCOMPARE(
            call("POST", u"/api/v1/applications"_s, m_admin, app(u"web"_s, u"web"_s, {{u"team"_s, u"web"_s}})).status,
            200);
        QCOMPARE(call("POST", u"/api/v1/applications/web/sync"_s, m_admin, QJsonObject()).status, 200);
        const QJsonObject healthy = waitFor(u"web"_s, [](const QJsonObject &a) {
            return a[u"status"][u"operationState"][u"phase"].toString() == u"Succeeded"
                && a[u"status"][u"health"][u"status"].toString() == u"Healthy";
        });
        QCOMPARE(healthy[u"status"][u"health"][u"status"].toString(), u"Healthy"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !web->results.isEmpty()
                    && web->results.last()[u"application"][u"status"][u"health"][u"status"].toString() == u"Healthy";
            },
            10000));
        QCOMPARE(web->events().first(), u"ADDED web"_s);
        qint64 lastVersion = 0;
        bool sawSucceeded = false;
        for (qsizetype i = 0; i < web->results.size(); ++i) {
            const QJsonObject &result = web->results.at(i);
            if (i > 0)
                QCOMPARE(result[u"type"].toString(), u"MODIFIED"_s);
            const qint64 version = result[u"application"][u"metadata"][u"resourceVersion"].toString().toLongLong();
            QVERIFY2(version > lastVersion, "events arrive in the order they were committed");
            lastVersion = version;
            sawSucceeded = sawSucceeded
                || result[u"application"][u"status"][u"operationState"][u"phase"].toString() == u"Succeeded";
        }
        QVERIFY(sawSucceeded);
        // The viewer sees web too; the filter of the other stream kept alpha's changes out.
        QVERIFY(viewer->events().contains(u"ADDED web"_s));
        QVERIFY(!web->events().join(u' ').contains(u"alpha"_s));

        // The resource tree: Deployment → ReplicaSet → Pod, and the Service.
        Answer tree;
        QVERIFY(QTest::qWaitFor(
            [&] {
                tree = call("GET", u"/api/v1/applications/web/resource-tree"_s, m_admin);
                return countOf(tree.body, u"Pod"_s) == 1
                    && nodeOf(tree.body, u"Pod"_s)[u"health"][u"status"].toString() == u"Healthy";
            },
            30000));
        QCOMPARE(tree.status, 200);
        const QJsonObject deployment = nodeOf(tree.body, u"Deployment"_s, u"web"_s);
        QCOMPARE(deployment[u"group"].toString(), u"apps"_s);
        QCOMPARE(deployment[u"version"].toString(), u"v1"_s);
        QCOMPARE(deployment[u"namespace"].toString(), u"web"_s);
        QVERIFY(!deployment[u"uid"].toString().isEmpty());
        QVERIFY(!deployment[u"resourceVersion"].toString().isEmpty());
        QVERIFY(deployment[u"createdAt"].isString());
        QCOMPARE(deployment[u"health"][u"status"].toString(), u"Healthy"_s);
        QCOMPARE(deployment[u"info"].toArray(),
                 QJsonArray({QJsonObject{{u"name"_s, u"Revision"_s}, {u"value"_s, u"Rev:1"_s}}}));
        const QJsonObject replicaSet = nodeOf(tree.body, u"ReplicaSet"_s);
        QCOMPARE(replicaSet[u"parentRefs"][0][u"kind"].toString(), u"Deployment"_s);
        QCOMPARE(replicaSet[u"parentRefs"][0][u"uid"].toString(), deployment[u"uid"].toString());
        const QJsonObject pod = nodeOf(tree.body, u"Pod"_s);
        QCOMPARE(pod[u"parentRefs"][0][u"name"].toString(), replicaSet[u"name"].toString());
        QCOMPARE(pod[u"images"].toArray(), QJsonArray({u"registry.local/web:1"_s}));
        QCOMPARE(pod[u"networkingInfo"][u"labels"][u"app"].toString(), u"web"_s);
        QStringList podInfo;
        for (const QJsonValue &item : pod[u"info"].toArray())
            podInfo.append(item[u"name"].toString() + u'=' + item[u"value"].toString());
        QVERIFY2(podInfo.contains(u"Status Reason=Running"_s) && podInfo.contains(u"Containers=1/1"_s),
                 qPrintable(podInfo.join(u", ")));
        const QJsonObject service = nodeOf(tree.body, u"Service"_s, u"web"_s);
        QCOMPARE(service[u"networkingInfo"][u"targetLabels"].toObject(), QJsonObject({{u"app"_s, u"web"_s}}));
        QCOMPARE(call("GET", u"/api/v1/applications/web/resource-tree"_s, m_viewer).status, 200);
        QCOMPARE(call("GET", u"/api/v1/applications/web/resource-tree?project=other"_s, m_admin).status, 404);
        QCOMPARE(call("GET", u"/api/v1/applications/nope/resource-tree"_s, m_admin).status, 403);

        // Managed resources: desired and live, in agreement after the sync.
        Answer managed = call("GET", u"/api/v1/applications/web/managed-resources"_s, m_admin);
        QCOMPARE(managed.status, 200);
        const QJsonArray items = managed.body[u"items"].toArray();
        QCOMPARE(items.size(), 2);
        for (const QJsonValue &item : items) {
            QVERIFY2(!item[u"modified"].toBool(), qPrintable(item[u"kind"].toString()));
            const QJsonObject target = QJsonDocument::fromJson(item[u"targetState"].toString().toUtf8()).object();
            const QJsonObject live = QJsonDocument::fromJson(item[u"liveState"].toString().toUtf8()).object();
            QCOMPARE(target[u"metadata"][u"name"].toString(), u"web"_s);
            QCOMPARE(live[u"metadata"][u"uid"].toString(),
                     nodeOf(tree.body, item[u"kind"].toString())[u"uid"].toString());
            QCOMPARE(item[u"resourceVersion"].toString(), live[u"metadata"][u"resourceVersion"].toString());
        }
        managed = call("GET", u"/api/v1/applications/web/managed-resources?kind=Service"_s, m_admin);
        QCOMPARE(managed.body[u"items"].toArray().size(), 1);

        // The tree stream: the tree at once, and again when the live state
        // changes: a second replica brings a second Pod.
        const auto treeStream = openStream(u"/api/v1/stream/applications/web/resource-tree"_s, m_admin);
        QVERIFY(QTest::qWaitFor([&] { return !treeStream->results.isEmpty(); }, 10000));
        QCOMPARE(countOf(treeStream->results.first(), u"Pod"_s), 1);
        Kube::KubeClient client(m_cluster.connection());
        const auto deployments = Test::await(client.resolve({u"apps"_s, u"v1"_s, u"Deployment"_s}));
        QVERIFY(deployments.ok());
        QVERIFY(Test::await(client.patch(*deployments, u"web"_s, u"web"_s, Kube::PatchType::Merge,
                                         R"({"spec":{"replicas":2}})"))
                    .ok());
        QVERIFY(QTest::qWaitFor([&] { return countOf(treeStream->results.last(), u"Pod"_s) == 2; }, 30000));
        // The live Deployment now differs from Git.
        QVERIFY(QTest::qWaitFor(
            [&] {
                managed = call("GET", u"/api/v1/applications/web/managed-resources?kind=Deployment"_s, m_admin);
                return managed.body[u"items"][0][u"modified"].toBool();
            },
            10000));

        // Deleting the app ends its tree stream; the app stream says DELETED.
        QCOMPARE(call("DELETE", u"/api/v1/applications/web"_s, m_admin).status, 200);
        QVERIFY(QTest::qWaitFor([&] { return treeStream->reply->isFinished(); }, 90000));
        QVERIFY(QTest::qWaitFor([&] { return web->events().last() == u"DELETED web"_s; }, 10000));

        // Clients that go away are let go at once.
        QVERIFY(QTest::qWaitFor([&] { return Http::Stream::liveCount() == streamsBefore + 2; }, 10000));
        web->reply->abort();
        viewer->reply->abort();
        QVERIFY(QTest::qWaitFor([&] { return Http::Stream::liveCount() == streamsBefore; }, 10000));
    }

    void liveResources()
    {
        QCOMPARE(call("POST", u"/api/v1/applications"_s, m_admin, app(u"live"_s, u"web"_s)).status, 200);
        QCOMPARE(call("POST", u"/api/v1/applications/live/sync"_s, m_admin, QJsonObject()).status, 200);
        const QJsonObject healthy = waitFor(u"live"_s, [](const QJsonObject &a) {
            return a[u"status"][u"operationState"][u"phase"].toString() == u"Succeeded"
                && a[u"status"][u"sync"][u"status"].toString() == u"Synced"
                && a[u"status"][u"health"][u"status"].toString() == u"Healthy";
        });
        QCOMPARE(healthy[u"status"][u"sync"][u"status"].toString(), u"Synced"_s);
        const QString deployment
            = u"/api/v1/applications/live/resource?namespace=live&resourceName=web&group=apps&version=v1&kind=Deployment"_s;
        const QString service = u"/api/v1/applications/live/resource?namespace=live&resourceName=web&kind=Service"_s;

        // One live object, read through the app.
        Answer read = call("GET", deployment, m_viewer);
        QCOMPARE(read.status, 200);
        const auto manifestOf = [](const Answer &answer) {
            return QJsonDocument::fromJson(answer.body[u"manifest"].toString().toUtf8()).object();
        };
        QJsonObject live = manifestOf(read);
        QCOMPARE(live[u"kind"].toString(), u"Deployment"_s);
        QCOMPARE(live[u"metadata"][u"name"].toString(), u"web"_s);
        const QString uid = live[u"metadata"][u"uid"].toString();
        QCOMPARE(call("GET", service, m_admin).status, 200);
        const Answer outside = call(
            "GET",
            u"/api/v1/applications/live/resource?namespace=kube-system&resourceName=coredns&group=apps&kind=Deployment"_s,
            m_admin);
        QCOMPARE(outside.status, 404);
        QCOMPARE(outside.message(), u"Deployment apps coredns not found as part of application live"_s);
        QCOMPARE(call("GET", u"/api/v1/applications/live/resource?kind=Deployment"_s, m_admin).status, 400);

        // Patches: a JSON string in the body, the type in the query.
        const QByteArray labelPatch = QJsonDocument(QJsonArray{uR"({"metadata":{"labels":{"patched":"yes"}}})"_s})
                                          .toJson(QJsonDocument::Compact)
                                          .sliced(1)
                                          .chopped(1);
        Answer patched = call("POST", deployment + u"&patchType=application/merge-patch%2Bjson"_s, m_admin, labelPatch);
        QCOMPARE(patched.status, 200);
        QCOMPARE(manifestOf(patched)[u"metadata"][u"labels"][u"patched"].toString(), u"yes"_s);
        const Answer viewerPatch
            = call("POST", deployment + u"&patchType=application/merge-patch%2Bjson"_s, m_viewer, labelPatch);
        QCOMPARE(viewerPatch.status, 403);
        QVERIFY2(viewerPatch.message().startsWith(u"permission denied: applications, update, default/live"_s),
                 qPrintable(viewerPatch.message()));
        QCOMPARE(call("POST", deployment + u"&patchType=merge"_s, m_admin, QJsonObject{{u"a"_s, 1}}).status, 400);
        QCOMPARE(call("POST", deployment + u"&patchType=xml"_s, m_admin, labelPatch).status, 400);

        // Actions: Argo CD's built-in ones for a Deployment.
        const QString actions
            = u"/api/v1/applications/live/resource/actions?namespace=live&resourceName=web&group=apps&version=v1&kind=Deployment"_s;
        const Answer listed = call("GET", actions, m_viewer);
        QCOMPARE(listed.status, 200);
        QStringList names;
        for (const QJsonValue &action : listed.body[u"actions"].toArray())
            names.append(action[u"name"].toString() + (action[u"disabled"].toBool() ? u" (disabled)"_s : QString()));
        QCOMPARE(names, QStringList({u"pause"_s, u"restart"_s, u"resume (disabled)"_s, u"scale"_s}));
        QCOMPARE(listed.body[u"actions"][3][u"params"][0][u"default"].toString(), u"1"_s);
        QCOMPARE(call("GET",
                      u"/api/v1/applications/live/resource/actions?namespace=live&resourceName=web&kind=Service"_s,
                      m_admin)
                     .body[u"actions"]
                     .toArray(),
                 QJsonArray());

        const QString &deploymentActions = actions;
        const Answer refused = call("POST", deploymentActions, m_deployer, QByteArray("\"restart\""));
        QCOMPARE(refused.status, 403);
        QVERIFY2(refused.message().startsWith(
                     u"permission denied: applications, action/apps/Deployment/restart, default/live"_s),
                 qPrintable(refused.message()));
        QCOMPARE(call("POST", deploymentActions, m_admin, QByteArray("\"restart\"")).status, 200);
        live = manifestOf(call("GET", deployment, m_admin));
        QVERIFY(
            live[u"spec"][u"template"][u"metadata"][u"annotations"][u"kubectl.kubernetes.io/restartedAt"].isString());
        QCOMPARE(call("POST", deploymentActions, m_admin, QByteArray("\"explode\"")).message(),
                 u"Deployment has no action named “explode”"_s);

        QJsonObject scale{{u"namespace"_s, u"live"_s},
                          {u"resourceName"_s, u"web"_s},
                          {u"group"_s, u"apps"_s},
                          {u"version"_s, u"v1"_s},
                          {u"kind"_s, u"Deployment"_s},
                          {u"action"_s, u"scale"_s},
                          {u"resourceActionParameters"_s,
                           QJsonArray{QJsonObject{{u"name"_s, u"replicas"_s}, {u"value"_s, u"-1"_s}}}}};
        const Answer badScale = call("POST", u"/api/v1/applications/live/resource/actions/v2"_s, m_admin, scale);
        QCOMPARE(badScale.status, 400);
        QCOMPARE(badScale.message(), u"invalid number: -1 (must be >= 0)"_s);
        scale[u"resourceActionParameters"] = QJsonArray{QJsonObject{{u"name"_s, u"replicas"_s}, {u"value"_s, u"2"_s}}};
        QCOMPARE(call("POST", u"/api/v1/applications/live/resource/actions/v2"_s, m_admin, scale).status, 200);
        QCOMPARE(manifestOf(call("GET", deployment, m_admin))[u"spec"][u"replicas"].toInt(), 2);

        // Events of a live object come from its cluster; the app records none.
        Answer events;
        QVERIFY(QTest::qWaitFor(
            [&] {
                events = call("GET",
                              u"/api/v1/applications/live/events?resourceNamespace=live&resourceName=web&resourceUID="_s
                                  + uid,
                              m_admin);
                return !events.body[u"items"].toArray().isEmpty();
            },
            30000));
        for (const QJsonValue &event : events.body[u"items"].toArray()) {
            QCOMPARE(event[u"involvedObject"][u"uid"].toString(), uid);
            QVERIFY(!event[u"reason"].toString().isEmpty());
        }
        const Answer appEvents = call("GET", u"/api/v1/applications/live/events"_s, m_admin);
        QCOMPARE(appEvents.status, 200);
        QCOMPARE(appEvents.body[u"items"].toArray(), QJsonArray());

        // Logs: the local cluster's pods have none; the stream ends at once.
        const auto logs = openStream(u"/api/v1/applications/live/logs?container=web"_s, m_viewer);
        QVERIFY(QTest::qWaitFor([&] { return logs->reply->isFinished(); }, 10000));
        QCOMPARE(logs->status(), 200);
        QVERIFY(logs->results.isEmpty());
        const auto podLogs = openStream(u"/api/v1/applications/live/pods/web-1/logs"_s, m_admin);
        QVERIFY(QTest::qWaitFor([&] { return podLogs->reply->isFinished(); }, 10000));
        QCOMPARE(podLogs->status(), 200);
        const auto hiddenLogs = openStream(u"/api/v1/applications/nope/logs"_s, m_viewer);
        QVERIFY(QTest::qWaitFor([&] { return hiddenLogs->reply->isFinished(); }, 10000));
        QCOMPARE(hiddenLogs->status(), 403);

        // Manifests and revision metadata, from Git.
        const Answer manifests = call("GET", u"/api/v1/applications/live/manifests"_s, m_viewer);
        QCOMPARE(manifests.status, 200);
        QCOMPARE(manifests.body[u"revision"].toString(), m_git.head());
        QCOMPARE(manifests.body[u"sourceType"].toString(), u"Directory"_s);
        QCOMPARE(manifests.body[u"namespace"].toString(), u"live"_s);
        QStringList kinds;
        for (const QJsonValue &manifest : manifests.body[u"manifests"].toArray())
            kinds.append(QJsonDocument::fromJson(manifest.toString().toUtf8())[u"kind"].toString());
        kinds.sort();
        QCOMPARE(kinds, QStringList({u"Deployment"_s, u"Service"_s}));
        const Answer badRevision
            = call("GET", u"/api/v1/applications/live/manifests?revision=no-such-branch"_s, m_admin);
        QVERIFY2(badRevision.status >= 400, qPrintable(badRevision.message()));
        QVERIFY(!badRevision.message().isEmpty());

        const Answer metadata
            = call("GET", u"/api/v1/applications/live/revisions/%1/metadata"_s.arg(m_git.head()), m_viewer);
        QCOMPARE(metadata.status, 200);
        QVERIFY2(metadata.body[u"author"].toString().contains(u"Ada Lovelace"_s),
                 qPrintable(metadata.body[u"author"].toString()));
        QCOMPARE(metadata.body[u"date"].toString(), u"2026-01-02T02:04:05Z"_s);
        QCOMPARE(metadata.body[u"message"].toString().trimmed(), u"Settings"_s);
        QCOMPARE(
            call("GET", u"/api/v1/applications/live/revisions/%1/metadata"_s.arg(QString(40, u'0')), m_admin).status,
            404);
        QCOMPARE(call("GET", u"/api/v1/applications/live/revisions/main/metadata?sourceIndex=3"_s, m_admin).status,
                 400);

        // Deleting one object: it goes, and the app misses it.
        QCOMPARE(call("DELETE", service, m_viewer).status, 403);
        QCOMPARE(call("DELETE", service, m_admin).status, 200);
        Kube::KubeClient client(m_cluster.connection());
        QVERIFY(QTest::qWaitFor(
            [&] { return Test::notFound(Test::await(client.getRaw(u"/api/v1/namespaces/live/services/web"_s))); },
            30000));
        const QJsonObject missing = waitFor(u"live"_s, [](const QJsonObject &a) {
            return a[u"status"][u"sync"][u"status"].toString() == u"OutOfSync";
        });
        QCOMPARE(missing[u"status"][u"sync"][u"status"].toString(), u"OutOfSync"_s);

        QCOMPARE(call("DELETE", u"/api/v1/applications/live"_s, m_admin).status, 200);
        QVERIFY(QTest::qWaitFor(
            [&] { return call("GET", u"/api/v1/applications/live?project=default"_s, m_admin).status == 404; }, 90000));
    }

    void eventStreamsForBrowsers()
    {
        QCOMPARE(call("POST", u"/api/v1/applications"_s, m_admin, app(u"events"_s, u"config"_s)).status, 200);
        // What a browser's EventSource sends, read as it reads it.
        QNetworkRequest request = m_api.requestFor(u"/api/v1/stream/applications?name=events"_s, m_admin);
        request.setRawHeader("Accept", "text/event-stream");
        std::unique_ptr<QNetworkReply> reply(m_api.network().get(request));
        QByteArray received;
        connect(reply.get(), &QNetworkReply::readyRead, reply.get(), [&] { received += reply->readAll(); });
        QVERIFY(QTest::qWaitFor([&] { return received.contains(": keep-alive\n\n"); }, 10000));
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"text/event-stream"_s);
        QList<QJsonObject> events;
        for (const QByteArray &event : received.split('\n')) {
            if (event.startsWith("data: "))
                events.append(QJsonDocument::fromJson(event.mid(6)).object());
        }
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first()[u"result"][u"type"].toString(), u"ADDED"_s);
        QCOMPARE(events.first()[u"result"][u"application"][u"metadata"][u"name"].toString(), u"events"_s);
        checkApplications(events.first()[u"result"].toObject(), u"event stream"_s);
        reply->abort();

        // Everyone else still gets newline-delimited JSON.
        const auto lines = openStream(u"/api/v1/stream/applications?name=events"_s, m_admin);
        QVERIFY(QTest::qWaitFor([&] { return !lines->results.isEmpty(); }, 10000));
        QCOMPARE(lines->reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"application/json"_s);
        QCOMPARE(lines->events(), QStringList({u"ADDED events"_s}));
        QCOMPARE(call("DELETE", u"/api/v1/applications/events?cascade=false"_s, m_admin).status, 200);
    }

    void fieldsShrinkListsAndStreams()
    {
        QCOMPARE(call("POST", u"/api/v1/applications"_s, m_admin, app(u"fields"_s, u"config"_s)).status, 200);
        const Answer shrunk = call(
            "GET",
            u"/api/v1/applications?name=fields&fields=metadata.resourceVersion,items.metadata.name,items.spec.project"_s,
            m_admin);
        QCOMPARE(shrunk.status, 200);
        QCOMPARE(shrunk.body.keys(), QStringList({u"items"_s, u"metadata"_s}));
        QCOMPARE(shrunk.body[u"metadata"].toObject().keys(), QStringList({u"resourceVersion"_s}));
        QCOMPARE(shrunk.body[u"items"].toArray(),
                 QJsonArray({QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"fields"_s}}},
                                         {u"spec"_s, QJsonObject{{u"project"_s, u"default"_s}}}}}));
        const Answer without
            = call("GET", u"/api/v1/applications?name=fields&fields=-items.status,metadata"_s, m_admin);
        QCOMPARE(without.body.keys(), QStringList({u"items"_s}));
        QVERIFY(!without.body[u"items"][0].toObject().contains(u"status"));
        QVERIFY(without.body[u"items"][0].toObject().contains(u"spec"));

        // A stream shows what was asked for, and only changes the client can see.
        const auto names = openStream(
            u"/api/v1/stream/applications?name=fields&fields=result.type,result.application.metadata.name"_s, m_admin);
        QVERIFY(QTest::qWaitFor([&] { return !names->results.isEmpty(); }, 10000));
        QCOMPARE(
            names->results.first(),
            (QJsonObject{{u"type"_s, u"ADDED"_s},
                         {u"application"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"fields"_s}}}}}}));
        const QJsonObject labelled{{u"patch"_s, uR"({"metadata":{"labels":{"seen":"yes"}}})"_s},
                                   {u"patchType"_s, u"merge"_s}};
        // As in Argo CD, an event equal to the last one sent for the app is
        // dropped: after the first MODIFIED, changes to what is not shown
        // (a label, the controller's status) send nothing.
        QCOMPARE(call("PATCH", u"/api/v1/applications/fields"_s, m_admin, labelled).status, 200);
        QVERIFY(QTest::qWaitFor([&] { return names->results.size() == 2; }, 10000));
        QCOMPARE(names->results.last()[u"type"].toString(), u"MODIFIED"_s);
        const QJsonObject relabelled{{u"patch"_s, uR"({"metadata":{"labels":{"seen":"twice"}}})"_s},
                                     {u"patchType"_s, u"merge"_s}};
        QCOMPARE(call("PATCH", u"/api/v1/applications/fields"_s, m_admin, relabelled).status, 200);
        QTest::qWait(1000);
        QCOMPARE(names->results.size(), 2);
        QCOMPARE(call("DELETE", u"/api/v1/applications/fields?cascade=false"_s, m_admin).status, 200);
        QVERIFY(QTest::qWaitFor([&] { return names->results.size() == 3; }, 10000));
        QCOMPARE(names->results.last()[u"type"].toString(), u"DELETED"_s);
    }

    void wireFidelity()
    {
        // tagPrefix is Argo CD's and kept.
        QJsonObject tagged = app(u"tagged"_s, u"config"_s);
        QJsonObject spec = tagged[u"spec"].toObject();
        QJsonObject source = spec[u"source"].toObject();
        source.insert(u"tagPrefix"_s, u"component-b/"_s);
        spec.insert(u"source"_s, source);
        tagged.insert(u"spec"_s, spec);
        const Answer created = call("POST", u"/api/v1/applications?validate=false"_s, m_admin, tagged);
        QVERIFY2(created.status == 200, qPrintable(created.message()));
        QCOMPARE(created.body[u"spec"][u"source"][u"tagPrefix"].toString(), u"component-b/"_s);
        QCOMPARE(call("DELETE", u"/api/v1/applications/tagged?cascade=false"_s, m_admin).status, 200);

        // Synced: an app with a hook, an app of apps, and the nodes an app's pods run on.
        for (const QString &name : {u"hooks"_s, u"parent"_s, u"hosted"_s}) {
            QCOMPARE(
                call("POST", u"/api/v1/applications"_s, m_admin, app(name, name == u"hosted" ? u"web"_s : name)).status,
                200);
            const Answer synced = call("POST", u"/api/v1/applications/"_s + name + u"/sync"_s, m_admin, QJsonObject());
            QVERIFY2(synced.status == 200, qPrintable(synced.message()));
        }
        for (const QString &name : {u"hooks"_s, u"parent"_s, u"hosted"_s}) {
            const QJsonObject done = waitFor(name, [](const QJsonObject &a) {
                return a[u"status"][u"sync"][u"status"].toString() == u"Synced" && !a.contains(u"operation")
                    && a[u"status"][u"operationState"][u"phase"].toString() == u"Succeeded";
            });
            QVERIFY2(done[u"status"][u"sync"][u"status"].toString() == u"Synced",
                     QJsonDocument(done[u"status"].toObject()).toJson().constData());
        }

        // managed-resources leaves hooks out, as Argo CD.
        const Answer managed = call("GET", u"/api/v1/applications/hooks/managed-resources"_s, m_admin);
        QStringList kinds;
        for (const QJsonValue &item : managed.body[u"items"].toArray())
            kinds.append(item[u"kind"].toString() + u'/' + item[u"name"].toString());
        QCOMPARE(kinds, QStringList({u"ConfigMap/hooked"_s}));

        // isAppOfApps for the app that deploys an Application.
        QVERIFY(waitFor(u"parent"_s,
                        [](const QJsonObject &a) {
                            return a[u"status"][u"summary"][u"isAppOfApps"].toBool();
                        })[u"status"][u"summary"][u"isAppOfApps"]
                    .toBool());
        QVERIFY(!call("GET", u"/api/v1/applications/hooks"_s, m_admin)
                     .body[u"status"][u"summary"]
                     .toObject()
                     .contains(u"isAppOfApps"));

        // The tree's filters, and the node the pod runs on with what it asks for.
        QVERIFY(waitFor(u"hosted"_s, [](const QJsonObject &a) {
                    return a[u"status"][u"health"][u"status"].toString() == u"Healthy";
                }).contains(u"status"));
        const Answer tree = call("GET", u"/api/v1/applications/hosted/resource-tree"_s, m_admin);
        QVERIFY(countOf(tree.body, u"Pod"_s) == 1 && countOf(tree.body, u"Deployment"_s) == 1);
        const Answer pods = call("GET", u"/api/v1/applications/hosted/resource-tree?kind=Pod"_s, m_admin);
        QCOMPARE(pods.body[u"nodes"].toArray().size(), 1);
        QCOMPARE(pods.body[u"nodes"][0][u"kind"].toString(), u"Pod"_s);
        QCOMPARE(call("GET", u"/api/v1/applications/hosted/resource-tree?kind=Deployment&name=nope"_s, m_admin)
                     .body[u"nodes"]
                     .toArray()
                     .size(),
                 0);
        const QJsonArray hosts = tree.body[u"hosts"].toArray();
        QCOMPARE(hosts.size(), 1);
        QString podNode;
        for (const QJsonValue &info : nodeOf(tree.body, u"Pod"_s)[u"info"].toArray())
            if (info[u"name"].toString() == u"Node")
                podNode = info[u"value"].toString();
        QVERIFY(!podNode.isEmpty());
        QCOMPARE(hosts[0][u"name"].toString(), podNode);
        QJsonObject cpu;
        for (const QJsonValue &resource : hosts[0][u"resourcesInfo"].toArray())
            if (resource[u"resourceName"].toString() == u"cpu")
                cpu = resource.toObject();
        QCOMPARE(cpu[u"requestedByApp"].toInteger(), 100);
        QVERIFY(cpu[u"capacity"].toInteger() > 100);
        for (const QString &name : {u"hooks"_s, u"parent"_s, u"hosted"_s})
            QCOMPARE(call("DELETE", u"/api/v1/applications/"_s + name, m_admin).status, 200);
        for (const QString &name : {u"hooks"_s, u"parent"_s, u"hosted"_s})
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return call("GET", u"/api/v1/applications/"_s + name + u"?project=default"_s, m_admin).status
                        == 404;
                },
                90000));
    }

    void deleteApps()
    {
        const Answer conflicting
            = call("DELETE", u"/api/v1/applications/beta?cascade=false&propagationPolicy=foreground"_s, m_admin);
        QCOMPARE(conflicting.status, 400);
        QCOMPARE(conflicting.message(), u"cannot set propagation policy when cascading is disabled"_s);
        QCOMPARE(call("DELETE", u"/api/v1/applications/beta?propagationPolicy=sideways"_s, m_admin).message(),
                 u"invalid propagation policy: sideways"_s);
        QCOMPARE(call("DELETE", u"/api/v1/applications/beta?cascade=maybe"_s, m_admin).status, 400);
        QCOMPARE(call("DELETE", u"/api/v1/applications/alpha"_s, m_deployer).status, 403);

        Answer removed = call("DELETE", u"/api/v1/applications/beta?cascade=false"_s, m_admin);
        QCOMPARE(removed.status, 200);
        QCOMPARE(removed.body, QJsonObject());
        QCOMPARE(call("GET", u"/api/v1/applications/beta?project=default"_s, m_admin).status, 404);

        // A cascading delete removes the app's resources first.
        removed = call("DELETE", u"/api/v1/applications/alpha"_s, m_admin);
        QCOMPARE(removed.status, 200);
        QVERIFY(QTest::qWaitFor(
            [&] { return call("GET", u"/api/v1/applications/alpha?project=default"_s, m_admin).status == 404; },
            90000));
        Kube::KubeClient client(m_cluster.connection());
        QVERIFY(Test::notFound(Test::await(client.getRaw(u"/api/v1/namespaces/alpha/configmaps/settings"_s))));
        QCOMPARE(namesIn(call("GET", u"/api/v1/applications"_s, m_admin)), QStringList());
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
    QByteArray m_deployer;
    const Tests::OpenApiSchema m_schema = Tests::OpenApiSchema::of(Model::openApiSchema<Model::Application>());
    QStringList m_schemaErrors;
    int m_schemaChecked = 0;
    bool m_ready = false;
};

QTEST_GUILESS_MAIN(tst_ApplicationApi)
#include "tst_applicationapi.moc"
