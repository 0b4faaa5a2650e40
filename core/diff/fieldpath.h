// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <variant>

namespace Capstan::Diff {

/// One step into a JSON document: an object key or an array index.
using PathStep = std::variant<QString, qsizetype>;
/// A concrete location in a JSON document.
using FieldPath = QList<PathStep>;

/// Removes the value at @p path; returns whether there was one.
bool removeAt(QJsonObject &document, const FieldPath &path);
/// The value at @p path, undefined if there is none.
QJsonValue valueAt(const QJsonObject &document, const FieldPath &path);
/// Sets the value at @p path, creating objects on the way; an index one past
/// the end of a list appends.
void setAt(QJsonObject &document, const FieldPath &path, const QJsonValue &value);
/// "spec.template.spec.containers[0].image"
QString toString(const FieldPath &path);

/// An RFC 6901 JSON pointer, as ignoreDifferences.jsonPointers: "/spec/replicas",
/// with "~1" for '/' and "~0" for '~'.
class JsonPointer
{
public:
    static Result<JsonPointer> parse(const QString &text);
    /// The locations it names in @p document (none if it does not exist there).
    QList<FieldPath> resolve(const QJsonObject &document) const;

private:
    QStringList m_tokens;
};

/// The jq path expressions that ignoreDifferences.jqPathExpressions uses,
/// evaluated as jq's del() would find them. Grammar:
///
///     expression := path ( '|' path )*
///     path       := step+ | 'select' '(' condition ')'
///     step       := '.' name | '.' '"' text '"' | '[' '"' text '"' ']' | '[' ']' '?'? | '[' integer ']'
///     condition  := comparison ( ( 'and' | 'or' ) comparison )*
///     comparison := relative ( ( '==' | '!=' ) literal )?
///     relative   := '.' | step+            (relative to the current value)
///     literal    := string | number | 'true' | 'false' | 'null'
///
/// Examples: `.spec.replicas`, `.webhooks[]?.clientConfig.caBundle`,
/// `.spec.template.spec.containers[] | select(.name == "app") | .image`,
/// `.metadata.annotations."example.com/x"`.
class JqPath
{
public:
    static Result<JqPath> parse(const QString &text);
    /// The locations the expression names in @p document.
    QList<FieldPath> resolve(const QJsonObject &document) const;

    struct Step;
    struct Condition;

private:
    QList<Step> m_steps;
};

struct JqPath::Condition
{
    struct Comparison
    {
        QList<Step> path;
        bool negate = false;
        /// Undefined: the path's value must be truthy.
        QJsonValue literal = QJsonValue::Undefined;
    };
    QList<Comparison> comparisons;
    /// Joins comparisons[i] and comparisons[i + 1]: true for "and".
    QList<bool> conjunctions;
};

struct JqPath::Step
{
    enum class Kind { Field, Index, Iterate, Select };
    Kind kind = Kind::Field;
    QString name;
    qsizetype index = 0;
    std::shared_ptr<Condition> condition;
};

} // namespace Capstan::Diff
