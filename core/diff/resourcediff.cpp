// SPDX-License-Identifier: Apache-2.0
#include "resourcediff.h"

#include "base/glob.h"
#include "diff/fieldpath.h"
#include "diff/quantity.h"
#include "kube/apiresource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Capstan::Diff {

namespace {

using Kube::groupOf;
using Kube::metadataOf;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Diff::ResourceDiff)
};

/// An ignoreDifferences rule, ready to apply.
struct Rule
{
    Glob group;
    Glob kind;
    QString name;
    QString ns;
    QList<JsonPointer> pointers;
    QList<JqPath> expressions;
    QStringList managers;

    bool matches(const QJsonObject &object) const
    {
        const QJsonObject metadata = metadataOf(object);
        return group.matches(groupOf(object)) && kind.matches(object.value(u"kind").toString())
            && (name.isEmpty() || name == metadata.value(u"name").toString())
            && (ns.isEmpty() || ns == metadata.value(u"namespace").toString());
    }
};

QList<Rule> compile(const DiffSettings &settings)
{
    QList<Rule> rules;
    for (const Model::ResourceIgnoreDifferences &ignore : settings.ignoreDifferences) {
        Rule rule{Glob(ignore.group), Glob(ignore.kind), ignore.name, ignore.ns, {}, {}, ignore.managedFieldsManagers};
        // A rule Argo CD cannot apply is skipped; validate() reports it.
        for (const QString &pointer : ignore.jsonPointers) {
            if (auto parsed = JsonPointer::parse(pointer))
                rule.pointers.append(*parsed);
        }
        for (const QString &expression : ignore.jqPathExpressions) {
            if (auto parsed = JqPath::parse(expression))
                rule.expressions.append(*parsed);
        }
        rules.append(std::move(rule));
    }
    return rules;
}

template<typename Visit>
void forEachIgnored(const QJsonObject &object, const QList<Rule> &rules, Visit visit)
{
    for (const Rule &rule : rules) {
        if (!rule.matches(object))
            continue;
        for (const JsonPointer &pointer : rule.pointers) {
            for (const FieldPath &path : pointer.resolve(object))
                visit(path);
        }
        for (const JqPath &expression : rule.expressions) {
            for (const FieldPath &path : expression.resolve(object))
                visit(path);
        }
    }
}

QJsonObject normalize(QJsonObject object, const QList<Rule> &rules, bool ignoreStatus)
{
    QJsonObject metadata = metadataOf(object);
    for (const char *field : {"creationTimestamp", "managedFields", "resourceVersion", "uid", "generation", "selfLink"})
        metadata.remove(QLatin1StringView(field));
    object.insert(u"metadata"_s, metadata);
    if (ignoreStatus)
        object.remove(u"status");
    if (isSecret(object))
        foldStringData(object);
    forEachIgnored(object, rules, [&object](const FieldPath &path) { removeAt(object, path); });
    return object;
}

std::optional<QJsonObject> lastApplied(const QJsonObject &live)
{
    const QJsonValue annotation = metadataOf(live).value(u"annotations").toObject().value(lastAppliedAnnotation);
    if (!annotation.isString())
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(annotation.toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt; // unreadable: two-way, as Argo CD does
    return document.object();
}

// managedFieldsManagers

/// One step of a FieldsV1 path: a field, a list item by key fields, by value, or by index.
struct OwnedStep
{
    enum class Kind { Field, Key, Value, Index } kind = Kind::Field;
    QString name;
    QJsonValue match;
    qsizetype index = 0;
};

void collectOwned(const QJsonObject &fields, QList<OwnedStep> prefix, QList<QList<OwnedStep>> &out)
{
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString key = it.key();
        const QJsonObject children = it.value().toObject();
        if (key == u".") {
            out.append(prefix);
            continue;
        }
        OwnedStep step;
        if (key.startsWith(u"f:")) {
            step.name = key.mid(2);
        } else if (key.startsWith(u"k:")) {
            step.kind = OwnedStep::Kind::Key;
            step.match = QJsonDocument::fromJson(key.mid(2).toUtf8()).object();
        } else if (key.startsWith(u"v:")) {
            step.kind = OwnedStep::Kind::Value;
            step.match = QJsonDocument::fromJson(u"[%1]"_s.arg(key.mid(2)).toUtf8()).array().first();
        } else if (key.startsWith(u"i:")) {
            step.kind = OwnedStep::Kind::Index;
            step.index = key.mid(2).toLongLong();
        } else {
            continue;
        }
        QList<OwnedStep> path = prefix;
        path.append(step);
        if (children.isEmpty())
            out.append(path);
        else
            collectOwned(children, path, out);
    }
}

