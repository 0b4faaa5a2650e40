// SPDX-License-Identifier: Apache-2.0
#include "rollbackpreview.h"

#include "diff/manageddiff.h"
#include "diff/resourcediff.h"
#include "diff/secretmask.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QString text(const QJsonObject &object)
{
    return object.isEmpty() ? u"null"_s : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parse(const QString &json)
{
    return json.isEmpty() || json == u"null" ? QJsonObject() : QJsonDocument::fromJson(json.toUtf8()).object();
}

QString groupOf(const QJsonObject &object)
{
    const QString apiVersion = object.value(u"apiVersion").toString();
    return apiVersion.contains(u'/') ? apiVersion.section(u'/', 0, 0) : QString();
}

QString keyOf(const QString &group, const QString &kind, const QString &ns, const QString &name)
{
    return u"%1/%2/%3/%4"_s.arg(group, kind, ns, name);
}

/// The desired object as a sync applies it: in the namespace it will live
/// in, and marked as the app's the way the live object is (the tracking
/// annotation or label the server adds, which generated manifests lack).
QJsonObject asApplied(QJsonObject desired, const QJsonObject &live, const QString &ns)
{
    QJsonObject metadata = desired.value(u"metadata").toObject();
    if (!ns.isEmpty())
        metadata.insert(u"namespace"_s, ns);
    const QJsonObject liveMetadata = live.value(u"metadata").toObject();
    for (const auto &[field, key] : {std::pair{u"annotations"_s, u"argocd.argoproj.io/tracking-id"_s},
                                     std::pair{u"labels"_s, u"app.kubernetes.io/instance"_s}}) {
        const QJsonValue value = liveMetadata.value(field).toObject().value(key);
        if (value.isUndefined())
            continue;
        QJsonObject map = metadata.value(field).toObject();
        if (!map.contains(key))
            map.insert(key, value);
        metadata.insert(field, map);
    }
    desired.insert(u"metadata"_s, metadata);
    return desired;
}

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::RollbackPreview)
};

/// Secret values come masked in both answers, each masked on its own, so
/// one mask says nothing about the other. A value masked on both sides is
/// taken as live has it; the keys are returned, for the preview to say that
/// a change to them cannot be seen.
QStringList alignMaskedSecret(QJsonObject &desired, const QJsonObject &live)
{
    if (desired.value(u"kind").toString() != u"Secret" || !groupOf(desired).isEmpty() || live.isEmpty())
        return {};
    const auto masked = [](const QJsonValue &value) {
        const QString text = value.toString();
        return !text.isEmpty() && text.count(u'+') == text.size();
    };
    const QJsonObject liveData = live.value(u"data").toObject();
    QJsonObject data = desired.value(u"data").toObject();
    QStringList keys;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (masked(it.value()) && masked(liveData.value(it.key()))) {
            *it = liveData.value(it.key());
            keys.append(it.key());
        }
    }
    if (!keys.isEmpty())
        desired.insert(u"data"_s, data);
    return keys;
}

} // namespace

QJsonArray rollbackComparison(const QJsonArray &managedResources, const QJsonArray &manifests,
                              const QJsonObject &applicationSpec)
{
    const Diff::Differ differ(ManagedDiff::diffSettings(applicationSpec));
    const QString destination = applicationSpec.value(u"destination").toObject().value(u"namespace").toString();

    // What is live, by key; an object of the revision without a namespace
    // is found in the destination's namespace or cluster-wide.
    QHash<QString, QJsonObject> live;
    QHash<QString, QJsonObject> items;
    for (const QJsonValue &value : managedResources) {
        const QJsonObject item = value.toObject();
        if (item.value(u"hook").toBool())
            continue;
        const QString key = keyOf(item.value(u"group").toString(), item.value(u"kind").toString(),
                                  item.value(u"namespace").toString(), item.value(u"name").toString());
        items.insert(key, item);
        live.insert(key, parse(item.value(u"liveState").toString()));
    }

    QJsonArray result;
    QSet<QString> desiredKeys;
    for (const QJsonValue &value : manifests) {
        QJsonObject desired = parse(value.toString());
        if (desired.isEmpty())
            continue;
        const QJsonObject metadata = desired.value(u"metadata").toObject();
        const QString group = groupOf(desired);
        const QString kind = desired.value(u"kind").toString();
        const QString name = metadata.value(u"name").toString();
        QString ns = metadata.value(u"namespace").toString();
        QString key = keyOf(group, kind, ns, name);
        if (ns.isEmpty() && !items.contains(key) && items.contains(keyOf(group, kind, destination, name))) {
            ns = destination;
            key = keyOf(group, kind, ns, name);
        }
        desiredKeys.insert(key);
        const QJsonObject current = live.value(key);
        const QStringList masked = alignMaskedSecret(desired, current);
        const Diff::ResourceDiff diff = differ.diff(asApplied(desired, current, ns), current);
        const auto [predicted, normalized] = Diff::maskSecrets(diff.predictedLive, diff.normalizedLive);
        QJsonObject item{{u"group"_s, group},
                         {u"kind"_s, kind},
                         {u"namespace"_s, ns},
                         {u"name"_s, name},
                         {u"liveState"_s, text(current)},
                         {u"targetState"_s, text(desired)},
                         {u"normalizedLiveState"_s, text(normalized)},
                         {u"predictedLiveState"_s, text(predicted)},
                         {u"modified"_s, diff.modified || current.isEmpty()}};
        if (!masked.isEmpty())
            item.insert(u"notes"_s,
                        QJsonArray{Tr::tr("The server masks Secret values on each side on its own: whether %1 "
                                          "changes cannot be seen here.")
                                       .arg(masked.join(u", "_s))});
        result.append(item);
    }
    // Live objects the revision does not have: pruned, if pruning is on.
    for (auto it = items.cbegin(); it != items.cend(); ++it) {
        const QJsonObject current = live.value(it.key());
        if (desiredKeys.contains(it.key()) || current.isEmpty())
            continue;
        QJsonObject item = it.value();
        item.insert(u"targetState"_s, u"null"_s);
        item.insert(u"predictedLiveState"_s, u"null"_s);
        item.insert(u"modified"_s, true);
        result.append(item);
    }
    return result;
}

} // namespace Capstan
