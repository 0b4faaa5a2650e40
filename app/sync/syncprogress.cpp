// SPDX-License-Identifier: Apache-2.0
#include "syncprogress.h"

#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

SyncResult::Outcome outcomeOf(const SyncResult &result)
{
    using Outcome = SyncResult::Outcome;
    if (result.status == u"SyncFailed" || result.hookPhase == u"Failed" || result.hookPhase == u"Error")
        return Outcome::Failed;
    if (result.status == u"Pruned")
        return Outcome::Pruned;
    if (result.status == u"PruneSkipped")
        return Outcome::Skipped;
    // Only a hook runs: other resources carry the phase of their task, but
    // they are applied once they have a result.
    const bool hook = !result.hookType.isEmpty();
    if (hook
        && (result.hookPhase == u"Running" || result.hookPhase == u"Pending" || result.hookPhase == u"Terminating"))
        return Outcome::Running;
    // kubectl's words: "deployment.apps/web unchanged", "… configured", "… created".
    if (result.message.contains(u" unchanged"))
        return Outcome::Unchanged;
    return Outcome::Changed;
}

} // namespace

QString SyncResult::key() const
{
    return u"%1/%2/%3/%4"_s.arg(group, kind, ns, name);
}

std::optional<SyncProgress> SyncProgress::fromApplication(const QJsonObject &application)
{
    const QJsonObject status = application.value(u"status").toObject();
    const QJsonObject state = status.value(u"operationState").toObject();
    if (state.isEmpty())
        return std::nullopt;
    SyncProgress progress;
    progress.phase = state.value(u"phase").toString();
    progress.message = state.value(u"message").toString();
    progress.startedAt = state.value(u"startedAt").toString();
    progress.finishedAt = state.value(u"finishedAt").toString();
    progress.retryCount = state.value(u"retryCount").toInt();
    const QJsonObject sync = state.value(u"operation").toObject().value(u"sync").toObject();
    progress.dryRun = sync.value(u"dryRun").toBool();
    const QJsonObject syncResult = state.value(u"syncResult").toObject();
    progress.revision = syncResult.value(u"revision").toString();
    if (progress.revision.isEmpty())
        progress.revision = sync.value(u"revision").toString();

    // The waves are the app's: status.resources carries each one's syncWave.
    QHash<QString, qint64> waves;
    for (const QJsonValue &value : status.value(u"resources").toArray()) {
        const QJsonObject resource = value.toObject();
        waves.insert(u"%1/%2/%3/%4"_s.arg(resource.value(u"group").toString(), resource.value(u"kind").toString(),
                                          resource.value(u"namespace").toString(), resource.value(u"name").toString()),
                     resource.value(u"syncWave").toInteger());
    }
    for (const QJsonValue &value : syncResult.value(u"resources").toArray()) {
        const QJsonObject r = value.toObject();
        SyncResult result;
        result.group = r.value(u"group").toString();
        result.kind = r.value(u"kind").toString();
        result.ns = r.value(u"namespace").toString();
        result.name = r.value(u"name").toString();
        result.status = r.value(u"status").toString();
        result.message = r.value(u"message").toString();
        result.hookType = r.value(u"hookType").toString();
        result.hookPhase = r.value(u"hookPhase").toString();
        result.syncPhase = r.value(u"syncPhase").toString();
        result.wave = waves.value(result.key());
        result.outcome = outcomeOf(result);
        progress.results.append(result);
    }
    return progress;
}

bool SyncProgress::isFinished() const
{
    return phase == u"Succeeded" || phase == u"Failed" || phase == u"Error";
}

qint64 SyncProgress::currentWave() const
{
    qint64 wave = 0;
    bool any = false;
    for (const SyncResult &result : results) {
        if (!any || result.wave > wave)
            wave = result.wave;
        any = true;
    }
    return wave;
}

int SyncProgress::count(SyncResult::Outcome outcome) const
{
    return int(std::count_if(results.cbegin(), results.cend(),
                             [outcome](const SyncResult &result) { return result.outcome == outcome; }));
}

QString SyncProgress::summary() const
{
    using Outcome = SyncResult::Outcome;
    QStringList parts;
    if (const int n = count(Outcome::Changed))
        parts << tr("%n changed", nullptr, n);
    if (const int n = count(Outcome::Unchanged))
        parts << tr("%n unchanged", nullptr, n);
    if (const int n = count(Outcome::Pruned))
        parts << tr("%n pruned", nullptr, n);
    if (const int n = count(Outcome::Skipped))
        parts << tr("%n not pruned", nullptr, n);
    if (const int n = count(Outcome::Running))
        parts << tr("%n running", nullptr, n);
    if (const int n = count(Outcome::Failed))
        parts << tr("%n failed", nullptr, n);
    if (parts.isEmpty())
        return tr("No resources were synced.");
    return parts.join(tr(", "));
}

QStringList SyncProgress::failures() const
{
    QStringList lines;
    for (const SyncResult &result : results) {
        if (result.outcome != SyncResult::Outcome::Failed)
            continue;
        const QString where = result.ns.isEmpty() ? result.name : result.ns + u'/' + result.name;
        lines << tr("%1 %2: %3").arg(result.kind, where, result.message);
    }
    return lines;
}

void OperationTracker::arm(const QJsonObject &application)
{
    m_baseline = application.value(u"status").toObject().value(u"operationState").toObject();
    m_requested = false;
    progress.reset();
    error.clear();
}

void OperationTracker::answered(const QString &refusal)
{
    m_requested = refusal.isEmpty();
    error = refusal;
}

bool OperationTracker::update(const QJsonObject &application)
{
    if (!m_requested)
        return false;
    const QJsonObject state = application.value(u"status").toObject().value(u"operationState").toObject();
    if (state.isEmpty() || state == m_baseline)
        return false;
    auto next = SyncProgress::fromApplication(application);
    progress = std::move(next);
    return true;
}

} // namespace Capstan
