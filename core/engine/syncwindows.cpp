// SPDX-License-Identifier: Apache-2.0
#include "syncwindows.h"

#include "base/cronschedule.h"
#include "engine/projectpolicy.h"
#include "model/duration.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

bool anyMatches(const QStringList &patterns, const auto &predicate)
{
    return std::any_of(patterns.begin(), patterns.end(), predicate);
}

bool hasKind(const QList<Model::SyncWindow> &windows, QLatin1StringView kind)
{
    return std::any_of(windows.begin(), windows.end(), [&](const Model::SyncWindow &w) { return w.kind == kind; });
}

bool allManual(const QList<Model::SyncWindow> &windows)
{
    return !windows.isEmpty()
        && std::all_of(windows.begin(), windows.end(), [](const Model::SyncWindow &w) { return w.manualSync; });
}

} // namespace

SyncWindows SyncWindows::matching(const Model::AppProject &project, const Model::Application &application)
{
    const Model::ApplicationDestination &destination = application.spec.destination;
    QList<Model::SyncWindow> matched;
    for (const Model::SyncWindow &window : project.spec.syncWindows) {
        QList<bool> results;
        if (!window.applications.isEmpty())
            results.append(anyMatches(window.applications, [&](const QString &pattern) {
                return globMatch(pattern, application.metadata.name, false);
            }));
        if (!window.clusters.isEmpty())
            results.append(anyMatches(window.clusters, [&](const QString &pattern) {
                return (!destination.name.isEmpty() && globMatch(pattern, destination.name, false))
                    || (!destination.server.isEmpty() && globMatch(pattern, destination.server, false));
            }));
        if (!window.namespaces.isEmpty())
            results.append(anyMatches(
                window.namespaces, [&](const QString &pattern) { return globMatch(pattern, destination.ns, false); }));
        const bool matches = window.andOperator
            ? !results.isEmpty() && std::all_of(results.begin(), results.end(), [](bool b) { return b; })
            : std::any_of(results.begin(), results.end(), [](bool b) { return b; });
        if (matches)
            matched.append(window);
    }
    return SyncWindows(matched);
}

bool SyncWindows::isActive(const Model::SyncWindow &window, const QDateTime &now)
{
    const auto schedule = CronSchedule::parse(window.schedule);
    const auto duration = Model::parseDuration(window.duration);
    if (!schedule || !duration)
        return false;
    const QTimeZone zone = window.timeZone.isEmpty() ? QTimeZone::utc() : QTimeZone(window.timeZone.toUtf8());
    // Argo CD: the window is on when the schedule fires between now - duration and now.
    const QDateTime start = schedule->next(now.addMSecs(-duration->count()), zone.isValid() ? zone : QTimeZone::utc());
    return start.isValid() && start < now;
}

QList<Model::SyncWindow> SyncWindows::active(const QDateTime &now) const
{
    QList<Model::SyncWindow> result;
    for (const Model::SyncWindow &window : m_windows) {
        if (isActive(window, now))
            result.append(window);
    }
    return result;
}

QList<Model::SyncWindow> SyncWindows::inactiveAllows(const QDateTime &now) const
{
    QList<Model::SyncWindow> result;
    for (const Model::SyncWindow &window : m_windows) {
        // A window that cannot be read is neither active nor counted as an inactive allow, as in Argo CD.
        if (window.kind == u"allow" && CronSchedule::parse(window.schedule) && Model::parseDuration(window.duration)
            && !isActive(window, now))
            result.append(window);
    }
    return result;
}

bool SyncWindows::canSync(bool manual, const QDateTime &now) const
{
    if (m_windows.isEmpty())
        return true;
    const QList<Model::SyncWindow> activeWindows = active(now);
    QList<Model::SyncWindow> activeDenies;
    for (const Model::SyncWindow &window : activeWindows) {
        if (window.kind == u"deny")
            activeDenies.append(window);
    }
    if (!activeDenies.isEmpty())
        return manual && allManual(activeDenies);
    if (hasKind(activeWindows, "allow"_L1))
        return true;
    const QList<Model::SyncWindow> inactive = inactiveAllows(now);
    if (!inactive.isEmpty())
        return manual && allManual(inactive);
    return true;
}

} // namespace Capstan::Engine
