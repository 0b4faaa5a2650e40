// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QDateTime>

namespace Capstan::Engine {

/// When a failed operation is tried again: the backoff's duration ×
/// factor^count, at most its maxDuration (Argo CD's defaults: 5 s, ×2, 3 min).
QDateTime nextRetryAt(const Model::RetryStrategy &retry, const QDateTime &lastAttempt, qint64 count);

/// After an attempt of @p state's operation ended at @p now: whether the
/// operation is over. A failed attempt with retries left (the limit, or
/// without end when it is negative) is not: it is made to wait for its next
/// attempt, with Argo CD's "Retrying attempt #n at h:mmAP." message. A
/// terminated operation is never retried; one that was says how often.
bool settleAttempt(Model::OperationState &state, bool terminating, const QDateTime &now);

/// How long an operation waiting for its next attempt still waits at @p now.
std::chrono::milliseconds retryWait(const Model::OperationState &state, const QDateTime &now);

} // namespace Capstan::Engine
