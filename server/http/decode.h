// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "model/jsonfields.h"
#include "request.h"

#include <QJsonObject>

namespace Capstan::Http {

/// Reads a request body (or part of one) as a described type. Unknown fields
/// and values of the wrong type are refused with InvalidArgument, naming
/// every field at fault: "spec.source.pathh: unknown field; spec.project:
/// must be a string". The top-level keys in @p skipped are read but not
/// checked for unknown fields (an Application's status, which the server
/// owns).
template<Model::Json::Described T>
Result<T, ApiError> decode(const QJsonObject &json, const QStringList &skipped = {}, const QString &path = {})
{
    QList<Model::FieldError> problems = Model::unknownFields<T>(json, skipped, path);
    auto value = Model::fromJson<T>(json, path);
    if (!value)
        problems.append(value.error().fields);
    if (!problems.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, Model::ValidationError{problems}.message()));
    return std::move(value).value();
}

/// A request's body read as @p T with decode(): malformed JSON, a body that
/// is not an object, unknown fields and wrong types all give InvalidArgument.
template<Model::Json::Described T>
Result<T, ApiError> decodeBody(const Request &request, const QStringList &skipped = {})
{
    const auto json = request.jsonBody();
    if (!json)
        return Failure(json.error());
    return decode<T>(*json, skipped);
}

} // namespace Capstan::Http
