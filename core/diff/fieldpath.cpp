// SPDX-License-Identifier: Apache-2.0
#include "fieldpath.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Diff {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Diff::FieldPath)
};

QJsonValue child(const QJsonValue &value, const PathStep &step)
{
    if (const QString *key = std::get_if<QString>(&step))
        return value.isObject() ? value.toObject().value(*key) : QJsonValue(QJsonValue::Undefined);
    const qsizetype index = std::get<qsizetype>(step);
    if (!value.isArray() || index < 0 || index >= value.toArray().size())
        return QJsonValue(QJsonValue::Undefined);
    return value.toArray().at(index);
}

/// Rebuilds @p value with @p edit applied at @p path[from...]; returns false
/// when the path does not exist.
bool edit(QJsonValue &value, const FieldPath &path, qsizetype from, const std::function<bool(QJsonValue &)> &change)
{
    if (from == path.size())
        return change(value);
    const PathStep &step = path.at(from);
    if (const QString *key = std::get_if<QString>(&step)) {
        if (!value.isObject())
            return false;
        QJsonObject object = value.toObject();
        if (from == path.size() - 1) {
            QJsonValue leaf = object.value(*key);
            if (!change(leaf))
                return false;
            if (leaf.isUndefined())
                object.remove(*key);
            else
                object.insert(*key, leaf);
            value = object;
            return true;
        }
        QJsonValue inner = object.value(*key);
        if (!edit(inner, path, from + 1, change))
            return false;
        object.insert(*key, inner);
        value = object;
        return true;
    }
    const qsizetype index = std::get<qsizetype>(step);
    if (!value.isArray())
        return false;
    QJsonArray array = value.toArray();
    if (index < 0 || index >= array.size())
        return false;
    QJsonValue inner = array.at(index);
    if (from == path.size() - 1) {
        if (!change(inner))
            return false;
        if (inner.isUndefined())
            array.removeAt(index);
        else
            array.replace(index, inner);
    } else {
        if (!edit(inner, path, from + 1, change))
            return false;
        array.replace(index, inner);
    }
    value = array;
    return true;
}

} // namespace

QJsonValue valueAt(const QJsonObject &document, const FieldPath &path)
{
    QJsonValue value = document;
    for (const PathStep &step : path) {
        value = child(value, step);
        if (value.isUndefined())
            break;
    }
    return value;
}

bool removeAt(QJsonObject &document, const FieldPath &path)
{
    if (path.isEmpty())
        return false;
    QJsonValue root = document;
    const bool removed = edit(root, path, 0, [](QJsonValue &leaf) {
        if (leaf.isUndefined())
            return false;
        leaf = QJsonValue(QJsonValue::Undefined);
        return true;
    });
    if (removed)
        document = root.toObject();
    return removed;
}

namespace {
/// @p node with @p value at path[from...]: missing objects are created, an
/// index one past the end appends.
QJsonValue withValue(const QJsonValue &node, const FieldPath &path, qsizetype from, const QJsonValue &value)
{
    if (from == path.size())
        return value;
    if (const QString *key = std::get_if<QString>(&path.at(from))) {
        QJsonObject object = node.toObject();
        object.insert(*key, withValue(object.value(*key), path, from + 1, value));
        return object;
    }
    const qsizetype index = std::get<qsizetype>(path.at(from));
    QJsonArray array = node.toArray();
    if (index >= 0 && index < array.size())
        array.replace(index, withValue(array.at(index), path, from + 1, value));
    else if (index == array.size())
        array.append(withValue(QJsonValue(), path, from + 1, value));
    return array;
}
} // namespace

void setAt(QJsonObject &document, const FieldPath &path, const QJsonValue &value)
{
    if (!path.isEmpty())
        document = withValue(document, path, 0, value).toObject();
}

QString toString(const FieldPath &path)
{
    QString text;
    for (const PathStep &step : path) {
        if (const QString *key = std::get_if<QString>(&step)) {
            if (!text.isEmpty())
                text += u'.';
            text += *key;
        } else {
            text += u'[' + QString::number(std::get<qsizetype>(step)) + u']';
        }
    }
    return text;
}

// JSON pointers

Result<JsonPointer> JsonPointer::parse(const QString &text)
{
    if (!text.startsWith(u'/'))
        return Failure(Tr::tr("JSON pointer \"%1\" must start with '/'").arg(text));
    JsonPointer pointer;
    for (QString token : text.mid(1).split(u'/')) {
        token.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
        pointer.m_tokens.append(token);
    }
    return pointer;
}

QList<FieldPath> JsonPointer::resolve(const QJsonObject &document) const
{
    FieldPath path;
    QJsonValue value = document;
    for (const QString &token : m_tokens) {
        if (value.isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            if (!ok)
                return {};
            path.append(index);
        } else {
            path.append(token);
        }
        value = child(value, path.last());
        if (value.isUndefined())
            return {};
    }
    return {path};
}

