// SPDX-License-Identifier: Apache-2.0
// Managed resources as the diff viewer prepares them from Argo CD's
// managed-resources items: what the next sync does to each, managedFields and
// status hidden or shown, ignoreDifferences honoured or shown (and always
// listed), masked Secret values kept masked, the app's patch; and the list
// model with its out-of-sync filter under QAbstractItemModelTester.
#include "diff/manageddiff.h"
#include "diff/managedresourcesmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QString json(const QJsonObject &object)
{
    return object.isEmpty() ? u"null"_s : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject deployment(int replicas, const QString &image)
{
    return QJsonObject{
        {u"apiVersion"_s, u"apps/v1"_s},
        {u"kind"_s, u"Deployment"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, u"guestbook-ui"_s}, {u"namespace"_s, u"default"_s}}},
        {u"spec"_s,
         QJsonObject{
             {u"replicas"_s, replicas},
             {u"template"_s,
              QJsonObject{{u"spec"_s,
                           QJsonObject{{u"containers"_s,
                                        QJsonArray{QJsonObject{{u"name"_s, u"ui"_s}, {u"image"_s, image}}}}}}}}}}};
}

QJsonObject withServerFields(QJsonObject object)
{
    QJsonObject metadata = object.value(u"metadata").toObject();
    metadata.insert(u"managedFields"_s,
                    QJsonArray{QJsonObject{{u"manager"_s, u"kubectl"_s}, {u"operation"_s, u"Apply"_s}}});
    object.insert(u"metadata"_s, metadata);
    object.insert(u"status"_s, QJsonObject{{u"readyReplicas"_s, 1}});
    return object;
}

QJsonObject without(QJsonObject object, const QString &field)
{
    QJsonObject spec = object.value(u"spec").toObject();
    spec.remove(field);
    object.insert(u"spec"_s, spec);
    return object;
}

QJsonObject item(const QString &group, const QString &kind, const QString &name, const QJsonObject &live,
                 const QJsonObject &target, const QJsonObject &normalized, const QJsonObject &predicted, bool modified)
{
    return {{u"group"_s, group},
            {u"kind"_s, kind},
            {u"namespace"_s, u"default"_s},
            {u"name"_s, name},
            {u"liveState"_s, json(live)},
            {u"targetState"_s, json(target)},
            {u"normalizedLiveState"_s, json(normalized)},
            {u"predictedLiveState"_s, json(predicted)},
            {u"modified"_s, modified}};
}

QJsonObject replicasIgnored()
{
    return {{u"ignoreDifferences"_s,
             QJsonArray{QJsonObject{{u"group"_s, u"apps"_s},
                                    {u"kind"_s, u"Deployment"_s},
                                    {u"jsonPointers"_s, QJsonArray{u"/spec/replicas"_s}}}}}};
}

} // namespace

