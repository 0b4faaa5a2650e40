// SPDX-License-Identifier: Apache-2.0
#include "apipaths.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Capstan::ApiPaths {

QString encoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QString application(const QString &name, const QString &ns, const QString &suffix, const QString &query)
{
    QString path = u"/api/v1/applications/%1%2?appNamespace=%3"_s.arg(encoded(name), suffix, encoded(ns));
    if (!query.isEmpty())
        path += u'&' + query;
    return path;
}

} // namespace Capstan::ApiPaths
