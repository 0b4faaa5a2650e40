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
    /// Canonical library folders, in the order given.
    QStringList libraries;
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
    const auto refuse = [context](const SourceError &error) {
        if (!context->refused)
            context->refused = error;
        return copyForJsonnet(context->vm, error.message.toUtf8());
    };
    if (imported.startsWith(u'/'))
        return refuse(SourceError::make(SourceError::Reason::OutsideRepository,
                                        Tr::tr("The absolute import '%1' is not allowed; imports are relative to "
                                               "the repository.")
                                            .arg(imported)));
    // Relative to the importing file first, then the library folders, the
    // last given first, as libjsonnet's own search does.
    QStringList directories{QString::fromUtf8(base)};
    for (auto it = context->libraries.crbegin(); it != context->libraries.crend(); ++it)
        directories.append(*it);
    for (QString directory : std::as_const(directories)) {
        while (directory.startsWith(u'/'))
            directory.remove(0, 1);
        const auto canonical = context->tree->resolve(directory + u'/' + imported);
        if (!canonical) {
            if (canonical.error().reason != SourceError::Reason::OutsideRepository)
                return refuse(canonical.error());
            return refuse(SourceError::make(SourceError::Reason::OutsideRepository,
                                            Tr::tr("The import '%1' leads outside the repository.").arg(imported)));
        }
        if (!context->tree->isFile(*canonical))
            continue;
        const auto content = context->tree->read(*canonical);
        if (!content)
            return refuse(content.error());
        *foundHere = copyForJsonnet(context->vm, virtualPath(*canonical).toUtf8());
        *success = 1;
        return copyForJsonnet(context->vm, *content);
    }
    return copyForJsonnet(context->vm, Tr::tr("no file '%1' in the repository").arg(imported).toUtf8());
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
    ImportContext context{&tree, vm, {}, std::nullopt};
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
        context.libraries.append(*canonical);
    }

    int failed = 0;
    const QByteArray fileName = virtualPath(file).toUtf8();
    char *output = jsonnet_evaluate_snippet(vm, fileName.constData(), source->constData(), &failed);
    const QByteArray text(output);
    jsonnet_realloc(vm, output, 0);
    if (failed) {
        if (context.refused)
            return Failure(*context.refused);
        // "RUNTIME ERROR: why\n\t/file:line:column\tframe\n...": the reason and
        // the innermost location, with repository paths.
        const QStringList lines = QString::fromUtf8(text).trimmed().split(u'\n');
        QString where = file;
        for (const QString &line : lines.mid(1)) {
            const QString location = line.trimmed().section(u'\t', 0, 0);
            if (location.startsWith(u'/')) {
                where = location.mid(1);
                break;
            }
        }
        QString reason = lines.value(0);
        if (reason.startsWith(u'/')) // static errors start with the location
            reason = reason.mid(1);
        return Failure(SourceError::make(SourceError::Reason::InvalidManifest,
                                         Tr::tr("%1: Jsonnet evaluation failed: %2").arg(where, reason)));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Failure(
            SourceError::make(SourceError::Reason::InvalidManifest,
                              Tr::tr("%1: Jsonnet produced invalid JSON: %2").arg(file, parseError.errorString())));
    const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    return ManifestParser::objects(value, file);
}

} // namespace Capstan::Source
