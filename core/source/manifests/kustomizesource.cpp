// SPDX-License-Identifier: Apache-2.0
#include "kustomizesource.h"

#include "source/git/repositorytree.h"
#include "source/manifests/manifestparser.h"
#include "source/manifests/toolrunner.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::KustomizeSource)
};

bool isRemote(const QString &reference)
{
    static const QRegularExpression remote(
        u"^([a-zA-Z][a-zA-Z0-9+.-]*://|git@|github\\.com/|gitlab\\.com/|bitbucket\\.org/)|\\?ref=|\\.git//"_s);
    return remote.match(reference).hasMatch();
}

/// A kustomization's local references: (field, path, may be a folder).
struct Reference
{
    QString field;
    QString path;
    bool mayBeFolder;
};

QList<Reference> referencesOf(const YAML::Node &root)
{
    QList<Reference> references;
    const auto strings = [&](const YAML::Node &list, const QString &field, bool folders) {
        if (!list || !list.IsSequence())
            return;
        for (const YAML::Node &item : list) {
            if (item.IsScalar())
                references.append({field, QString::fromStdString(item.Scalar()), folders});
        }
    };
    const auto paths = [&](const YAML::Node &list, const QString &field) {
        if (!list || !list.IsSequence())
            return;
        for (const YAML::Node &item : list) {
            if (item.IsMap() && item["path"] && item["path"].IsScalar())
                references.append({field, QString::fromStdString(item["path"].Scalar()), false});
        }
    };
    for (const char *field : {"resources", "bases", "components"})
        strings(root[field], QString::fromLatin1(field), true);
    for (const char *field :
         {"crds", "patchesStrategicMerge", "configurations", "transformers", "generators", "validators"})
        strings(root[field], QString::fromLatin1(field), false);
    for (const char *field : {"patches", "patchesJson6902", "replacements"})
        paths(root[field], QString::fromLatin1(field));
    for (const char *field : {"configMapGenerator", "secretGenerator"}) {
        const YAML::Node generators = root[field];
        if (!generators || !generators.IsSequence())
            continue;
        for (const YAML::Node &generator : generators) {
            if (!generator.IsMap())
                continue;
            const QString name = QString::fromLatin1(field);
            if (const YAML::Node files = generator["files"]; files && files.IsSequence()) {
                for (const YAML::Node &file : files) {
                    if (!file.IsScalar())
                        continue;
                    QString path = QString::fromStdString(file.Scalar());
                    // "key=path" names the key explicitly.
                    if (const qsizetype equals = path.indexOf(u'='); equals >= 0)
                        path = path.mid(equals + 1);
                    references.append({name, path, false});
                }
            }
            strings(generator["envs"], name, false);
            if (const YAML::Node env = generator["env"]; env && env.IsScalar())
                references.append({name, QString::fromStdString(env.Scalar()), false});
        }
    }
    if (const YAML::Node openapi = root["openapi"];
        openapi && openapi.IsMap() && openapi["path"] && openapi["path"].IsScalar())
        references.append({u"openapi"_s, QString::fromStdString(openapi["path"].Scalar()), false});
    return references;
}

Result<void, SourceError> check(const RepositoryTree &tree, const QString &directory, QSet<QString> &visited)
{
    if (visited.contains(directory))
        return {};
    visited.insert(directory);
    const auto file = KustomizeSource::kustomizationIn(tree, directory);
    if (!file)
        return {};
    const auto content = tree.read(*file);
    if (!content)
        return Failure(content.error());
    YAML::Node root;
    try {
        root = YAML::Load(content->toStdString());
    } catch (const YAML::Exception &error) {
        return Failure(SourceError::make(
            SourceError::Reason::InvalidManifest,
            u"%1:%2: %3"_s.arg(*file).arg(error.mark.line + 1).arg(QString::fromStdString(error.msg))));
    }
    if (!root.IsMap())
        return {};
    for (const Reference &reference : referencesOf(root)) {
        if (reference.path.contains(u'\n') || reference.path.isEmpty() || isRemote(reference.path))
            continue; // inline patches and remote bases
        if (reference.path.startsWith(u'/'))
            return Failure(SourceError::make(
                SourceError::Reason::OutsideRepository,
                Tr::tr("%1: %2 refers to the absolute path '%3'; only paths inside the repository are allowed.")
                    .arg(*file, reference.field, reference.path)));
        const QString joined = directory.isEmpty() ? reference.path : directory + u'/' + reference.path;
        const auto resolved = tree.resolve(joined);
        if (!resolved) {
            if (resolved.error().reason == SourceError::Reason::OutsideRepository)
                return Failure(SourceError::make(SourceError::Reason::OutsideRepository,
                                                 Tr::tr("%1: %2 refers to '%3', which is outside the repository.")
                                                     .arg(*file, reference.field, reference.path)));
            return Failure(resolved.error());
        }
        if (reference.mayBeFolder && tree.isDirectory(*resolved)) {
            if (const auto nested = check(tree, *resolved, visited); !nested)
                return nested;
        }
    }
    return {};
}

