// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

namespace Capstan::Engine {

/// A work queue with client-go's contract, for the controller's workers:
/// a key waiting once is queued once however often it is added; a key being
/// processed is never handed to a second worker, and a key added meanwhile is
/// queued again when the first worker is done. Keys may be added with a delay.
/// Thread-safe. It waits with the standard library's condition variable,
/// whose waits ThreadSanitizer sees (QWaitCondition's unlock happens inside
/// Qt, where the tool cannot see it).
class WorkQueue
{
public:
    void add(const QString &key);
    void addAfter(const QString &key, std::chrono::milliseconds delay);
    /// The next key, waiting for one; nullopt once shut down.
    std::optional<QString> take();
    /// The worker is done with `key`.
    void done(const QString &key);
    /// Wakes every waiting take() with nullopt, and takes no more keys.
    void shutDown();
    /// Takes keys again after shutDown(), for workers started anew; what was
    /// queued before is dropped.
    void reopen();

    qsizetype length() const;
    qsizetype delayed() const;

private:
    void addLocked(const QString &key);
    void promoteDueLocked();

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QString> m_queue;
    QSet<QString> m_dirty;
    QSet<QString> m_processing;
    std::multimap<qint64, QString> m_waiting; // deadline (ms since epoch of the steady clock) → key
    QHash<QString, qint64> m_waitingFor;
    bool m_shutDown = false;
};

} // namespace Capstan::Engine
