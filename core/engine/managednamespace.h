// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QJsonObject>

#include <optional>

namespace Capstan::Engine {

/// The Namespace a sync creates first (the CreateNamespace=true sync
/// option), as Argo CD's managed namespaces: none without the option or a
/// destination namespace; otherwise one that does not exist yet or, with
/// managedNamespaceMetadata, always, carrying its labels and annotations and
/// applied server-side so that they merge with what others set.
std::optional<QJsonObject> namespaceToCreate(const Model::SyncOperation &sync, const QString &ns,
                                             const std::optional<Model::ManagedNamespaceMetadata> &metadata,
                                             bool exists);

} // namespace Capstan::Engine
