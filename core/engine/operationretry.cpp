// SPDX-License-Identifier: Apache-2.0
#include "operationretry.h"

#include "model/duration.h"

#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

QDateTime nextRetryAt(const Model::RetryStrategy &retry, const QDateTime &lastAttempt, qint64 count)
{
    std::chrono::milliseconds duration = std::chrono::seconds(5);
    qint64 factor = 2;
    std::chrono::milliseconds maxDuration = std::chrono::minutes(3);
    if (retry.backoff) {
        if (auto parsed = Model::parseDuration(retry.backoff->duration))
            duration = *parsed;
        if (retry.backoff->factor)
            factor = *retry.backoff->factor;
        if (auto parsed = Model::parseDuration(retry.backoff->maxDuration))
            maxDuration = *parsed;
    }
    double wait = double(duration.count()) * std::pow(double(factor), double(count));
    if (maxDuration.count() > 0)
        wait = std::min(wait, double(maxDuration.count()));
    return lastAttempt.addMSecs(qint64(wait));
}

bool settleAttempt(Model::OperationState &state, bool terminating, const QDateTime &now)
{
    if (!state.isCompleted())
        return false;
    if (state.phase == Model::OperationPhase::Succeeded)
        return true;
    const qint64 limit = state.operation.retry.limit;
    if (!terminating && (state.retryCount < limit || limit < 0)) {
        const QDateTime retryAt = nextRetryAt(state.operation.retry, now, state.retryCount);
        state.finishedAt = now;
        state.phase = Model::OperationPhase::Running;
        ++state.retryCount;
        state.message = u"%1. Retrying attempt #%2 at %3."_s.arg(state.message)
                            .arg(state.retryCount)
                            .arg(QLocale::c().toString(retryAt.toLocalTime().time(), u"h:mmAP"_s));
        return false;
    }
    if (state.retryCount > 0)
        state.message += u" (retried %1 times)."_s.arg(state.retryCount);
    return true;
}

std::chrono::milliseconds retryWait(const Model::OperationState &state, const QDateTime &now)
{
    if (!state.finishedAt)
        return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(
        now.msecsTo(nextRetryAt(state.operation.retry, *state.finishedAt, state.retryCount)));
}

} // namespace Capstan::Engine
