// SPDX-License-Identifier: Apache-2.0
#include "manifestgenerator.h"

#include "source/git/repositorytree.h"
#include "source/manifests/directorysource.h"
#include "source/manifests/generationcontext.h"
#include "source/manifests/helmsource.h"
#include "source/manifests/kustomizesource.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::ManifestGenerator)
};
} // namespace

ManifestGenerator::ManifestGenerator(ToolSettings tools)
    : m_tools(std::move(tools))
{ }

SourceType ManifestGenerator::detect(const RepositoryTree &tree, const QString &appPath)
{
    if (KustomizeSource::kustomizationIn(tree, appPath))
        return SourceType::Kustomize;
    const QString chart = appPath.isEmpty() ? u"Chart.yaml"_s : appPath + u"/Chart.yaml"_s;
    if (const auto resolved = tree.resolve(chart); resolved && tree.isFile(*resolved))
        return SourceType::Helm;
    return SourceType::Directory;
}

Result<ManifestResponse, SourceError> ManifestGenerator::generate(const RepositoryTree &tree,
                                                                  const ManifestRequest &request) const
{
    const auto options = SourceOptions::fromApplicationSource(request.source);
    if (!options)
        return Failure(options.error());
    if (const auto symlinks = tree.checkSymlinks(); !symlinks)
        return Failure(symlinks.error());
    if (request.path.startsWith(u'/'))
        return Failure(SourceError::make(SourceError::Reason::OutsideRepository,
                                         Tr::tr("spec.source.path: the absolute path '%1' is not allowed; the path "
                                                "is relative to the repository root.")
                                             .arg(request.path)));
    const auto appPath = tree.resolve(request.path);
    if (!appPath) {
        if (appPath.error().reason == SourceError::Reason::OutsideRepository)
            return Failure(
                SourceError::make(SourceError::Reason::OutsideRepository,
                                  Tr::tr("spec.source.path: '%1' leads outside the repository.").arg(request.path)));
        return Failure(appPath.error());
    }
    if (!tree.isDirectory(*appPath))
        return Failure(
            SourceError::make(SourceError::Reason::PathNotFound,
                              Tr::tr("spec.source.path: '%1' is not a folder at commit %2.")
                                  .arg(request.path.isEmpty() ? u"."_s : request.path, tree.commit().left(7))));

    ManifestResponse response;
    response.revision = tree.commit();
    response.sourceType = options->explicitType.value_or(detect(tree, *appPath));
    const GenerationContext context{tree, *appPath, request, *options, m_tools};
    Result<QList<QJsonObject>, SourceError> objects = Failure(SourceError{});
    switch (response.sourceType) {
    case SourceType::Directory:
        objects = DirectorySource::generate(context);
        break;
    case SourceType::Kustomize:
        objects = KustomizeSource::generate(context);
        break;
    case SourceType::Helm:
        objects = HelmSource::generate(context);
        break;
    }
    if (!objects)
        return Failure(objects.error());
    response.manifests = std::move(objects).value();
    return response;
}

} // namespace Capstan::Source
