// SPDX-License-Identifier: Apache-2.0
#include "generationcontext.h"

#include "source/git/repositorytree.h"
#include "source/manifests/manifestparser.h"
#include "source/manifests/toolrunner.h"

#include <QCoreApplication>
#include <QDir>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::Workspace)
};
} // namespace

Result<Workspace, SourceError> Workspace::create(const RepositoryTree &tree)
{
    Workspace workspace;
    workspace.m_folder = std::make_shared<QTemporaryDir>(QDir::tempPath() + u"/capstan-source-XXXXXX"_s);
    if (!workspace.m_folder->isValid() || !QDir(workspace.m_folder->path()).mkdir(u"repo"_s)
        || !QDir(workspace.m_folder->path()).mkdir(u"home"_s))
        return Failure(
            SourceError::make(SourceError::Reason::Internal,
                              Tr::tr("Cannot create a temporary folder: %1").arg(workspace.m_folder->errorString())));
    if (const auto written = tree.materialize(workspace.repositoryRoot()); !written)
        return Failure(written.error());
    return workspace;
}

QString Workspace::repositoryRoot() const
{
    return m_folder->filePath(u"repo"_s);
}

QString Workspace::home() const
{
    return m_folder->filePath(u"home"_s);
}

QString Workspace::pathOf(const QString &repositoryPath) const
{
    return repositoryPath.isEmpty() ? repositoryRoot() : repositoryRoot() + u'/' + repositoryPath;
}

Result<QList<QJsonObject>, SourceError> Workspace::runTool(const ToolRunner &tools, ToolRun run,
                                                           const QString &workingDirectory) const
{
    run.workingDirectory = workingDirectory;
    run.homeDirectory = home();
    run.hidePrefix = repositoryRoot();
    run.environment.insert(u"KUBECONFIG"_s, home() + u"/kubeconfig"_s);
    const auto output = tools.run(run);
    if (!output)
        return Failure(output.error());
    return ManifestParser::parse(*output, run.displayName, ManifestParser::Format::Yaml);
}

} // namespace Capstan::Source