class tst_ManagedDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modifiedWithServerFields()
    {
        const QJsonObject live = withServerFields(deployment(1, u"ui:0.1"_s));
        const QJsonObject desired = deployment(1, u"ui:0.2"_s);
        const QJsonObject entry
            = item(u"apps"_s, u"Deployment"_s, u"guestbook-ui"_s, live, desired, live, withServerFields(desired), true);

        const ManagedDiff hidden = ManagedDiff::fromResource(entry, {}, {});
        QCOMPARE(hidden.state, ManagedDiff::State::Modified);
        QCOMPARE(hidden.key(), u"apps/Deployment/default/guestbook-ui"_s);
        QVERIFY(!hidden.live.contains(u"managedFields"_s));
        QVERIFY(!hidden.live.contains(u"readyReplicas"_s));
        QCOMPARE(hidden.diff.changes().size(), 1);
        QCOMPARE(hidden.diff.removedLines(), 1);
        const Diff::TextDiff::Row &row = hidden.diff.rows().at(hidden.diff.changes().first().firstRow);
        QCOMPARE(row.kind, Diff::TextDiff::RowKind::Changed);
        QCOMPARE(hidden.diff.oldLines().at(row.left).trimmed(), u"- image: ui:0.1"_s);
        QCOMPARE(hidden.diff.newLines().at(row.right).trimmed(), u"- image: ui:0.2"_s);

        DiffOptions all;
        all.hideManagedFields = all.hideStatus = false;
        const ManagedDiff shown = ManagedDiff::fromResource(entry, {}, all);
        QVERIFY(shown.live.contains(u"managedFields"_s));
        QVERIFY(shown.live.contains(u"readyReplicas: 1"_s));
        QCOMPARE(shown.diff.changes().size(), 1); // the same on both sides: no change
    }

    void ignoreDifferences()
    {
        // The server leaves spec.replicas out of both normalised states.
        const QJsonObject live = deployment(5, u"ui:0.1"_s);
        const QJsonObject target = deployment(1, u"ui:0.1"_s);
        const QJsonObject entry = item(u"apps"_s, u"Deployment"_s, u"guestbook-ui"_s, live, target,
                                       without(live, u"replicas"_s), without(target, u"replicas"_s), false);

        const ManagedDiff honoured = ManagedDiff::fromResource(entry, replicasIgnored(), {});
        QCOMPARE(honoured.state, ManagedDiff::State::Synced);
        QVERIFY(honoured.diff.isEqual());
        QCOMPARE(honoured.ignored, QStringList{u"spec.replicas — live: 5, desired: 1"_s});

        DiffOptions options;
        options.honourIgnoreDifferences = false;
        const ManagedDiff shown = ManagedDiff::fromResource(entry, replicasIgnored(), options);
        QCOMPARE(shown.ignored, honoured.ignored);
        QCOMPARE(shown.diff.changes().size(), 1);
        QVERIFY(shown.live.contains(u"replicas: 5"_s));
        QVERIFY(shown.desired.contains(u"replicas: 1"_s));

        // A rule for another kind ignores nothing here.
        QJsonObject other = replicasIgnored();
        QJsonArray rules = other.value(u"ignoreDifferences"_s).toArray();
        QJsonObject rule = rules.first().toObject();
        rule.insert(u"kind"_s, u"StatefulSet"_s);
        other.insert(u"ignoreDifferences"_s, QJsonArray{rule});
        QVERIFY(ManagedDiff::fromResource(entry, other, {}).ignored.isEmpty());
    }

    void createdPrunedAndSecrets()
    {
        const QJsonObject desired = deployment(1, u"ui:0.1"_s);
        const ManagedDiff created = ManagedDiff::fromResource(
            item(u"apps"_s, u"Deployment"_s, u"new"_s, {}, desired, {}, desired, true), {}, {});
        QCOMPARE(created.state, ManagedDiff::State::Missing);
        QVERIFY(created.live.isEmpty());
        QCOMPARE(created.diff.removedLines(), 0);
        QCOMPARE(created.diff.addedLines(), created.diff.newLines().size());

        const ManagedDiff pruned = ManagedDiff::fromResource(
            item(u"apps"_s, u"Deployment"_s, u"old"_s, desired, {}, desired, {}, true), {}, {});
        QCOMPARE(pruned.state, ManagedDiff::State::Extra);
        QVERIFY(pruned.desired.isEmpty());

        // Masked values stay exactly as the server sent them.
        const QJsonObject liveSecret{{u"apiVersion"_s, u"v1"_s},
                                     {u"kind"_s, u"Secret"_s},
                                     {u"metadata"_s, QJsonObject{{u"name"_s, u"db"_s}}},
                                     {u"data"_s, QJsonObject{{u"password"_s, u"++++++++"_s}}}};
        QJsonObject desiredSecret = liveSecret;
        desiredSecret.insert(u"data"_s, QJsonObject{{u"password"_s, u"+++++++++++"_s}});
        const ManagedDiff secret = ManagedDiff::fromResource(
            item({}, u"Secret"_s, u"db"_s, liveSecret, desiredSecret, liveSecret, desiredSecret, true), {}, {});
        QVERIFY(secret.live.contains(u"password: ++++++++\n"_s));
        QVERIFY(secret.desired.contains(u"password: +++++++++++\n"_s));
        QCOMPARE(secret.fileName(), u"Secret/default/db.yaml"_s);

        // One patch for the app, with the created and pruned resources as
        // new and deleted files.
        const QString patch = ManagedDiff::patch({created, pruned, secret});
        QVERIFY(patch.contains(u"diff --git a/apps/Deployment/default/new.yaml b/apps/Deployment/default/new.yaml\n"
                               "new file mode 100644\n--- /dev/null\n+++ b/apps/Deployment/default/new.yaml\n"_s));
        QVERIFY(patch.contains(u"deleted file mode 100644\n--- a/apps/Deployment/default/old.yaml\n+++ /dev/null\n"_s));
        QVERIFY(patch.contains(u"-  password: ++++++++\n+  password: +++++++++++\n"_s));
    }

    void model()
    {
        ManagedResourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ManagedResourcesFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QJsonObject a = deployment(1, u"ui:0.1"_s);
        const QJsonObject b = deployment(1, u"ui:0.2"_s);
        const QList<ManagedDiff> diffs{
            ManagedDiff::fromResource(item(u"apps"_s, u"Deployment"_s, u"same"_s, a, a, a, a, false), {}, {}),
            ManagedDiff::fromResource(item(u"apps"_s, u"Deployment"_s, u"changed"_s, a, b, a, b, true), {}, {}),
            ManagedDiff::fromResource(item(u"apps"_s, u"Deployment"_s, u"created"_s, {}, b, {}, b, true), {}, {}),
        };
        model.setDiffs(diffs);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(filter.rowCount(), 2);
        filter.setOutOfSyncOnly(false);
        QCOMPARE(filter.rowCount(), 3);
        QCOMPARE(model.index(1, ManagedResourcesModel::StateColumn).data().toString(), u"Modified"_s);
        QCOMPARE(model.index(2, ManagedResourcesModel::StateColumn).data().toString(), u"Will be created"_s);
        QCOMPARE(model.index(1, ManagedResourcesModel::ChangesColumn).data().toString(), u"1"_s);
        QCOMPARE(model.index(0, ManagedResourcesModel::ChangesColumn).data().toString(), QString());
        QCOMPARE(model.rowOf(u"apps/Deployment/default/created"_s), 2);

        // The same resources again: updated in place, no reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setDiffs(diffs);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changes.size(), 1);
        model.setDiffs(diffs.mid(1));
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_MAIN(tst_ManagedDiff)
#include "tst_manageddiff.moc"
