// SPDX-License-Identifier: Apache-2.0
// No value of a Secret leaves the server, however the Secret is written in
// Git: Secrets with `data`, `stringData`, both, inside a List and from a
// Kustomize secretGenerator are synced to the local control plane, and then
// every route and stream that can carry them is read over real HTTP and
// searched for each value, in clear and in base64.
#include "apiserver.h"
#include "kube/localcluster/localcluster.h"
#include "serverservices.h"
#include "support/apicaller.h"
#include "support/applicationjson.h"
#include "support/controlplane.h"
#include "support/gitfixture.h"
#include "support/serversettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

// One value per way of writing a Secret, each found nowhere else.
const QString inData = u"value-in-data-7f3a"_s;
const QString inStringData = u"value-in-stringdata-91c2"_s;
const QString bothData = u"both-data-value-55e1"_s;
const QString bothStringData = u"both-stringdata-value-0d9b"_s;
const QString inList = u"value-in-a-list-c4e8"_s;
const QString generated = u"generator-literal-3b6f"_s;
const QString generatedBeside = u"kustomized-stringdata-a17d"_s;

QString base64(const QString &value)
{
    return QString::fromLatin1(value.toUtf8().toBase64());
}

QByteArray secretFolder()
{
    return QStringLiteral(R"(apiVersion: v1
kind: Secret
metadata:
  name: by-data
data:
  password: %1
---
apiVersion: v1
kind: Secret
metadata:
  name: by-string-data
stringData:
  password: %2
---
apiVersion: v1
kind: Secret
metadata:
  name: both
data:
  token: %3
stringData:
  password: %4
)")
        .arg(base64(inData), inStringData, base64(bothData), bothStringData)
        .toUtf8();
}

QByteArray secretList()
{
    return QStringLiteral(R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata:
    name: in-list
  stringData:
    password: %1
)")
        .arg(inList)
        .toUtf8();
}

QByteArray kustomization()
{
    return QStringLiteral(R"(resources:
- secret.yaml
secretGenerator:
- name: generated
  literals:
  - password=%1
)")
        .arg(generated)
        .toUtf8();
}

QByteArray kustomizedSecret()
{
    return QStringLiteral("apiVersion: v1\nkind: Secret\nmetadata:\n  name: beside\nstringData:\n  password: %1\n")
        .arg(generatedBeside)
        .toUtf8();
}

} // namespace

class tst_SecretSecrecy : public QObject
{
    Q_OBJECT

    using Answer = Test::ApiCaller::Answer;

    /// Every value, in clear and base64, that @p text holds.
    static QStringList leaks(const QByteArray &text)
    {
        QStringList found;
        for (const QString &value :
             {inData, inStringData, bothData, bothStringData, inList, generated, generatedBeside}) {
            if (text.contains(value.toUtf8()) || text.contains(base64(value).toUtf8()))
                found.append(value);
        }
        return found;
    }

    /// The raw body of one request.
    QByteArray read(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        QNetworkRequest request = m_api.requestFor(path, m_admin);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_api.network().sendCustomRequest(request, method, body);
        (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 90000);
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (status != 200)
            qWarning().noquote() << method << path << "answered" << status << answer.left(300);
        return answer;
    }

    /// What a stream sends within @p milliseconds of being opened.
    QByteArray readStream(const QString &path, const QByteArray &accept, int milliseconds)
    {
        QNetworkRequest request = m_api.requestFor(path, m_admin);
        if (!accept.isEmpty())
            request.setRawHeader("Accept", accept);
        QNetworkReply *reply = m_api.network().get(request);
        QByteArray received;
        connect(reply, &QNetworkReply::readyRead, reply, [reply, &received] { received += reply->readAll(); });
        QTest::qWait(milliseconds);
        reply->abort();
        reply->deleteLater();
        return received;
    }

    bool syncedAndHealthy(const QString &name)
    {
        return QTest::qWaitFor(
            [&] {
                const QJsonObject a = m_api.call("GET", u"/api/v1/applications/"_s + name, m_admin).body;
                return a[u"status"][u"sync"][u"status"].toString() == u"Synced"
                    && a[u"status"][u"health"][u"status"].toString() == u"Healthy" && !a.contains(u"operation");
            },
            90000);
    }

