// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QRegularExpression>
#include <QString>

namespace Capstan {

/// A pattern for paths and names (spec.source.directory include and exclude,
/// project rules, RBAC policies), matched as
/// Argo CD matches them (gobwas/glob without separators): '*' matches any run
/// of characters, '/' included; '?' one character; "[abc]", "[a-z]" and
/// "[!abc]" classes; "{a,b}" alternatives, which may nest; '\' escapes.
/// With a separator, '*' and '?' do not match it and '**' does, as gobwas/glob
/// compiled with separators (project source repositories use '/').
class Glob
{
public:
    explicit Glob(const QString &pattern, QChar separator = {});

    bool isValid() const { return m_expression.isValid(); }
    bool matches(const QString &path) const { return m_expression.match(path).hasMatch(); }

private:
    QRegularExpression m_expression;
};

} // namespace Capstan
