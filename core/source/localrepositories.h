// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/sourceerror.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Capstan::Source {

/// Which repositories on the server's own disk may be read: `file://` URLs
/// and absolute or `~` paths. A server others reach reads none unless told
/// which folders hold repositories it may serve; a URL is judged by where it
/// leads after symbolic links and `..`, so neither climbs out of a folder.
class LocalRepositories
{
public:
    /// Any local repository: for a program that serves only its own user.
    static LocalRepositories any();
    /// Only repositories below @p folders (none when empty). @p hint tells
    /// the user how to allow more ("start capstan-server with …").
    static LocalRepositories within(const QStringList &folders, const QString &hint = {});

    /// Whether @p url names a repository on this machine.
    static bool isLocal(const QString &url);
    /// The path a local URL names, `~` expanded; empty for other URLs.
    static QString pathOf(const QString &url);

    /// Nothing for remote URLs and allowed local ones; otherwise why not, as
    /// a NotAllowed error whose message names the URL and the hint.
    Result<void, SourceError> check(const QString &url) const;

    bool allowsAny() const { return !m_folders.has_value(); }
    /// The allowed folders, resolved; empty for any() and for none.
    QStringList folders() const { return m_folders.value_or(QStringList()); }

private:
    std::optional<QStringList> m_folders;
    QString m_hint;
};

} // namespace Capstan::Source
