// SPDX-License-Identifier: Apache-2.0
// The controller's comparisons at scale, measured against their floor.
//
// Sets up N apps of M resources each (18 ConfigMaps, a Service and a
// Deployment with no replicas), all Synced: the manifests in a Git repository,
// one folder per app, and the same objects in an ephemeral local cluster as
// kubectl apply would have left them. Then, with the controller running:
//  - the full comparison of every app from warm caches (manifests generated,
//    revisions resolved, the cluster cache synced), in apps per second;
//  - the time from a change of a live object to the app's status saying
//    OutOfSync, p50 and p99 over a series of changes;
//  - the process's peak RSS;
// and the floor: parsing and hashing the same manifests alone.
//
// Usage: bench_reconcile [apps] [resources per app] [changes]   (default 1000 20 50)
#include "../support/benchsupport.h"
#include "engine/controller.h"
#include "kube/kubeclient.h"
#include "kube/localcluster/localcluster.h"
#include "source/manifests/manifestparser.h"
#include "source/sourceservice.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <atomic>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Capstan;

using Capstan::Bench::await;
using Capstan::Bench::die;

namespace {

qint64 peakResidentBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return 0;
}

void git(const QString &folder, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *key : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
        environment.insert(QLatin1String(key), u"Bench"_s);
    for (const char *key : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
        environment.insert(QLatin1String(key), u"bench@example.org"_s);
    environment.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    environment.insert(u"HOME"_s, folder);
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(folder);
    process.start(u"git"_s, arguments);
    if (!process.waitForFinished(300'000) || process.exitCode() != 0)
        die(u"git %1 failed: %2"_s.arg(arguments.join(u' '), QString::fromUtf8(process.readAllStandardError())));
}

QString appName(int app)
{
    return u"app-%1"_s.arg(app, 4, 10, QLatin1Char('0'));
}

QString namespaceOf(int app)
{
    return u"bench-%1"_s.arg(app % 10);
}

/// The desired objects of one app, as its folder in Git has them.
QList<QJsonObject> desiredObjects(int app, int resources)
{
    QList<QJsonObject> objects;
    const QString prefix = appName(app);
    for (int i = 0; i < std::max(0, resources - 2); ++i) {
        objects.append(
            QJsonObject{{u"apiVersion"_s, u"v1"_s},
                        {u"kind"_s, u"ConfigMap"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, u"%1-config-%2"_s.arg(prefix).arg(i)}}},
                        {u"data"_s,
                         QJsonObject{{u"settings.yaml"_s, u"replicas: 3\nlog-level: info\nfeature-%1: on\n"_s.arg(i)},
                                     {u"owner"_s, prefix}}}});
    }
    objects.append(QJsonDocument::fromJson(u"{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": "
                                           "\"%1-web\"}, \"spec\": {\"selector\": {\"app\": \"%1\"}, \"ports\": "
                                           "[{\"port\": 80, \"targetPort\": 8080}]}}"_s.arg(prefix)
                                               .toUtf8())
                       .object());
    objects.append(
        QJsonDocument::fromJson(
            u"{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"%1-web\"}, "
            "\"spec\": {\"replicas\": 0, \"selector\": {\"matchLabels\": {\"app\": \"%1\"}}, \"template\": "
            "{\"metadata\": {\"labels\": {\"app\": \"%1\"}}, \"spec\": {\"containers\": [{\"name\": \"web\", "
            "\"image\": \"nginx:1.25\", \"ports\": [{\"containerPort\": 8080}]}]}}}}"_s.arg(prefix)
                .toUtf8())
            .object());
    return objects;
}

/// The object as `kubectl apply` leaves it for the app: namespace, tracking id
/// and the last-applied annotation.
QJsonObject applied(QJsonObject object, int app)
{
    QJsonObject metadata = object.value(u"metadata").toObject();
    metadata.insert(u"namespace"_s, namespaceOf(app));
    const QString id = u"%1:%2/%3:%4/%5"_s.arg(appName(app),
                                               object.value(u"apiVersion").toString().contains(u'/')
                                                   ? object.value(u"apiVersion").toString().section(u'/', 0, 0)
                                                   : QString(),
                                               object.value(u"kind").toString(), namespaceOf(app),
                                               metadata.value(u"name").toString());
    QJsonObject annotations{{u"argocd.argoproj.io/tracking-id"_s, id}};
    metadata.insert(u"annotations"_s, annotations);
    object.insert(u"metadata"_s, metadata);
    annotations.insert(u"kubectl.kubernetes.io/last-applied-configuration"_s,
                       QString(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + u'\n'));
    metadata.insert(u"annotations"_s, annotations);
    object.insert(u"metadata"_s, metadata);
    return object;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min(values.size() - 1, qsizetype(std::ceil(p * double(values.size())) - 1));
    return values.at(std::max<qsizetype>(0, index));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QLoggingCategory::setFilterRules(u"capstan.*.info=false"_s);
    const int apps = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const int resources = argc > 2 ? QByteArray(argv[2]).toInt() : 20;
    const int changes = argc > 3 ? QByteArray(argv[3]).toInt() : 50;
    if (apps <= 0 || resources < 3 || changes <= 0)
        die(u"usage: bench_reconcile [apps > 0] [resources per app >= 3] [changes > 0]"_s);

    QElapsedTimer setupClock;
    setupClock.start();
    QTemporaryDir work;
    const QString repository = work.filePath(u"repo"_s);
    QDir().mkpath(repository);
    git(repository, {u"init"_s, u"--quiet"_s, u"--initial-branch=main"_s});
    for (int app = 0; app < apps; ++app) {
        QDir().mkpath(repository + u'/' + appName(app));
        QFile file(repository + u'/' + appName(app) + u"/manifests.yaml"_s);
        if (!file.open(QIODevice::WriteOnly))
            die(file.errorString());
        for (const QJsonObject &object : desiredObjects(app, resources))
            file.write("---\n" + QJsonDocument(object).toJson(QJsonDocument::Indented));
    }
    git(repository, {u"add"_s, u"--all"_s});
    git(repository, {u"commit"_s, u"--quiet"_s, u"-m"_s, u"apps"_s});

    // The floor: parse and hash every manifest, nothing else.
    QElapsedTimer floorClock;
    floorClock.start();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qsizetype parsed = 0;
    for (int app = 0; app < apps; ++app) {
        QFile file(repository + u'/' + appName(app) + u"/manifests.yaml"_s);
        if (!file.open(QIODevice::ReadOnly))
            die(file.errorString());
        auto objects
            = Source::ManifestParser::parse(file.readAll(), file.fileName(), Source::ManifestParser::Format::Yaml);
        if (!objects)
            die(objects.error().message);
        for (const QJsonObject &object : *objects)
            hash.addData(QJsonDocument(object).toJson(QJsonDocument::Compact));
        parsed += objects->size();
    }
    const double floorSeconds = double(floorClock.nsecsElapsed()) / 1e9;

    Kube::LocalCluster cluster;
    Kube::LocalCluster::Options options;
    options.simulateNode = false;
    QEventLoop started;
    QObject::connect(&cluster, &Kube::LocalCluster::started, &started, &QEventLoop::quit);
    QObject::connect(&cluster, &Kube::LocalCluster::failed, &started, [](const QString &message) { die(message); });
    cluster.start(options);
    started.exec();

    Kube::KubeClient client(cluster.connection());
    client.setRateLimit(400, 400);
    if (!await(client.discover()))
        die(u"discovery failed"_s);
    const auto resourceOf
        = [&client](const QJsonObject &object) { return *client.resourceFor(Kube::GroupVersionKind::of(object)); };
    for (int i = 0; i < std::min(apps, 10); ++i) {
        const QJsonObject ns{{u"apiVersion"_s, u"v1"_s},
                             {u"kind"_s, u"Namespace"_s},
                             {u"metadata"_s, QJsonObject{{u"name"_s, namespaceOf(i)}}}};
        if (auto created = await(client.create(resourceOf(ns), {}, ns)); !created)
            die(created.error().message);
    }
    QList<QFuture<Kube::KubeResult>> writes;
    for (int app = 0; app < apps; ++app) {
        for (const QJsonObject &object : desiredObjects(app, resources)) {
            const QJsonObject live = applied(object, app);
            writes.append(client.create(resourceOf(live), namespaceOf(app), live));
        }
        if (writes.size() > 2000 || app == apps - 1) {
            for (auto &write : writes) {
                if (const Kube::KubeResult result = await(write); !result)
                    die(result.error().message);
            }
            writes.clear();
        }
    }

    auto store = Store::Store::open(work.filePath(u"capstan.db"_s));
    if (!store)
        die(store.error().message);
    for (int app = 0; app < apps; ++app) {
        Model::Application definition;
        definition.metadata.name = appName(app);
        definition.metadata.ns = u"argocd"_s;
        Model::ApplicationSource source;
        source.repoURL = u"file://"_s + repository;
        source.path = appName(app);
        source.targetRevision = u"main"_s;
        definition.spec.source = source;
        definition.spec.destination.server = Model::Cluster::inClusterServer();
        definition.spec.destination.ns = namespaceOf(app);
        definition.spec.project = u"default"_s;
        if (auto created = (*store)->createApplication(definition); !created)
            die(created.error().message);
    }
    const double setupSeconds = double(setupClock.nsecsElapsed()) / 1e9;

    Source::SourceSettings sourceSettings;
    sourceSettings.cacheFolder = work.filePath(u"cache"_s);
    Source::SourceService sources(sourceSettings);
    Engine::ControllerSettings settings;
    settings.inCluster = cluster.connection();
    settings.resyncPeriod = std::chrono::hours(1); // only what the benchmark asks for
    settings.statusWorkers = 4;
    Engine::Controller controller(**store, sources, settings);

    QMutex waitingMutex;
    QSet<QString> reconciledApps;
    std::atomic<int> reconciled{0};
    QString waitingFor;
    QElapsedTimer changeClock;
    std::atomic<qint64> changeNanoseconds{-1};
    QObject::connect(
        &controller, &Engine::Controller::applicationReconciled, &controller,
        [&](const QString &ns, const QString &name) {
            QMutexLocker locker(&waitingMutex);
            if (!reconciledApps.contains(name)) {
                reconciledApps.insert(name);
                ++reconciled;
            }
            if (name == waitingFor) {
                const auto current = (*store)->application(ns, name);
                if (current && current->status.sync.status == Model::SyncStatusCode::OutOfSync) {
                    changeNanoseconds = changeClock.nsecsElapsed();
                    waitingFor.clear();
                }
            }
        },
        Qt::DirectConnection);
    const auto waitUntil = [](const std::function<bool()> &done, int timeoutMs) {
        QElapsedTimer clock;
        clock.start();
        while (!done()) {
            if (clock.elapsed() > timeoutMs)
                return false;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            QThread::msleep(1);
        }
        return true;
    };

    // Cold: every manifest generated and every app compared once.
    QElapsedTimer coldClock;
    coldClock.start();
    controller.start();
    if (!waitUntil([&] { return reconciled.load() >= apps; }, 1'800'000))
        die(u"the first comparison of every app did not finish"_s);
    const double coldSeconds = double(coldClock.nsecsElapsed()) / 1e9;
    int outOfSync = 0;
    for (const Model::Application &app : (*store)->applications()) {
        if (app.status.sync.status != Model::SyncStatusCode::Synced || app.status.resources.size() != resources)
            ++outOfSync;
    }
    if (outOfSync > 0)
        die(u"%1 apps are not Synced with %2 resources after the first comparison"_s.arg(outOfSync).arg(resources));

    // Warm: every app compared again, as the periodic refresh does.
    {
        QMutexLocker locker(&waitingMutex);
        reconciledApps.clear();
        reconciled = 0;
    }
    QElapsedTimer warmClock;
    warmClock.start();
    for (int app = 0; app < apps; ++app)
        controller.requestRefresh(u"argocd"_s, appName(app), Engine::CompareLevel::Latest);
    if (!waitUntil([&] { return reconciled.load() >= apps; }, 600'000))
        die(u"the full comparison did not finish"_s);
    const double warmSeconds = double(warmClock.nsecsElapsed()) / 1e9;

    // A live change to the app's status.
    QList<double> latencies;
    QRandomGenerator random(42);
    for (int i = 0; i < changes; ++i) {
        const int app = int(random.bounded(apps));
        const QString name = u"%1-config-0"_s.arg(appName(app));
        {
            QMutexLocker locker(&waitingMutex);
            waitingFor = appName(app);
            changeNanoseconds = -1;
            changeClock.start();
        }
        const QByteArray patch = u"{\"data\": {\"owner\": \"changed-%1\"}}"_s.arg(i).toUtf8();
        auto patched = await(client.patch(*client.resourceFor({{}, u"v1"_s, u"ConfigMap"_s}), namespaceOf(app), name,
                                          Kube::PatchType::Merge, patch));
        if (!patched)
            die(patched.error().message);
        if (!waitUntil([&] { return changeNanoseconds.load() >= 0; }, 30'000))
            die(u"the change to %1 never reached its status"_s.arg(name));
        latencies.append(double(changeNanoseconds.load()) / 1e6);
        // The next change goes to an app that is still Synced.
        waitUntil([] { return false; }, 20);
    }
    controller.stop();

    const qint64 peak = peakResidentBytes();
    const double appsPerSecond = double(apps) / warmSeconds;
    const double p50 = percentile(latencies, 0.50);
    const double p99 = percentile(latencies, 0.99);
    const QJsonObject report{
        {u"benchmark"_s, u"reconcile"_s},
        {u"apps"_s, apps},
        {u"resourcesPerApp"_s, resources},
        {u"setupSeconds"_s, setupSeconds},
        {u"firstComparisonSeconds"_s, coldSeconds},
        {u"fullComparison"_s, QJsonObject{{u"seconds"_s, warmSeconds}, {u"appsPerSecond"_s, appsPerSecond}}},
        {u"changeToStatusMs"_s, QJsonObject{{u"p50"_s, p50}, {u"p99"_s, p99}, {u"samples"_s, latencies.size()}}},
        {u"peakRssMiB"_s, double(peak) / 1048576.0},
        {u"floor"_s,
         QJsonObject{{u"what"_s, u"parse and hash the same manifests"_s},
                     {u"objects"_s, parsed},
                     {u"seconds"_s, floorSeconds},
                     {u"appsPerSecond"_s, double(apps) / floorSeconds}}},
        {u"targets"_s,
         QJsonObject{{u"fullComparisonSeconds"_s, 5},
                     {u"changeToStatusP99Ms"_s, 1000},
                     {u"peakRssMiB"_s, 1024},
                     {u"met"_s, warmSeconds < 5 && p99 < 1000 && peak < 1024LL * 1048576}}},
    };
    std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
    return 0;
}
