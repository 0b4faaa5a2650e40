// SPDX-License-Identifier: Apache-2.0
// Load, bounded and on loopback only: 200 clients at once, for 60 s
// (CAPSTAN_LOAD_SECONDS), mix list and get requests with patches and syncs
// of their own apps, against a server on its own thread with its engine
// running. Every answer must be a success, no patch a client saw
// acknowledged may be lost, and the process's memory must level off.
#include "apiserver.h"
#include "kube/kubeconfig.h"
#include "model/application.h"
#include "model/cluster.h"
#include "serverservices.h"
#include "store/store.h"
#include "support/gitfixture.h"
#include "support/serversettings.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

constexpr int clientCount = 200;
/// Clients share a connection pool per manager; Qt keeps six connections per
/// host and manager, so 34 managers give every client its own connection.
constexpr int clientsPerManager = 6;

qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

Model::Application appFor(int client, const QString &repoUrl = {})
{
    Model::Application app;
    app.metadata.name = u"load-%1"_s.arg(client, 3, 10, QLatin1Char('0'));
    app.metadata.ns = u"argocd"_s;
    app.metadata.labels = {{u"client"_s, QString::number(client)}, {u"counter"_s, u"0"_s}};
    app.spec.project = u"default"_s;
    Model::ApplicationSource source;
    source.repoURL = repoUrl;
    source.path = u"app"_s;
    app.spec.source = source;
    app.spec.destination.server = u"https://kubernetes.default.svc"_s;
    app.spec.destination.ns = app.metadata.name;
    return app;
}

/// One client: the next request as soon as the last is answered.
struct Client
{
    int number = 0;
    QNetworkAccessManager *network = nullptr;
    QString app;
    int acknowledged = 0; // the last counter value a patch was answered for
    bool operationRunning = false;
    int requests = 0;
};

} // namespace

