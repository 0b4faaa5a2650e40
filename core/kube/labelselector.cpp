// SPDX-License-Identifier: Apache-2.0
#include "labelselector.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::LabelSelector)
};

enum class Token {
    End,
    Identifier,
    Not,
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Greater,
    Less,
    Open,
    Close,
    Comma
};

struct Lexeme
{
    Token token = Token::End;
    QString text;
};

bool isSpecial(QChar c)
{
    return c == u'!' || c == u'=' || c == u',' || c == u'(' || c == u')' || c == u'<' || c == u'>';
}

/// Splits a selector as Kubernetes' lexer does: operators and brackets stand
/// alone, everything else up to one of them or a space is an identifier.
QList<Lexeme> tokenize(const QString &text)
{
    QList<Lexeme> lexemes;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const QStringView two = QStringView(text).mid(i, 2);
        if (two == u"==") {
            lexemes.append({Token::DoubleEquals, u"=="_s});
            i += 2;
        } else if (two == u"!=") {
            lexemes.append({Token::NotEquals, u"!="_s});
            i += 2;
        } else if (isSpecial(c)) {
            static const QHash<QChar, Token> singles{{u'!', Token::Not},    {u'=', Token::Equals}, {u',', Token::Comma},
                                                     {u'(', Token::Open},   {u')', Token::Close},  {u'<', Token::Less},
                                                     {u'>', Token::Greater}};
            lexemes.append({singles.value(c), QString(c)});
            ++i;
        } else {
            const qsizetype start = i;
            while (i < text.size() && !text.at(i).isSpace() && !isSpecial(text.at(i)))
                ++i;
            const QString word = text.mid(start, i - start);
            const Token token = word == u"in" ? Token::In : word == u"notin" ? Token::NotIn : Token::Identifier;
            lexemes.append({token, word});
        }
    }
    lexemes.append({Token::End, QString()});
    return lexemes;
}

bool isLabelName(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"_s);
    return name.size() <= 63 && pattern.match(name).hasMatch();
}

bool isDnsSubdomain(const QString &name)
{
    static const QRegularExpression pattern(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s);
    return name.size() <= 253 && pattern.match(name).hasMatch();
}

Result<void> checkKey(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    const QString prefix = slash < 0 ? QString() : key.left(slash);
    const QString name = slash < 0 ? key : key.mid(slash + 1);
    if ((slash >= 0 && !isDnsSubdomain(prefix)) || !isLabelName(name))
        return Failure(Tr::tr("“%1” is not a valid label key: a name of at most 63 letters, digits, '-', '_' or '.', "
                              "starting and ending with a letter or digit, with an optional DNS prefix and '/'")
                           .arg(key));
    return {};
}

Result<void> checkValue(const QString &value)
{
    if (!value.isEmpty() && !isLabelName(value))
        return Failure(Tr::tr("“%1” is not a valid label value: at most 63 letters, digits, '-', '_' or '.', "
                              "starting and ending with a letter or digit")
                           .arg(value));
    return {};
}

} // namespace

Result<LabelSelector> LabelSelector::fromObject(const QJsonObject &selector)
{
    // Written as text and parsed, so that keys and values are checked once.
    QStringList requirements;
    const QJsonObject labels = selector.value(u"matchLabels").toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        requirements.append(it.key() + u'=' + it->toString());
    for (const QJsonValue &expression : selector.value(u"matchExpressions").toArray()) {
        const QString key = expression[u"key"].toString();
        const QString op = expression[u"operator"].toString();
        QStringList values;
        for (const QJsonValue &value : expression[u"values"].toArray())
            values.append(value.toString());
        if (op == u"In" || op == u"NotIn") {
            if (values.isEmpty())
                return Failure(Tr::tr("the %1 requirement of “%2” needs values").arg(op, key));
            requirements.append(key + (op == u"In" ? u" in ("_s : u" notin ("_s) + values.join(u',') + u')');
        } else if (op == u"Exists" || op == u"DoesNotExist") {
            requirements.append((op == u"Exists" ? QString() : u"!"_s) + key);
        } else {
            return Failure(Tr::tr("“%1” is not a label selector operator").arg(op));
        }
    }
    return parse(requirements.join(u','));
}

