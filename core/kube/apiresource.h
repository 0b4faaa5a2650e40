// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Capstan::Kube {

/// The fields every Kubernetes object has, read from its JSON.
QJsonObject metadataOf(const QJsonObject &object);
QString nameOf(const QJsonObject &object);
QString namespaceOf(const QJsonObject &object);
/// The API group of an object ("" for the core group), from its apiVersion.
QString groupOf(const QJsonObject &object);

/// A kind of object: group, version and kind, as "apps/v1" "Deployment".
struct GroupVersionKind
{
    QString group;
    QString version;
    QString kind;

    /// From an object's apiVersion ("v1", "apps/v1") and kind.
    static GroupVersionKind fromApiVersion(const QString &apiVersion, const QString &kind);
    static GroupVersionKind of(const QJsonObject &object);
    QString apiVersion() const;
    QString toString() const;

    friend bool operator==(const GroupVersionKind &, const GroupVersionKind &) = default;
};

size_t qHash(const GroupVersionKind &gvk, size_t seed = 0);

/// A resource of the API as discovery describes it: the URL name of a kind.
struct ApiResource
{
    QString group;
    QString version;
    QString kind;
    /// The plural name in URLs, as "deployments".
    QString name;
    bool namespaced = false;
    QStringList verbs;
    /// The rank of this version in its group: 0 is the preferred version.
    int versionPriority = 0;

    GroupVersionKind groupVersionKind() const { return {group, version, kind}; }
    bool supports(const QString &verb) const { return verbs.contains(verb); }

    /// The URL path of the collection, in @p ns when namespaced, as
    /// "/apis/apps/v1/namespaces/shop/deployments".
    QString collectionPath(const QString &ns = {}) const;
    /// The URL path of one object, with an optional subresource such as "status".
    QString objectPath(const QString &ns, const QString &objectName, const QString &subresource = {}) const;
};

} // namespace Capstan::Kube
