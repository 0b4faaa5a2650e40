// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifestrequest.h"
#include "source/manifests/toolrunner.h"
#include "source/sourceerror.h"

namespace Capstan::Source {

class RepositoryTree;

/// Turns one commit's files into an application's objects: checks the
/// paths, picks the source type and runs the matching generator.
class ManifestGenerator
{
public:
    explicit ManifestGenerator(ToolSettings tools = {});

    /// Argo CD's discovery: Kustomize when the folder has a kustomization
    /// file, Helm when it has Chart.yaml, a directory otherwise.
    static SourceType detect(const RepositoryTree &tree, const QString &appPath);

    Result<ManifestResponse, SourceError> generate(const RepositoryTree &tree, const ManifestRequest &request) const;

    const ToolRunner &tools() const { return m_tools; }

private:
    ToolRunner m_tools;
};

} // namespace Capstan::Source
