// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/jsonfields.h"

namespace Capstan::Model {

/// name/value pairs: Info, plugin env, Jsonnet variables.
struct NameValue
{
    QString name;
    QString value;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name, Always);
        f.field(u"value", self.value, Always);
    }
    friend bool operator==(const NameValue &, const NameValue &) = default;
};

struct HelmParameter
{
    QString name;
    QString value;
    bool forceString = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"value", self.value);
        f.field(u"forceString", self.forceString);
    }
    friend bool operator==(const HelmParameter &, const HelmParameter &) = default;
};

struct HelmFileParameter
{
    QString name;
    QString path;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"path", self.path);
    }
    friend bool operator==(const HelmFileParameter &, const HelmFileParameter &) = default;
};

/// spec.source.helm
struct ApplicationSourceHelm
{
    QStringList valueFiles;
    QList<HelmParameter> parameters;
    QString releaseName;
    QString values;
    QList<HelmFileParameter> fileParameters;
    QString version;
    bool passCredentials = false;
    bool ignoreMissingValueFiles = false;
    bool skipCrds = false;
    QJsonObject valuesObject;
    QString ns;
    QString kubeVersion;
    QStringList apiVersions;
    bool skipTests = false;
    bool skipSchemaValidation = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"valueFiles", self.valueFiles);
        f.field(u"parameters", self.parameters);
        f.field(u"releaseName", self.releaseName);
        f.field(u"values", self.values);
        f.field(u"fileParameters", self.fileParameters);
        f.field(u"version", self.version);
        f.field(u"passCredentials", self.passCredentials);
        f.field(u"ignoreMissingValueFiles", self.ignoreMissingValueFiles);
        f.field(u"skipCrds", self.skipCrds);
        f.field(u"valuesObject", self.valuesObject);
        f.field(u"namespace", self.ns);
        f.field(u"kubeVersion", self.kubeVersion);
        f.field(u"apiVersions", self.apiVersions);
        f.field(u"skipTests", self.skipTests);
        f.field(u"skipSchemaValidation", self.skipSchemaValidation);
    }
    friend bool operator==(const ApplicationSourceHelm &, const ApplicationSourceHelm &) = default;
};

struct KustomizeReplica
{
    QString name;
    /// A number or a string (IntOrString).
    QJsonValue count;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name, Always);
        f.field(u"count", self.count, Always);
    }
    friend bool operator==(const KustomizeReplica &, const KustomizeReplica &) = default;
};

struct KustomizeSelector
{
    QString group;
    QString version;
    QString kind;
    QString name;
    QString ns;
    QString annotationSelector;
    QString labelSelector;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"version", self.version);
        f.field(u"kind", self.kind);
        f.field(u"name", self.name);
        f.field(u"namespace", self.ns);
        f.field(u"annotationSelector", self.annotationSelector);
        f.field(u"labelSelector", self.labelSelector);
    }
    friend bool operator==(const KustomizeSelector &, const KustomizeSelector &) = default;
};

struct KustomizePatch
{
    QString path;
    QString patch;
    std::optional<KustomizeSelector> target;
    QMap<QString, bool> options;

    static void describe(auto &self, auto &f)
    {
        f.field(u"path", self.path);
        f.field(u"patch", self.patch);
        f.field(u"target", self.target);
        f.field(u"options", self.options);
    }
    friend bool operator==(const KustomizePatch &, const KustomizePatch &) = default;
};

