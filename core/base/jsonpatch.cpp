// SPDX-License-Identifier: Apache-2.0
#include "jsonpatch.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace Capstan::JsonPatch {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::JsonPatch)
};

nlohmann::json toNlohmann(const QJsonObject &document)
{
    return nlohmann::json::parse(QJsonDocument(document).toJson(QJsonDocument::Compact).toStdString());
}

/// nlohmann's message without its "[json.exception.x.NNN] " tag.
QString messageOf(const nlohmann::json::exception &error)
{
    QString message = QString::fromUtf8(error.what());
    if (message.startsWith(u'[')) {
        const qsizetype end = message.indexOf(u"] "_s);
        if (end > 0)
            message = message.mid(end + 2);
    }
    return message;
}

Result<QJsonObject> toObject(const nlohmann::json &value)
{
    if (!value.is_object())
        return Failure(Tr::tr("the patched document is not a JSON object"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(value.dump()), &error);
    if (error.error != QJsonParseError::NoError)
        return Failure(error.errorString());
    return document.object();
}

Result<nlohmann::json> parsePatch(const QByteArray &patch)
{
    try {
        return nlohmann::json::parse(patch.toStdString());
    } catch (const nlohmann::json::exception &error) {
        return Failure(messageOf(error));
    }
}

} // namespace

Result<QJsonObject> apply(const QJsonObject &document, const QByteArray &patch)
{
    auto operations = parsePatch(patch);
    if (!operations)
        return Failure(operations.error());
    if (!operations->is_array())
        return Failure(Tr::tr("a JSON patch must be a list of operations"));
    try {
        return toObject(toNlohmann(document).patch(*operations));
    } catch (const nlohmann::json::exception &error) {
        return Failure(messageOf(error));
    }
}

Result<QJsonObject> merge(const QJsonObject &document, const QByteArray &patch)
{
    auto changes = parsePatch(patch);
    if (!changes)
        return Failure(changes.error());
    try {
        nlohmann::json merged = toNlohmann(document);
        merged.merge_patch(*changes);
        return toObject(merged);
    } catch (const nlohmann::json::exception &error) {
        return Failure(messageOf(error));
    }
}

} // namespace Capstan::JsonPatch
