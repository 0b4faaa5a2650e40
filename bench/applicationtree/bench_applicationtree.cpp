// SPDX-License-Identifier: Apache-2.0
// bench_applicationtree [apps]: the applications tree's models with 10,000
// applications behind a real QTreeView (offscreen): the first load, one watch
// event (a health change that moves the app to another group), filter
// keystrokes, and peak RSS. Prints JSON.
#include "applications/applicationfiltermodel.h"
#include "applications/applicationgroupmodel.h"
#include "applications/applicationsmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTreeView>

#include <algorithm>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

ApplicationSummary makeApplication(int i)
{
    static const QStringList healths{u"Healthy"_s,     u"Healthy"_s,  u"Healthy"_s,
                                     u"Progressing"_s, u"Degraded"_s, u"Missing"_s};
    ApplicationSummary a;
    a.name = u"app-%1"_s.arg(i, 5, 10, QChar(u'0'));
    a.ns = u"argocd"_s;
    a.project = u"team-%1"_s.arg(i % 40);
    a.healthStatus = healths.at(i % healths.size());
    a.syncStatus = i % 7 == 0 ? u"OutOfSync"_s : u"Synced"_s;
    a.repoUrl = u"https://git.example.com/team-%1/deploy.git"_s.arg(i % 40);
    a.path = u"apps/app-%1"_s.arg(i);
    a.targetRevision = u"HEAD"_s;
    a.revision = u"0123456789abcdef0123456789abcdef%1"_s.arg(i % 100000000, 8, 10, QChar(u'0'));
    a.destinationName = u"cluster-%1"_s.arg(i % 5);
    a.destinationServer = u"https://cluster-%1.example.com"_s.arg(i % 5);
    a.destinationNamespace = u"ns-%1"_s.arg(i % 200);
    a.labels = {{u"team"_s, u"team-%1"_s.arg(i % 40)}, {u"tier"_s, i % 2 ? u"web"_s : u"data"_s}};
    a.lastSync = QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC).addSecs(i * 37);
    return a;
}

double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

qint64 peakRssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 10'000;

    QList<ApplicationSummary> applications;
    applications.reserve(count);
    for (int i = 0; i < count; ++i)
        applications.append(makeApplication(i));

    ApplicationsModel model;
    ApplicationGroupModel groups;
    groups.setSourceModel(&model);
    ApplicationFilterModel filter;
    filter.setSourceModel(&groups);
    QTreeView view;
    view.setModel(&filter);
    view.setSortingEnabled(true);
    view.sortByColumn(ApplicationsModel::NameColumn, Qt::AscendingOrder);
    view.resize(1200, 800);
    view.show();
    QCoreApplication::processEvents();

    QElapsedTimer timer;
    timer.start();
    model.setApplications(u"bench"_s, u"Benchmark"_s, applications);
    view.expandToDepth(1);
    QCoreApplication::processEvents();
    const double load = milliseconds(timer);

    // One watch event at a time: each moves an app to another health group.
    QList<double> updates;
    for (int i = 0; i < 200; ++i) {
        ApplicationSummary changed = applications.at((i * 47) % count);
        changed.healthStatus = changed.healthStatus == u"Healthy" ? u"Degraded"_s : u"Healthy"_s;
        changed.syncStatus = u"OutOfSync"_s;
        timer.restart();
        model.upsert(u"bench"_s, u"Benchmark"_s, changed);
        updates.append(milliseconds(timer));
    }
    std::sort(updates.begin(), updates.end());

    // Typing "app-0123" one key at a time, then deleting it again.
    QList<double> keystrokes;
    const QString typed = u"app-0123"_s;
    for (qsizetype n = 1; n <= typed.size(); ++n) {
        timer.restart();
        filter.setText(typed.left(n));
        keystrokes.append(milliseconds(timer));
    }
    for (qsizetype n = typed.size() - 1; n >= 0; --n) {
        timer.restart();
        filter.setText(typed.left(n));
        keystrokes.append(milliseconds(timer));
    }
    std::sort(keystrokes.begin(), keystrokes.end());
    QCoreApplication::processEvents();

    const QJsonObject result{
        {u"applications"_s, count},
        {u"initialLoadMs"_s, load},
        {u"updateMedianMs"_s, updates.at(updates.size() / 2)},
        {u"updateP99Ms"_s, updates.at(updates.size() * 99 / 100)},
        {u"updateMaxMs"_s, updates.last()},
        {u"filterKeystrokeMedianMs"_s, keystrokes.at(keystrokes.size() / 2)},
        {u"filterKeystrokeMaxMs"_s, keystrokes.last()},
        {u"peakRssMiB"_s, double(peakRssKiB()) / 1024.0},
    };
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
