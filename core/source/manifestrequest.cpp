// SPDX-License-Identifier: Apache-2.0
#include "manifestrequest.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::SourceOptions)
};

/// Reads typed fields out of a JSON object and remembers the first error,
/// named by its field path.
class FieldReader
{
public:
    std::optional<SourceError> error;

    QString string(const QJsonObject &object, const QString &key, const QString &path)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isString()) {
            fail(path + u'.' + key, Tr::tr("must be a string"));
            return {};
        }
        return value.toString();
    }
    bool boolean(const QJsonObject &object, const QString &key, const QString &path)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return false;
        if (!value.isBool()) {
            fail(path + u'.' + key, Tr::tr("must be true or false"));
            return false;
        }
        return value.toBool();
    }
    QJsonArray array(const QJsonObject &object, const QString &key, const QString &path)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isArray()) {
            fail(path + u'.' + key, Tr::tr("must be a list"));
            return {};
        }
        return value.toArray();
    }
    QJsonObject object(const QJsonObject &object, const QString &key, const QString &path)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isObject()) {
            fail(path + u'.' + key, Tr::tr("must be an object"));
            return {};
        }
        return value.toObject();
    }
    QStringList strings(const QJsonObject &parent, const QString &key, const QString &path)
    {
        QStringList result;
        const QJsonArray items = array(parent, key, path);
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!items.at(i).isString())
                fail(u"%1.%2[%3]"_s.arg(path, key).arg(i), Tr::tr("must be a string"));
            else
                result.append(items.at(i).toString());
        }
        return result;
    }
    QMap<QString, QString> stringMap(const QJsonObject &parent, const QString &key, const QString &path)
    {
        QMap<QString, QString> result;
        const QJsonObject items = object(parent, key, path);
        for (auto it = items.begin(); it != items.end(); ++it) {
            if (!it->isString())
                fail(path + u'.' + key + u'.' + it.key(), Tr::tr("must be a string"));
            else
                result.insert(it.key(), it->toString());
        }
        return result;
    }
    QList<JsonnetVariable> variables(const QJsonObject &parent, const QString &key, const QString &path)
    {
        QList<JsonnetVariable> result;
        const QJsonArray items = array(parent, key, path);
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString itemPath = u"%1.%2[%3]"_s.arg(path, key).arg(i);
            if (!items.at(i).isObject()) {
                fail(itemPath, Tr::tr("must be an object"));
                continue;
            }
            const QJsonObject item = items.at(i).toObject();
            JsonnetVariable variable{string(item, u"name"_s, itemPath), string(item, u"value"_s, itemPath),
                                     boolean(item, u"code"_s, itemPath)};
            if (variable.name.isEmpty())
                fail(itemPath + u".name"_s, Tr::tr("is required"));
            result.append(variable);
        }
        return result;
    }
    void fail(const QString &path, const QString &problem)
    {
        if (!error)
            error = SourceError::make(SourceError::Reason::InvalidRequest, u"%1: %2"_s.arg(path, problem));
    }
};

} // namespace

QString sourceTypeName(SourceType type)
{
    switch (type) {
    case SourceType::Directory:
        return u"Directory"_s;
    case SourceType::Kustomize:
        return u"Kustomize"_s;
    case SourceType::Helm:
        return u"Helm"_s;
    }
    return {};
}

