// SPDX-License-Identifier: Apache-2.0
#include "kubeerror.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::KubeError)
};

KubeError::Reason reasonFor(const QString &reason, int code)
{
    static const QHash<QString, KubeError::Reason> reasons{
        {QStringLiteral("BadRequest"), KubeError::Reason::BadRequest},
        {QStringLiteral("Unauthorized"), KubeError::Reason::Unauthorized},
        {QStringLiteral("Forbidden"), KubeError::Reason::Forbidden},
        {QStringLiteral("NotFound"), KubeError::Reason::NotFound},
        {QStringLiteral("MethodNotAllowed"), KubeError::Reason::MethodNotAllowed},
        {QStringLiteral("AlreadyExists"), KubeError::Reason::AlreadyExists},
        {QStringLiteral("Conflict"), KubeError::Reason::Conflict},
        {QStringLiteral("Gone"), KubeError::Reason::Gone},
        {QStringLiteral("Expired"), KubeError::Reason::Gone},
        {QStringLiteral("Invalid"), KubeError::Reason::Invalid},
        {QStringLiteral("TooManyRequests"), KubeError::Reason::TooManyRequests},
        {QStringLiteral("Timeout"), KubeError::Reason::Timeout},
        {QStringLiteral("ServerTimeout"), KubeError::Reason::Timeout},
        {QStringLiteral("InternalError"), KubeError::Reason::InternalError},
        {QStringLiteral("ServiceUnavailable"), KubeError::Reason::Unavailable},
    };
    if (const auto it = reasons.constFind(reason); it != reasons.cend())
        return *it;
    switch (code) {
    case 400:
        return KubeError::Reason::BadRequest;
    case 401:
        return KubeError::Reason::Unauthorized;
    case 403:
        return KubeError::Reason::Forbidden;
    case 404:
        return KubeError::Reason::NotFound;
    case 405:
        return KubeError::Reason::MethodNotAllowed;
    case 409:
        return KubeError::Reason::Conflict;
    case 410:
        return KubeError::Reason::Gone;
    case 422:
        return KubeError::Reason::Invalid;
    case 429:
        return KubeError::Reason::TooManyRequests;
    case 500:
        return KubeError::Reason::InternalError;
    case 503:
        return KubeError::Reason::Unavailable;
    case 504:
        return KubeError::Reason::Timeout;
    default:
        return KubeError::Reason::Unknown;
    }
}

} // namespace

KubeError KubeError::fromStatus(const QJsonObject &status)
{
    KubeError error;
    error.status = status;
    error.httpStatus = status.value(u"code").toInt();
    error.reason = reasonFor(status.value(u"reason").toString(), error.httpStatus);
    error.message = status.value(u"message").toString();
    const QJsonArray causes = status.value(u"details").toObject().value(u"causes").toArray();
    for (const QJsonValue &cause : causes) {
        const QJsonObject c = cause.toObject();
        error.causes.append(
            {c.value(u"field").toString(), c.value(u"reason").toString(), c.value(u"message").toString()});
    }
    if (error.message.isEmpty())
        error.message = Tr::tr("the API server answered with HTTP status %1").arg(error.httpStatus);
    return error;
}

KubeError KubeError::fromReply(int httpStatus, const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.value(u"kind").toString() == u"Status") {
        KubeError error = fromStatus(object);
        error.httpStatus = httpStatus;
        if (error.reason == Reason::Unknown)
            error.reason = reasonFor({}, httpStatus);
        return error;
    }
    KubeError error;
    error.httpStatus = httpStatus;
    error.reason = reasonFor({}, httpStatus);
    const QString text = QString::fromUtf8(body.left(300)).trimmed();
    error.message = text.isEmpty()
        ? Tr::tr("the API server answered with HTTP status %1").arg(httpStatus)
        : Tr::tr("the API server answered with HTTP status %1: %2").arg(httpStatus).arg(text);
    return error;
}

KubeError KubeError::unavailable(const QString &message)
{
    KubeError error;
    error.reason = Reason::Unavailable;
    error.message = message;
    return error;
}

bool KubeError::isTransient() const
{
    return reason == Reason::Unavailable || reason == Reason::TooManyRequests || reason == Reason::Timeout
        || reason == Reason::InternalError || httpStatus >= 500;
}

} // namespace Capstan::Kube