std::optional<FieldPath> resolveOwned(const QJsonObject &document, const QList<OwnedStep> &steps)
{
    FieldPath path;
    QJsonValue value = document;
    for (const OwnedStep &step : steps) {
        if (step.kind == OwnedStep::Kind::Field) {
            if (!value.isObject() || !value.toObject().contains(step.name))
                return std::nullopt;
            path.append(step.name);
            value = value.toObject().value(step.name);
            continue;
        }
        const QJsonArray array = value.toArray();
        qsizetype found = -1;
        for (qsizetype i = 0; i < array.size() && found < 0; ++i) {
            if (step.kind == OwnedStep::Kind::Index) {
                found = step.index < array.size() ? step.index : -1;
            } else if (step.kind == OwnedStep::Kind::Value) {
                found = array.at(i) == step.match ? i : -1;
            } else {
                const QJsonObject keys = step.match.toObject();
                const QJsonObject item = array.at(i).toObject();
                bool all = true;
                for (auto key = keys.begin(); key != keys.end() && all; ++key)
                    all = item.value(key.key()) == key.value();
                found = all ? i : -1;
            }
        }
        if (found < 0)
            return std::nullopt;
        path.append(found);
        value = array.at(found);
    }
    return path;
}

/// Removes from both sides the fields that differ and that a trusted manager owns.
void removeManagedDifferences(QJsonObject &desired, QJsonObject &live, const QList<Rule> &rules)
{
    QStringList managers;
    for (const Rule &rule : rules) {
        if (rule.matches(desired))
            managers += rule.managers;
    }
    if (managers.isEmpty())
        return;
    QList<QList<OwnedStep>> owned;
    for (const QJsonValue &entry : metadataOf(live).value(u"managedFields").toArray()) {
        if (managers.contains(entry.toObject().value(u"manager").toString()))
            collectOwned(entry.toObject().value(u"fieldsV1").toObject(), {}, owned);
    }
    // Deepest first, so that removing an item does not shift what comes later.
    std::sort(owned.begin(), owned.end(), [](const auto &a, const auto &b) { return a.size() > b.size(); });
    for (const QList<OwnedStep> &steps : std::as_const(owned)) {
        const auto inLive = resolveOwned(live, steps);
        const auto inDesired = resolveOwned(desired, steps);
        const QJsonValue liveValue = inLive ? valueAt(live, *inLive) : QJsonValue(QJsonValue::Undefined);
        const QJsonValue desiredValue = inDesired ? valueAt(desired, *inDesired) : QJsonValue(QJsonValue::Undefined);
        if (!inLive || !inDesired || liveValue == desiredValue)
            continue;
        removeAt(live, *inLive);
        removeAt(desired, *inDesired);
    }
}

// The three-way merge

/// The keys Kubernetes merges lists of objects by (patchMergeKey).
QString mergeKeyFor(const QString &field, const QJsonArray &items)
{
    static const QHash<QString, QStringList> keys{
        {u"containers"_s, {u"name"_s}},
        {u"initContainers"_s, {u"name"_s}},
        {u"ephemeralContainers"_s, {u"name"_s}},
        {u"env"_s, {u"name"_s}},
        {u"volumes"_s, {u"name"_s}},
        {u"volumeMounts"_s, {u"mountPath"_s}},
        {u"volumeDevices"_s, {u"devicePath"_s}},
        {u"ports"_s, {u"containerPort"_s, u"port"_s}},
        {u"imagePullSecrets"_s, {u"name"_s}},
        {u"hostAliases"_s, {u"ip"_s}},
        {u"conditions"_s, {u"type"_s}},
        {u"ownerReferences"_s, {u"uid"_s}},
        {u"topologySpreadConstraints"_s, {u"topologyKey"_s}},
        {u"resourceClaims"_s, {u"name"_s}},
        {u"schedulingGates"_s, {u"name"_s}},
    };
    for (const QString &key : keys.value(field)) {
        bool all = !items.isEmpty();
        for (const QJsonValue &item : items)
            all = all && item.isObject() && item.toObject().contains(key);
        if (all)
            return key;
    }
    return {};
}

