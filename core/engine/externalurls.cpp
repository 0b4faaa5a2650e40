// SPDX-License-Identifier: Apache-2.0
#include "externalurls.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

/// The status's load balancer addresses, host names before IPs.
QStringList loadBalancerHosts(const QJsonObject &object)
{
    QStringList hosts;
    for (const QJsonValue &ingress :
         object.value(u"status").toObject().value(u"loadBalancer").toObject().value(u"ingress").toArray()) {
        const QJsonObject entry = ingress.toObject();
        const QString host = entry.value(u"hostname").toString(entry.value(u"ip").toString());
        if (!host.isEmpty())
            hosts.append(host);
    }
    return hosts;
}

QStringList ingressUrls(const QJsonObject &ingress)
{
    const QJsonObject spec = ingress.value(u"spec").toObject();
    QSet<QString> tlsHosts;
    for (const QJsonValue &tls : spec.value(u"tls").toArray()) {
        for (const QJsonValue &host : tls.toObject().value(u"hosts").toArray())
            tlsHosts.insert(host.toString());
    }
    // A rule without a host is reached at the load balancer's first address.
    const QString fallback = loadBalancerHosts(ingress).value(0);
    QStringList urls;
    for (const QJsonValue &rule : spec.value(u"rules").toArray()) {
        const QString host = rule.toObject().value(u"host").toString(fallback);
        if (host.isEmpty())
            continue;
        const QString scheme = tlsHosts.contains(host) ? u"https"_s : u"http"_s;
        const QJsonArray paths = rule.toObject().value(u"http").toObject().value(u"paths").toArray();
        if (paths.isEmpty())
            urls.append(scheme + u"://" + host);
        for (const QJsonValue &path : paths)
            urls.append(scheme + u"://" + host + path.toObject().value(u"path").toString());
    }
    return urls;
}

} // namespace

QStringList externalUrlsOf(const QString &group, const QString &kind, const QJsonObject &object)
{
    if (kind == u"Ingress")
        return ingressUrls(object);
    if (kind == u"Service" && group.isEmpty()
        && object.value(u"spec").toObject().value(u"type").toString() == u"LoadBalancer")
        return loadBalancerHosts(object);
    return {};
}

QStringList linkUrlsOf(const QMap<QString, QString> &annotations)
{
    static const QString prefix = u"link.argocd.argoproj.io/"_s;
    QStringList urls;
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        if (it.key().startsWith(prefix))
            urls.append(it.value());
    }
    return urls;
}

} // namespace Capstan::Engine
