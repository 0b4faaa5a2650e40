// SPDX-License-Identifier: Apache-2.0
// Argo CD's built-in resource actions for workloads, on their own. Running
// them through the API against a live Deployment is in tst_applicationapi.
#include "engine/resourceactions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject workload(const QString &kind, const QByteArray &spec = "{}")
{
    return {{u"apiVersion"_s, u"apps/v1"_s},
            {u"kind"_s, kind},
            {u"metadata"_s, QJsonObject{{u"name"_s, u"web"_s}, {u"namespace"_s, u"shop"_s}}},
            {u"spec"_s, QJsonDocument::fromJson(spec).object()}};
}

QStringList namesOf(const QList<Model::ResourceAction> &actions)
{
    QStringList names;
    for (const Model::ResourceAction &action : actions)
        names.append(action.name + (action.disabled ? u" (disabled)"_s : QString()));
    return names;
}

} // namespace

class tst_ResourceActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void available()
    {
        QCOMPARE(namesOf(Engine::resourceActions(workload(u"Deployment"_s, R"({"replicas": 3})"))),
                 QStringList({u"pause"_s, u"restart"_s, u"resume (disabled)"_s, u"scale"_s}));
        QCOMPARE(namesOf(Engine::resourceActions(workload(u"Deployment"_s, R"({"paused": true})"))),
                 QStringList({u"pause (disabled)"_s, u"restart"_s, u"resume"_s, u"scale"_s}));
        QCOMPARE(namesOf(Engine::resourceActions(workload(u"StatefulSet"_s))), QStringList({u"restart"_s, u"scale"_s}));
        QCOMPARE(namesOf(Engine::resourceActions(workload(u"DaemonSet"_s))), QStringList({u"restart"_s}));
        QJsonObject service = workload(u"Service"_s);
        service.insert(u"apiVersion"_s, u"v1"_s);
        QVERIFY(Engine::resourceActions(service).isEmpty());
        QJsonObject foreign = workload(u"Deployment"_s);
        foreign.insert(u"apiVersion"_s, u"example.com/v1"_s);
        QVERIFY(Engine::resourceActions(foreign).isEmpty());

        // scale offers the current count as its default.
        const auto actions = Engine::resourceActions(workload(u"StatefulSet"_s, R"({"replicas": 3})"));
        QCOMPARE(actions.at(1).params.size(), 1);
        QCOMPARE(actions.at(1).params.at(0).name, u"replicas"_s);
        QCOMPARE(actions.at(1).params.at(0).defaultValue, u"3"_s);
        QCOMPARE(Model::toJson(actions.at(1)).value(u"params")[0][u"default"].toString(), u"3"_s);
    }

    void restart()
    {
        const QDateTime now(QDate(2026, 12, 6), QTime(4, 5, 6), Qt::UTC);
        QJsonObject daemonSet = workload(u"DaemonSet"_s, R"({"template": {"metadata": {"labels": {"app": "web"}}}})");
        const auto restarted = Engine::runResourceAction(daemonSet, u"restart"_s, {}, now);
        QVERIFY(restarted.ok());
        const QJsonObject metadata = (*restarted)[u"spec"][u"template"][u"metadata"].toObject();
        QCOMPARE(metadata[u"annotations"][u"kubectl.kubernetes.io/restartedAt"].toString(), u"2026-12-06T04:05:06Z"_s);
        QCOMPARE(metadata[u"labels"][u"app"].toString(), u"web"_s);
        // Only the annotation changed.
        QJsonObject expected = daemonSet;
        expected[u"spec"] = QJsonDocument::fromJson(
                                R"({"template": {"metadata": {"labels": {"app": "web"},
                                    "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-12-06T04:05:06Z"}}}})")
                                .object();
        QCOMPARE(*restarted, expected);
    }

    void pauseResumeScale()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto paused = Engine::runResourceAction(workload(u"Deployment"_s), u"pause"_s, {}, now);
        QVERIFY(paused.ok());
        QCOMPARE((*paused)[u"spec"][u"paused"].toBool(), true);
        const auto again = Engine::runResourceAction(*paused, u"pause"_s, {}, now);
        QVERIFY(!again.ok());
        QCOMPARE(again.error(), u"the action pause is disabled for this Deployment"_s);
        const auto resumed = Engine::runResourceAction(*paused, u"resume"_s, {}, now);
        QVERIFY(resumed.ok());
        QCOMPARE((*resumed)[u"spec"][u"paused"].toBool(), false);

        const auto scaled = Engine::runResourceAction(workload(u"StatefulSet"_s), u"scale"_s,
                                                      {{u"replicas"_s, u" 4 "_s, {}, {}}}, now);
        QVERIFY(scaled.ok());
        QCOMPARE((*scaled)[u"spec"][u"replicas"].toInt(), 4);
        QCOMPARE(Engine::runResourceAction(workload(u"StatefulSet"_s), u"scale"_s, {}, now).error(),
                 u"the replicas parameter is required"_s);
        QCOMPARE(
            Engine::runResourceAction(workload(u"StatefulSet"_s), u"scale"_s, {{u"replicas"_s, u"many"_s, {}, {}}}, now)
                .error(),
            u"invalid number: many (must be >= 0)"_s);
        QCOMPARE(Engine::runResourceAction(workload(u"DaemonSet"_s), u"scale"_s, {}, now).error(),
                 u"DaemonSet has no action named “scale”"_s);
    }
};

QTEST_GUILESS_MAIN(tst_ResourceActions)
#include "tst_resourceactions.moc"
