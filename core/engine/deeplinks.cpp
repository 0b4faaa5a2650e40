// SPDX-License-Identifier: Apache-2.0
#include "deeplinks.h"

#include "source/manifests/manifestparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Engine::DeepLinks)
};

/// A JSON value reached by a dotted path; undefined when any step is missing.
QJsonValue lookup(const QJsonValue &root, const QStringList &path)
{
    QJsonValue value = root;
    for (const QString &step : path) {
        if (!value.isObject())
            return QJsonValue(QJsonValue::Undefined);
        value = value.toObject().value(step);
    }
    return value;
}

QString templateText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number)) : QString::number(number);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"<no value>"_s; // what Go templates print for a missing map key
    default:
        return QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
    }
}

/// Splits ".a.b.c" into its steps; nullopt unless it is such a path.
std::optional<QStringList> fieldPath(const QString &text)
{
    static const QRegularExpression pattern(u"^(\\.[A-Za-z_][A-Za-z0-9_-]*)+$"_s);
    if (!pattern.match(text).hasMatch())
        return std::nullopt;
    return text.mid(1).split(u'.');
}

Result<QString> expandTemplate(const QString &text, const QJsonObject &objects)
{
    static const QRegularExpression action(u"\\{\\{-?\\s*(.*?)\\s*-?\\}\\}"_s);
    static const QRegularExpression index(u"^index\\s+(\\S+)\\s+\"([^\"]*)\"$"_s);
    QString result;
    qsizetype position = 0;
    auto it = action.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result += text.mid(position, match.capturedStart() - position);
        position = match.capturedEnd();
        const QString body = match.captured(1);
        if (const auto path = fieldPath(body)) {
            result += templateText(lookup(objects, *path));
        } else if (const QRegularExpressionMatch call = index.match(body);
                   call.hasMatch() && fieldPath(call.captured(1))) {
            result += templateText(lookup(objects, *fieldPath(call.captured(1)) << call.captured(2)));
        } else {
            return Failure(Tr::tr("the template action {{%1}} is not supported").arg(body));
        }
    }
    result += text.mid(position);
    return result;
}

/// A small expr-lang evaluator for link conditions.
class Condition
{
public:
    Condition(const QString &text, const QJsonObject &objects)
        : m_text(text)
        , m_objects(objects)
    { }

    Result<QJsonValue> evaluate()
    {
        auto value = orExpression();
        if (!value)
            return value;
        skipSpace();
        if (m_position < m_text.size())
            return Failure(Tr::tr("unexpected '%1' at column %2").arg(m_text.mid(m_position)).arg(m_position + 1));
        return value;
    }

private:
    void skipSpace()
    {
        while (m_position < m_text.size() && m_text.at(m_position).isSpace())
            ++m_position;
    }
    bool accept(QStringView token, bool word = false)
    {
        skipSpace();
        if (!QStringView(m_text).mid(m_position).startsWith(token))
            return false;
        const qsizetype end = m_position + token.size();
        if (word && end < m_text.size() && (m_text.at(end).isLetterOrNumber() || m_text.at(end) == u'_'))
            return false;
        m_position = end;
        return true;
    }
    static bool truthy(const QJsonValue &value) { return value.isBool() && value.toBool(); }

