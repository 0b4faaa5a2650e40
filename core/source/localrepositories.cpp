// SPDX-License-Identifier: Apache-2.0
#include "localrepositories.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::LocalRepositories)
};

/// Where @p path leads, as the system resolves it: its longest existing
/// part with every symbolic link and `..` resolved (a `..` after a link
/// climbs from the link's target), and the rest after it, cleaned.
QString resolved(const QString &path)
{
    QString existing = path;
    QString rest;
    while (!QFileInfo::exists(existing) && existing != u"/") {
        const qsizetype slash = existing.lastIndexOf(u'/');
        rest = existing.mid(slash) + rest;
        existing = slash > 0 ? existing.left(slash) : u"/"_s;
    }
    const QString canonical = QFileInfo(existing).canonicalFilePath();
    return QDir::cleanPath((canonical.isEmpty() ? existing : canonical) + rest);
}

bool isBelow(const QString &path, const QString &folder)
{
    return folder == u"/" || path == folder || path.startsWith(folder + u'/');
}

} // namespace

LocalRepositories LocalRepositories::any()
{
    return {};
}

LocalRepositories LocalRepositories::within(const QStringList &folders, const QString &hint)
{
    LocalRepositories policy;
    policy.m_folders = QStringList();
    for (const QString &folder : folders) {
        if (!folder.trimmed().isEmpty())
            policy.m_folders->append(resolved(QDir(folder).absolutePath()));
    }
    policy.m_hint = hint;
    return policy;
}

bool LocalRepositories::isLocal(const QString &url)
{
    const QString location = url.trimmed();
    return location.startsWith(u"file:", Qt::CaseInsensitive) || location.startsWith(u'/') || location == u"~"
        || location.startsWith(u"~/");
}

QString LocalRepositories::pathOf(const QString &url)
{
    const QString location = url.trimmed();
    if (location.startsWith(u"file:", Qt::CaseInsensitive))
        return QUrl(location).toLocalFile();
    if (location == u"~" || location.startsWith(u"~/"))
        return QDir::homePath() + location.mid(1);
    return location.startsWith(u'/') ? location : QString();
}

Result<void, SourceError> LocalRepositories::check(const QString &url) const
{
    if (!m_folders || !isLocal(url))
        return {};
    const QString path = pathOf(url);
    const QString where = path.isEmpty() ? QString() : resolved(path);
    for (const QString &folder : std::as_const(*m_folders)) {
        if (!where.isEmpty() && isBelow(where, folder))
            return {};
    }
    const QString hint = m_hint.isEmpty() ? QString() : u"; "_s + m_hint;
    if (m_folders->isEmpty())
        return Failure(SourceError::make(
            SourceError::Reason::NotAllowed,
            Tr::tr("local repositories are not allowed on this server: '%1' is on the server's disk%2")
                .arg(url, hint)));
    return Failure(SourceError::make(SourceError::Reason::NotAllowed,
                                     Tr::tr("'%1' is outside the folders allowed for local repositories (%2)%3")
                                         .arg(url, m_folders->join(u", "), hint)));
}

} // namespace Capstan::Source
