// SPDX-License-Identifier: Apache-2.0
#include "managednamespace.h"

#include "sync/hooks.h"

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

QJsonObject toJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

std::optional<QJsonObject> namespaceToCreate(const Model::SyncOperation &sync, const QString &ns,
                                             const std::optional<Model::ManagedNamespaceMetadata> &metadata,
                                             bool exists)
{
    if (!sync.syncOptions.contains(u"CreateNamespace=true"_s) || ns.isEmpty() || (exists && !metadata))
        return std::nullopt;
    QJsonObject objectMeta{{u"name"_s, ns}};
    if (metadata) {
        QJsonObject annotations = toJson(metadata->annotations);
        annotations.insert(Sync::Annotation::syncOptions, u"ServerSideApply=true"_s);
        objectMeta.insert(u"labels"_s, toJson(metadata->labels));
        objectMeta.insert(u"annotations"_s, annotations);
    }
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s}, {u"metadata"_s, objectMeta}};
}

} // namespace Capstan::Engine
