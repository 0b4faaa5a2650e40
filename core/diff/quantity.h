// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace Capstan::Diff {

/// A Kubernetes resource.Quantity: a decimal number with an optional SI
/// ("m", "k", "M" … "E"), binary ("Ki" … "Ei") or exponent ("e3") suffix.
/// Two quantities are equal when their values are: "1000m" and "1", "1Gi"
/// and "1024Mi", "0.5" and "500m".
class Quantity
{
public:
    static std::optional<Quantity> parse(const QString &text);
    /// A quantity written as a JSON number or string.
    static std::optional<Quantity> fromJson(const QJsonValue &value);

    long double value() const { return m_value; }
    friend bool operator==(const Quantity &a, const Quantity &b);

private:
    long double m_value = 0;
};

/// Whether two JSON values written where Kubernetes expects a quantity mean the same.
bool sameQuantity(const QJsonValue &a, const QJsonValue &b);

} // namespace Capstan::Diff
