// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Capstan {

/// gRPC status codes, which Argo CD's API reports in the "code" of its errors.
enum class GrpcCode {
    Ok = 0,
    Canceled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};

/// An error of the Argo CD API: `{"error": "...", "code": N, "message": "..."}`
/// on the wire, with the HTTP status that grpc-gateway maps the code to.
struct ApiError
{
    GrpcCode code = GrpcCode::Unknown;
    QString message;
    /// The HTTP status the error arrived with, or 0 when no answer came at all.
    int httpStatus = 0;

    static ApiError fromCode(GrpcCode code, const QString &message);
    /// The error in an HTTP answer: Argo CD's JSON when the body has it,
    /// otherwise a message built from the status.
    static ApiError fromHttpReply(int httpStatus, const QByteArray &body);

    /// grpc-gateway's mapping of gRPC codes to HTTP statuses.
    static int httpStatusFor(GrpcCode code);
    /// The reverse, for answers that carry no code of their own.
    static GrpcCode codeForHttpStatus(int httpStatus);

    QJsonObject toJson() const;
    static std::optional<ApiError> fromJson(const QJsonObject &json);
};

} // namespace Capstan
