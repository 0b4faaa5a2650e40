// SPDX-License-Identifier: Apache-2.0
// Grouping the applications into a tree, and keeping it up to date without resets.
#include "applicationfixtures.h"
#include "applications/applicationgroupmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;
using namespace Qt::StringLiterals;

namespace {

using Grouping = ApplicationGroupModel::Grouping;

} // namespace

class tst_ApplicationGroupModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void grouping_data()
    {
        QTest::addColumn<Grouping>("grouping");
        QTest::addColumn<QString>("tree");
        QTest::addRow("project, destination")
            << Grouping::Project
            << u"A{web{in-cluster/apps{one,three},in-cluster/db{two}},ops{in-cluster/apps{four}}}"_s;
        QTest::addRow("health") << Grouping::Health << u"A{Healthy{one,four},Degraded{two},Progressing{three}}"_s;
        QTest::addRow("sync") << Grouping::Sync << u"A{Synced{one,two,four},OutOfSync{three}}"_s;
        QTest::addRow("repository") << Grouping::Repository
                                    << u"A{git.example.com/web{one,two,three},git.example.com/ops{four}}"_s;
        QTest::addRow("flat") << Grouping::Flat << u"one,two,three,four"_s;
    }
    void grouping()
    {
        QFETCH(Grouping, grouping);
        QFETCH(QString, tree);
        ApplicationsModel applications;
        ApplicationGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGrouping(grouping);
        model.setSourceModel(&applications);
        applications.setApplications(
            u"a"_s, u"A"_s,
            {application(u"one"_s, u"web"_s), application(u"two"_s, u"web"_s, u"Degraded"_s, u"Synced"_s, u"db"_s),
             application(u"three"_s, u"web"_s, u"Progressing"_s, u"OutOfSync"_s), application(u"four"_s, u"ops"_s)});
        QCOMPARE(dump(model), tree);
        // The same tree when grouped from scratch.
        ApplicationGroupModel again;
        again.setGrouping(grouping);
        again.setSourceModel(&applications);
        QCOMPARE(dump(again), tree);
    }

    void updates_data()
    {
        QTest::addColumn<Grouping>("grouping");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("tree");
        // Start: A{web{in-cluster/apps{one,two}}} (by project) with one and two Healthy.
        QTest::addRow("add to a group") << Grouping::Project << u"add three web"_s
                                        << u"A{web{in-cluster/apps{one,two,three}}}"_s;
        QTest::addRow("add a new group") << Grouping::Project << u"add three ops"_s
                                         << u"A{web{in-cluster/apps{one,two}},ops{in-cluster/apps{three}}}"_s;
        QTest::addRow("remove one") << Grouping::Project << u"remove one"_s << u"A{web{in-cluster/apps{two}}}"_s;
        QTest::addRow("remove all of a connection") << Grouping::Project << u"remove one two"_s << QString();
        QTest::addRow("health changes group")
            << Grouping::Health << u"degrade one"_s << u"A{Healthy{two},Degraded{one}}"_s;
        QTest::addRow("last of a group moves out")
            << Grouping::Health << u"degrade one two"_s << u"A{Degraded{one,two}}"_s;
        QTest::addRow("status change in place")
            << Grouping::Project << u"degrade one"_s << u"A{web{in-cluster/apps{one,two}}}"_s;
        QTest::addRow("second connection")
            << Grouping::Health << u"connect b"_s << u"A{Healthy{one,two}},B{Healthy{one}}"_s;
    }
    void updates()
    {
        QFETCH(Grouping, grouping);
        QFETCH(QString, operation);
        QFETCH(QString, tree);
        ApplicationsModel applications;
        ApplicationGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGrouping(grouping);
        model.setSourceModel(&applications);
        applications.setApplications(u"a"_s, u"A"_s,
                                     {application(u"one"_s, u"web"_s), application(u"two"_s, u"web"_s)});
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        const QStringList words = operation.split(u' ');
        const QString verb = words.first();
        if (verb == u"add")
            applications.upsert(u"a"_s, u"A"_s, application(words.at(1), words.at(2)));
        for (const QString &name : words.mid(1)) {
            if (verb == u"remove")
                applications.remove(u"a"_s, u"argocd/"_s + name);
            if (verb == u"degrade")
                applications.upsert(u"a"_s, u"A"_s, application(name, u"web"_s, u"Degraded"_s));
        }
        if (verb == u"connect")
            applications.setApplications(u"b"_s, u"B"_s, {application(u"one"_s, u"web"_s)});
        QCOMPARE(dump(model), tree);
        QCOMPARE(resets.size(), 0);
    }

    void selectionFollowsAMove()
    {
        ApplicationsModel applications;
        ApplicationGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGrouping(Grouping::Health);
        model.setSourceModel(&applications);
        applications.setApplications(u"a"_s, u"A"_s, {application(u"one"_s), application(u"two"_s)});
        QItemSelectionModel selection(&model);
        const QString key = ApplicationsModel::keyOf(u"a"_s, u"argocd/two"_s);
        selection.setCurrentIndex(model.indexOfKey(key),
                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        applications.upsert(u"a"_s, u"A"_s, application(u"two"_s, u"default"_s, u"Degraded"_s));
        QCOMPARE(dump(model), u"A{Healthy{one},Degraded{two}}"_s);
        QCOMPARE(ApplicationGroupModel::keyOf(selection.currentIndex()), key);
        QVERIFY(selection.isSelected(model.indexOfKey(key)));
        QCOMPARE(model.indexOfKey(key).parent().data().toString(), u"Degraded"_s);
        QCOMPARE(model.indexOfKey(ApplicationGroupModel::keyOf(model.indexOfKey(key).parent())),
                 model.indexOfKey(key).parent());
    }

    void mapsBothWays()
    {
        ApplicationsModel applications;
        ApplicationGroupModel model;
        model.setSourceModel(&applications);
        applications.setApplications(u"a"_s, u"A"_s, {application(u"one"_s), application(u"two"_s, u"ops"_s)});
        for (int row = 0; row < applications.rowCount(); ++row) {
            const QModelIndex source = applications.index(row, ApplicationsModel::HealthColumn);
            const QModelIndex proxy = model.mapFromSource(source);
            QVERIFY(proxy.isValid());
            QCOMPARE(model.mapToSource(proxy), source);
            QCOMPARE(proxy.data(ApplicationGroupModel::IsGroupRole).toBool(), false);
        }
        const QModelIndex group = model.index(0, 0);
        QVERIFY(group.data(ApplicationGroupModel::IsGroupRole).toBool());
        QCOMPARE(group.data(ApplicationGroupModel::LeafCountRole).toInt(), 2);
        QVERIFY(!model.mapToSource(group).isValid());
    }
};

QTEST_MAIN(tst_ApplicationGroupModel)
#include "tst_applicationgroupmodel.moc"
