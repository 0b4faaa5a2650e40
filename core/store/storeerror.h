// SPDX-License-Identifier: Apache-2.0
#pragma once

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
};

} // namespace Capstan::Store

Q_DECLARE_METATYPE(Capstan::Store::StoreError)
