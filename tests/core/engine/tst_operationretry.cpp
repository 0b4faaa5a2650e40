// SPDX-License-Identifier: Apache-2.0
// The retry policy of operations: the backoff's times, and what a failed,
// succeeded or terminated attempt leaves behind, as Argo CD's controller.
#include "engine/operationretry.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;
using Model::OperationPhase;

namespace {

const QDateTime start = QDateTime::fromString(u"2026-12-07T10:00:00Z"_s, Qt::ISODate);

Model::OperationState failed(qint64 limit, qint64 retryCount = 0)
{
    Model::OperationState state;
    state.phase = OperationPhase::Failed;
    state.message = u"one or more objects failed to apply"_s;
    state.operation.retry.limit = limit;
    state.retryCount = retryCount;
    return state;
}

} // namespace

class OperationRetryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backoffDefaultsAndCap()
    {
        const Model::RetryStrategy defaults;
        QCOMPARE(start.msecsTo(Engine::nextRetryAt(defaults, start, 0)), 5000);
        QCOMPARE(start.msecsTo(Engine::nextRetryAt(defaults, start, 2)), 20000);
        QCOMPARE(start.msecsTo(Engine::nextRetryAt(defaults, start, 10)), 180000); // 3 minutes at most

        Model::RetryStrategy custom;
        custom.backoff = Model::Backoff{u"10s"_s, 3, u"1m"_s};
        QCOMPARE(start.msecsTo(Engine::nextRetryAt(custom, start, 1)), 30000);
        QCOMPARE(start.msecsTo(Engine::nextRetryAt(custom, start, 3)), 60000);
        custom.backoff = Model::Backoff{u"7"_s, std::nullopt, {}}; // plain seconds, factor 2
        QCOMPARE(start.msecsTo(Engine::nextRetryAt(custom, start, 1)), 14000);
    }

    void failedAttemptWithRetriesLeftWaits()
    {
        Model::OperationState state = failed(2);
        QVERIFY(!Engine::settleAttempt(state, false, start));
        QCOMPARE(state.phase, OperationPhase::Running);
        QCOMPARE(state.retryCount, 1);
        QCOMPARE(state.finishedAt, std::optional<QDateTime>(start));
        QVERIFY2(state.message.startsWith(u"one or more objects failed to apply. Retrying attempt #1 at "_s),
                 qPrintable(state.message));
        // Its next attempt is due after the backoff for the attempts so far.
        QCOMPARE(Engine::retryWait(state, start), std::chrono::milliseconds(10000));
        QCOMPARE(Engine::retryWait(state, start.addSecs(4)), std::chrono::milliseconds(6000));
    }

    void lastRetrySaysHowOften()
    {
        Model::OperationState state = failed(2, 2);
        QVERIFY(Engine::settleAttempt(state, false, start));
        QCOMPARE(state.phase, OperationPhase::Failed);
        QCOMPARE(state.message, u"one or more objects failed to apply (retried 2 times)."_s);
    }

    void negativeLimitRetriesWithoutEnd()
    {
        Model::OperationState state = failed(-1, 40);
        QVERIFY(!Engine::settleAttempt(state, false, start));
        QCOMPARE(state.retryCount, 41);
    }

    void successAndTerminationAreFinal()
    {
        Model::OperationState succeeded = failed(5);
        succeeded.phase = OperationPhase::Succeeded;
        succeeded.message = u"successfully synced"_s;
        QVERIFY(Engine::settleAttempt(succeeded, false, start));
        QCOMPARE(succeeded.message, u"successfully synced"_s);

        Model::OperationState terminated = failed(5);
        QVERIFY(Engine::settleAttempt(terminated, true, start));
        QCOMPARE(terminated.phase, OperationPhase::Failed);
        QCOMPARE(terminated.retryCount, 0);

        Model::OperationState running = failed(5);
        running.phase = OperationPhase::Running;
        QVERIFY(!Engine::settleAttempt(running, false, start));
        QCOMPARE(running.retryCount, 0);
        QCOMPARE(Engine::retryWait(running, start), std::chrono::milliseconds(0));
    }
};

QTEST_GUILESS_MAIN(OperationRetryTest)
#include "tst_operationretry.moc"
