// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/git/knownhosts.h"
#include "source/git/repositorycredentials.h"
#include "source/git/repositorytree.h"
#include "source/sourceerror.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

struct git_repository;

namespace Capstan::Source {

/// How to reach a remote repository.
struct GitRemote
{
    /// https://, http://, ssh://, scp-like "user@host:path", git://, file://,
    /// or an absolute local path.
    QString url;
    RepositoryCredentials credentials;
    /// Host keys trusted for SSH; an unlisted host is refused unless the
    /// credentials say insecure.
    KnownHosts knownHosts;
};

/// A reference the remote advertises, with annotated tags peeled.
struct RemoteRef
{
    /// "HEAD", "refs/heads/main", "refs/tags/v1.0".
    QString name;
    /// The commit it points at.
    QString commit;
};

/// Argo CD's RevisionMetadata: who made a commit, when, and why.
struct RevisionMetadata
{
    QString author;
    QDateTime date;
    QStringList tags;
    QString message;
};

/// A bare mirror of one remote repository in a cache folder, kept with
/// libgit2: every branch and tag, pruned on fetch. Calls block; run them on a
/// worker thread, and serialise calls on one folder (SourceService does).
class GitRepository
{
public:
    /// Opens the mirror in folder, creating an empty bare repository there
    /// if there is none yet.
    static Result<GitRepository, SourceError> openMirror(const QString &folder);

    /// The remote's references (git ls-remote), over one connection.
    Result<QList<RemoteRef>, SourceError> listRemote(const GitRemote &remote);

    /// Fetches every branch and tag, and drops local ones the remote no
    /// longer has.
    Result<void, SourceError> fetch(const GitRemote &remote);

    /// Resolves a targetRevision to a commit SHA, fetching only when the
    /// commit is not in the mirror yet. Accepts a branch, a tag, a full or
    /// abbreviated SHA, "HEAD", or "" (meaning HEAD), as Argo CD does.
    Result<QString, SourceError> resolveRevision(const GitRemote &remote, const QString &revision);

    bool hasCommit(const QString &sha) const;

    /// Author, date, message and tags of a commit already in the mirror.
    Result<RevisionMetadata, SourceError> metadata(const QString &sha) const;

    /// The files of a commit already in the mirror.
    Result<RepositoryTree, SourceError> tree(const QString &sha) const;

    QString folder() const { return m_folder; }

    /// Whether text is a full 40-digit commit SHA.
    static bool isFullSha(const QString &text);

private:
    GitRepository() = default;
    struct Connection;
    Result<QList<RemoteRef>, SourceError> connectAndList(Connection &connection, const GitRemote &remote);
    Result<void, SourceError> download(Connection &connection, const GitRemote &remote,
                                       const QList<RemoteRef> &advertised, const QString &extraRef);
    std::optional<QString> resolveLocally(const QString &revision) const;

    std::shared_ptr<git_repository> m_repository;
    QString m_folder;
};

} // namespace Capstan::Source