    Result<QJsonValue> orExpression()
    {
        auto left = andExpression();
        while (left && (accept(u"||") || accept(u"or", true))) {
            auto right = andExpression();
            if (!right)
                return right;
            left = QJsonValue(truthy(*left) || truthy(*right));
        }
        return left;
    }
    Result<QJsonValue> andExpression()
    {
        auto left = comparison();
        while (left && (accept(u"&&") || accept(u"and", true))) {
            auto right = comparison();
            if (!right)
                return right;
            left = QJsonValue(truthy(*left) && truthy(*right));
        }
        return left;
    }
    Result<QJsonValue> comparison()
    {
        auto left = unary();
        if (!left)
            return left;
        for (const auto op : {u"==", u"!=", u"contains", u"startsWith", u"endsWith", u"in"}) {
            const bool word = QStringView(op).front().isLetter();
            if (!accept(op, word))
                continue;
            auto right = unary();
            if (!right)
                return right;
            const QStringView name(op);
            if (name == u"==")
                return QJsonValue(*left == *right);
            if (name == u"!=")
                return QJsonValue(*left != *right);
            if (name == u"in")
                return QJsonValue(right->isArray() ? right->toArray().contains(*left)
                                                   : right->isObject() && right->toObject().contains(left->toString()));
            const QString a = left->toString();
            const QString b = right->toString();
            if (name == u"contains")
                return QJsonValue(a.contains(b));
            if (name == u"startsWith")
                return QJsonValue(a.startsWith(b));
            return QJsonValue(a.endsWith(b));
        }
        return left;
    }
    Result<QJsonValue> unary()
    {
        if (accept(u"!") || accept(u"not", true)) {
            auto value = unary();
            if (!value)
                return value;
            return QJsonValue(!truthy(*value));
        }
        return primary();
    }
    Result<QJsonValue> primary()
    {
        skipSpace();
        if (m_position >= m_text.size())
            return Failure(Tr::tr("the condition ends too early"));
        const QChar c = m_text.at(m_position);
        if (c == u'(') {
            ++m_position;
            auto value = orExpression();
            if (value && !accept(u")"))
                return Failure(Tr::tr("a ')' is missing"));
            return value;
        }
        if (c == u'[') {
            ++m_position;
            QJsonArray items;
            if (accept(u"]"))
                return QJsonValue(items);
            do {
                auto item = orExpression();
                if (!item)
                    return item;
                items.append(*item);
            } while (accept(u","));
            if (!accept(u"]"))
                return Failure(Tr::tr("a ']' is missing"));
            return QJsonValue(items);
        }
        if (c == u'"' || c == u'\'') {
            auto text = stringLiteral();
            if (!text)
                return Failure(text.error());
            return QJsonValue(*text);
        }
        if (c.isDigit() || c == u'-') {
            qsizetype end = m_position + 1;
            while (end < m_text.size() && (m_text.at(end).isDigit() || m_text.at(end) == u'.'))
                ++end;
            bool ok = false;
            const double number = m_text.mid(m_position, end - m_position).toDouble(&ok);
            if (!ok)
                return Failure(Tr::tr("'%1' is not a number").arg(m_text.mid(m_position, end - m_position)));
            m_position = end;
            return QJsonValue(number);
        }
        if (accept(u"true", true))
            return QJsonValue(true);
        if (accept(u"false", true))
            return QJsonValue(false);
        if (accept(u"nil", true))
            return QJsonValue(QJsonValue::Null);
        return path();
    }
    Result<QString> stringLiteral()
    {
        const QChar quote = m_text.at(m_position++);
        QString text;
        while (m_position < m_text.size() && m_text.at(m_position) != quote) {
            if (m_text.at(m_position) == u'\\' && m_position + 1 < m_text.size())
                ++m_position;
            text += m_text.at(m_position++);
        }
        if (m_position >= m_text.size())
            return Failure(Tr::tr("a string is not closed"));
        ++m_position;
        return text;
    }
    Result<QJsonValue> path()
    {
        static const QRegularExpression identifier(u"\\G[A-Za-z_][A-Za-z0-9_]*"_s);
        const auto name = [&]() -> QString {
            const QRegularExpressionMatch match = identifier.match(m_text, m_position);
            if (!match.hasMatch())
                return {};
            m_position = match.capturedEnd();
            return match.captured();
        };
        const QString first = name();
        if (first.isEmpty())
            return Failure(Tr::tr("unexpected '%1' at column %2").arg(m_text.mid(m_position)).arg(m_position + 1));
        QJsonValue value = m_objects.value(first);
        while (true) {
            if (m_position < m_text.size() && m_text.at(m_position) == u'.') {
                ++m_position;
                const QString step = name();
                if (step.isEmpty())
                    return Failure(Tr::tr("a field name is missing after '.' at column %1").arg(m_position));
                value = value.isObject() ? value.toObject().value(step) : QJsonValue(QJsonValue::Null);
            } else if (m_position < m_text.size() && m_text.at(m_position) == u'[') {
                ++m_position;
                skipSpace();
                if (m_position >= m_text.size() || (m_text.at(m_position) != u'"' && m_text.at(m_position) != u'\''))
                    return Failure(Tr::tr("only quoted keys are supported inside [ ]"));
                const auto key = stringLiteral();
                if (!key)
                    return Failure(key.error());
                if (!accept(u"]"))
                    return Failure(Tr::tr("a ']' is missing"));
                value = value.isObject() ? value.toObject().value(*key) : QJsonValue(QJsonValue::Null);
            } else {
                break;
            }
        }
        return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
    }

    QString m_text;
    QJsonObject m_objects;
    qsizetype m_position = 0;
};

} // namespace

Result<QList<DeepLink>> parseDeepLinks(const QByteArray &yaml)
{
    const auto parsed = Source::ManifestParser::yamlToJson(yaml, u"links"_s);
    if (!parsed)
        return Failure(parsed.error().message);
    if (parsed->isNull() || parsed->isUndefined())
        return QList<DeepLink>();
    if (!parsed->isArray())
        return Failure(Tr::tr("the links setting must be a list"));
    QList<DeepLink> links;
    const QJsonArray items = parsed->toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject item = items.at(i).toObject();
        DeepLink link{item.value(u"title"_s).toString(), item.value(u"url"_s).toString(),
                      item.value(u"description"_s).toString(), item.value(u"icon.class"_s).toString(),
                      item.value(u"if"_s).toString()};
        if (link.title.isEmpty() || link.url.isEmpty())
            return Failure(Tr::tr("link %1 needs a title and a url").arg(i + 1));
        links.append(link);
    }
    return links;
}

QList<LinkInfo> evaluateDeepLinks(const QList<DeepLink> &links, const QJsonObject &objects, QStringList *problems)
{
    QList<LinkInfo> result;
    for (const DeepLink &link : links) {
        const auto report = [&](const QString &message) {
            if (problems)
                problems->append(u"%1: %2"_s.arg(link.title, message));
        };
        if (!link.condition.trimmed().isEmpty()) {
            const auto value = Condition(link.condition, objects).evaluate();
            if (!value) {
                report(value.error());
                continue;
            }
            if (!value->isBool()) {
                report(Tr::tr("the condition is not a boolean"));
                continue;
            }
            if (!value->toBool())
                continue;
        }
        const auto url = expandTemplate(link.url, objects);
        if (!url) {
            report(url.error());
            continue;
        }
        result.append({link.title, *url, link.description, link.iconClass});
    }
    return result;
}

} // namespace Capstan::Engine
