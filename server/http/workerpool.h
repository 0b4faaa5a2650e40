// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "response.h"

#include <QFuture>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Capstan::Http {

/// The threads route handlers that wait run on: database writes, bcrypt,
/// Git, the clusters. A handler's answer comes back to the thread that asked
/// (the server's), where its future finishes, so that nothing of Qt's future
/// machinery crosses threads. Work and answers cross through standard locks,
/// which ThreadSanitizer sees (it cannot see into Qt's own thread pool).
/// Thread-safe.
class WorkerPool
{
public:
    explicit WorkerPool(int threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    /// The pool the routes share, with as many threads as the machine has
    /// cores, and at least four.
    static WorkerPool &shared();

    /// Runs @p work on a worker. The caller's thread must run an event loop:
    /// the future finishes there.
    QFuture<Response> run(std::function<Response()> work);

private:
    void serve();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::function<void()>> m_jobs;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace Capstan::Http
