// SPDX-License-Identifier: Apache-2.0
#include "hostinfo.h"

#include "diff/quantity.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

using Amounts = QHash<QString, qint64>;

const QStringList counted = {u"cpu"_s, u"memory"_s, u"storage"_s};

qint64 milliValue(const QJsonValue &quantity)
{
    const auto parsed = Diff::Quantity::fromJson(quantity);
    if (!parsed)
        return 0;
    // Rounded up, as Kubernetes' MilliValue(), once the float's noise is gone:
    // "100m" is 100, not 101.
    const long double scaled = parsed->value() * 1000;
    const long double nearest = std::round(scaled);
    return qint64(std::fabs(scaled - nearest) < 1e-6L ? nearest : std::ceil(scaled));
}

Amounts amountsOf(const QJsonObject &resources)
{
    Amounts amounts;
    for (auto it = resources.begin(); it != resources.end(); ++it)
        amounts.insert(it.key(), milliValue(it.value()));
    return amounts;
}

/// What a pod asks for, as the scheduler counts it: its containers together,
/// or its largest init container where that is more, plus its overhead.
Amounts requestsOf(const QJsonObject &pod)
{
    const QJsonObject spec = pod.value(u"spec").toObject();
    Amounts total;
    for (const QJsonValue &container : spec.value(u"containers").toArray()) {
        const Amounts requests = amountsOf(container[u"resources"][u"requests"].toObject());
        for (auto it = requests.begin(); it != requests.end(); ++it)
            total[it.key()] += it.value();
    }
    for (const QJsonValue &container : spec.value(u"initContainers").toArray()) {
        const Amounts requests = amountsOf(container[u"resources"][u"requests"].toObject());
        for (auto it = requests.begin(); it != requests.end(); ++it)
            total[it.key()] = std::max(total.value(it.key()), it.value());
    }
    const Amounts overhead = amountsOf(spec.value(u"overhead").toObject());
    for (auto it = overhead.begin(); it != overhead.end(); ++it)
        total[it.key()] += it.value();
    return total;
}

bool hasEnded(const QJsonObject &pod)
{
    const QString phase = pod[u"status"][u"phase"].toString();
    return phase == u"Succeeded" || phase == u"Failed";
}

Model::HostInfo hostOf(const QJsonObject &node, const Amounts &byApp, const Amounts &byNeighbors)
{
    Model::HostInfo host;
    const QJsonObject metadata = node.value(u"metadata").toObject();
    host.name = metadata.value(u"name").toString();
    const QJsonObject labels = metadata.value(u"labels").toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        host.labels.insert(it.key(), it.value().toString());
    host.systemInfo = node[u"status"][u"nodeInfo"].toObject();
    const Amounts capacity = amountsOf(node[u"status"][u"capacity"].toObject());
    for (const QString &name : counted) {
        if (capacity.value(name) <= 0)
            continue;
        host.resourcesInfo.append({name, byApp.value(name), byNeighbors.value(name), capacity.value(name)});
    }
    return host;
}

} // namespace

QList<Model::HostInfo> hostsOf(const QList<Model::ResourceNode> &nodes, const Kube::ClusterCache &cache)
{
    QSet<QString> appPods;
    for (const Model::ResourceNode &node : nodes) {
        if (node.ref.group.isEmpty() && node.ref.kind == u"Pod")
            appPods.insert(node.ref.ns + u'/' + node.ref.name);
    }
    if (appPods.isEmpty())
        return {};
    QHash<QString, Amounts> byApp;
    QHash<QString, Amounts> byNeighbors;
    for (const Kube::CachedObjectPtr &cached : cache.objects(QString(), u"Pod"_s)) {
        const QJsonObject pod = cached->object();
        const QString nodeName = pod[u"spec"][u"nodeName"].toString();
        if (nodeName.isEmpty() || hasEnded(pod))
            continue;
        const bool ofApp = appPods.contains(cached->key.ns + u'/' + cached->key.name);
        Amounts &sums = ofApp ? byApp[nodeName] : byNeighbors[nodeName];
        const Amounts requests = requestsOf(pod);
        for (auto it = requests.begin(); it != requests.end(); ++it)
            sums[it.key()] += it.value();
    }
    QList<Model::HostInfo> hosts;
    for (const Kube::CachedObjectPtr &cached : cache.objects(QString(), u"Node"_s)) {
        if (byApp.contains(cached->key.name))
            hosts.append(hostOf(cached->object(), byApp.value(cached->key.name), byNeighbors.value(cached->key.name)));
    }
    std::sort(hosts.begin(), hosts.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return hosts;
}

} // namespace Capstan::Engine
