// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "auth/sessionmanager.h"
#include "base/result.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace Capstan::Http {

/// One request as a route sees it: self-contained (it outlives the socket's
/// request object, so work can continue on another thread), with the path's
/// parameters decoded and the caller authenticated.
struct Request
{
    QByteArray method;
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remoteAddress;
    /// `{name}` parts of the route's pattern, percent-decoded.
    QHash<QString, QString> parameters;
    /// Who sent it, when a valid token came with it.
    std::optional<Auth::Claims> claims;

    QString parameter(const QString &name) const { return parameters.value(name); }
    QByteArray header(QByteArrayView name) const;
    /// The value of a query parameter (the last one when repeated), decoded.
    QString query(const QString &name) const;
    /// Every value of a repeated query parameter (`?projects=a&projects=b`).
    QStringList queryValues(const QString &name) const;
    bool hasQuery(const QString &name) const;
    /// A boolean query parameter as grpc-gateway reads it ("true", "1", …).
    Result<bool, ApiError> queryBool(const QString &name, bool fallback = false) const;

    /// The body as a JSON object; a clear InvalidArgument when it is not one.
    Result<QJsonObject, ApiError> jsonBody() const;

    /// The caller's name for logs and RBAC messages, "-" when anonymous.
    QString user() const;
};

} // namespace Capstan::Http
