// SPDX-License-Identifier: Apache-2.0
// Filtering and sorting the grouped applications.
#include "applicationfixtures.h"
#include "applications/applicationfiltermodel.h"
#include "applications/applicationgroupmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;
using namespace Qt::StringLiterals;

class tst_ApplicationFilterModel : public QObject
{
    Q_OBJECT

    void fill(ApplicationsModel &applications)
    {
        ApplicationSummary labelled = application(u"cart"_s, u"shop"_s, u"Degraded"_s, u"OutOfSync"_s, u"prod"_s);
        labelled.labels = {{u"team"_s, u"payments"_s}, {u"tier"_s, u"backend"_s}};
        applications.setApplications(
            u"a"_s, u"A"_s,
            {application(u"web"_s, u"shop"_s, u"Healthy"_s, u"Synced"_s, u"prod"_s), labelled,
             application(u"metrics"_s, u"ops"_s, u"Progressing"_s, u"Synced"_s, u"monitoring"_s)});
    }

private Q_SLOTS:
    void filters_data()
    {
        QTest::addColumn<ApplicationFilters>("filters");
        QTest::addColumn<QString>("tree");
        const QString all
            = u"A (3){shop (2){in-cluster/prod (2){web,cart}},ops (1){in-cluster/monitoring (1){metrics}}}"_s;
        QTest::addRow("none") << ApplicationFilters{} << all;
        QTest::addRow("text, one word") << ApplicationFilters{u"CAR"_s, {}, {}, {}, {}, {}, {}}
                                        << u"A (1 of 3){shop (1 of 2){in-cluster/prod (1 of 2){cart}}}"_s;
        QTest::addRow("text, every word") << ApplicationFilters{u"shop web"_s, {}, {}, {}, {}, {}, {}}
                                          << u"A (1 of 3){shop (1 of 2){in-cluster/prod (1 of 2){web}}}"_s;
        QTest::addRow("text matches the namespace") << ApplicationFilters{u"monitor"_s, {}, {}, {}, {}, {}, {}}
                                                    << u"A (1 of 3){ops (1){in-cluster/monitoring (1){metrics}}}"_s;
        QTest::addRow("sync") << ApplicationFilters{{}, {u"OutOfSync"_s}, {}, {}, {}, {}, {}}
                              << u"A (1 of 3){shop (1 of 2){in-cluster/prod (1 of 2){cart}}}"_s;
        QTest::addRow("health, two values")
            << ApplicationFilters{{}, {}, {u"Healthy"_s, u"Progressing"_s}, {}, {}, {}, {}}
            << u"A (2 of 3){shop (1 of 2){in-cluster/prod (1 of 2){web}},ops (1){in-cluster/monitoring (1){metrics}}}"_s;
        QTest::addRow("project") << ApplicationFilters{{}, {}, {}, {u"ops"_s}, {}, {}, {}}
                                 << u"A (1 of 3){ops (1){in-cluster/monitoring (1){metrics}}}"_s;
        QTest::addRow("cluster") << ApplicationFilters{{}, {}, {}, {}, {u"elsewhere"_s}, {}, {}} << QString();
        QTest::addRow("namespace") << ApplicationFilters{{}, {}, {}, {}, {}, {u"prod"_s}, {}}
                                   << u"A (2 of 3){shop (2){in-cluster/prod (2){web,cart}}}"_s;
        QTest::addRow("label with value") << ApplicationFilters{{}, {}, {}, {}, {}, {}, {u"team=payments"_s}}
                                          << u"A (1 of 3){shop (1 of 2){in-cluster/prod (1 of 2){cart}}}"_s;
        QTest::addRow("label present") << ApplicationFilters{{}, {}, {}, {}, {}, {}, {u"tier"_s}}
                                       << u"A (1 of 3){shop (1 of 2){in-cluster/prod (1 of 2){cart}}}"_s;
        QTest::addRow("label missing") << ApplicationFilters{{}, {}, {}, {}, {}, {}, {u"team=web"_s}} << QString();
        QTest::addRow("all together") << ApplicationFilters{u"c"_s,      {u"OutOfSync"_s},  {u"Degraded"_s},
                                                            {u"shop"_s}, {u"in-cluster"_s}, {u"prod"_s},
                                                            {u"team"_s}}
                                      << u"A (1 of 3){shop (1 of 2){in-cluster/prod (1 of 2){cart}}}"_s;
    }
    void filters()
    {
        QFETCH(ApplicationFilters, filters);
        QFETCH(QString, tree);
        ApplicationsModel applications;
        ApplicationGroupModel groups;
        groups.setSourceModel(&applications);
        ApplicationFilterModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSourceModel(&groups);
        fill(applications);
        model.setFilters(filters);
        QCOMPARE(dump(model), tree);
        // Applications arriving later are filtered too.
        applications.upsert(u"a"_s, u"A"_s, application(u"zzz-new"_s, u"elsewhere"_s, u"Missing"_s));
        QVERIFY(!dump(model).contains(u"zzz-new"_s) || filters.isEmpty());
        model.clearFilters();
        QVERIFY(dump(model).contains(u"zzz-new"_s));
    }

    void sorting()
    {
        ApplicationsModel applications;
        ApplicationGroupModel groups;
        groups.setGrouping(ApplicationGroupModel::Grouping::Health);
        groups.setSourceModel(&applications);
        ApplicationFilterModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSourceModel(&groups);
        applications.setApplications(u"a"_s, u"A"_s,
                                     {application(u"b"_s), application(u"c"_s, u"default"_s, u"Degraded"_s),
                                      application(u"a"_s), application(u"d"_s, u"default"_s, u"Degraded"_s)});
        model.sort(ApplicationsModel::NameColumn, Qt::AscendingOrder);
        // Groups by severity, worst first, whatever the order of the column.
        QCOMPARE(dump(model), u"A (4){Degraded (2){c,d},Healthy (2){a,b}}"_s);
        model.sort(ApplicationsModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(dump(model), u"A (4){Degraded (2){d,c},Healthy (2){b,a}}"_s);
        // A change re-sorts where it lands.
        applications.upsert(u"a"_s, u"A"_s, application(u"e"_s));
        QCOMPARE(dump(model), u"A (5){Degraded (2){d,c},Healthy (3){e,b,a}}"_s);
    }
};

QTEST_MAIN(tst_ApplicationFilterModel)
#include "tst_applicationfiltermodel.moc"
