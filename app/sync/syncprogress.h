// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Capstan {

/// One resource's result in a sync operation.
struct SyncResult
{
    enum class Outcome { Running, Changed, Unchanged, Pruned, Skipped, Failed };

    QString group;
    QString kind;
    QString ns;
    QString name;
    /// Synced, SyncFailed, Pruned, PruneSkipped.
    QString status;
    QString message;
    QString hookType;
    /// Running, Succeeded, Failed, Error, Terminating for hooks.
    QString hookPhase;
    /// PreSync, Sync, PostSync, SyncFail.
    QString syncPhase;
    qint64 wave = 0;
    Outcome outcome = Outcome::Running;

    QString key() const;
};

/// A sync operation as the application's status tells it: its phase and
/// message, and every resource's result with its sync wave; what changed and
/// what failed, for the summary at the end.
struct SyncProgress
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::SyncProgress)

public:
    /// Running, Terminating, Succeeded, Failed, Error.
    QString phase;
    QString message;
    QString startedAt;
    QString finishedAt;
    QString revision;
    bool dryRun = false;
    int retryCount = 0;
    QList<SyncResult> results;

    /// The operation of @p application (status.operationState), if it has one.
    static std::optional<SyncProgress> fromApplication(const QJsonObject &application);

    bool isFinished() const;
    bool succeeded() const { return phase == u"Succeeded"; }
    /// The highest sync wave a result has reached (the one running).
    qint64 currentWave() const;
    int count(SyncResult::Outcome outcome) const;
    /// "3 changed, 2 unchanged, 1 pruned, 1 failed".
    QString summary() const;
    /// "Deployment payments/web: the message", one per failed result.
    QStringList failures() const;
};

/// Tells the operation a dialog started from the one before it, in the
/// application's updates: once the request is answered, an operation state
/// other than the one seen before the request is ours. (Start times alone
/// cannot tell them apart: they have whole seconds, and a preview and the
/// sync after it can start in the same second.)
struct OperationTracker
{
    /// Before sending the request: remembers the operation there was.
    void arm(const QJsonObject &application);
    /// The request was answered; a refusal ends the operation before it began.
    void answered(const QString &refusal);
    /// Takes an update of the application; whether it changed our progress.
    bool update(const QJsonObject &application);

    bool isRequested() const { return m_requested; }
    bool isFinished() const { return !error.isEmpty() || (progress && progress->isFinished()); }
    bool isRunning() const { return m_requested && !isFinished(); }

    std::optional<SyncProgress> progress;
    /// Why the request was refused.
    QString error;

private:
    QJsonObject m_baseline;
    bool m_requested = false;
};

} // namespace Capstan
