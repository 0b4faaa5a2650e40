// SPDX-License-Identifier: Apache-2.0
#include "router.h"

#include <QPromise>

using namespace Qt::StringLiterals;

namespace Capstan::Http {

namespace {

QStringList splitPattern(const QString &pattern)
{
    return pattern.split(u'/', Qt::SkipEmptyParts);
}

bool isParameter(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

} // namespace

void Router::add(QByteArrayView method, const QString &pattern, Access access, Handler handler)
{
    m_routes.push_back({method.toByteArray(), splitPattern(pattern), access, std::move(handler), {}});
}

void Router::addStream(const QString &pattern, Access access, StreamHandler handler)
{
    m_routes.push_back({QByteArrayLiteral("GET"), splitPattern(pattern), access, {}, std::move(handler)});
}

Router::Match Router::match(QByteArrayView method, const QUrl &url) const
{
    Match result;
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.size() > 1 && path.endsWith(u'/'))
        return result; // "/api/version/" is not "/api/version"
    // Split the encoded path first, then decode each part: %2F stays in its part.
    const QStringList encoded = path.split(u'/', Qt::SkipEmptyParts);
    QStringList parts;
    parts.reserve(encoded.size());
    for (const QString &part : encoded)
        parts.append(QUrl::fromPercentEncoding(part.toUtf8()));

    for (const Route &route : m_routes) {
        QHash<QString, QString> parameters;
        bool matched = true;
        bool rest = false;
        for (qsizetype i = 0; matched && i < route.segments.size(); ++i) {
            const QString &segment = route.segments.at(i);
            if (i >= parts.size()) {
                matched = false;
            } else if (isParameter(segment) && segment.endsWith(u"*}")) {
                parameters.insert(segment.mid(1, segment.size() - 3), parts.mid(i).join(u'/'));
                rest = true;
                break;
            } else if (isParameter(segment)) {
                parameters.insert(segment.mid(1, segment.size() - 2), parts.at(i));
            } else if (segment != parts.at(i)) {
                matched = false;
            }
        }
        if (!matched || (!rest && route.segments.size() != parts.size()))
            continue;
        if (route.method != method) {
            result.otherMethod = true;
            continue;
        }
        result.route = &route;
        result.parameters = std::move(parameters);
        result.otherMethod = false;
        return result;
    }
    return result;
}

QFuture<Response> ready(Response response)
{
    QPromise<Response> promise;
    promise.start();
    promise.addResult(std::move(response));
    promise.finish();
    return promise.future();
}

} // namespace Capstan::Http