/// spec.source.kustomize
struct ApplicationSourceKustomize
{
    QString namePrefix;
    QString nameSuffix;
    QStringList images;
    QMap<QString, QString> commonLabels;
    QString version;
    QMap<QString, QString> commonAnnotations;
    bool forceCommonLabels = false;
    bool forceCommonAnnotations = false;
    QString ns;
    bool commonAnnotationsEnvsubst = false;
    QList<KustomizeReplica> replicas;
    QList<KustomizePatch> patches;
    QStringList components;
    bool ignoreMissingComponents = false;
    bool labelWithoutSelector = false;
    QString kubeVersion;
    QStringList apiVersions;
    bool labelIncludeTemplates = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"namePrefix", self.namePrefix);
        f.field(u"nameSuffix", self.nameSuffix);
        f.field(u"images", self.images);
        f.field(u"commonLabels", self.commonLabels);
        f.field(u"version", self.version);
        f.field(u"commonAnnotations", self.commonAnnotations);
        f.field(u"forceCommonLabels", self.forceCommonLabels);
        f.field(u"forceCommonAnnotations", self.forceCommonAnnotations);
        f.field(u"namespace", self.ns);
        f.field(u"commonAnnotationsEnvsubst", self.commonAnnotationsEnvsubst);
        f.field(u"replicas", self.replicas);
        f.field(u"patches", self.patches);
        f.field(u"components", self.components);
        f.field(u"ignoreMissingComponents", self.ignoreMissingComponents);
        f.field(u"labelWithoutSelector", self.labelWithoutSelector);
        f.field(u"kubeVersion", self.kubeVersion);
        f.field(u"apiVersions", self.apiVersions);
        f.field(u"labelIncludeTemplates", self.labelIncludeTemplates);
    }
    friend bool operator==(const ApplicationSourceKustomize &, const ApplicationSourceKustomize &) = default;
};

struct JsonnetVariable
{
    QString name;
    QString value;
    bool code = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name, Always);
        f.field(u"value", self.value, Always);
        f.field(u"code", self.code);
    }
    friend bool operator==(const JsonnetVariable &, const JsonnetVariable &) = default;
};

struct ApplicationSourceJsonnet
{
    QList<JsonnetVariable> extVars;
    QList<JsonnetVariable> tlas;
    QStringList libs;

    static void describe(auto &self, auto &f)
    {
        f.field(u"extVars", self.extVars);
        f.field(u"tlas", self.tlas);
        f.field(u"libs", self.libs);
    }
    friend bool operator==(const ApplicationSourceJsonnet &, const ApplicationSourceJsonnet &) = default;
};

/// spec.source.directory
struct ApplicationSourceDirectory
{
    bool recurse = false;
    ApplicationSourceJsonnet jsonnet;
    QString exclude;
    QString include;
    bool disableExtensionFilter = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"recurse", self.recurse);
        f.field(u"jsonnet", self.jsonnet);
        f.field(u"exclude", self.exclude);
        f.field(u"include", self.include);
        f.field(u"disableExtensionFilter", self.disableExtensionFilter);
    }
    friend bool operator==(const ApplicationSourceDirectory &, const ApplicationSourceDirectory &) = default;
};

/// spec.source.plugin: kept as written; Capstan runs no config management plugins.
struct ApplicationSourcePlugin
{
    QString name;
    QList<NameValue> env;
    /// Parameters have a custom shape in Argo CD (string, array or map).
    QList<QJsonObject> parameters;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"env", self.env);
        f.field(u"parameters", self.parameters);
    }
    friend bool operator==(const ApplicationSourcePlugin &, const ApplicationSourcePlugin &) = default;
};

/// One source of an application: a Git repository (or Helm repository with
/// chart), a revision and a path, plus the options of its tool.
struct ApplicationSource
{
    QString repoURL;
    QString path;
    QString targetRevision;
    std::optional<ApplicationSourceHelm> helm;
    std::optional<ApplicationSourceKustomize> kustomize;
    std::optional<ApplicationSourceDirectory> directory;
    std::optional<ApplicationSourcePlugin> plugin;
    QString chart;
    QString ref;
    QString name;
    /// Only tags with this prefix count when targetRevision is a semver
    /// constraint; kept and passed on, as Capstan resolves Git revisions as
    /// they are written.
    QString tagPrefix;

    static void describe(auto &self, auto &f)
    {
        f.field(u"repoURL", self.repoURL, Always);
        f.field(u"path", self.path);
        f.field(u"targetRevision", self.targetRevision);
        f.field(u"helm", self.helm);
        f.field(u"kustomize", self.kustomize);
        f.field(u"directory", self.directory);
        f.field(u"plugin", self.plugin);
        f.field(u"chart", self.chart);
        f.field(u"ref", self.ref);
        f.field(u"name", self.name);
        f.field(u"tagPrefix", self.tagPrefix);
    }
    friend bool operator==(const ApplicationSource &, const ApplicationSource &) = default;
};

} // namespace Capstan::Model
