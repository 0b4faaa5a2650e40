// SPDX-License-Identifier: Apache-2.0
// Cron schedules and sync windows, evaluated as Argo CD evaluates them.
#include "base/cronschedule.h"
#include "engine/syncwindows.h"

#include <QTest>
#include <QTimeZone>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QDateTime utc(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    time.setTimeZone(QTimeZone::utc());
    return time;
}

Model::SyncWindow window(const QString &kind, const QString &schedule, const QString &duration, bool manual = false)
{
    Model::SyncWindow w;
    w.kind = kind;
    w.schedule = schedule;
    w.duration = duration;
    w.applications = {u"*"_s};
    w.manualSync = manual;
    return w;
}

} // namespace

class tst_SyncWindows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("error");
        QTest::newRow("every minute") << u"* * * * *"_s << QString();
        QTest::newRow("lists, ranges, steps") << u"0,30 9-17/2 1-15 * MON-FRI"_s << QString();
        QTest::newRow("names") << u"0 0 * jan,JUL sun"_s << QString();
        QTest::newRow("question mark") << u"0 12 ? * *"_s << QString();
        QTest::newRow("too few fields") << u"0 12 * *"_s << u"needs five fields"_s;
        QTest::newRow("six fields") << u"0 0 12 * * *"_s << u"needs five fields"_s;
        QTest::newRow("minute out of range") << u"60 * * * *"_s << u"minute field '60'"_s;
        QTest::newRow("backwards range") << u"* 10-2 * * *"_s << u"runs backwards"_s;
        QTest::newRow("bad step") << u"*/0 * * * *"_s << u"step must be a positive number"_s;
        QTest::newRow("bad name") << u"0 0 * FOO *"_s << u"month field 'FOO'"_s;
    }
    void parse()
    {
        QFETCH(QString, expression);
        QFETCH(QString, error);
        const auto schedule = CronSchedule::parse(expression);
        QCOMPARE(schedule.ok(), error.isEmpty());
        if (!error.isEmpty())
            QVERIFY2(schedule.error().contains(error), qPrintable(schedule.error()));
    }

    void next_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("expected");
        QTest::newRow("next minute") << u"* * * * *"_s << u"2026-03-04T10:15:30"_s << u"UTC"_s
                                     << u"2026-03-04T10:16:00"_s;
        QTest::newRow("later today") << u"0 22 * * *"_s << u"2026-03-04T10:15:00"_s << u"UTC"_s
                                     << u"2026-03-04T22:00:00"_s;
        QTest::newRow("tomorrow") << u"0 9 * * *"_s << u"2026-03-04T10:15:00"_s << u"UTC"_s << u"2026-03-05T09:00:00"_s;
        QTest::newRow("exactly at is not after")
            << u"0 9 * * *"_s << u"2026-03-04T09:00:00"_s << u"UTC"_s << u"2026-03-05T09:00:00"_s;
        // 2026-03-04 is a Wednesday.
        QTest::newRow("weekday") << u"30 8 * * SAT"_s << u"2026-03-04T10:00:00"_s << u"UTC"_s
                                 << u"2026-03-07T08:30:00"_s;
        QTest::newRow("day of month or week")
            << u"0 0 10 * MON"_s << u"2026-03-04T10:00:00"_s << u"UTC"_s << u"2026-03-09T00:00:00"_s;
        QTest::newRow("step") << u"*/20 * * * *"_s << u"2026-03-04T10:41:00"_s << u"UTC"_s << u"2026-03-04T11:00:00"_s;
        QTest::newRow("leap day") << u"0 0 29 2 *"_s << u"2026-03-04T10:00:00"_s << u"UTC"_s
                                  << u"2028-02-29T00:00:00"_s;
        // 09:00 in Berlin is 08:00 UTC in winter.
        QTest::newRow("time zone") << u"0 9 * * *"_s << u"2026-01-15T08:30:00"_s << u"Europe/Berlin"_s
                                   << u"2026-01-16T08:00:00"_s;
    }
    void next()
    {
        QFETCH(QString, expression);
        QFETCH(QString, after);
        QFETCH(QString, zone);
        QFETCH(QString, expected);
        const auto schedule = CronSchedule::parse(expression);
        QVERIFY(schedule.ok());
        const QDateTime next = schedule->next(utc(after), QTimeZone(zone.toUtf8()));
        QCOMPARE(next.toUTC(), utc(expected));
    }

    void matching()
    {
        Model::AppProject project;
        Model::SyncWindow byApp = window(u"deny"_s, u"* * * * *"_s, u"1h"_s);
        byApp.applications = {u"web-*"_s};
        Model::SyncWindow byNamespace = window(u"allow"_s, u"* * * * *"_s, u"1h"_s);
        byNamespace.applications.clear();
        byNamespace.namespaces = {u"prod"_s};
        Model::SyncWindow byCluster = window(u"allow"_s, u"* * * * *"_s, u"1h"_s);
        byCluster.applications.clear();
        byCluster.clusters = {u"production"_s};
        Model::SyncWindow both = window(u"deny"_s, u"* * * * *"_s, u"1h"_s);
        both.applications = {u"web-*"_s};
        both.namespaces = {u"prod"_s};
        both.andOperator = true;
        project.spec.syncWindows = {byApp, byNamespace, byCluster, both};

        const auto app = [](const QString &name, const QString &ns, const QString &cluster) {
            Model::Application a;
            a.metadata.name = name;
            a.spec.destination.ns = ns;
            a.spec.destination.name = cluster;
            return a;
        };
        QCOMPARE(Engine::SyncWindows::matching(project, app(u"web-a"_s, u"dev"_s, u"x"_s)).windows().size(), 1);
        QCOMPARE(Engine::SyncWindows::matching(project, app(u"db"_s, u"prod"_s, u"x"_s)).windows().size(), 1);
        QCOMPARE(Engine::SyncWindows::matching(project, app(u"db"_s, u"dev"_s, u"production"_s)).windows().size(), 1);
        // web-a in prod: by app, by namespace and the AND window.
        QCOMPARE(Engine::SyncWindows::matching(project, app(u"web-a"_s, u"prod"_s, u"x"_s)).windows().size(), 3);
        QCOMPARE(Engine::SyncWindows::matching(project, app(u"db"_s, u"dev"_s, u"x"_s)).windows().size(), 0);
    }

    void canSync_data()
    {
        QTest::addColumn<QList<Model::SyncWindow>>("windows");
        QTest::addColumn<bool>("manual");
        QTest::addColumn<bool>("expected");
        // At 2026-03-04T10:30 UTC: "0 10 * * *" for 1h is active, "0 20 * * *" is not.
        const auto activeDeny = window(u"deny"_s, u"0 10 * * *"_s, u"1h"_s);
        const auto activeDenyManual = window(u"deny"_s, u"0 10 * * *"_s, u"1h"_s, true);
        const auto activeAllow = window(u"allow"_s, u"0 10 * * *"_s, u"1h"_s);
        const auto inactiveAllow = window(u"allow"_s, u"0 20 * * *"_s, u"1h"_s);
        const auto inactiveAllowManual = window(u"allow"_s, u"0 20 * * *"_s, u"1h"_s, true);
        const auto inactiveDeny = window(u"deny"_s, u"0 20 * * *"_s, u"1h"_s);
        using L = QList<Model::SyncWindow>;
        QTest::newRow("no windows") << L{} << false << true;
        QTest::newRow("active deny") << L{activeDeny} << false << false;
        QTest::newRow("active deny, manual") << L{activeDeny} << true << false;
        QTest::newRow("active deny with manualSync, manual") << L{activeDenyManual} << true << true;
        QTest::newRow("active deny with manualSync, automated") << L{activeDenyManual} << false << false;
        QTest::newRow("deny wins over allow") << L{activeAllow, activeDeny} << false << false;
        QTest::newRow("active allow") << L{activeAllow} << false << true;
        QTest::newRow("active and inactive allow") << L{activeAllow, inactiveAllow} << false << true;
        QTest::newRow("inactive allow") << L{inactiveAllow} << false << false;
        QTest::newRow("inactive allow with manualSync, manual") << L{inactiveAllowManual} << true << true;
        QTest::newRow("inactive deny") << L{inactiveDeny} << false << true;
        QTest::newRow("one active deny without manualSync") << L{activeDenyManual, activeDeny} << true << false;
    }
    void canSync()
    {
        QFETCH(QList<Model::SyncWindow>, windows);
        QFETCH(bool, manual);
        QFETCH(bool, expected);
        const QDateTime now = utc(u"2026-03-04T10:30:00"_s);
        QCOMPARE(Engine::SyncWindows(windows).canSync(manual, now), expected);
    }

    void activeAtTheEdges()
    {
        const auto w = window(u"deny"_s, u"0 10 * * *"_s, u"30m"_s);
        QVERIFY(!Engine::SyncWindows::isActive(w, utc(u"2026-03-04T09:59:59"_s)));
        QVERIFY(Engine::SyncWindows::isActive(w, utc(u"2026-03-04T10:00:01"_s)));
        QVERIFY(Engine::SyncWindows::isActive(w, utc(u"2026-03-04T10:29:59"_s)));
        QVERIFY(!Engine::SyncWindows::isActive(w, utc(u"2026-03-04T10:30:01"_s)));
        // In the window's own time zone: 10:00 in New York is 15:00 UTC in March (EST).
        auto zoned = w;
        zoned.timeZone = u"America/New_York"_s;
        QVERIFY(!Engine::SyncWindows::isActive(zoned, utc(u"2026-03-04T10:10:00"_s)));
        QVERIFY(Engine::SyncWindows::isActive(zoned, utc(u"2026-03-04T15:10:00"_s)));
        // A window that cannot be read is never active.
        QVERIFY(!Engine::SyncWindows::isActive(window(u"deny"_s, u"bad"_s, u"1h"_s), utc(u"2026-03-04T10:10:00"_s)));
    }

    void projectValidation()
    {
        Model::AppProject project;
        project.metadata.name = u"p"_s;
        project.spec.syncWindows = {window(u"block"_s, u"* * *"_s, u"forever"_s)};
        project.spec.syncWindows[0].timeZone = u"Mars/Olympus"_s;
        QStringList fields;
        for (const Model::FieldError &error : project.validate())
            fields.append(error.path);
        QCOMPARE(fields,
                 QStringList({u"spec.syncWindows[0].kind"_s, u"spec.syncWindows[0].schedule"_s,
                              u"spec.syncWindows[0].duration"_s, u"spec.syncWindows[0].timeZone"_s}));
    }
};

QTEST_GUILESS_MAIN(tst_SyncWindows)
#include "tst_syncwindows.moc"
