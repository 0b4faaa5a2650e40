// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/sourceerror.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>

struct git_repository;

namespace Capstan::Source {

/// The files of one commit, read from the object database without a work
/// tree. Paths are relative to the repository root, '/'-separated, without a
/// leading slash; the root is "".
///
/// Every lookup goes through resolve(), which follows symlinks inside the
/// tree and refuses any path that leads out of it, so nothing built on this
/// class can read outside the repository. Not thread-safe: one per operation.
class RepositoryTree
{
public:
    enum class Kind { File, Executable, Symlink, Directory, Submodule };

    static Result<RepositoryTree, SourceError> load(std::shared_ptr<git_repository> repository, const QString &commit);

    QString commit() const { return m_commit; }

    /// The canonical path that path names after following symlinks, which
    /// need not exist. Fails for absolute paths and for paths or symlinks that
    /// lead outside the repository.
    Result<QString, SourceError> resolve(const QString &path) const;

    bool exists(const QString &canonicalPath) const;
    bool isDirectory(const QString &canonicalPath) const;
    bool isFile(const QString &canonicalPath) const;
    /// Names in a directory, sorted byte-wise as Git sorts them.
    QStringList children(const QString &canonicalDirectory) const;
    /// A file's content; path is resolved first.
    Result<QByteArray, SourceError> read(const QString &path) const;

    /// Fails, naming the first offender, if any symlink in the tree points
    /// outside the repository (Argo CD's out-of-bounds symlink check).
    Result<void, SourceError> checkSymlinks() const;

    /// Writes the tree into an existing empty folder for an external tool.
    /// Symlinks are written as symlinks; checkSymlinks() must pass first.
    Result<void, SourceError> materialize(const QString &folder) const;

private:
    struct Entry
    {
        Kind kind = Kind::File;
        QByteArray oid;
    };
    Result<QByteArray, SourceError> blob(const QString &canonicalPath, const Entry &entry) const;

    std::shared_ptr<git_repository> m_repository;
    QString m_commit;
    QHash<QString, Entry> m_entries;
    QHash<QString, QStringList> m_children;
};

} // namespace Capstan::Source
