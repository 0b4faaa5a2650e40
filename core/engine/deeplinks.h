// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Capstan::Engine {

/// One of argocd-cm's `application.links`, `project.links` or
/// `resource.links` entries.
struct DeepLink
{
    QString title;
    QString url;
    QString description;
    QString iconClass;
    /// Argo CD's `if`: a condition over the same objects as the URL.
    QString condition;
};

/// A link made for an object, as Argo CD's LinkInfo.
struct LinkInfo
{
    QString title;
    QString url;
    QString description;
    QString iconClass;
};

/// Reads one argocd-cm links setting (a YAML list).
Result<QList<DeepLink>> parseDeepLinks(const QByteArray &yaml);

/// Argo CD's deep links: each link whose condition holds over @p objects
/// (keys such as `app`, `application`, `resource`, `cluster`, `project`) gets
/// its URL template filled in from them. The templates are Go templates and
/// the conditions expr-lang expressions; Capstan reads the part of both that
/// links use: `{{ .a.b.c }}` and `{{ index .a.b "key" }}` in templates, and in
/// conditions field paths, `["key"]`, string, number and boolean literals,
/// `==`, `!=`, `&&`/`and`, `||`/`or`, `!`/`not`, `in [...]`, `contains`,
/// `startsWith`, `endsWith` and parentheses. A link that uses more, or whose
/// condition is not a boolean, is left out and reported in @p problems, as
/// Argo CD leaves out links it cannot evaluate.
QList<LinkInfo> evaluateDeepLinks(const QList<DeepLink> &links, const QJsonObject &objects,
                                  QStringList *problems = nullptr);

} // namespace Capstan::Engine
