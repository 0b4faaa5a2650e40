// SPDX-License-Identifier: Apache-2.0
#include "manifestgenerator.h"

#include "source/git/repositorytree.h"
#include "source/manifests/directorysource.h"
#include "source/manifests/generationcontext.h"
#include "source/manifests/helmsource.h"
#include "source/manifests/kustomizesource.h"

#include "source/manifests/manifestparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

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

namespace {

bool isManifestFile(const QString &name)
{
    return name.endsWith(u".yaml"_s) || name.endsWith(u".yml"_s) || name.endsWith(u".json"_s)
        || name.endsWith(u".jsonnet"_s) || name.endsWith(u".libsonnet"_s);
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number)) : QString::number(number, 'g', 15);
    }
    default:
        return {};
    }
}

/// Argo CD's flatVals: nested keys joined with '.', list items as "[i]".
void flatten(const QJsonValue &value, const QString &prefix, QMap<QString, QString> &out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            flatten(it.value(), prefix.isEmpty() ? it.key() : prefix + u'.' + it.key(), out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            flatten(array.at(i), prefix + u"[%1]"_s.arg(i), out);
    } else if (!prefix.isEmpty() && !value.isNull()) {
        out.insert(prefix, scalarText(value));
    }
}

void collectImages(const QJsonValue &value, QStringList &images)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectImages(item, images);
        return;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if ((it.key() == u"containers" || it.key() == u"initContainers" || it.key() == u"ephemeralContainers")
            && it.value().isArray()) {
            for (const QJsonValue &container : it.value().toArray()) {
                const QString image = container.toObject().value(u"image"_s).toString();
                if (!image.isEmpty() && !images.contains(image))
                    images.append(image);
            }
        } else if (it.value().isObject() || it.value().isArray()) {
            collectImages(it.value(), images);
        }
    }
}

} // namespace

QList<AppInfo> ManifestGenerator::discover(const RepositoryTree &tree)
{
    QList<AppInfo> apps;
    // Depth first; inside a Kustomize app or a chart only further tool apps count.
    const std::function<void(const QString &, bool)> walk = [&](const QString &folder, bool insideTool) {
        const SourceType type = detect(tree, folder);
        const QStringList names = tree.children(folder);
        bool hasManifests = false;
        for (const QString &name : names) {
            const QString path = folder.isEmpty() ? name : folder + u'/' + name;
            if (tree.isFile(path) && isManifestFile(name))
                hasManifests = true;
        }
        if (type != SourceType::Directory)
            apps.append({folder.isEmpty() ? u"."_s : folder, type});
        else if (hasManifests && !insideTool)
            apps.append({folder.isEmpty() ? u"."_s : folder, type});
        for (const QString &name : names) {
            const QString path = folder.isEmpty() ? name : folder + u'/' + name;
            if (!name.startsWith(u'.') && tree.isDirectory(path))
                walk(path, insideTool || type != SourceType::Directory);
        }
    };
    walk(QString(), false);
    std::sort(apps.begin(), apps.end(), [](const AppInfo &a, const AppInfo &b) { return a.path < b.path; });
    return apps;
}

Result<AppDetails, SourceError> ManifestGenerator::details(const RepositoryTree &tree,
                                                           const ManifestRequest &request) const
{
    const auto options = SourceOptions::fromApplicationSource(request.source);
    if (!options)
        return Failure(options.error());
    const auto appPath = tree.resolve(request.path);
    if (!appPath)
        return Failure(appPath.error());
    if (!tree.isDirectory(*appPath))
        return Failure(
            SourceError::make(SourceError::Reason::PathNotFound,
                              Tr::tr("spec.source.path: '%1' is not a folder at commit %2.")
                                  .arg(request.path.isEmpty() ? u"."_s : request.path, tree.commit().left(7))));
    AppDetails details;
    details.type = options->explicitType.value_or(detect(tree, *appPath));
    const auto inApp = [&](const QString &name) { return appPath->isEmpty() ? name : *appPath + u'/' + name; };
    switch (details.type) {
    case SourceType::Directory:
        break;
    case SourceType::Helm: {
        if (const auto chart = tree.read(inApp(u"Chart.yaml"_s))) {
            const auto parsed = ManifestParser::yamlToJson(*chart, u"Chart.yaml"_s);
            if (!parsed)
                return Failure(parsed.error());
            details.helmName = parsed->toObject().value(u"name"_s).toString();
        }
        for (const QString &name : tree.children(*appPath)) {
            if (tree.isFile(inApp(name)) && name.contains(u"values"_s)
                && (name.endsWith(u".yaml"_s) || name.endsWith(u".yml"_s)))
                details.valueFiles.append(name);
        }
        QMap<QString, QString> parameters;
        QStringList files{u"values.yaml"_s};
        for (const QString &file : options->helm.valueFiles) {
            if (!files.contains(file))
                files.append(file);
        }
        for (const QString &file : files) {
            const auto resolved = tree.resolve(inApp(file));
            if (!resolved || !tree.isFile(*resolved))
                continue; // remote or missing value files add nothing here
            const auto content = tree.read(*resolved);
            if (!content)
                return Failure(content.error());
            if (file == u"values.yaml")
                details.values = QString::fromUtf8(*content);
            const auto parsed = ManifestParser::yamlToJson(*content, file);
            if (!parsed)
                return Failure(parsed.error());
            flatten(*parsed, QString(), parameters);
        }
        for (auto it = parameters.cbegin(); it != parameters.cend(); ++it)
            details.parameters.append({it.key(), it.value()});
        break;
    }
    case SourceType::Kustomize: {
        const auto generated = generate(tree, request);
        if (!generated)
            return Failure(generated.error());
        for (const QJsonObject &object : generated->manifests)
            collectImages(object, details.images);
        details.images.sort();
        break;
    }
    }
    return details;
}

} // namespace Capstan::Source
