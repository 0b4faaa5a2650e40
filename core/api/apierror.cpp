// SPDX-License-Identifier: Apache-2.0
#include "apierror.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::ApiError)
};
} // namespace

ApiError ApiError::fromCode(GrpcCode code, const QString &message)
{
    return ApiError{code, message, httpStatusFor(code)};
}

ApiError ApiError::fromHttpReply(int httpStatus, const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        if (std::optional<ApiError> error = fromJson(doc.object())) {
            error->httpStatus = httpStatus;
            return *error;
        }
    }
    return ApiError{codeForHttpStatus(httpStatus), Tr::tr("the server answered with HTTP status %1").arg(httpStatus),
                    httpStatus};
}

int ApiError::httpStatusFor(GrpcCode code)
{
    switch (code) {
    case GrpcCode::Ok:
        return 200;
    case GrpcCode::Canceled:
        return 499;
    case GrpcCode::InvalidArgument:
    case GrpcCode::FailedPrecondition:
    case GrpcCode::OutOfRange:
        return 400;
    case GrpcCode::DeadlineExceeded:
        return 504;
    case GrpcCode::NotFound:
        return 404;
    case GrpcCode::AlreadyExists:
    case GrpcCode::Aborted:
        return 409;
    case GrpcCode::PermissionDenied:
        return 403;
    case GrpcCode::ResourceExhausted:
        return 429;
    case GrpcCode::Unimplemented:
        return 501;
    case GrpcCode::Unavailable:
        return 503;
    case GrpcCode::Unauthenticated:
        return 401;
    case GrpcCode::Unknown:
    case GrpcCode::Internal:
    case GrpcCode::DataLoss:
        break;
    }
    return 500;
}

GrpcCode ApiError::codeForHttpStatus(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return GrpcCode::InvalidArgument;
    case 401:
        return GrpcCode::Unauthenticated;
    case 403:
        return GrpcCode::PermissionDenied;
    case 404:
        return GrpcCode::NotFound;
    case 409:
        return GrpcCode::Aborted;
    case 429:
        return GrpcCode::ResourceExhausted;
    case 501:
        return GrpcCode::Unimplemented;
    case 502:
    case 503:
        return GrpcCode::Unavailable;
    case 504:
        return GrpcCode::DeadlineExceeded;
    default:
        return httpStatus >= 500 ? GrpcCode::Internal : GrpcCode::Unknown;
    }
}

QJsonObject ApiError::toJson() const
{
    return QJsonObject{
        {u"error"_s, message},
        {u"code"_s, int(code)},
        {u"message"_s, message},
    };
}

std::optional<ApiError> ApiError::fromJson(const QJsonObject &json)
{
    const QJsonValue code = json.value(u"code");
    if (!code.isDouble())
        return std::nullopt;
    QString message = json.value(u"message").toString();
    if (message.isEmpty())
        message = json.value(u"error").toString();
    return ApiError{GrpcCode(code.toInt()), message, 0};
}

} // namespace Capstan
