// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QSet>
#include <QString>

namespace Capstan::Http {

/// The `fields` query parameter of Argo CD's lists and streams: the answer
/// shrunk to the listed dotted paths ("items.metadata.name,metadata.resourceVersion";
/// a stream's paths start with "result."), or, after a leading '-', without
/// them. A path through a list applies to each of its items; a path that
/// names nothing is ignored. Without any path everything is kept.
class FieldSelection
{
public:
    static FieldSelection parse(const QString &fields);

    bool isEmpty() const { return m_paths.isEmpty(); }
    /// @p answer with only the selected fields (or without the excluded ones).
    QJsonObject apply(const QJsonObject &answer) const;

private:
    /// @p value, found at @p path, with what is selected below it.
    QJsonValue projected(const QJsonValue &value, const QString &path) const;

    QSet<QString> m_paths;
    /// Every proper prefix of a selected path, to walk into.
    QSet<QString> m_parents;
    bool m_exclude = false;
};

} // namespace Capstan::Http
