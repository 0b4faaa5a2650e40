// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <utility>

namespace Capstan::Http {

/// A complete answer: status, headers and body.
struct Response
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    static Response json(const QJsonObject &object, int status = 200);
    /// Argo CD's error: `{"error", "code", "message"}` with grpc-gateway's status.
    static Response error(const ApiError &error);
    static Response error(GrpcCode code, const QString &message) { return error(ApiError::fromCode(code, message)); }
};

} // namespace Capstan::Http
