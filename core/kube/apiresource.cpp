// SPDX-License-Identifier: Apache-2.0
#include "apiresource.h"

#include <QHash>
#include <QUrl>

namespace Capstan::Kube {

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(u"metadata").toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(u"name").toString();
}

QString namespaceOf(const QJsonObject &object)
{
    return metadataOf(object).value(u"namespace").toString();
}

QString groupOf(const QJsonObject &object)
{
    const QString apiVersion = object.value(u"apiVersion").toString();
    const qsizetype slash = apiVersion.indexOf(u'/');
    return slash < 0 ? QString() : apiVersion.left(slash);
}

GroupVersionKind GroupVersionKind::fromApiVersion(const QString &apiVersion, const QString &kind)
{
    const qsizetype slash = apiVersion.indexOf(u'/');
    if (slash < 0)
        return {QString(), apiVersion, kind};
    return {apiVersion.left(slash), apiVersion.mid(slash + 1), kind};
}

GroupVersionKind GroupVersionKind::of(const QJsonObject &object)
{
    return fromApiVersion(object.value(u"apiVersion").toString(), object.value(u"kind").toString());
}

QString GroupVersionKind::apiVersion() const
{
    return group.isEmpty() ? version : group + u'/' + version;
}

QString GroupVersionKind::toString() const
{
    return apiVersion() + u' ' + kind;
}

size_t qHash(const GroupVersionKind &gvk, size_t seed)
{
    return qHashMulti(seed, gvk.group, gvk.version, gvk.kind);
}

QString ApiResource::collectionPath(const QString &ns) const
{
    QString path = group.isEmpty() ? QString(u"/api/" + version) : QString(u"/apis/" + group + u'/' + version);
    if (namespaced && !ns.isEmpty())
        path += u"/namespaces/" + QString::fromUtf8(QUrl::toPercentEncoding(ns));
    return path + u'/' + name;
}

QString ApiResource::objectPath(const QString &ns, const QString &objectName, const QString &subresource) const
{
    QString path = collectionPath(ns) + u'/' + QString::fromUtf8(QUrl::toPercentEncoding(objectName));
    if (!subresource.isEmpty())
        path += u'/' + subresource;
    return path;
}

} // namespace Capstan::Kube
