// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifests/generationcontext.h"

#include <QJsonObject>
#include <QList>

namespace Capstan::Source {

/// A Helm chart: "helm template" on a temporary copy of the commit, with the
/// spec's value files (inside the repository only), inline values,
/// parameters, release name and namespace, as Argo CD runs it. Without helm
/// the result is a ToolMissing error saying "helm is not installed".
class HelmSource
{
public:
    static Result<QList<QJsonObject>, SourceError> generate(const GenerationContext &context);

    /// Argo CD's escaping of a --set value: commas are literal unless the
    /// value is a {list}.
    static QString escapeSetValue(const QString &value);
};

} // namespace Capstan::Source
