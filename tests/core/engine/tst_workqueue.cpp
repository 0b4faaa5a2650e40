// SPDX-License-Identifier: Apache-2.0
// The controller's work queue: deduplication, one worker per key, delays.
#include "engine/workqueue.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace Capstan;

class WorkQueueTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addsCollapse()
    {
        Engine::WorkQueue queue;
        queue.add(u"a"_s);
        queue.add(u"b"_s);
        queue.add(u"a"_s);
        QCOMPARE(queue.length(), 2);
        QCOMPARE(queue.take(), u"a"_s);
        // Added while processing: queued again when done, not before.
        queue.add(u"a"_s);
        QCOMPARE(queue.length(), 1);
        QCOMPARE(queue.take(), u"b"_s);
        queue.done(u"b"_s);
        QCOMPARE(queue.length(), 0);
        queue.done(u"a"_s);
        QCOMPARE(queue.length(), 1);
        QCOMPARE(queue.take(), u"a"_s);
    }

    void delayedAddsWaitAndKeepTheEarliest()
    {
        Engine::WorkQueue queue;
        QElapsedTimer clock;
        clock.start();
        queue.addAfter(u"late"_s, std::chrono::milliseconds(5000));
        queue.addAfter(u"late"_s, std::chrono::milliseconds(100));
        QCOMPARE(queue.delayed(), 1);
        QCOMPARE(queue.take(), u"late"_s);
        QVERIFY(clock.elapsed() >= 90);
        QVERIFY(clock.elapsed() < 4000);
    }

    void noKeyIsProcessedTwiceAtOnce()
    {
        Engine::WorkQueue queue;
        std::atomic<int> processed{0};
        std::atomic<bool> overlap{false};
        QMutex mutex;
        QSet<QString> busy;
        QList<QThread *> workers;
        for (int i = 0; i < 4; ++i) {
            workers.append(QThread::create([&] {
                while (const auto key = queue.take()) {
                    {
                        QMutexLocker locker(&mutex);
                        if (busy.contains(*key))
                            overlap = true;
                        busy.insert(*key);
                    }
                    QThread::usleep(200);
                    {
                        QMutexLocker locker(&mutex);
                        busy.remove(*key);
                    }
                    ++processed;
                    queue.done(*key);
                }
            }));
            workers.last()->start();
        }
        for (int round = 0; round < 200; ++round)
            queue.add(u"app-%1"_s.arg(round % 3));
        QTRY_VERIFY(queue.length() == 0);
        QThread::msleep(50);
        queue.shutDown();
        for (QThread *worker : std::as_const(workers)) {
            QVERIFY(worker->wait(5000));
            delete worker;
        }
        QVERIFY(!overlap);
        QVERIFY(processed >= 3);
        QCOMPARE(queue.take(), std::nullopt);
    }

    void reopenedAfterShutDown()
    {
        Engine::WorkQueue queue;
        queue.add(u"stale"_s);
        queue.shutDown();
        queue.add(u"ignored"_s);
        QCOMPARE(queue.take(), std::nullopt);
        queue.reopen();
        QCOMPARE(queue.length(), 0); // what was queued before is dropped
        queue.add(u"fresh"_s);
        queue.addAfter(u"later"_s, std::chrono::milliseconds(10));
        QCOMPARE(queue.take(), u"fresh"_s);
        QCOMPARE(queue.take(), u"later"_s);
    }
};

QTEST_GUILESS_MAIN(WorkQueueTest)
#include "tst_workqueue.moc"
