// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QJsonObject>

/// Patches of JSON documents, as Kubernetes and Argo CD apply them.
namespace Capstan::JsonPatch {

/// Applies an RFC 6902 JSON patch (`[{"op": "replace", "path": "/spec/x",
/// "value": 1}, …]`) to @p document. A patch that is not such a list, or an
/// operation that fails (a missing path, a failed `test`), fails the whole
/// patch and leaves nothing half done.
Result<QJsonObject> apply(const QJsonObject &document, const QByteArray &patch);

/// Applies an RFC 7386 merge patch: objects merge key by key, `null` removes
/// a key, anything else replaces. The patch must be JSON; when it is not an
/// object it replaces the document, which must still come out an object.
Result<QJsonObject> merge(const QJsonObject &document, const QByteArray &patch);

} // namespace Capstan::JsonPatch
