// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifests/generationcontext.h"

#include <QJsonObject>
#include <QList>

namespace Capstan::Source {

/// A folder of YAML, JSON and Jsonnet files, read straight from the commit
/// in Argo CD's order: names sorted, depth first, subfolders only with
/// recurse, include and exclude globs matched against the path relative to
/// the application folder.
class DirectorySource
{
public:
    static Result<QList<QJsonObject>, SourceError> generate(const GenerationContext &context);
};

} // namespace Capstan::Source
