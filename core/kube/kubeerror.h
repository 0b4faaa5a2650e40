// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Capstan::Kube {

/// A failed Kubernetes API call: the API server's Status object made typed, or
/// a transport failure (reason Unavailable, HTTP status 0).
struct KubeError
{
    enum class Reason {
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        AlreadyExists,
        Conflict,
        /// 410: a resourceVersion too old to watch or list from.
        Gone,
        Invalid,
        TooManyRequests,
        Timeout,
        InternalError,
        /// No answer: connection refused, reset, or a time-out on the wire.
        Unavailable,
        /// The server's certificate was not trusted, or the handshake failed.
        TlsFailure,
        Unknown,
    };

    /// One field's problem in an Invalid answer.
    struct Cause
    {
        QString field;
        QString reason;
        QString message;
    };

    Reason reason = Reason::Unknown;
    int httpStatus = 0;
    QString message;
    QList<Cause> causes;
    /// The Status object as the server sent it, if it sent one.
    QJsonObject status;

    /// Reads a Status object from an answer, or makes one from the HTTP status.
    static KubeError fromReply(int httpStatus, const QByteArray &body);
    static KubeError fromStatus(const QJsonObject &status);
    static KubeError unavailable(const QString &message);

    /// Whether repeating the same request may succeed.
    bool isTransient() const;
};

} // namespace Capstan::Kube

Q_DECLARE_METATYPE(Capstan::Kube::KubeError)
