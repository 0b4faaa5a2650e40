// SPDX-License-Identifier: Apache-2.0
// The flat model of every connection's applications: incremental updates only.
#include "applicationfixtures.h"
#include "applications/applicationsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;
using namespace Qt::StringLiterals;

class tst_ApplicationsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setApplicationsIsIncremental()
    {
        ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setApplications(u"a"_s, u"Server A"_s, {application(u"one"_s), application(u"two"_s)});
        model.setApplications(u"b"_s, u"Server B"_s, {application(u"one"_s)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(model.index(2, 0).data(ApplicationsModel::ConnectionNameRole).toString(), u"Server B"_s);

        // The same list again changes nothing; a changed app changes its row only.
        model.setApplications(u"a"_s, u"Server A"_s, {application(u"one"_s), application(u"two"_s)});
        QCOMPARE(changed.size(), 0);
        model.setApplications(u"a"_s, u"Server A"_s,
                              {application(u"one"_s, u"default"_s, u"Degraded"_s), application(u"three"_s)});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(removed.size(), 1); // "two"
        QCOMPARE(inserted.size(), 3); // "three", appended
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, ApplicationsModel::HealthColumn).data().toString(), u"Degraded"_s);
        QCOMPARE(model.rowOf(ApplicationsModel::keyOf(u"a"_s, u"argocd/three"_s)), 2);
        QCOMPARE(model.rowOf(ApplicationsModel::keyOf(u"b"_s, u"argocd/one"_s)), 1);
        QCOMPARE(resets.size(), 0);
    }

    void watchEvents()
    {
        ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const QString &name : {u"a"_s, u"b"_s, u"c"_s, u"d"_s})
            model.upsert(u"x"_s, u"X"_s, application(name));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.upsert(u"x"_s, u"X"_s, application(u"b"_s, u"default"_s, u"Progressing"_s));
        QCOMPARE(changed.size(), 1);
        model.upsert(u"x"_s, u"X"_s, application(u"b"_s, u"default"_s, u"Progressing"_s));
        QCOMPARE(changed.size(), 1);
        model.remove(u"x"_s, u"argocd/b"_s);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(ApplicationsModel::keyOf(u"x"_s, u"argocd/d"_s)), 2);
        model.remove(u"x"_s, u"argocd/nope"_s);
        QCOMPARE(model.rowCount(), 3);
        model.removeConnection(u"x"_s);
        QCOMPARE(model.rowCount(), 0);
    }

    void display_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariant>("sort");
        QTest::addRow("name") << int(ApplicationsModel::NameColumn) << u"guestbook"_s << QVariant(u"guestbook"_s);
        QTest::addRow("sync") << int(ApplicationsModel::SyncColumn) << u"OutOfSync"_s << QVariant(0);
        QTest::addRow("health") << int(ApplicationsModel::HealthColumn) << u"Degraded"_s << QVariant(0);
        QTest::addRow("short revision") << int(ApplicationsModel::RevisionColumn) << u"0123456"_s
                                        << QVariant(u"0123456"_s);
        QTest::addRow("repository and path")
            << int(ApplicationsModel::SourceColumn) << u"git.example.com/team · guestbook"_s
            << QVariant(u"git.example.com/team · guestbook"_s);
        QTest::addRow("destination") << int(ApplicationsModel::DestinationColumn) << u"in-cluster/web"_s
                                     << QVariant(u"in-cluster/web"_s);
    }
    void display()
    {
        QFETCH(int, column);
        QFETCH(QString, text);
        QFETCH(QVariant, sort);
        ApplicationsModel model;
        model.upsert(u"x"_s, u"X"_s, application(u"guestbook"_s, u"team"_s, u"Degraded"_s, u"OutOfSync"_s, u"web"_s));
        QCOMPARE(model.index(0, column).data().toString(), text);
        QCOMPARE(model.index(0, column).data(ApplicationsModel::SortRole), sort);
    }

    void summaryFromArgoCdJson()
    {
        // Fields the reader does not know are ignored; several sources show the first.
        const QJsonObject json = QJsonDocument::fromJson(R"({
            "metadata": {"name": "shop", "namespace": "argocd", "labels": {"team": "web"}, "resourceVersion": "42",
                         "someFutureField": 1},
            "spec": {"sources": [{"repoURL": "https:\/\/charts.example.com", "chart": "shop",
                                  "targetRevision": "1.2.0"}, {"repoURL": "https:\/\/git.example.com/values.git"}],
                     "destination": {"name": "prod", "namespace": "shop"},
                     "syncPolicy": {"automated": {}}},
            "status": {"sync": {"status": "OutOfSync", "revisions": ["1.2.0", "abc"]},
                       "health": {"status": "Progressing", "message": "rolling out"},
                       "operationState": {"phase": "Running", "startedAt": "2026-03-04T10:00:00Z"}}
        })")
                                     .object();
        const ApplicationSummary a = ApplicationSummary::fromJson(json);
        QCOMPARE(a.key(), u"argocd/shop"_s);
        QCOMPARE(a.project, u"default"_s);
        QCOMPARE(a.labels.value(u"team"_s), u"web"_s);
        QCOMPARE(a.sourceCount, 2);
        QCOMPARE(a.chart, u"shop"_s);
        QCOMPARE(a.revision, u"1.2.0"_s);
        QCOMPARE(a.destinationCluster(), u"prod"_s);
        QVERIFY(a.automated);
        QVERIFY(a.operationRunning);
        QCOMPARE(a.lastSync, QDateTime(QDate(2026, 3, 4), QTime(10, 0), Qt::UTC));
        QCOMPARE(a.healthMessage, u"rolling out"_s);
    }
};

QTEST_MAIN(tst_ApplicationsModel)
#include "tst_applicationsmodel.moc"
