// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifestrequest.h"
#include "source/sourceerror.h"

#include <QJsonObject>
#include <QList>

namespace Capstan::Source {

class RepositoryTree;

/// Evaluates a .jsonnet file with the embedded libjsonnet. Imports are read
/// from the repository tree, never from the file system: relative to the
/// importing file, then from the library folders; absolute imports and
/// imports that leave the repository are refused.
class JsonnetEvaluator
{
public:
    static Result<QList<QJsonObject>, SourceError> evaluate(const RepositoryTree &tree, const QString &file,
                                                            const DirectoryOptions &options);
};

} // namespace Capstan::Source
