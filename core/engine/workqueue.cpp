// SPDX-License-Identifier: Apache-2.0
#include "workqueue.h"

namespace Capstan::Engine {

namespace {

qint64 now()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

void WorkQueue::add(const QString &key)
{
    std::lock_guard locker(m_mutex);
    addLocked(key);
}

void WorkQueue::addLocked(const QString &key)
{
    if (m_shutDown || m_dirty.contains(key))
        return;
    m_dirty.insert(key);
    if (m_processing.contains(key))
        return; // queued again by done()
    m_queue.push_back(key);
    m_changed.notify_one();
}

void WorkQueue::addAfter(const QString &key, std::chrono::milliseconds delay)
{
    if (delay.count() <= 0) {
        add(key);
        return;
    }
    std::lock_guard locker(m_mutex);
    if (m_shutDown)
        return;
    const qint64 deadline = now() + delay.count();
    // The earliest of several delayed adds wins.
    if (auto it = m_waitingFor.find(key); it != m_waitingFor.end()) {
        if (*it <= deadline)
            return;
        auto range = m_waiting.equal_range(*it);
        for (auto entry = range.first; entry != range.second; ++entry) {
            if (entry->second == key) {
                m_waiting.erase(entry);
                break;
            }
        }
    }
    m_waiting.emplace(deadline, key);
    m_waitingFor.insert(key, deadline);
    m_changed.notify_all();
}

void WorkQueue::promoteDueLocked()
{
    const qint64 current = now();
    while (!m_waiting.empty() && m_waiting.begin()->first <= current) {
        const QString key = m_waiting.begin()->second;
        m_waiting.erase(m_waiting.begin());
        m_waitingFor.remove(key);
        addLocked(key);
    }
}

std::optional<QString> WorkQueue::take()
{
    std::unique_lock locker(m_mutex);
    for (;;) {
        if (m_shutDown)
            return std::nullopt;
        promoteDueLocked();
        if (!m_queue.empty())
            break;
        if (m_waiting.empty())
            m_changed.wait(locker);
        else
            m_changed.wait_for(locker,
                               std::chrono::milliseconds(std::max<qint64>(1, m_waiting.begin()->first - now())));
    }
    QString key = m_queue.front();
    m_queue.pop_front();
    m_processing.insert(key);
    m_dirty.remove(key);
    return key;
}

void WorkQueue::done(const QString &key)
{
    std::lock_guard locker(m_mutex);
    m_processing.remove(key);
    if (m_dirty.contains(key) && !m_shutDown) {
        m_queue.push_back(key);
        m_changed.notify_one();
    }
}

void WorkQueue::shutDown()
{
    std::lock_guard locker(m_mutex);
    m_shutDown = true;
    m_changed.notify_all();
}

void WorkQueue::reopen()
{
    std::lock_guard locker(m_mutex);
    m_shutDown = false;
    m_queue.clear();
    m_dirty.clear();
    m_processing.clear();
    m_waiting.clear();
    m_waitingFor.clear();
}

qsizetype WorkQueue::length() const
{
    std::lock_guard locker(m_mutex);
    return qsizetype(m_queue.size());
}

qsizetype WorkQueue::delayed() const
{
    std::lock_guard locker(m_mutex);
    return qsizetype(m_waiting.size());
}

} // namespace Capstan::Engine