class tst_ApiLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A line per request and per operation would be most of the work.
        QLoggingCategory::setFilterRules(u"capstan.*.info=false"_s);
        auto services = ServerServices::open(m_dir.path(), Test::withTemporaryRepositories());
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        // The in-cluster destination is registered, and nothing answers there.
        Model::Cluster inCluster;
        inCluster.server = Model::Cluster::inClusterServer();
        inCluster.name = Model::Cluster::inClusterName();
        QVERIFY(m_services->store().createCluster(inCluster).ok());
        // Patches are validated as Argo CD validates them, which asks Git
        // whether the revision exists: a real repository on this machine.
        m_git.write(u"app/config.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_git.commit(u"First"_s).isEmpty());
        for (int i = 0; i < clientCount; ++i)
            QVERIFY(m_services->store().createApplication(appFor(i, m_git.fileUrl())).ok());
        // The engine runs with no cluster behind in-cluster: every sync reaches
        // the controller, which ends it with an error, while status writes go on.
        m_services->startEngine(std::nullopt);

        m_server = new ApiServer;
        m_services->addRoutes(*m_server);
        m_server->setAccessToken("load-test-token");
        m_server->moveToThread(&m_serverThread);
        m_serverThread.start();
        bool listening = false;
        QString listenError;
        QMetaObject::invokeMethod(
            m_server,
            [this, &listening, &listenError] {
                const auto port = m_server->listen(QHostAddress::LocalHost, 0);
                listening = port.ok();
                if (!listening)
                    listenError = port.error();
            },
            Qt::BlockingQueuedConnection);
        QVERIFY2(listening, qPrintable(listenError));
        m_url = m_server->url();
    }

    void cleanupTestCase()
    {
        if (m_server) {
            QMetaObject::invokeMethod(
                m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
            m_server = nullptr;
        }
        m_serverThread.quit();
        m_serverThread.wait();
        if (m_services)
            m_services->stopEngine();
    }

    void twoHundredClients()
    {
        const int seconds = qEnvironmentVariableIsSet("CAPSTAN_LOAD_SECONDS")
            ? qEnvironmentVariableIntValue("CAPSTAN_LOAD_SECONDS")
            : 60;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        std::vector<Client> clients(clientCount);
        for (int i = 0; i < clientCount; ++i) {
            if (i % clientsPerManager == 0)
                managers.push_back(std::make_unique<QNetworkAccessManager>());
            clients[size_t(i)].number = i;
            clients[size_t(i)].network = managers.back().get();
            clients[size_t(i)].app = appFor(i).metadata.name;
        }

        QElapsedTimer clock;
        clock.start();
        const qint64 deadline = qint64(seconds) * 1000;
        int inFlight = 0;
        QStringList errors;
        qint64 warmRss = 0;
        std::function<void(Client &)> next = [&](Client &client) {
            if (clock.elapsed() >= deadline)
                return;
            QNetworkRequest request;
            request.setRawHeader("Authorization", "Bearer load-test-token");
            QByteArray method = "GET";
            QByteArray body;
            int patchedTo = 0;
            const int pick = int(QRandomGenerator::global()->bounded(100));
            if (pick < 45) {
                request.setUrl(m_url.resolved(
                    QUrl(u"/api/v1/applications?selector=client%3D"_s + QString::number(client.number % 20))));
            } else if (pick < 60) {
                request.setUrl(m_url.resolved(QUrl(u"/api/v1/applications"_s)));
            } else if (pick < 80) {
                request.setUrl(m_url.resolved(QUrl(u"/api/v1/applications/"_s + client.app)));
            } else if (pick < 95 || client.operationRunning) {
                patchedTo = client.acknowledged + 1;
                method = "PATCH";
                request.setUrl(m_url.resolved(QUrl(u"/api/v1/applications/"_s + client.app)));
                body = QJsonDocument(
                           QJsonObject{{u"patchType"_s, u"merge"_s},
                                       {u"patch"_s, uR"({"metadata":{"labels":{"counter":"%1"}}})"_s.arg(patchedTo)}})
                           .toJson(QJsonDocument::Compact);
            } else {
                method = "POST";
                request.setUrl(m_url.resolved(QUrl(u"/api/v1/applications/"_s + client.app + u"/sync"_s)));
                body = "{}";
                client.operationRunning = true;
            }
            if (!body.isEmpty())
                request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            ++inFlight;
            ++client.requests;
            QNetworkReply *reply = client.network->sendCustomRequest(request, method, body);
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, patchedTo, method]() mutable {
                --inFlight;
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
                if (status != 200) {
                    if (errors.size() < 20)
                        errors.append(u"%1 %2: %3 %4"_s.arg(QString::fromLatin1(method), reply->url().path())
                                          .arg(status)
                                          .arg(answer.value(u"message").toString() + reply->errorString()));
                    else
                        errors.last() = u"… and more"_s;
                } else if (patchedTo > 0) {
                    client.acknowledged = patchedTo;
                }
                if (status == 200 && method == "GET" && answer.value(u"kind").toString() == u"Application")
                    client.operationRunning = answer.contains(u"operation")
                        || answer[u"status"][u"operationState"][u"phase"].toString() == u"Running";
                next(client);
            });
        };
        for (Client &client : clients)
            next(client);
        QTimer warm;
        warm.singleShot(deadline / 4, [&] { warmRss = residentKiB(); });
        QVERIFY(QTest::qWaitFor([&] { return clock.elapsed() >= deadline && inFlight == 0; }, int(deadline) + 60000));
        const qint64 endRss = residentKiB();

        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        int total = 0;
        for (const Client &client : clients)
            total += client.requests;
        qInfo().noquote() << total << "requests in" << seconds << "s from" << clientCount << "clients; RSS" << warmRss
                          << "KiB after a quarter," << endRss << "KiB at the end";
        QVERIFY(total > clientCount * 10);

        // No acknowledged patch is lost: each app has its client's last value.
        for (const Client &client : clients) {
            const std::optional<Model::Application> stored = m_services->store().application(u"argocd"_s, client.app);
            QVERIFY(stored);
            QCOMPARE(stored->metadata.labels.value(u"counter"_s).toInt(), client.acknowledged);
        }
        // Memory levels off once the caches are warm: at most a quarter more
        // in the last three quarters. (AddressSanitizer keeps freed memory in
        // quarantine, so there RSS only grows: the leak check stands instead.)
#ifndef __SANITIZE_ADDRESS__
        QVERIFY2(warmRss > 0 && endRss < warmRss * 5 / 4,
                 qPrintable(u"RSS grew from %1 KiB to %2 KiB"_s.arg(warmRss).arg(endRss)));
#endif
    }

private:
    QTemporaryDir m_dir;
    Test::GitFixture m_git;
    std::unique_ptr<ServerServices> m_services;
    QThread m_serverThread;
    ApiServer *m_server = nullptr;
    QUrl m_url;
};

QTEST_GUILESS_MAIN(tst_ApiLoad)
#include "tst_apiload.moc"
