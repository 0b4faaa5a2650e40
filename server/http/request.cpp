// SPDX-License-Identifier: Apache-2.0
#include "request.h"

#include "base/goparse.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Capstan::Http {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Http::Request)
};

} // namespace

QByteArray Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString Request::query(const QString &name) const
{
    const QStringList values = queryValues(name);
    return values.isEmpty() ? QString() : values.last();
}

QStringList Request::queryValues(const QString &name) const
{
    return QUrlQuery(url).allQueryItemValues(name, QUrl::FullyDecoded);
}

bool Request::hasQuery(const QString &name) const
{
    return QUrlQuery(url).hasQueryItem(name);
}

Result<bool, ApiError> Request::queryBool(const QString &name, bool fallback) const
{
    if (!hasQuery(name))
        return fallback;
    const QString value = query(name);
    // grpc-gateway reads query parameters with Go's strconv.ParseBool.
    if (const auto parsed = parseGoBool(value))
        return *parsed;
    return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                      Tr::tr("query parameter \"%1\": \"%2\" is not a boolean").arg(name, value)));
}

Result<QJsonObject, ApiError> Request::jsonBody() const
{
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                          Tr::tr("the request body is not valid JSON: %1 "
                                                 "at offset %2")
                                              .arg(error.errorString())
                                              .arg(error.offset)));
    if (!document.isObject())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, Tr::tr("the request body must be a JSON object")));
    return document.object();
}

QString Request::user() const
{
    return claims ? claims->subject : u"-"_s;
}

} // namespace Capstan::Http
