// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Capstan::Kube {

/// A label selector in Kubernetes' text form, as `kubectl get -l` and the
/// API's `labelSelector` take it: requirements joined by commas, each one of
/// `key`, `!key`, `key=value`, `key==value`, `key!=value`,
/// `key in (a,b)`, `key notin (a,b)`, `key>1` and `key<1`.
/// An empty selector matches everything.
class LabelSelector
{
public:
    /// Parses @p text, refusing bad syntax and invalid keys or values with
    /// a message that names the requirement at fault.
    static Result<LabelSelector> parse(const QString &text);
    /// Reads a metav1.LabelSelector object: `matchLabels` and
    /// `matchExpressions` with In, NotIn, Exists and DoesNotExist.
    static Result<LabelSelector> fromObject(const QJsonObject &selector);

    bool matches(const QMap<QString, QString> &labels) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }

private:
    enum class Operator { Exists, DoesNotExist, Equals, NotEquals, In, NotIn, GreaterThan, LessThan };
    struct Requirement
    {
        QString key;
        Operator op = Operator::Exists;
        QStringList values;
    };

    QList<Requirement> m_requirements;
};

} // namespace Capstan::Kube
