// SPDX-License-Identifier: Apache-2.0
#include "secretmask.h"

#include "diff/resourcediff.h"
#include "kube/apiresource.h"

#include <QHash>
#include <QJsonDocument>
#include <QList>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Capstan::Diff {

namespace {

/// A Secret written as JSON into an annotation of another object.
struct Embedded
{
    QJsonObject *holder = nullptr;
    QString annotation;
    QJsonObject object;
};

/// The annotations of @p holder that hold a whole Secret; the last-applied
/// configuration always counts, as kubectl writes it for the object itself.
QList<Embedded> embeddedSecrets(QJsonObject &holder)
{
    QList<Embedded> found;
    const QJsonObject annotations = Kube::metadataOf(holder).value(u"annotations").toObject();
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        const QJsonDocument document = QJsonDocument::fromJson(it.value().toString().toUtf8());
        if (document.isObject() && (isSecret(document.object()) || it.key() == lastAppliedAnnotation))
            found.append({&holder, it.key(), document.object()});
    }
    return found;
}

/// Removes annotations that should embed the object and cannot be read, so
/// that no unreadable copy of a value passes unmasked.
void dropUnreadableLastApplied(QJsonObject &holder)
{
    QJsonObject metadata = Kube::metadataOf(holder);
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    const QJsonValue applied = annotations.value(lastAppliedAnnotation);
    if (applied.isUndefined() || QJsonDocument::fromJson(applied.toString().toUtf8()).isObject())
        return;
    annotations.insert(lastAppliedAnnotation, u"++++++++"_s);
    metadata.insert(u"annotations"_s, annotations);
    holder.insert(u"metadata"_s, metadata);
}

void writeBack(const Embedded &embedded)
{
    QJsonObject metadata = Kube::metadataOf(*embedded.holder);
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    annotations.insert(embedded.annotation,
                       QString::fromUtf8(QJsonDocument(embedded.object).toJson(QJsonDocument::Compact)));
    metadata.insert(u"annotations"_s, annotations);
    embedded.holder->insert(u"metadata"_s, metadata);
}

/// Replaces each value of `data` with its key's run for that value: 8 '+'
/// for the first distinct value, then 12, 16, …
void maskValues(const QList<QJsonObject *> &objects)
{
    QStringList keys;
    for (QJsonObject *object : objects) {
        foldStringData(*object);
        for (const QString &key : object->value(u"data").toObject().keys()) {
            if (!keys.contains(key))
                keys.append(key);
        }
    }
    for (const QString &key : std::as_const(keys)) {
        QHash<QString, QString> masks;
        QString next(8, u'+');
        for (QJsonObject *object : objects) {
            QJsonObject data = object->value(u"data").toObject();
            if (!data.contains(key))
                continue;
            const QString text = data.value(key).toString();
            if (!masks.contains(text)) {
                masks.insert(text, next);
                next += u"++++"_s;
            }
            data.insert(key, masks.value(text));
            object->insert(u"data"_s, data);
        }
    }
}

} // namespace

std::pair<QJsonObject, QJsonObject> maskSecrets(const QJsonObject &desired, const QJsonObject &live)
{
    if (!isSecret(desired) && !isSecret(live))
        return {desired, live};
    QJsonObject target = desired;
    QJsonObject current = live;
    QList<Embedded> embedded;
    QList<QJsonObject *> objects;
    for (QJsonObject *side : {&target, &current}) {
        if (side->isEmpty())
            continue;
        dropUnreadableLastApplied(*side);
        objects.append(side);
        embedded += embeddedSecrets(*side);
    }
    for (Embedded &copy : embedded)
        objects.append(&copy.object);
    maskValues(objects);
    for (const Embedded &copy : std::as_const(embedded))
        writeBack(copy);
    return {target, current};
}

QJsonObject maskSecret(const QJsonObject &object)
{
    return maskSecrets(object, {}).first;
}

} // namespace Capstan::Diff
