// SPDX-License-Identifier: Apache-2.0
// The sync and rollback dialogs' logic without a server: the request the
// options make (and what is wrong with them), an operation state read into
// results and a summary, telling our operation from the one before it, the
// checklist, results and history models under QAbstractItemModelTester, and
// the rollback preview's comparison (masked Secrets too).
#include "diff/manageddiff.h"
#include "sync/historymodel.h"
#include "sync/rollbackpreview.h"
#include "sync/syncprogress.h"
#include "sync/syncrequest.h"
#include "sync/syncresourcesmodel.h"
#include "sync/syncresultsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject result(const QString &kind, const QString &name, const QString &status, const QString &message,
                   const QString &hookType = {}, const QString &hookPhase = {})
{
    return {{u"group"_s, kind == u"Deployment" ? u"apps"_s : QString()},
            {u"kind"_s, kind},
            {u"namespace"_s, u"shop"_s},
            {u"name"_s, name},
            {u"status"_s, status},
            {u"message"_s, message},
            {u"hookType"_s, hookType},
            {u"hookPhase"_s, hookPhase},
            {u"syncPhase"_s, hookType.isEmpty() ? u"Sync"_s : hookType}};
}

QJsonObject application(const QString &phase, const QString &startedAt, const QJsonArray &results)
{
    return {{u"status"_s,
             QJsonObject{
                 {u"resources"_s,
                  QJsonArray{QJsonObject{{u"group"_s, u"apps"_s},
                                         {u"kind"_s, u"Deployment"_s},
                                         {u"namespace"_s, u"shop"_s},
                                         {u"name"_s, u"web"_s},
                                         {u"syncWave"_s, 2}}}},
                 {u"operationState"_s,
                  QJsonObject{{u"phase"_s, phase},
                              {u"message"_s, u"one or more tasks are running"_s},
                              {u"startedAt"_s, startedAt},
                              {u"operation"_s, QJsonObject{{u"sync"_s, QJsonObject{{u"dryRun"_s, false}}}}},
                              {u"syncResult"_s, QJsonObject{{u"revision"_s, u"abc"_s}, {u"resources"_s, results}}}}}}}};
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class tst_Sync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestDefaultsFromTheApplication()
    {
        const SyncRequest request = SyncRequest::defaultsFor(parse(
            R"({"spec":{"syncPolicy":{"automated":{"prune":true},"syncOptions":["CreateNamespace=true",
            "ServerSideApply=true","PruneLast=true"],"retry":{"limit":3,"backoff":{"duration":"10s","factor":2,
            "maxDuration":"5m"}}}}})"));
        QVERIFY(request.prune);
        QVERIFY(request.createNamespace);
        QVERIFY(request.serverSideApply);
        QVERIFY(request.pruneLast);
        QVERIFY(!request.replace);
        QVERIFY(request.retry);
        QCOMPARE(request.retry->limit, 3);
        QCOMPARE(request.retry->backoff->maxDuration, u"5m"_s);
        QVERIFY(request.validate().isEmpty());
    }

    void requestBody()
    {
        SyncRequest request;
        QCOMPARE(json(request.toJson(u"web"_s, u"argocd"_s)),
                 u"{\"appNamespace\":\"argocd\",\"dryRun\":false,\"name\":\"web\",\"prune\":false}"_s);
        request.revision = u"v1.2.0"_s;
        request.prune = request.dryRun = request.force = request.applyOutOfSyncOnly = request.replace = true;
        request.serverSideApply = request.createNamespace = request.pruneLast = true;
        request.retry = Model::RetryStrategy{2, Model::Backoff{u"5s"_s, 2, u"3m"_s}, {}};
        request.resources = {{u"apps"_s, u"Deployment"_s, u"web"_s, u"shop"_s}};
        const QJsonObject body = request.toJson(u"web"_s, u"argocd"_s);
        QCOMPARE(body.value(u"revision"_s).toString(), u"v1.2.0"_s);
        QCOMPARE(json(body.value(u"strategy"_s).toObject()), u"{\"hook\":{\"force\":true}}"_s);
        QCOMPARE(body.value(u"syncOptions"_s).toObject().value(u"items"_s).toArray().toVariantList(),
                 QVariantList({u"ApplyOutOfSyncOnly=true"_s, u"Replace=true"_s, u"ServerSideApply=true"_s,
                               u"CreateNamespace=true"_s, u"PruneLast=true"_s}));
        QCOMPARE(json(body.value(u"retryStrategy"_s).toObject()),
                 u"{\"backoff\":{\"duration\":\"5s\",\"factor\":2,\"maxDuration\":\"3m\"},\"limit\":2}"_s);
        QCOMPARE(json(body.value(u"resources"_s).toArray().first().toObject()),
                 u"{\"group\":\"apps\",\"kind\":\"Deployment\",\"name\":\"web\",\"namespace\":\"shop\"}"_s);
    }

    void requestErrors_data()
    {
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<QString>("duration");
        QTest::addColumn<qint64>("factor");
        QTest::addColumn<QString>("maxDuration");
        QTest::addColumn<QStringList>("fields");
        QTest::newRow("good") << qint64(2) << u"5s"_s << qint64(2) << u"3m"_s << QStringList();
        QTest::newRow("forever") << qint64(-1) << u"1m30s"_s << qint64(1) << u"1h"_s << QStringList();
        QTest::newRow("not a duration") << qint64(2) << u"five"_s << qint64(2) << u"3m"_s
                                        << QStringList{u"retry.duration"_s};
        QTest::newRow("unknown unit") << qint64(2) << u"5s"_s << qint64(2) << u"3y"_s
                                      << QStringList{u"retry.maxDuration"_s};
        QTest::newRow("shorter maximum") << qint64(2) << u"5m"_s << qint64(2) << u"30s"_s
                                         << QStringList{u"retry.maxDuration"_s};
        QTest::newRow("factor and limit")
            << qint64(-2) << u"5s"_s << qint64(0) << u"3m"_s << QStringList{u"retry.factor"_s, u"retry.limit"_s};
    }

    void requestErrors()
    {
        QFETCH(qint64, limit);
        QFETCH(QString, duration);
        QFETCH(qint64, factor);
        QFETCH(QString, maxDuration);
        QFETCH(QStringList, fields);
        SyncRequest request;
        request.retry = Model::RetryStrategy{limit, Model::Backoff{duration, factor, maxDuration}, {}};
        const auto errors = request.validate();
        QCOMPARE(errors.keys(), fields);
        for (const QString &message : errors)
            QVERIFY(!message.isEmpty());
    }

    void progressAndSummary()
    {
        const QJsonArray results{
            result(u"Namespace"_s, u"shop"_s, {}, u"namespace/shop created"_s),
            result(u"Job"_s, u"migrate"_s, u"Synced"_s, u"job.batch/migrate created"_s, u"PreSync"_s, u"Running"_s),
            result(u"Deployment"_s, u"web"_s, u"Synced"_s, u"deployment.apps/web configured"_s, {}, u"Running"_s),
            result(u"Service"_s, u"web"_s, u"Synced"_s, u"service/web unchanged"_s),
            result(u"ConfigMap"_s, u"old"_s, u"Pruned"_s, u"pruned"_s),
            result(u"Secret"_s, u"kept"_s, u"PruneSkipped"_s, u"ignored (requires pruning)"_s),
            result(u"Service"_s, u"bad"_s, u"SyncFailed"_s, u"Service \"bad\" is invalid: spec.ports: Required"_s),
        };
        const auto progress
            = SyncProgress::fromApplication(application(u"Running"_s, u"2026-12-06T10:00:00Z"_s, results));
        QVERIFY(progress);
        QVERIFY(!progress->isFinished());
        QCOMPARE(progress->revision, u"abc"_s);
        QCOMPARE(progress->results.size(), 7);
        using Outcome = SyncResult::Outcome;
        QCOMPARE(progress->results.at(0).outcome, Outcome::Changed);
        QCOMPARE(progress->results.at(1).outcome, Outcome::Running); // a hook that runs
        QCOMPARE(progress->results.at(2).outcome, Outcome::Changed); // applied, waiting to be healthy
        QCOMPARE(progress->results.at(2).wave, 2);
        QCOMPARE(progress->currentWave(), 2);
        QCOMPARE(progress->results.at(3).outcome, Outcome::Unchanged);
        QCOMPARE(progress->results.at(4).outcome, Outcome::Pruned);
        QCOMPARE(progress->results.at(5).outcome, Outcome::Skipped);
        QCOMPARE(progress->results.at(6).outcome, Outcome::Failed);
        QCOMPARE(progress->summary(), u"2 changed, 1 unchanged, 1 pruned, 1 not pruned, 1 running, 1 failed"_s);
        QCOMPARE(progress->failures(),
                 QStringList{u"Service shop/bad: Service \"bad\" is invalid: spec.ports: Required"_s});
        QVERIFY(!SyncProgress::fromApplication(QJsonObject{{u"status"_s, QJsonObject()}}));
    }

    void trackerTellsOursFromTheOneBefore()
    {
        const QJsonObject before = application(u"Succeeded"_s, u"2026-12-06T10:00:00Z"_s, {});
        OperationTracker tracker;
        tracker.arm(before);
        QVERIFY(!tracker.update(application(u"Running"_s, u"2026-12-06T10:00:05Z"_s, {}))); // not answered yet
        tracker.answered({});
        QVERIFY(tracker.isRunning());
        QVERIFY(!tracker.update(before)); // the old one, still
        // Ours, although it started in the same second as the one before.
        const QJsonObject ours = application(u"Running"_s, u"2026-12-06T10:00:00Z"_s,
                                             {result(u"Service"_s, u"web"_s, u"Synced"_s, u"service/web created"_s)});
        QVERIFY(tracker.update(ours));
        QVERIFY(tracker.isRunning());
        QVERIFY(tracker.update(application(u"Succeeded"_s, u"2026-12-06T10:00:00Z"_s,
                                           {result(u"Service"_s, u"web"_s, u"Synced"_s, u"service/web created"_s)})));
        QVERIFY(tracker.isFinished());
        QVERIFY(!tracker.isRunning());

        OperationTracker refused;
        refused.arm(before);
        refused.answered(u"cannot sync: blocked by sync window"_s);
        QVERIFY(refused.isFinished());
        QVERIFY(!refused.isRequested());
    }

    void resultsModelAppendsInPlace()
    {
        SyncResultsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto at = [](const QJsonArray &results) {
            return SyncProgress::fromApplication(application(u"Running"_s, u"t"_s, results))->results;
        };
        const QJsonObject a = result(u"Service"_s, u"a"_s, u"Synced"_s, u"service/a created"_s);
        const QJsonObject b = result(u"Service"_s, u"b"_s, u"Synced"_s, u"service/b created"_s);
        model.setResults(at({a}));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        model.setResults(at({a, b}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserts.size(), 1);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.index(1, SyncResultsModel::ResultColumn).data().toString(), u"Changed"_s);
        model.setResults({});
        QCOMPARE(model.rowCount(), 0);
    }

    void checklist()
    {
        SyncResourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonArray resources = parse(R"({"r":[
            {"group":"apps","kind":"Deployment","namespace":"shop","name":"web","status":"OutOfSync","syncWave":1},
            {"kind":"Service","namespace":"shop","name":"web","status":"Synced"},
            {"kind":"Pod","namespace":"shop","name":"hook","status":"Synced","hook":true}]})")
                                         .value(u"r"_s)
                                         .toArray();
        model.setResources(resources);
        QCOMPARE(model.rowCount(), 2); // hooks are not synced by name
        QVERIFY(model.allChecked());
        model.checkOutOfSync();
        QCOMPARE(model.checkedCount(), 1);
        QCOMPARE(model.checked().first().kind, u"Deployment"_s);
        QVERIFY(model.setData(model.index(1, 0), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.allChecked());
        model.checkNone();
        QCOMPARE(model.checkedCount(), 0);
        // An update keeps the checks.
        model.setData(model.index(0, 0), Qt::Checked, Qt::CheckStateRole);
        model.setResources(resources);
        QCOMPARE(model.checkedCount(), 1);
        QCOMPARE(model.index(0, SyncResourcesModel::WaveColumn).data().toInt(), 1);
    }

    void history()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString first = u"1111111111111111111111111111111111111111"_s;
        model.setHistory(parse(R"({"h":[
            {"id":1,"revision":"1111111111111111111111111111111111111111","deployedAt":"2026-12-06T10:00:00Z",
             "initiatedBy":{"username":"admin"}},
            {"id":2,"revision":"v2.0.0","deployedAt":"2026-12-06T11:00:00Z","initiatedBy":{"automated":true}}]})")
                             .value(u"h"_s)
                             .toArray());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, HistoryModel::IdColumn).data().toInt(), 2); // newest first
        QCOMPARE(model.index(1, HistoryModel::RevisionColumn).data().toString(), u"1111111"_s);
        QCOMPARE(model.index(0, HistoryModel::RevisionColumn).data().toString(), u"v2.0.0"_s);
        QCOMPARE(model.revisionsWithoutMetadata(), QStringList({u"v2.0.0"_s, first}));
        model.setMetadata(first, u"Ada <ada@example.com>"_s, u"Scale the web tier\n\nBecause."_s);
        QCOMPARE(model.index(1, HistoryModel::AuthorColumn).data().toString(), u"Ada <ada@example.com>"_s);
        QCOMPARE(model.index(1, HistoryModel::MessageColumn).data().toString(), u"Scale the web tier"_s);
        QCOMPARE(model.revisionsWithoutMetadata(), QStringList{u"v2.0.0"_s});
        QCOMPARE(model.rowOfId(1), 1);
    }

    void rollbackPreview()
    {
        // Live: web with 3 replicas (and the tracking annotation), and an old ConfigMap.
        const QJsonObject live = parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web",
            "namespace":"shop","annotations":{"argocd.argoproj.io/tracking-id":"web:apps/Deployment:shop/web"}},
            "spec":{"replicas":3,"progressDeadlineSeconds":600}})");
        const QJsonObject oldConfig = parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"old",
            "namespace":"shop"},"data":{"a":"b"}})");
        const QJsonArray managed{
            QJsonObject{{u"group"_s, u"apps"_s},
                        {u"kind"_s, u"Deployment"_s},
                        {u"namespace"_s, u"shop"_s},
                        {u"name"_s, u"web"_s},
                        {u"liveState"_s, json(live)}},
            QJsonObject{{u"group"_s, QString()},
                        {u"kind"_s, u"ConfigMap"_s},
                        {u"namespace"_s, u"shop"_s},
                        {u"name"_s, u"old"_s},
                        {u"liveState"_s, json(oldConfig)}},
        };
        // The revision: web with 1 replica and no namespace, and a new Service.
        const QJsonArray manifests{
            json(parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":1}})")),
            json(parse(
                R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}})")),
        };
        const QJsonObject spec = parse(R"({"destination":{"namespace":"shop"}})");
        const QJsonArray items = rollbackComparison(managed, manifests, spec);
        QCOMPARE(items.size(), 3);
        QHash<QString, QJsonObject> byKind;
        for (const QJsonValue &item : items)
            byKind.insert(item.toObject().value(u"kind"_s).toString(), item.toObject());

        const QJsonObject web = byKind.value(u"Deployment"_s);
        QVERIFY(web.value(u"modified"_s).toBool());
        QCOMPARE(web.value(u"namespace"_s).toString(), u"shop"_s);
        const QJsonObject predicted
            = QJsonDocument::fromJson(web.value(u"predictedLiveState"_s).toString().toUtf8()).object();
        QCOMPARE(predicted.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 1);
        // A server default and the tracking annotation are no change.
        QCOMPARE(predicted.value(u"spec"_s).toObject().value(u"progressDeadlineSeconds"_s).toInt(), 600);
        QVERIFY(predicted.value(u"metadata"_s)
                    .toObject()
                    .value(u"annotations"_s)
                    .toObject()
                    .contains(u"argocd.argoproj.io/tracking-id"_s));
        QCOMPARE(byKind.value(u"Service"_s).value(u"liveState"_s).toString(), u"null"_s);
        QCOMPARE(byKind.value(u"ConfigMap"_s).value(u"targetState"_s).toString(), u"null"_s);
    }

    void rollbackPreviewOfMaskedSecrets()
    {
        // Both answers mask Secret values, each on its own: 12 '+' live and
        // 8 in the revision say nothing about a change, so none is shown,
        // and the preview says it cannot see one. A key only one side has is
        // a change.
        const auto secret = [](const QJsonObject &metadata, const QJsonObject &data) {
            return QJsonObject{
                {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Secret"_s}, {u"metadata"_s, metadata}, {u"data"_s, data}};
        };
        const QJsonObject live
            = secret({{u"name"_s, u"db"_s}, {u"namespace"_s, u"shop"_s}}, {{u"password"_s, QString(12, u'+')}});
        const QJsonArray managed{QJsonObject{{u"group"_s, QString()},
                                             {u"kind"_s, u"Secret"_s},
                                             {u"namespace"_s, u"shop"_s},
                                             {u"name"_s, u"db"_s},
                                             {u"liveState"_s, json(live)}}};
        const QJsonObject spec{{u"destination"_s, QJsonObject{{u"namespace"_s, u"shop"_s}}}};
        QJsonArray items = rollbackComparison(
            managed, {json(secret({{u"name"_s, u"db"_s}}, {{u"password"_s, QString(8, u'+')}}))}, spec);
        QCOMPARE(items.size(), 1);
        QVERIFY(!items[0][u"modified"_s].toBool());
        QCOMPARE(items[0][u"notes"_s].toArray().size(), 1);
        QVERIFY(items[0][u"notes"_s][0].toString().contains(u"password"_s));
        const ManagedDiff unchanged = ManagedDiff::fromResource(items[0].toObject(), spec, {});
        QCOMPARE(unchanged.state, ManagedDiff::State::Synced);
        QCOMPARE(unchanged.notes.size(), 1);

        items = rollbackComparison(
            managed,
            {json(secret({{u"name"_s, u"db"_s}}, {{u"password"_s, QString(8, u'+')}, {u"user"_s, QString(8, u'+')}}))},
            spec);
        QVERIFY(items[0][u"modified"_s].toBool());
        const ManagedDiff added = ManagedDiff::fromResource(items[0].toObject(), spec, {});
        QCOMPARE(added.state, ManagedDiff::State::Modified);
        QVERIFY2(added.desired.contains(u"user:"_s), qPrintable(added.desired));
    }
};

QTEST_MAIN(tst_Sync)
#include "tst_sync.moc"