/// "[name=]newName[:tag][@digest]" into an images entry, as "kustomize edit
/// set image" reads it.
QJsonObject imageEntry(const QString &spec)
{
    QString name;
    QString rest = spec;
    if (const qsizetype equals = spec.indexOf(u'='); equals >= 0) {
        name = spec.left(equals);
        rest = spec.mid(equals + 1);
    }
    QString digest;
    if (const qsizetype at = rest.indexOf(u'@'); at >= 0) {
        digest = rest.mid(at + 1);
        rest = rest.left(at);
    }
    QString tag;
    const qsizetype colon = rest.lastIndexOf(u':');
    if (colon > rest.lastIndexOf(u'/')) {
        tag = rest.mid(colon + 1);
        rest = rest.left(colon);
    }
    QJsonObject entry{{u"name"_s, name.isEmpty() ? rest : name}};
    if (!name.isEmpty() && rest != name)
        entry.insert(u"newName"_s, rest);
    if (!tag.isEmpty())
        entry.insert(u"newTag"_s, tag);
    if (!digest.isEmpty())
        entry.insert(u"digest"_s, digest);
    return entry;
}

/// Writes the spec's overrides into the copy's kustomization. The result is
/// JSON, which is YAML too, so that every value keeps its type.
Result<void, SourceError> applyOverrides(const QString &file, const QString &displayName,
                                         const KustomizeOptions &options)
{
    const bool any = !options.namePrefix.isEmpty() || !options.nameSuffix.isEmpty() || !options.images.isEmpty()
        || !options.commonLabels.isEmpty() || !options.commonAnnotations.isEmpty()
        || !options.namespaceOverride.isEmpty();
    if (!any)
        return {};
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly))
        return Failure(SourceError::make(SourceError::Reason::Internal, Tr::tr("Cannot read the kustomization.")));
    const auto parsed = ManifestParser::yamlToJson(input.readAll(), displayName);
    input.close();
    if (!parsed)
        return Failure(parsed.error());
    QJsonObject root = parsed->toObject();
    if (!options.namePrefix.isEmpty())
        root.insert(u"namePrefix"_s, options.namePrefix);
    if (!options.nameSuffix.isEmpty())
        root.insert(u"nameSuffix"_s, options.nameSuffix);
    if (!options.namespaceOverride.isEmpty())
        root.insert(u"namespace"_s, options.namespaceOverride);
    for (const auto &[field, values] : {std::pair{u"commonLabels"_s, &options.commonLabels},
                                        std::pair{u"commonAnnotations"_s, &options.commonAnnotations}}) {
        if (values->isEmpty())
            continue;
        QJsonObject merged = root.value(field).toObject();
        for (auto it = values->cbegin(); it != values->cend(); ++it)
            merged.insert(it.key(), it.value());
        root.insert(field, merged);
    }
    if (!options.images.isEmpty()) {
        QJsonArray images = root.value(u"images").toArray();
        for (const QString &image : options.images) {
            const QJsonObject entry = imageEntry(image);
            bool replaced = false;
            for (qsizetype i = 0; i < images.size(); ++i) {
                if (images.at(i).toObject().value(u"name") == entry.value(u"name")) {
                    images.replace(i, entry);
                    replaced = true;
                }
            }
            if (!replaced)
                images.append(entry);
        }
        root.insert(u"images"_s, images);
    }
    // Rewrites the copy only; a symlinked kustomization is replaced, not followed.
    QFile::remove(file);
    QSaveFile output(file);
    if (!output.open(QIODevice::WriteOnly) || output.write(QJsonDocument(root).toJson()) < 0 || !output.commit())
        return Failure(SourceError::make(SourceError::Reason::Internal, Tr::tr("Cannot write the kustomization.")));
    return {};
}

} // namespace

std::optional<QString> KustomizeSource::kustomizationIn(const RepositoryTree &tree, const QString &directory)
{
    for (const char16_t *name : kustomizationFiles) {
        const QString path
            = directory.isEmpty() ? QString::fromUtf16(name) : directory + u'/' + QString::fromUtf16(name);
        if (const auto resolved = tree.resolve(path); resolved && tree.isFile(*resolved))
            return path;
    }
    return std::nullopt;
}

Result<void, SourceError> KustomizeSource::checkReferences(const RepositoryTree &tree, const QString &directory)
{
    QSet<QString> visited;
    return check(tree, directory, visited);
}

Result<QList<QJsonObject>, SourceError> KustomizeSource::generate(const GenerationContext &context)
{
    if (const auto checked = checkReferences(context.tree, context.appPath); !checked)
        return Failure(checked.error());
    ToolRun run;
    if (const auto kustomize = context.tools.find(u"kustomize"_s)) {
        run.displayName = u"kustomize build"_s;
        run.program = *kustomize;
        run.arguments = {u"build"_s};
    } else if (const auto kubectl = context.tools.find(u"kubectl"_s)) {
        run.displayName = u"kubectl kustomize"_s;
        run.program = *kubectl;
        run.arguments = {u"kustomize"_s};
    } else {
        return Failure(SourceError::make(SourceError::Reason::ToolMissing,
                                         Tr::tr("kustomize is not installed: Kustomize applications need kustomize "
                                                "or kubectl on the PATH of the Capstan server.")));
    }
    const auto workspace = Workspace::create(context.tree);
    if (!workspace)
        return Failure(workspace.error());
    const QString folder = workspace->pathOf(context.appPath);
    if (const auto file = kustomizationIn(context.tree, context.appPath)) {
        if (const auto edited = applyOverrides(workspace->pathOf(*file), *file, context.options.kustomize); !edited)
            return Failure(edited.error());
    }
    run.arguments.append(folder);
    return workspace->runTool(context.tools, run, folder);
}

} // namespace Capstan::Source
