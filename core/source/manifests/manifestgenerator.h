// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifestrequest.h"
#include "source/manifests/toolrunner.h"
#include "source/sourceerror.h"

namespace Capstan::Source {

class RepositoryTree;

/// A folder of a repository that is an application source (Argo CD's AppInfo).
struct AppInfo
{
    QString path;
    SourceType type = SourceType::Directory;
    friend bool operator==(const AppInfo &, const AppInfo &) = default;
};

/// What a source offers to configure (Argo CD's RepoAppDetailsResponse).
struct AppDetails
{
    SourceType type = SourceType::Directory;
    /// Helm: the chart's name, its values files, values.yaml's text and the
    /// flattened values ("image.tag", "list[0]") after the source's value files.
    QString helmName;
    QStringList valueFiles;
    QString values;
    QList<std::pair<QString, QString>> parameters;
    /// Kustomize: the images of the generated objects' containers.
    QStringList images;
};

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

    /// Every folder that is a Kustomize app or a Helm chart, as Argo CD
    /// discovers them, plus the folders of plain manifests (YAML, JSON,
    /// Jsonnet) outside those, sorted by path.
    static QList<AppInfo> discover(const RepositoryTree &tree);

    /// The details of the source @p request names.
    Result<AppDetails, SourceError> details(const RepositoryTree &tree, const ManifestRequest &request) const;

    const ToolRunner &tools() const { return m_tools; }

private:
    ToolRunner m_tools;
};

} // namespace Capstan::Source