bool isEmptyContainer(const QJsonValue &value)
{
    return value.isNull() || (value.isObject() && value.toObject().isEmpty())
        || (value.isArray() && value.toArray().isEmpty());
}

/// Scalars Kubernetes reads as the same value.
bool equivalent(const QJsonValue &desired, const QJsonValue &live, const QStringList &path)
{
    if (desired == live)
        return true;
    static const QSet<QString> quantityParents{u"limits"_s,      u"requests"_s,      u"capacity"_s, u"hard"_s,
                                               u"allocatable"_s, u"overhead"_s,      u"max"_s,      u"min"_s,
                                               u"default"_s,     u"defaultRequest"_s};
    const QString field = path.value(path.size() - 1);
    const QString parent = path.value(path.size() - 2);
    if ((quantityParents.contains(parent) || field == u"sizeLimit" || field == u"storage")
        && sameQuantity(desired, live))
        return true;
    static const QSet<QString> intOrString{u"port"_s,           u"targetPort"_s,   u"maxSurge"_s,
                                           u"maxUnavailable"_s, u"minAvailable"_s, u"containerPort"_s};
    if (intOrString.contains(field)) {
        const QJsonValue number = desired.isDouble() ? desired : live;
        const QJsonValue text = desired.isString() ? desired : live;
        if (number.isDouble() && text.isString())
            return text.toString() == QString::number(number.toInteger());
    }
    return false;
}

QJsonValue merge(const QJsonValue &last, const QJsonValue &desired, const QJsonValue &live, QStringList &path);

QJsonValue mergeObjects(const QJsonObject &last, const QJsonObject &desired, const QJsonObject &live, QStringList &path)
{
    QJsonObject result = live;
    for (auto it = desired.begin(); it != desired.end(); ++it) {
        const QJsonValue liveValue = live.value(it.key());
        // Empty maps and lists are not stored by the API server (omitempty).
        if (liveValue.isUndefined() && isEmptyContainer(it.value()))
            continue;
        path.append(it.key());
        result.insert(it.key(), merge(last.value(it.key()), it.value(), liveValue, path));
        path.removeLast();
    }
    // What the last apply set and the desired object no longer has is removed.
    for (auto it = last.begin(); it != last.end(); ++it) {
        if (!desired.contains(it.key()))
            result.remove(it.key());
    }
    return result;
}

QJsonValue mergeLists(const QJsonArray &last, const QJsonArray &desired, const QJsonArray &live, QStringList &path)
{
    const QString field = path.value(path.size() - 1);
    if (field == u"finalizers" && path.size() == 2) {
        // metadata.finalizers merges as a set: others' finalizers stay.
        QJsonArray result = desired;
        for (const QJsonValue &item : live) {
            if (!desired.contains(item) && !last.contains(item))
                result.append(item);
        }
        return result;
    }
    const QString key = mergeKeyFor(field, desired);
    if (!key.isEmpty()) {
        const auto find = [&key](const QJsonArray &array, const QJsonValue &value) -> QJsonValue {
            for (const QJsonValue &item : array) {
                if (item.toObject().value(key) == value)
                    return item;
            }
            return QJsonValue(QJsonValue::Undefined);
        };
        QJsonArray result;
        for (const QJsonValue &item : desired) {
            const QJsonValue id = item.toObject().value(key);
            const QJsonValue liveItem = find(live, id);
            result.append(liveItem.isUndefined() ? item : merge(find(last, id), item, liveItem, path));
        }
        // Items someone else added stay; items the last apply set and Git dropped go.
        for (const QJsonValue &item : live) {
            const QJsonValue id = item.toObject().value(key);
            if (find(desired, id).isUndefined() && find(last, id).isUndefined())
                result.append(item);
        }
        return result;
    }
    // Atomic lists: replaced whole; lists of objects of the same length are
    // compared item by item, so defaults inside items do not count.
    const bool objects = !desired.isEmpty() && desired.first().isObject() && desired.size() == live.size();
    if (!objects)
        return desired;
    QJsonArray result;
    for (qsizetype i = 0; i < desired.size(); ++i) {
        if (!desired.at(i).isObject() || !live.at(i).isObject())
            return desired;
        result.append(
            merge(last.size() == desired.size() ? last.at(i) : QJsonValue(), desired.at(i), live.at(i), path));
    }
    return result;
}

