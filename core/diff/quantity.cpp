// SPDX-License-Identifier: Apache-2.0
#include "quantity.h"

#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Capstan::Diff {

std::optional<Quantity> Quantity::parse(const QString &text)
{
    static const QRegularExpression grammar(
        u"^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$"_s);
    const auto match = grammar.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    // The digits as an integer and a power of ten, so that "1000m" is exactly 1.
    QString digits = match.captured(1);
    int exponent10 = 0;
    if (const qsizetype dot = digits.indexOf(u'.'); dot >= 0) {
        exponent10 = -int(digits.size() - dot - 1);
        digits.remove(dot, 1);
    }
    const QString suffix = match.captured(2);
    int exponent2 = 0;
    static const QList<std::pair<QString, int>> decimal{{u"n"_s, -9}, {u"u"_s, -6}, {u"m"_s, -3},
                                                        {u"k"_s, 3},  {u"M"_s, 6},  {u"G"_s, 9},
                                                        {u"T"_s, 12}, {u"P"_s, 15}, {u"E"_s, 18}};
    static const QList<std::pair<QString, int>> binary{{u"Ki"_s, 10}, {u"Mi"_s, 20}, {u"Gi"_s, 30},
                                                       {u"Ti"_s, 40}, {u"Pi"_s, 50}, {u"Ei"_s, 60}};
    for (const auto &[name, power] : decimal) {
        if (suffix == name)
            exponent10 += power;
    }
    for (const auto &[name, power] : binary) {
        if (suffix == name)
            exponent2 = power;
    }
    if (suffix.size() > 1 && (suffix.startsWith(u'e') || suffix.startsWith(u'E')))
        exponent10 += suffix.mid(1).toInt();
    bool ok = false;
    const long double mantissa = digits.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    Quantity quantity;
    quantity.m_value = mantissa * std::pow(10.0L, exponent10) * std::pow(2.0L, exponent2);
    return quantity;
}

std::optional<Quantity> Quantity::fromJson(const QJsonValue &value)
{
    if (value.isDouble())
        return parse(QString::number(value.toDouble(), 'g', 17));
    if (value.isString())
        return parse(value.toString());
    return std::nullopt;
}

bool operator==(const Quantity &a, const Quantity &b)
{
    const long double scale = std::max(std::fabs(a.m_value), std::fabs(b.m_value));
    return std::fabs(a.m_value - b.m_value) <= scale * 1e-15L;
}

bool sameQuantity(const QJsonValue &a, const QJsonValue &b)
{
    const auto x = Quantity::fromJson(a);
    const auto y = Quantity::fromJson(b);
    return x && y && *x == *y;
}

} // namespace Capstan::Diff
