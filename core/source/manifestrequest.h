// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/git/repositorycredentials.h"
#include "source/sourceerror.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Capstan::Source {

/// Argo CD's source types, named as in ApplicationStatus.sourceType.
enum class SourceType { Directory, Kustomize, Helm };
QString sourceTypeName(SourceType type);

/// A Jsonnet variable: a string value, or Jsonnet code when code is true.
struct JsonnetVariable
{
    QString name;
    QString value;
    bool code = false;
    friend bool operator==(const JsonnetVariable &, const JsonnetVariable &) = default;
};

/// spec.source.directory
struct DirectoryOptions
{
    bool recurse = false;
    QString include;
    QString exclude;
    QList<JsonnetVariable> extVars;
    QList<JsonnetVariable> tlas;
    /// Library folders for Jsonnet imports, relative to the repository root.
    QStringList libs;
};

/// spec.source.kustomize: the overrides Argo CD applies with "kustomize edit".
struct KustomizeOptions
{
    QString namePrefix;
    QString nameSuffix;
    /// "[name=]newName[:tag][@digest]", as for "kustomize edit set image".
    QStringList images;
    QMap<QString, QString> commonLabels;
    QMap<QString, QString> commonAnnotations;
    QString namespaceOverride;
};

/// One spec.source.helm.parameters entry: --set, or --set-string.
struct HelmParameter
{
    QString name;
    QString value;
    bool forceString = false;
};

/// spec.source.helm
struct HelmOptions
{
    QStringList valueFiles;
    bool ignoreMissingValueFiles = false;
    /// Inline values as YAML text, and the same as an object; the object wins.
    QString values;
    QJsonObject valuesObject;
    QList<HelmParameter> parameters;
    /// name -> path of --set-file, path relative to the chart.
    QList<std::pair<QString, QString>> fileParameters;
    QString releaseName;
    QString namespaceOverride;
    QString kubeVersion;
    QStringList apiVersions;
    bool skipCrds = false;
    bool skipTests = false;
};

/// What an Application's source asks for, read from Argo CD's
/// ApplicationSource JSON.
struct SourceOptions
{
    /// Set when the spec names a type (helm, kustomize or directory block).
    std::optional<SourceType> explicitType;
    DirectoryOptions directory;
    KustomizeOptions kustomize;
    HelmOptions helm;

    /// Reads spec.source; errors name the field path, such as
    /// "spec.source.helm.parameters[0].name".
    static Result<SourceOptions, SourceError> fromApplicationSource(const QJsonObject &source);
};

/// One manifest generation: Argo CD's repo-server ManifestRequest.
struct ManifestRequest
{
    QString repoUrl;
    QString targetRevision;
    QString path;
    /// The whole ApplicationSource; its tool options are read from here.
    QJsonObject source;
    QString appName;
    /// The destination namespace: Helm's --namespace.
    QString destinationNamespace;
    /// The destination cluster's version, for Helm's .Capabilities.
    QString kubeVersion;
    QStringList apiVersions;
    RepositoryCredentials credentials;
    /// A hard refresh: fetch and generate even when the cache has an answer.
    bool noCache = false;
    /// Ask the remote what the revision points to now, even if it was resolved recently.
    bool noRevisionCache = false;

    /// A request for spec.source of an Application.
    static ManifestRequest forSource(const QJsonObject &source, const QString &appName,
                                     const QString &destinationNamespace);
};

/// The objects an application wants, from one commit.
struct ManifestResponse
{
    QList<QJsonObject> manifests;
    /// The commit SHA the revision resolved to.
    QString revision;
    SourceType sourceType = SourceType::Directory;
    /// Whether the answer came from the cache without generating anything.
    bool cached = false;

    QJsonObject toJson() const;
    static std::optional<ManifestResponse> fromJson(const QJsonObject &json);
};

} // namespace Capstan::Source
