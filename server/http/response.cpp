// SPDX-License-Identifier: Apache-2.0
#include "response.h"

#include <QJsonDocument>

namespace Capstan::Http {

Response Response::json(const QJsonObject &object, int status)
{
    return {status, QByteArrayLiteral("application/json"), QJsonDocument(object).toJson(QJsonDocument::Compact), {}};
}

Response Response::error(const ApiError &error)
{
    return json(error.toJson(), ApiError::httpStatusFor(error.code));
}

} // namespace Capstan::Http
