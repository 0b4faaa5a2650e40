// SPDX-License-Identifier: Apache-2.0
#include "helmsource.h"

#include "source/git/repositorytree.h"
#include "source/manifests/toolrunner.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::HelmSource)
};

/// A file the spec names relative to the chart: resolved in the repository,
/// never outside it.
Result<std::optional<QString>, SourceError> chartFile(const GenerationContext &context, const QString &field,
                                                      const QString &file)
{
    static const QRegularExpression url(u"^[a-zA-Z][a-zA-Z0-9+.-]*://"_s);
    if (url.match(file).hasMatch())
        return Failure(
            SourceError::make(SourceError::Reason::InvalidRequest,
                              Tr::tr("%1: '%2' is a URL; value files must be in the repository.").arg(field, file)));
    if (file.startsWith(u'/'))
        return Failure(SourceError::make(SourceError::Reason::OutsideRepository,
                                         Tr::tr("%1: the absolute path '%2' is not allowed; paths are relative to "
                                                "the chart.")
                                             .arg(field, file)));
    const QString joined = context.appPath.isEmpty() ? file : context.appPath + u'/' + file;
    const auto resolved = context.tree.resolve(joined);
    if (!resolved) {
        if (resolved.error().reason == SourceError::Reason::OutsideRepository)
            return Failure(SourceError::make(SourceError::Reason::OutsideRepository,
                                             Tr::tr("%1: '%2' is outside the repository.").arg(field, file)));
        return Failure(resolved.error());
    }
    if (!context.tree.isFile(*resolved))
        return std::optional<QString>();
    return std::optional<QString>(*resolved);
}

} // namespace

QString HelmSource::escapeSetValue(const QString &value)
{
    if (value.startsWith(u'{') && value.endsWith(u'}'))
        return value;
    QString escaped = value;
    return escaped.replace(u","_s, u"\\,"_s);
}

Result<QList<QJsonObject>, SourceError> HelmSource::generate(const GenerationContext &context)
{
    const HelmOptions &options = context.options.helm;
    QStringList valueFiles;
    for (qsizetype i = 0; i < options.valueFiles.size(); ++i) {
        const QString field = u"spec.source.helm.valueFiles[%1]"_s.arg(i);
        const auto file = chartFile(context, field, options.valueFiles.at(i));
        if (!file)
            return Failure(file.error());
        if (!*file) {
            if (options.ignoreMissingValueFiles)
                continue;
            return Failure(SourceError::make(SourceError::Reason::PathNotFound,
                                             Tr::tr("%1: the value file '%2' does not exist in the repository.")
                                                 .arg(field, options.valueFiles.at(i))));
        }
        valueFiles.append(**file);
    }
    QList<std::pair<QString, QString>> setFiles;
    for (qsizetype i = 0; i < options.fileParameters.size(); ++i) {
        const auto &[name, path] = options.fileParameters.at(i);
        const QString field = u"spec.source.helm.fileParameters[%1].path"_s.arg(i);
        const auto file = chartFile(context, field, path);
        if (!file)
            return Failure(file.error());
        if (!*file)
            return Failure(SourceError::make(SourceError::Reason::PathNotFound,
                                             Tr::tr("%1: '%2' does not exist in the repository.").arg(field, path)));
        setFiles.append({name, **file});
    }

    // Paths are checked first: a bad spec is reported whether or not helm is there.
    const auto helm = context.tools.find(u"helm"_s);
    if (!helm)
        return Failure(SourceError::make(SourceError::Reason::ToolMissing,
                                         Tr::tr("helm is not installed: Helm charts need the helm program on the "
                                                "PATH of the Capstan server.")));
    const auto workspace = Workspace::create(context.tree);
    if (!workspace)
        return Failure(workspace.error());
    const QString chart = workspace->pathOf(context.appPath);
    const QString releaseName = options.releaseName.isEmpty() ? context.request.appName : options.releaseName;
    const QString helmNamespace
        = options.namespaceOverride.isEmpty() ? context.request.destinationNamespace : options.namespaceOverride;

    ToolRun run;
    run.displayName = u"helm template"_s;
    run.program = *helm;
    run.arguments = {u"template"_s, u"."_s, u"--name-template"_s, releaseName.isEmpty() ? u"release"_s : releaseName};
    if (!helmNamespace.isEmpty())
        run.arguments << u"--namespace"_s << helmNamespace;
    const QString kubeVersion = options.kubeVersion.isEmpty() ? context.request.kubeVersion : options.kubeVersion;
    if (!kubeVersion.isEmpty())
        run.arguments << u"--kube-version"_s << kubeVersion;
    for (const QString &apiVersion : options.apiVersions + context.request.apiVersions)
        run.arguments << u"--api-versions"_s << apiVersion;
    if (!options.skipCrds)
        run.arguments << u"--include-crds"_s;
    if (options.skipTests)
        run.arguments << u"--skip-tests"_s;
    for (const QString &file : std::as_const(valueFiles))
        run.arguments << u"--values"_s << workspace->pathOf(file);
    QByteArray inlineValues;
    if (!options.valuesObject.isEmpty())
        inlineValues = QJsonDocument(options.valuesObject).toJson(QJsonDocument::Compact);
    else if (!options.values.trimmed().isEmpty())
        inlineValues = options.values.toUtf8();
    if (!inlineValues.isEmpty()) {
        const QString path = workspace->home() + u"/inline-values.yaml"_s;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(inlineValues) != inlineValues.size())
            return Failure(SourceError::make(SourceError::Reason::Internal, Tr::tr("Cannot write the inline values.")));
        run.arguments << u"--values"_s << path;
    }
    for (const HelmParameter &parameter : options.parameters) {
        run.arguments << (parameter.forceString ? u"--set-string"_s : u"--set"_s)
                      << parameter.name + u'=' + escapeSetValue(parameter.value);
    }
    for (const auto &[name, path] : std::as_const(setFiles))
        run.arguments << u"--set-file"_s << name + u'=' + workspace->pathOf(path);
    for (const auto &[variable, folder] :
         {std::pair{u"HELM_CACHE_HOME"_s, u"/cache"_s}, std::pair{u"HELM_CONFIG_HOME"_s, u"/config"_s},
          std::pair{u"HELM_DATA_HOME"_s, u"/data"_s}})
        run.environment.insert(variable, workspace->home() + folder);
    return workspace->runTool(context.tools, run, chart);
}

} // namespace Capstan::Source
