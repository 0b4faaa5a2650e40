// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace Capstan::Store {

/// Why a read or write of the store failed. The message is for the user.
struct StoreError
{
    enum class Reason {
        NotFound,
        AlreadyExists,
        /// The object changed since the caller read it (stale resourceVersion).
        Conflict,
        /// The object is not valid; the message names the field.
        Invalid,
        /// A rule forbids the change, such as deleting a project still in use.
        FailedPrecondition,
        /// The database file could not be read or written.
        Storage,
    };

    Reason reason = Reason::Storage;
    QString message;

    static StoreError make(Reason reason, const QString &message) { return StoreError{reason, message}; }

    /// The same for an API caller, with the gRPC code that fits the reason.
    ApiError toApiError() const
    {
        switch (reason) {
        case Reason::NotFound:
            return ApiError::fromCode(GrpcCode::NotFound, message);
        case Reason::AlreadyExists:
            return ApiError::fromCode(GrpcCode::AlreadyExists, message);
        case Reason::Conflict:
            return ApiError::fromCode(GrpcCode::Aborted, message);
        case Reason::Invalid:
            return ApiError::fromCode(GrpcCode::InvalidArgument, message);
        case Reason::FailedPrecondition:
            return ApiError::fromCode(GrpcCode::FailedPrecondition, message);
        case Reason::Storage:
            break;
        }
        return ApiError::fromCode(GrpcCode::Internal, message);
    }
};

} // namespace Capstan::Store

Q_DECLARE_METATYPE(Capstan::Store::StoreError)
