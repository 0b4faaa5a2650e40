// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

/// The paths of Argo CD's API that clients build, with every name encoded.
namespace Capstan::ApiPaths {

/// @p text percent-encoded, for a path segment or a query value.
QString encoded(const QString &text);

/// `/api/v1/applications/{name}{suffix}?appNamespace={ns}`, then `&` and
/// @p query when there is one ("refresh=hard").
QString application(const QString &name, const QString &ns, const QString &suffix = {}, const QString &query = {});

} // namespace Capstan::ApiPaths