Result<SourceOptions, SourceError> SourceOptions::fromApplicationSource(const QJsonObject &source)
{
    FieldReader read;
    SourceOptions options;
    const QString root = u"spec.source"_s;
    QStringList blocks;

    if (source.contains(u"directory") && !source.value(u"directory").isNull()) {
        blocks.append(u"directory"_s);
        options.explicitType = SourceType::Directory;
        const QString path = root + u".directory"_s;
        const QJsonObject directory = read.object(source, u"directory"_s, root);
        options.directory.recurse = read.boolean(directory, u"recurse"_s, path);
        options.directory.include = read.string(directory, u"include"_s, path);
        options.directory.exclude = read.string(directory, u"exclude"_s, path);
        const QString jsonnetPath = path + u".jsonnet"_s;
        const QJsonObject jsonnet = read.object(directory, u"jsonnet"_s, path);
        options.directory.extVars = read.variables(jsonnet, u"extVars"_s, jsonnetPath);
        options.directory.tlas = read.variables(jsonnet, u"tlas"_s, jsonnetPath);
        options.directory.libs = read.strings(jsonnet, u"libs"_s, jsonnetPath);
    }
    if (source.contains(u"kustomize") && !source.value(u"kustomize").isNull()) {
        blocks.append(u"kustomize"_s);
        options.explicitType = SourceType::Kustomize;
        const QString path = root + u".kustomize"_s;
        const QJsonObject kustomize = read.object(source, u"kustomize"_s, root);
        options.kustomize.namePrefix = read.string(kustomize, u"namePrefix"_s, path);
        options.kustomize.nameSuffix = read.string(kustomize, u"nameSuffix"_s, path);
        options.kustomize.images = read.strings(kustomize, u"images"_s, path);
        options.kustomize.commonLabels = read.stringMap(kustomize, u"commonLabels"_s, path);
        options.kustomize.commonAnnotations = read.stringMap(kustomize, u"commonAnnotations"_s, path);
        options.kustomize.namespaceOverride = read.string(kustomize, u"namespace"_s, path);
    }
    if (source.contains(u"helm") && !source.value(u"helm").isNull()) {
        blocks.append(u"helm"_s);
        options.explicitType = SourceType::Helm;
        const QString path = root + u".helm"_s;
        const QJsonObject helm = read.object(source, u"helm"_s, root);
        HelmOptions &h = options.helm;
        h.valueFiles = read.strings(helm, u"valueFiles"_s, path);
        h.ignoreMissingValueFiles = read.boolean(helm, u"ignoreMissingValueFiles"_s, path);
        h.values = read.string(helm, u"values"_s, path);
        h.valuesObject = read.object(helm, u"valuesObject"_s, path);
        h.releaseName = read.string(helm, u"releaseName"_s, path);
        h.namespaceOverride = read.string(helm, u"namespace"_s, path);
        h.kubeVersion = read.string(helm, u"kubeVersion"_s, path);
        h.apiVersions = read.strings(helm, u"apiVersions"_s, path);
        h.skipCrds = read.boolean(helm, u"skipCrds"_s, path);
        h.skipTests = read.boolean(helm, u"skipTests"_s, path);
        const QJsonArray parameters = read.array(helm, u"parameters"_s, path);
        for (qsizetype i = 0; i < parameters.size(); ++i) {
            const QString itemPath = u"%1.parameters[%2]"_s.arg(path).arg(i);
            const QJsonObject item = parameters.at(i).toObject();
            HelmParameter parameter{read.string(item, u"name"_s, itemPath), read.string(item, u"value"_s, itemPath),
                                    read.boolean(item, u"forceString"_s, itemPath)};
            if (parameter.name.isEmpty())
                read.fail(itemPath + u".name"_s, Tr::tr("is required"));
            h.parameters.append(parameter);
        }
        const QJsonArray files = read.array(helm, u"fileParameters"_s, path);
        for (qsizetype i = 0; i < files.size(); ++i) {
            const QString itemPath = u"%1.fileParameters[%2]"_s.arg(path).arg(i);
            const QJsonObject item = files.at(i).toObject();
            const QString name = read.string(item, u"name"_s, itemPath);
            const QString file = read.string(item, u"path"_s, itemPath);
            if (name.isEmpty() || file.isEmpty())
                read.fail(itemPath, Tr::tr("needs both a name and a path"));
            h.fileParameters.append({name, file});
        }
    }
    if (source.contains(u"plugin") && !source.value(u"plugin").isNull())
        read.fail(root + u".plugin"_s, Tr::tr("config management plugins are not supported"));
    if (blocks.size() > 1)
        read.fail(root, Tr::tr("only one of %1 may be set").arg(blocks.join(u", "_s)));
    if (read.error)
        return Failure(*read.error);
    return options;
}

ManifestRequest ManifestRequest::forSource(const QJsonObject &source, const QString &appName,
                                           const QString &destinationNamespace)
{
    ManifestRequest request;
    request.repoUrl = source.value(u"repoURL").toString();
    request.targetRevision = source.value(u"targetRevision").toString();
    request.path = source.value(u"path").toString();
    request.source = source;
    request.appName = appName;
    request.destinationNamespace = destinationNamespace;
    return request;
}

QJsonObject ManifestResponse::toJson() const
{
    QJsonArray objects;
    for (const QJsonObject &object : manifests)
        objects.append(object);
    return {{u"manifests"_s, objects}, {u"revision"_s, revision}, {u"sourceType"_s, sourceTypeName(sourceType)}};
}

std::optional<ManifestResponse> ManifestResponse::fromJson(const QJsonObject &json)
{
    ManifestResponse response;
    response.revision = json.value(u"revision").toString();
    const QString type = json.value(u"sourceType").toString();
    bool known = false;
    for (SourceType candidate : {SourceType::Directory, SourceType::Kustomize, SourceType::Helm}) {
        if (sourceTypeName(candidate) == type) {
            response.sourceType = candidate;
            known = true;
        }
    }
    if (!known || response.revision.isEmpty() || !json.value(u"manifests").isArray())
        return std::nullopt;
    const QJsonArray objects = json.value(u"manifests").toArray();
    response.manifests.reserve(objects.size());
    for (const QJsonValue &object : objects)
        response.manifests.append(object.toObject());
    return response;
}

} // namespace Capstan::Source