Result<LabelSelector> LabelSelector::parse(const QString &text)
{
    const QList<Lexeme> lexemes = tokenize(text);
    LabelSelector selector;
    qsizetype at = 0;
    const auto unexpected = [&](const QString &expected) {
        const Lexeme &found = lexemes.at(at);
        return Failure(found.token == Token::End ? Tr::tr("unexpected end of the selector, expected %1").arg(expected)
                                                 : Tr::tr("found “%1”, expected %2").arg(found.text, expected));
    };
    if (lexemes.first().token == Token::End)
        return selector;
    while (true) {
        Requirement requirement;
        if (lexemes.at(at).token == Token::Not) {
            ++at;
            requirement.op = Operator::DoesNotExist;
        }
        if (lexemes.at(at).token != Token::Identifier)
            return unexpected(Tr::tr("a label key"));
        requirement.key = lexemes.at(at++).text;
        if (auto valid = checkKey(requirement.key); !valid)
            return Failure(valid.error());
        const Token op = lexemes.at(at).token;
        if (requirement.op == Operator::DoesNotExist || op == Token::Comma || op == Token::End) {
            // `key` or `!key`: nothing follows.
        } else if (op == Token::Equals || op == Token::DoubleEquals || op == Token::NotEquals || op == Token::Greater
                   || op == Token::Less) {
            ++at;
            requirement.op = op == Token::NotEquals ? Operator::NotEquals
                : op == Token::Greater              ? Operator::GreaterThan
                : op == Token::Less                 ? Operator::LessThan
                                                    : Operator::Equals;
            QString value;
            if (lexemes.at(at).token == Token::Identifier)
                value = lexemes.at(at++).text;
            else if (lexemes.at(at).token != Token::Comma && lexemes.at(at).token != Token::End)
                return unexpected(Tr::tr("a value"));
            if (requirement.op == Operator::GreaterThan || requirement.op == Operator::LessThan) {
                bool isNumber = false;
                value.toLongLong(&isNumber);
                if (!isNumber)
                    return Failure(
                        Tr::tr("“%1” must be an integer to compare with %2").arg(value, lexemes.at(at - 2).text));
            } else if (auto valid = checkValue(value); !valid) {
                return Failure(valid.error());
            }
            requirement.values = {value};
        } else if (op == Token::In || op == Token::NotIn) {
            ++at;
            requirement.op = op == Token::In ? Operator::In : Operator::NotIn;
            if (lexemes.at(at).token != Token::Open)
                return unexpected(u"'('"_s);
            ++at;
            while (true) {
                QString value;
                if (lexemes.at(at).token == Token::Identifier)
                    value = lexemes.at(at++).text;
                if (auto valid = checkValue(value); !valid)
                    return Failure(valid.error());
                requirement.values.append(value);
                if (lexemes.at(at).token == Token::Comma) {
                    ++at;
                    continue;
                }
                if (lexemes.at(at).token == Token::Close) {
                    ++at;
                    break;
                }
                return unexpected(u"',' or ')'"_s);
            }
        } else {
            return unexpected(Tr::tr("an operator (=, ==, !=, in, notin, <, >), ',' or the end"));
        }
        selector.m_requirements.append(requirement);
        if (lexemes.at(at).token == Token::End)
            return selector;
        if (lexemes.at(at).token != Token::Comma)
            return unexpected(u"','"_s);
        ++at;
    }
}

bool LabelSelector::matches(const QMap<QString, QString> &labels) const
{
    for (const Requirement &requirement : m_requirements) {
        const auto label = labels.constFind(requirement.key);
        const bool present = label != labels.cend();
        bool matched = false;
        switch (requirement.op) {
        case Operator::Exists:
            matched = present;
            break;
        case Operator::DoesNotExist:
            matched = !present;
            break;
        case Operator::Equals:
        case Operator::In:
            matched = present && requirement.values.contains(*label);
            break;
        case Operator::NotEquals:
        case Operator::NotIn:
            matched = !present || !requirement.values.contains(*label);
            break;
        case Operator::GreaterThan:
        case Operator::LessThan: {
            bool isNumber = false;
            const qint64 actual = present ? label->toLongLong(&isNumber) : 0;
            const qint64 bound = requirement.values.value(0).toLongLong();
            matched = isNumber && (requirement.op == Operator::GreaterThan ? actual > bound : actual < bound);
            break;
        }
        }
        if (!matched)
            return false;
    }
    return true;
}

} // namespace Capstan::Kube