    /// The routes that can carry an app's objects, each as method and path.
    static QList<std::pair<QByteArray, QString>> readRoutes(const QString &app, const QString &ns,
                                                            const QStringList &secrets, const QString &revision)
    {
        const QString base = u"/api/v1/applications/"_s + app;
        QList<std::pair<QByteArray, QString>> routes{
            {"GET", base},
            {"GET", base + u"/managed-resources"_s},
            {"GET", base + u"/resource-tree"_s},
            {"GET", base + u"/manifests"_s},
            {"GET", base + u"/manifests?revision="_s + revision},
            {"GET", base + u"/events"_s},
            {"GET", base + u"/revisions/"_s + revision + u"/metadata"_s},
            {"GET", u"/api/v1/applications?fields=items.status"_s},
        };
        for (const QString &secret : secrets) {
            const QString query
                = u"?namespace="_s + ns + u"&resourceName="_s + secret + u"&version=v1&kind=Secret&group="_s;
            routes.append({"GET", base + u"/resource"_s + query});
            routes.append({"GET", base + u"/managed-resources?kind=Secret&name="_s + secret});
            routes.append({"GET", base + u"/events?resourceNamespace="_s + ns + u"&resourceName="_s + secret});
        }
        return routes;
    }

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        const QString error = Test::startCluster(m_cluster);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        m_git.write(u"plain/secrets.yaml"_s, secretFolder());
        m_git.write(u"plain/list.yaml"_s, secretList());
        m_git.write(u"kustomized/kustomization.yaml"_s, kustomization());
        m_git.write(u"kustomized/secret.yaml"_s, kustomizedSecret());
        if (QTest::currentTestFailed())
            return;
        m_revision = m_git.commit(u"Secrets written every way"_s);
        QVERIFY(!m_revision.isEmpty());

        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories());
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_server = std::make_unique<ApiServer>();
        m_server->setStreamKeepAlive(std::chrono::milliseconds(200));
        m_services->addRoutes(*m_server);
        const auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error()));
        m_services->startEngine(m_cluster.connection());
        m_admin = m_api.login(u"admin"_s, m_services->initialAdminPassword());
        QVERIFY(!m_admin.isEmpty());

        for (const QString &name : {u"plain"_s, u"kustomized"_s}) {
            const Answer created = m_api.call("POST", u"/api/v1/applications"_s, m_admin,
                                              Test::applicationJson(name, m_git.fileUrl(), name));
            QVERIFY2(created.status == 200, qPrintable(created.message()));
            const Answer synced = m_api.call("POST", u"/api/v1/applications/"_s + name + u"/sync"_s, m_admin,
                                             QJsonObject{{u"prune"_s, true}});
            QVERIFY2(synced.status == 200, qPrintable(synced.message()));
        }
        QVERIFY(syncedAndHealthy(u"plain"_s));
        QVERIFY(syncedAndHealthy(u"kustomized"_s));
    }

    void cleanupTestCase()
    {
        if (m_services)
            m_services->stopEngine();
    }

    void theSecretsAreLive()
    {
        // The fixture is what it claims: every Secret reached the cluster.
        const Answer tree = m_api.call("GET", u"/api/v1/applications/plain/resource-tree"_s, m_admin);
        QStringList secrets;
        for (const QJsonValue &node : tree.body[u"nodes"].toArray())
            if (node[u"kind"].toString() == u"Secret")
                secrets.append(node[u"name"].toString());
        secrets.sort();
        QCOMPARE(secrets, QStringList({u"both"_s, u"by-data"_s, u"by-string-data"_s, u"in-list"_s}));
    }

    void noRouteCarriesAValue_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        const auto add = [](const QList<std::pair<QByteArray, QString>> &routes) {
            for (const auto &[method, path] : routes)
                QTest::addRow("%s %s", method.constData(), qPrintable(path)) << method << path;
        };
        add(readRoutes(u"plain"_s, u"plain"_s, {u"by-data"_s, u"by-string-data"_s, u"both"_s, u"in-list"_s},
                       m_revision));
        add(readRoutes(u"kustomized"_s, u"kustomized"_s, {u"beside"_s}, m_revision));
    }

    void noRouteCarriesAValue()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        const QByteArray body = read(method, path);
        QVERIFY(!body.isEmpty());
        QCOMPARE(leaks(body), QStringList());
    }

    void generatedSecretsAreMasked()
    {
        // The generator's Secret has a hashed name: find it, then read it.
        const Answer managed = m_api.call("GET", u"/api/v1/applications/kustomized/managed-resources"_s, m_admin);
        QString name;
        for (const QJsonValue &item : managed.body[u"items"].toArray())
            if (item[u"name"].toString().startsWith(u"generated-"))
                name = item[u"name"].toString();
        QVERIFY2(!name.isEmpty(), "no generated Secret among the managed resources");
        const QByteArray live = read("GET",
                                     u"/api/v1/applications/kustomized/resource?namespace=kustomized"
                                     "&resourceName="_s
                                         + name + u"&version=v1&kind=Secret&group="_s);
        QVERIFY(live.contains("++++++++"));
        QCOMPARE(leaks(live), QStringList());
    }

    void patchAnswersAreMasked()
    {
        const QString path = u"/api/v1/applications/plain/resource?namespace=plain&resourceName=by-string-data"
                             "&version=v1&kind=Secret&group=&patchType=application%2Fmerge-patch%2Bjson"_s;
        const QByteArray patch
            = QJsonDocument(
                  QJsonObject{{u"metadata"_s, QJsonObject{{u"labels"_s, QJsonObject{{u"seen"_s, u"yes"_s}}}}}})
                  .toJson(QJsonDocument::Compact);
        // The body is one JSON string, the patch.
        const QByteArray asString
            = QJsonDocument(QJsonArray{QString::fromUtf8(patch)}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        const QByteArray body = read("POST", path, asString);
        QVERIFY2(body.contains("seen"), body.constData());
        QCOMPARE(leaks(body), QStringList());
    }

    void streamsCarryNoValue_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("accept");
        for (const QByteArray &accept : {QByteArray(), QByteArrayLiteral("text/event-stream")}) {
            QTest::addRow("applications %s", accept.constData()) << u"/api/v1/stream/applications"_s << accept;
            QTest::addRow("tree %s", accept.constData())
                << u"/api/v1/stream/applications/plain/resource-tree"_s << accept;
        }
    }

    void streamsCarryNoValue()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, accept);
        const QByteArray received = readStream(path, accept, 1500);
        QVERIFY(!received.isEmpty());
        QCOMPARE(leaks(received), QStringList());
    }

private:
    Kube::LocalCluster m_cluster;
    Test::GitFixture m_git;
    QTemporaryDir m_dir;
    std::unique_ptr<ServerServices> m_services;
    std::unique_ptr<ApiServer> m_server;
    Test::ApiCaller m_api{[this] { return m_server ? m_server->url() : QUrl(); }};
    QByteArray m_admin;
    QString m_revision;
};

QTEST_GUILESS_MAIN(tst_SecretSecrecy)
#include "tst_secretsecrecy.moc"