// jq path expressions

namespace {

class JqParser
{
public:
    explicit JqParser(const QString &text)
        : m_text(text)
    { }

    Result<QList<JqPath::Step>> expression()
    {
        QList<JqPath::Step> steps;
        for (;;) {
            skipSpace();
            if (m_text.mid(m_pos).startsWith(u"select")) {
                m_pos += 6;
                skipSpace();
                if (!take(u'('))
                    return fail(Tr::tr("'(' after select"));
                auto condition = parseCondition();
                if (!condition)
                    return Failure(condition.error());
                skipSpace();
                if (!take(u')'))
                    return fail(Tr::tr("')'"));
                JqPath::Step step;
                step.kind = JqPath::Step::Kind::Select;
                step.condition = std::make_shared<JqPath::Condition>(std::move(condition).value());
                steps.append(step);
            } else {
                auto path = relativePath(false);
                if (!path)
                    return Failure(path.error());
                steps.append(*path);
            }
            skipSpace();
            if (atEnd())
                return steps;
            if (!take(u'|'))
                return fail(Tr::tr("'|' or the end"));
        }
    }

    bool atEnd()
    {
        skipSpace();
        return m_pos >= m_text.size();
    }

private:
    template<typename T = QList<JqPath::Step>>
    Result<T> fail(const QString &expected)
    {
        return Failure(Tr::tr("jq path \"%1\": expected %2 at position %3").arg(m_text, expected).arg(m_pos + 1));
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    bool take(QChar c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    QChar peek() const { return m_pos < m_text.size() ? m_text.at(m_pos) : QChar(); }

    std::optional<QString> stringLiteral()
    {
        if (peek() != u'"')
            return std::nullopt;
        ++m_pos;
        QString value;
        while (m_pos < m_text.size() && m_text.at(m_pos) != u'"') {
            if (m_text.at(m_pos) == u'\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            value += m_text.at(m_pos++);
        }
        if (m_pos >= m_text.size())
            return std::nullopt;
        ++m_pos;
        return value;
    }

    /// One or more steps; in a condition a lone '.' is the value itself.
    Result<QList<JqPath::Step>> relativePath(bool allowIdentity)
    {
        QList<JqPath::Step> steps;
        skipSpace();
        if (peek() != u'.')
            return fail(Tr::tr("a path starting with '.'"));
        while (peek() == u'.' || peek() == u'[') {
            if (peek() == u'.') {
                ++m_pos;
                if (peek() == u'"') {
                    const auto name = stringLiteral();
                    if (!name)
                        return fail(Tr::tr("a closing '\"'"));
                    steps.append({JqPath::Step::Kind::Field, *name, 0, nullptr});
                } else if (peek().isLetter() || peek() == u'_') {
                    const qsizetype start = m_pos;
                    while (m_pos < m_text.size() && (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == u'_'))
                        ++m_pos;
                    steps.append({JqPath::Step::Kind::Field, m_text.mid(start, m_pos - start), 0, nullptr});
                } else if (peek() != u'[' && !(allowIdentity && steps.isEmpty())) {
                    return fail(Tr::tr("a field name"));
                }
            }
            if (peek() == u'[') {
                ++m_pos;
                skipSpace();
                if (peek() == u']') {
                    ++m_pos;
                    if (peek() == u'?')
                        ++m_pos;
                    steps.append({JqPath::Step::Kind::Iterate, {}, 0, nullptr});
                } else if (peek() == u'"') {
                    const auto name = stringLiteral();
                    if (!name || !take(u']'))
                        return fail(Tr::tr("a quoted key and ']'"));
                    steps.append({JqPath::Step::Kind::Field, *name, 0, nullptr});
                } else {
                    const qsizetype start = m_pos;
                    while (m_pos < m_text.size() && (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == u'-'))
                        ++m_pos;
                    bool ok = false;
                    const qsizetype index = m_text.mid(start, m_pos - start).toLongLong(&ok);
                    if (!ok || !take(u']'))
                        return fail(Tr::tr("an index and ']'"));
                    steps.append({JqPath::Step::Kind::Index, {}, index, nullptr});
                }
                if (peek() == u'?')
                    ++m_pos;
            }
            skipSpace();
        }
        return steps;
    }

    Result<QJsonValue> literal()
    {
        skipSpace();
        if (const auto text = stringLiteral())
            return QJsonValue(*text);
        for (const auto &[word, value] :
             {std::pair{u"true"_s, QJsonValue(true)}, std::pair{u"false"_s, QJsonValue(false)},
              std::pair{u"null"_s, QJsonValue(QJsonValue::Null)}}) {
            if (m_text.mid(m_pos).startsWith(word)) {
                m_pos += word.size();
                return value;
            }
        }
        const qsizetype start = m_pos;
        while (m_pos < m_text.size()
               && (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == u'.' || m_text.at(m_pos) == u'-'))
            ++m_pos;
        bool ok = false;
        const double number = m_text.mid(start, m_pos - start).toDouble(&ok);
        if (!ok)
            return fail<QJsonValue>(Tr::tr("a string, number, true, false or null"));
        return QJsonValue(number);
    }

    Result<JqPath::Condition> parseCondition()
    {
        JqPath::Condition condition;
        for (;;) {
            auto path = relativePath(true);
            if (!path)
                return Failure(path.error());
            JqPath::Condition::Comparison comparison{*path, false, QJsonValue::Undefined};
            skipSpace();
            if (m_text.mid(m_pos).startsWith(u"==") || m_text.mid(m_pos).startsWith(u"!=")) {
                comparison.negate = m_text.at(m_pos) == u'!';
                m_pos += 2;
                auto value = literal();
                if (!value)
                    return Failure(value.error());
                comparison.literal = *value;
            }
            condition.comparisons.append(comparison);
            skipSpace();
            if (m_text.mid(m_pos).startsWith(u"and")) {
                m_pos += 3;
                condition.conjunctions.append(true);
            } else if (m_text.mid(m_pos).startsWith(u"or")) {
                m_pos += 2;
                condition.conjunctions.append(false);
            } else {
                return condition;
            }
        }
    }

    QString m_text;
    qsizetype m_pos = 0;
};

using Located = std::pair<FieldPath, QJsonValue>;

QList<Located> apply(const QList<JqPath::Step> &steps, const QList<Located> &inputs);

bool truthy(const QJsonValue &value)
{
    return !(value.isUndefined() || value.isNull() || (value.isBool() && !value.toBool()));
}

bool holds(const JqPath::Condition &condition, const QJsonValue &value)
{
    bool result = false;
    for (qsizetype i = 0; i < condition.comparisons.size(); ++i) {
        const auto &comparison = condition.comparisons.at(i);
        const QList<Located> found = apply(comparison.path, {{FieldPath(), value}});
        bool matched = false;
        for (const Located &candidate : found) {
            if (comparison.literal.isUndefined())
                matched = matched || truthy(candidate.second);
            else
                matched = matched || ((candidate.second == comparison.literal) != comparison.negate);
        }
        if (found.isEmpty() && !comparison.literal.isUndefined())
            matched = comparison.negate != comparison.literal.isNull();
        result = i == 0 ? matched : (condition.conjunctions.at(i - 1) ? result && matched : result || matched);
    }
    return result;
}

QList<Located> apply(const QList<JqPath::Step> &steps, const QList<Located> &inputs)
{
    QList<Located> current = inputs;
    for (const JqPath::Step &step : steps) {
        QList<Located> next;
        for (const auto &[path, value] : std::as_const(current)) {
            switch (step.kind) {
            case JqPath::Step::Kind::Field:
                if (value.isObject() && value.toObject().contains(step.name))
                    next.append({path + FieldPath{step.name}, value.toObject().value(step.name)});
                break;
            case JqPath::Step::Kind::Index: {
                const QJsonArray array = value.toArray();
                const qsizetype index = step.index < 0 ? array.size() + step.index : step.index;
                if (value.isArray() && index >= 0 && index < array.size())
                    next.append({path + FieldPath{index}, array.at(index)});
                break;
            }
            case JqPath::Step::Kind::Iterate:
                if (value.isArray()) {
                    const QJsonArray array = value.toArray();
                    for (qsizetype i = 0; i < array.size(); ++i)
                        next.append({path + FieldPath{i}, array.at(i)});
                } else if (value.isObject()) {
                    const QJsonObject object = value.toObject();
                    for (auto it = object.begin(); it != object.end(); ++it)
                        next.append({path + FieldPath{it.key()}, it.value()});
                }
                break;
            case JqPath::Step::Kind::Select:
                if (holds(*step.condition, value))
                    next.append({path, value});
                break;
            }
        }
        current = next;
    }
    return current;
}

} // namespace

Result<JqPath> JqPath::parse(const QString &text)
{
    JqParser parser(text);
    auto steps = parser.expression();
    if (!steps)
        return Failure(steps.error());
    JqPath path;
    path.m_steps = std::move(steps).value();
    if (path.m_steps.isEmpty())
        return Failure(Tr::tr("jq path \"%1\" is empty").arg(text));
    return path;
}

QList<FieldPath> JqPath::resolve(const QJsonObject &document) const
{
    QList<FieldPath> paths;
    for (const Located &found : apply(m_steps, {{FieldPath(), document}})) {
        if (!found.first.isEmpty())
            paths.append(found.first);
    }
    // Deleting several items of one array: the highest index first.
    std::sort(paths.begin(), paths.end(), [](const FieldPath &a, const FieldPath &b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                            [](const PathStep &x, const PathStep &y) { return x > y; });
    });
    return paths;
}

} // namespace Capstan::Diff