QJsonValue merge(const QJsonValue &last, const QJsonValue &desired, const QJsonValue &live, QStringList &path)
{
    if (desired.isObject() && live.isObject())
        return mergeObjects(last.toObject(), desired.toObject(), live.toObject(), path);
    if (desired.isArray() && live.isArray())
        return mergeLists(last.toArray(), desired.toArray(), live.toArray(), path);
    if (!live.isUndefined() && equivalent(desired, live, path))
        return live;
    return desired;
}

} // namespace

QList<Model::FieldError> DiffSettings::validate() const
{
    QList<Model::FieldError> errors;
    for (qsizetype i = 0; i < ignoreDifferences.size(); ++i) {
        const auto &rule = ignoreDifferences.at(i);
        for (qsizetype j = 0; j < rule.jsonPointers.size(); ++j) {
            if (auto parsed = JsonPointer::parse(rule.jsonPointers.at(j)); !parsed)
                errors.append({u"spec.ignoreDifferences[%1].jsonPointers[%2]"_s.arg(i).arg(j), parsed.error()});
        }
        for (qsizetype j = 0; j < rule.jqPathExpressions.size(); ++j) {
            if (auto parsed = JqPath::parse(rule.jqPathExpressions.at(j)); !parsed)
                errors.append({u"spec.ignoreDifferences[%1].jqPathExpressions[%2]"_s.arg(i).arg(j), parsed.error()});
        }
    }
    return errors;
}

bool isSecret(const QJsonObject &object)
{
    return object.value(u"kind").toString() == u"Secret" && object.value(u"apiVersion").toString() == u"v1";
}

void foldStringData(QJsonObject &secret)
{
    if (!secret.contains(u"stringData"))
        return;
    QJsonObject data = secret.value(u"data").toObject();
    const QJsonObject stringData = secret.value(u"stringData").toObject();
    for (auto it = stringData.begin(); it != stringData.end(); ++it) {
        if (it.value().isString())
            data.insert(it.key(), QString::fromLatin1(it.value().toString().toUtf8().toBase64()));
        else
            data.insert(it.key(), it.value());
    }
    secret.remove(u"stringData");
    secret.insert(u"data"_s, data);
}

struct Differ::Rules
{
    QList<Rule> rules;
};

Differ::Differ(const DiffSettings &settings)
    : m_rules(std::make_unique<Rules>(Rules{compile(settings)}))
    , m_ignoreStatus(settings.ignoreStatus)
{ }

Differ::~Differ() = default;
Differ::Differ(Differ &&) noexcept = default;
Differ &Differ::operator=(Differ &&) noexcept = default;

ResourceDiff diffResource(const QJsonObject &desired, const QJsonObject &live, const DiffSettings &settings)
{
    return Differ(settings).diff(desired, live);
}

ResourceDiff Differ::diff(const QJsonObject &desired, const QJsonObject &live) const
{
    const QList<Rule> &rules = m_rules->rules;
    ResourceDiff result;
    if (desired.isEmpty()) {
        result.normalizedLive = normalize(live, rules, m_ignoreStatus);
        return result;
    }
    if (live.isEmpty()) {
        result.predictedLive = normalize(desired, rules, m_ignoreStatus);
        result.modified = true;
        return result;
    }
    QJsonObject target = desired;
    QJsonObject current = live;
    removeManagedDifferences(target, current, rules);
    const auto applied = lastApplied(live);
    target = normalize(target, rules, m_ignoreStatus);
    current = normalize(current, rules, m_ignoreStatus);
    // Two-way without the annotation: the desired object is its own last apply.
    const QJsonObject last = applied ? normalize(*applied, rules, m_ignoreStatus) : target;

    QStringList path;
    result.predictedLive = merge(last, target, current, path).toObject();
    result.normalizedLive = current;
    result.modified = result.predictedLive != result.normalizedLive;
    return result;
}

QList<IgnoredField> ignoredFields(const QJsonObject &object, const DiffSettings &settings)
{
    QList<IgnoredField> fields;
    forEachIgnored(object, compile(settings), [&](const FieldPath &path) {
        fields.append({path, valueAt(object, path)});
    });
    return fields;
}

} // namespace Capstan::Diff
