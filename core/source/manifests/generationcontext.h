// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifestrequest.h"
#include "source/sourceerror.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Capstan::Source {

class RepositoryTree;
class ToolRunner;
struct ToolRun;

/// Everything one generation needs: the commit's files, the application's
/// canonical folder in it, what the spec asks for, and the tools.
struct GenerationContext
{
    const RepositoryTree &tree;
    QString appPath;
    const ManifestRequest &request;
    const SourceOptions &options;
    const ToolRunner &tools;
};

/// A temporary copy of the commit for an external tool, with a private home
/// folder; removed when it goes out of scope.
class Workspace
{
public:
    static Result<Workspace, SourceError> create(const RepositoryTree &tree);

    /// Where the repository root was written.
    QString repositoryRoot() const;
    /// An empty folder for the tool's HOME, TMPDIR and caches.
    QString home() const;
    /// The on-disk path of a repository path.
    QString pathOf(const QString &repositoryPath) const;

    /// Runs a tool in workingDirectory with this workspace's home, no
    /// kubeconfig (generating needs no cluster) and messages that show
    /// repository paths, and reads its standard output as YAML objects.
    Result<QList<QJsonObject>, SourceError> runTool(const ToolRunner &tools, ToolRun run,
                                                    const QString &workingDirectory) const;

private:
    std::shared_ptr<QTemporaryDir> m_folder;
};

} // namespace Capstan::Source
