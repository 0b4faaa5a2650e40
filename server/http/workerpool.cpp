// SPDX-License-Identifier: Apache-2.0
#include "workerpool.h"

#include <QObject>
#include <QPromise>
#include <QThread>
#include <QThreadStorage>

#include <memory>

#include <pthread.h>

namespace Capstan::Http {

/// Brings answers back to one asking thread, where it finishes their
/// futures. One per thread, kept while the thread runs and while any answer
/// for it is on its way: a worker touches only the postman, never a future.
class Postman : public QObject
{
    Q_OBJECT

public:
    /// The postman of the calling thread.
    static std::shared_ptr<Postman> here()
    {
        static QThreadStorage<std::shared_ptr<Postman>> postmen;
        if (!postmen.hasLocalData())
            postmen.setLocalData(std::make_shared<Postman>());
        return postmen.localData();
    }

    /// On the worker: leaves @p response for @p promise and wakes the thread.
    void post(std::shared_ptr<QPromise<Response>> promise, Response response)
    {
        {
            std::lock_guard locker(m_mutex);
            m_answers.push_back({std::move(promise), std::move(response)});
        }
        QMetaObject::invokeMethod(this, "deliver", Qt::QueuedConnection);
    }

private Q_SLOTS:
    void deliver()
    {
        std::unique_lock locker(m_mutex);
        std::deque<Answer> answers;
        answers.swap(m_answers);
        locker.unlock();
        for (Answer &answer : answers) {
            answer.promise->addResult(std::move(answer.response));
            answer.promise->finish();
        }
    }

private:
    struct Answer
    {
        std::shared_ptr<QPromise<Response>> promise;
        Response response;
    };
    std::mutex m_mutex;
    std::deque<Answer> m_answers;
};

WorkerPool::WorkerPool(int threads)
{
    for (int i = 0; i < threads; ++i) {
        m_threads.emplace_back([this] {
            pthread_setname_np(pthread_self(), "capstan-route");
            serve();
        });
    }
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard locker(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
}

WorkerPool &WorkerPool::shared()
{
    static WorkerPool pool(std::max(4, QThread::idealThreadCount()));
    return pool;
}

QFuture<Response> WorkerPool::run(std::function<Response()> work)
{
    auto promise = std::make_shared<QPromise<Response>>();
    promise->start();
    QFuture<Response> future = promise->future();
    {
        std::lock_guard locker(m_mutex);
        m_jobs.push_back([postman = Postman::here(), promise = std::move(promise), work = std::move(work)]() mutable {
            postman->post(std::move(promise), work());
        });
    }
    m_changed.notify_one();
    return future;
}

void WorkerPool::serve()
{
    std::unique_lock locker(m_mutex);
    for (;;) {
        m_changed.wait(locker, [this] { return m_stopping || !m_jobs.empty(); });
        // Stopping (at exit): what is still queued is dropped, not run
        // against services that may be gone; its futures are cancelled.
        if (m_stopping)
            return;
        std::function<void()> job = std::move(m_jobs.front());
        m_jobs.pop_front();
        locker.unlock();
        job();
        job = nullptr;
        locker.lock();
    }
}

} // namespace Capstan::Http

#include "workerpool.moc"
