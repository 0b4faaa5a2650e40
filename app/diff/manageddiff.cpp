// SPDX-License-Identifier: Apache-2.0
#include "manageddiff.h"

#include "diff/resourcediff.h"
#include "model/application.h"
#include "model/jsonfields.h"
#include "source/manifests/manifestparser.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

/// A state as managed-resources writes it: JSON text, "null" for none.
QJsonObject stateOf(const QJsonObject &item, QStringView field)
{
    const QString text = item.value(field).toString();
    if (text.isEmpty() || text == u"null")
        return {};
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString yamlOf(const QJsonObject &object)
{
    return object.isEmpty() ? QString() : Source::ManifestParser::jsonToYaml(object);
}

QString shortValue(const QJsonValue &value)
{
    if (value.isUndefined())
        return ManagedDiff::tr("(none)");
    QString text;
    if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else if (value.isString())
        text = value.toString();
    else if (value.isBool())
        text = value.toBool() ? u"true"_s : u"false"_s;
    else if (value.isNull())
        text = u"null"_s;
    else
        text = QString::number(value.toDouble(), 'g', 17);
    if (text.size() > 60)
        text = text.left(57) + u"…"_s;
    return text;
}

void hide(QJsonObject &object, const DiffOptions &options)
{
    if (object.isEmpty())
        return;
    if (options.hideManagedFields) {
        QJsonObject metadata = object.value(u"metadata").toObject();
        if (metadata.contains(u"managedFields")) {
            metadata.remove(u"managedFields"_s);
            object.insert(u"metadata"_s, metadata);
        }
    }
    if (options.hideStatus)
        object.remove(u"status"_s);
}

} // namespace

QString ManagedDiff::key() const
{
    return u"%1/%2/%3/%4"_s.arg(group, kind, ns, name);
}

QString ManagedDiff::fileName() const
{
    QStringList parts;
    if (!group.isEmpty())
        parts << group;
    parts << kind;
    if (!ns.isEmpty())
        parts << ns;
    parts << name + u".yaml"_s;
    return parts.join(u'/');
}

Diff::DiffSettings ManagedDiff::diffSettings(const QJsonObject &applicationSpec)
{
    Diff::DiffSettings settings;
    for (const QJsonValue &rule : applicationSpec.value(u"ignoreDifferences").toArray()) {
        if (auto parsed = Model::fromJson<Model::ResourceIgnoreDifferences>(rule.toObject()))
            settings.ignoreDifferences.append(*parsed);
    }
    return settings;
}

ManagedDiff ManagedDiff::fromResource(const QJsonObject &item, const QJsonObject &applicationSpec,
                                      const DiffOptions &options)
{
    return prepare(item, diffSettings(applicationSpec), options);
}

ManagedDiff ManagedDiff::prepare(const QJsonObject &item, const Diff::DiffSettings &settings,
                                 const DiffOptions &options)
{
    ManagedDiff result;
    result.group = item.value(u"group").toString();
    result.kind = item.value(u"kind").toString();
    result.ns = item.value(u"namespace").toString();
    result.name = item.value(u"name").toString();
    result.hook = item.value(u"hook").toBool();
    for (const QJsonValue &note : item.value(u"notes").toArray())
        result.notes.append(note.toString());

    const QJsonObject rawLive = stateOf(item, u"liveState");
    const QJsonObject rawTarget = stateOf(item, u"targetState");
    QJsonObject live = stateOf(item, u"normalizedLiveState");
    QJsonObject desired = stateOf(item, u"predictedLiveState");
    // Older servers send no normalised states: fall back to the raw ones.
    if (live.isEmpty())
        live = rawLive;
    if (desired.isEmpty())
        desired = rawTarget;

    if (rawLive.isEmpty() && !rawTarget.isEmpty())
        result.state = State::Missing;
    else if (rawTarget.isEmpty() && !rawLive.isEmpty())
        result.state = State::Extra;
    else if (item.value(u"modified").toBool())
        result.state = State::Modified;

    // The fields the application's ignoreDifferences leaves out.
    const QList<Diff::IgnoredField> liveFields = Diff::ignoredFields(rawLive, settings);
    const QList<Diff::IgnoredField> targetFields = Diff::ignoredFields(rawTarget, settings);
    QList<Diff::FieldPath> paths;
    for (const auto *fields : {&liveFields, &targetFields}) {
        for (const Diff::IgnoredField &field : *fields) {
            if (!paths.contains(field.path))
                paths.append(field.path);
        }
    }
    for (const Diff::FieldPath &path : paths) {
        const QJsonValue liveValue = Diff::valueAt(rawLive, path);
        const QJsonValue desiredValue = Diff::valueAt(rawTarget, path);
        result.ignored.append(tr("%1 — live: %2, desired: %3")
                                  .arg(Diff::toString(path), shortValue(liveValue), shortValue(desiredValue)));
        if (options.honourIgnoreDifferences)
            continue;
        // Put back what the server left out: desired keeps the live value
        // where it does not set the field, as applying it would.
        if (!live.isEmpty() && !liveValue.isUndefined())
            Diff::setAt(live, path, liveValue);
        if (!desired.isEmpty()) {
            if (!desiredValue.isUndefined())
                Diff::setAt(desired, path, desiredValue);
            else if (!liveValue.isUndefined())
                Diff::setAt(desired, path, liveValue);
        }
    }

    hide(live, options);
    hide(desired, options);
    result.live = yamlOf(live);
    result.desired = yamlOf(desired);
    result.diff = Diff::TextDiff::compute(result.live, result.desired);
    if (result.state == State::Synced && !result.diff.isEqual())
        result.state = State::Modified;
    return result;
}

QList<ManagedDiff> ManagedDiff::fromResources(const QJsonArray &items, const QJsonObject &applicationSpec,
                                              const DiffOptions &options)
{
    const Diff::DiffSettings settings = diffSettings(applicationSpec);
    QList<ManagedDiff> diffs;
    diffs.reserve(items.size());
    for (const QJsonValue &item : items)
        diffs.append(prepare(item.toObject(), settings, options));
    return diffs;
}

QString ManagedDiff::patch(const QList<ManagedDiff> &diffs, int context)
{
    QString out;
    for (const ManagedDiff &diff : diffs) {
        const QString file = diff.fileName();
        const QString oldName = diff.live.isEmpty() ? u"/dev/null"_s : u"a/"_s + file;
        const QString newName = diff.desired.isEmpty() ? u"/dev/null"_s : u"b/"_s + file;
        const QString text = diff.diff.unified(oldName, newName, context);
        if (text.isEmpty())
            continue;
        out += u"diff --git a/%1 b/%1\n"_s.arg(file);
        if (diff.live.isEmpty())
            out += u"new file mode 100644\n"_s;
        else if (diff.desired.isEmpty())
            out += u"deleted file mode 100644\n"_s;
        out += text;
    }
    return out;
}

} // namespace Capstan
