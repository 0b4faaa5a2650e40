// SPDX-License-Identifier: Apache-2.0
#include "jsonnetevaluator.h"

#include "source/git/repositorytree.h"
#include "source/manifests/manifestparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QScopeGuard>

#include <cstring>
#include <optional>

extern "C" {
#include <libjsonnet.h>
}

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::JsonnetEvaluator)
};

// Paths handed to libjsonnet are repository paths under a virtual root "/",
// so that its own base-directory logic works without touching the disk.
QString virtualPath(const QString &repositoryPath)
{
    return u'/' + repositoryPath;
}

struct ImportContext
{
    const RepositoryTree *tree = nullptr;
    JsonnetVm *vm = nullptr;
    /// The first refused import, reported instead of libjsonnet's generic
    /// "couldn't open import".
    std::optional<SourceError> refused;
};

char *copyForJsonnet(JsonnetVm *vm, const QByteArray &text)
{
    char *buffer = jsonnet_realloc(vm, nullptr, size_t(text.size()) + 1);
    std::memcpy(buffer, text.constData(), size_t(text.size()));
    buffer[text.size()] = '\0';
    return buffer;
}

char *importCallback(void *payload, const char *base, const char *rel, char **foundHere, int *success)
{
    auto *context = static_cast<ImportContext *>(payload);
    const QString imported = QString::fromUtf8(rel);
    *success = 0;
    if (imported.startsWith(u'/')) {
        const QString message = Tr::tr("The absolute import '%1' is not allowed; imports are relative to the "
                                       "repository.")
                                    .arg(imported);
        if (!context->refused)
            context->refused = SourceError::make(SourceError::Reason::OutsideRepository, message);
        return copyForJsonnet(context->vm, message.toUtf8());
    }
    QString directory = QString::fromUtf8(base);
    if (directory.startsWith(u'/'))
        directory.remove(0, 1);
    const QString wanted = directory.isEmpty() ? imported : directory + u'/' + imported;
    const auto canonical = context->tree->resolve(wanted);
    if (!canonical) {
        SourceError error = canonical.error();
        if (error.reason == SourceError::Reason::OutsideRepository)
            error.message = Tr::tr("The import '%1' leads outside the repository.").arg(imported);
        if (!context->refused)
            context->refused = error;
        return copyForJsonnet(context->vm, error.message.toUtf8());
    }
    if (!context->tree->isFile(*canonical))
        return copyForJsonnet(context->vm, Tr::tr("'%1' is not a file in the repository").arg(wanted).toUtf8());
    const auto content = context->tree->read(*canonical);
    if (!content)
        return copyForJsonnet(context->vm, content.error().message.toUtf8());
    *foundHere = copyForJsonnet(context->vm, virtualPath(*canonical).toUtf8());
    *success = 1;
    return copyForJsonnet(context->vm, *content);
}

} // namespace

Result<QList<QJsonObject>, SourceError> JsonnetEvaluator::evaluate(const RepositoryTree &tree, const QString &file,
                                                                   const DirectoryOptions &options)
{
    const auto source = tree.read(file);
    if (!source)
        return Failure(source.error());

    JsonnetVm *vm = jsonnet_make();
    const auto release = qScopeGuard([vm] { jsonnet_destroy(vm); });
    ImportContext context{&tree, vm, std::nullopt};
    jsonnet_import_callback(vm, importCallback, &context);
    for (const JsonnetVariable &variable : options.extVars) {
        const QByteArray name = variable.name.toUtf8();
        const QByteArray value = variable.value.toUtf8();
        (variable.code ? jsonnet_ext_code : jsonnet_ext_var)(vm, name.constData(), value.constData());
    }
    for (const JsonnetVariable &variable : options.tlas) {
        const QByteArray name = variable.name.toUtf8();
        const QByteArray value = variable.value.toUtf8();
        (variable.code ? jsonnet_tla_code : jsonnet_tla_var)(vm, name.constData(), value.constData());
    }
    for (const QString &library : options.libs) {
        const auto canonical = tree.resolve(library);
        if (!canonical)
            return Failure(SourceError::make(
                canonical.error().reason,
                Tr::tr("The Jsonnet library path '%1' is not usable: %2").arg(library, canonical.error().message)));
        const QByteArray path = (virtualPath(*canonical) + u'/').toUtf8();
        jsonnet_jpath_add(vm, path.constData());
    }

    int failed = 0;
    const QByteArray fileName = virtualPath(file).toUtf8();
    char *output = jsonnet_evaluate_snippet(vm, fileName.constData(), source->constData(), &failed);
    const QByteArray text(output);
    jsonnet_realloc(vm, output, 0);
    if (failed) {
        if (context.refused)
            return Failure(*context.refused);
        QString message = QString::fromUtf8(text).trimmed();
        // libjsonnet names files by their virtual path; show repository paths.
        message.replace(u"\n"_s, u" "_s).replace(u" /"_s, u" "_s);
        if (message.startsWith(u'/'))
            message.remove(0, 1);
        return Failure(SourceError::make(SourceError::Reason::InvalidManifest,
                                         Tr::tr("%1: Jsonnet evaluation failed: %2").arg(file, message)));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Failure(SourceError::make(SourceError::Reason::InvalidManifest,
                                         Tr::tr("%1: Jsonnet produced invalid JSON: %2")
                                             .arg(file, parseError.errorString())));
    const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    return ManifestParser::objects(value, file);
}

} // namespace Capstan::Source
