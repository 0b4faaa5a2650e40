// SPDX-License-Identifier: Apache-2.0
#include "repositorytree.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <git2.h>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::RepositoryTree)
};

// Loops of symlinks end here, as in Linux's path resolution.
constexpr int maximumSymlinkHops = 40;

QString joined(const QString &directory, const QString &name)
{
    return directory.isEmpty() ? name : directory + u'/' + name;
}

SourceError outside(const QString &what)
{
    return SourceError::make(SourceError::Reason::OutsideRepository, what);
}

} // namespace

Result<RepositoryTree, SourceError> RepositoryTree::load(std::shared_ptr<git_repository> repository,
                                                         const QString &commit)
{
    git_oid oid;
    if (git_oid_fromstr(&oid, commit.toLatin1().constData()) != 0)
        return Failure(
            SourceError::make(SourceError::Reason::RevisionNotFound, Tr::tr("'%1' is not a commit SHA.").arg(commit)));
    git_commit *commitObject = nullptr;
    if (git_commit_lookup(&commitObject, repository.get(), &oid) != 0)
        return Failure(SourceError::make(SourceError::Reason::RevisionNotFound,
                                         Tr::tr("Commit %1 is not in the repository.").arg(commit)));
    git_tree *tree = nullptr;
    const int treeError = git_commit_tree(&tree, commitObject);
    git_commit_free(commitObject);
    if (treeError != 0)
        return Failure(
            SourceError::make(SourceError::Reason::Internal, Tr::tr("Cannot read the tree of commit %1.").arg(commit)));

    RepositoryTree result;
    result.m_repository = std::move(repository);
    result.m_commit = commit;
    result.m_entries.insert(QString(), Entry{Kind::Directory, {}});
    result.m_children.insert(QString(), {});
    const auto visit = [](const char *root, const git_tree_entry *entry, void *payload) -> int {
        auto *self = static_cast<RepositoryTree *>(payload);
        QString directory = QString::fromUtf8(root);
        if (directory.endsWith(u'/'))
            directory.chop(1);
        const QString name = QString::fromUtf8(git_tree_entry_name(entry));
        Entry item;
        switch (git_tree_entry_filemode(entry)) {
        case GIT_FILEMODE_TREE:
            item.kind = Kind::Directory;
            break;
        case GIT_FILEMODE_BLOB_EXECUTABLE:
            item.kind = Kind::Executable;
            break;
        case GIT_FILEMODE_LINK:
            item.kind = Kind::Symlink;
            break;
        case GIT_FILEMODE_COMMIT:
            item.kind = Kind::Submodule;
            break;
        default:
            item.kind = Kind::File;
            break;
        }
        const git_oid *id = git_tree_entry_id(entry);
        item.oid = QByteArray(reinterpret_cast<const char *>(id->id), GIT_OID_RAWSZ);
        const QString path = joined(directory, name);
        self->m_entries.insert(path, item);
        self->m_children[directory].append(name);
        if (item.kind == Kind::Directory)
            self->m_children.insert(path, {});
        return 0;
    };
    const int walkError = git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &result);
    git_tree_free(tree);
    if (walkError != 0)
        return Failure(SourceError::make(SourceError::Reason::Internal,
                                         Tr::tr("Cannot list the files of commit %1.").arg(commit)));
    return result;
}

Result<QString, SourceError> RepositoryTree::resolve(const QString &path) const
{
    if (path.startsWith(u'/'))
        return Failure(outside(Tr::tr("The absolute path '%1' is not allowed; paths are relative to the "
                                      "repository root.")
                                   .arg(path)));
    QStringList pending = path.split(u'/', Qt::SkipEmptyParts);
    QStringList resolved;
    QString viaSymlink;
    int hops = 0;
    while (!pending.isEmpty()) {
        const QString component = pending.takeFirst();
        if (component == u".")
            continue;
        if (component == u"..") {
            if (resolved.isEmpty()) {
                if (!viaSymlink.isEmpty())
                    return Failure(outside(Tr::tr("The symlink '%1' points outside the repository.").arg(viaSymlink)));
                return Failure(outside(Tr::tr("The path '%1' leads outside the repository.").arg(path)));
            }
            resolved.removeLast();
            continue;
        }
        const QString candidate = joined(resolved.join(u'/'), component);
        const auto entry = m_entries.constFind(candidate);
        if (entry != m_entries.cend() && entry->kind == Kind::Symlink) {
            if (++hops > maximumSymlinkHops)
                return Failure(SourceError::make(SourceError::Reason::InvalidManifest,
                                                 Tr::tr("Too many levels of symlinks at '%1'.").arg(candidate)));
            const auto target = blob(candidate, *entry);
            if (!target)
                return Failure(target.error());
            const QString link = QString::fromUtf8(*target);
            if (link.startsWith(u'/'))
                return Failure(outside(
                    Tr::tr("The symlink '%1' points outside the repository (to an absolute path).").arg(candidate)));
            viaSymlink = candidate;
            pending = link.split(u'/', Qt::SkipEmptyParts) + pending;
            continue;
        }
        resolved.append(component);
    }
    return resolved.join(u'/');
}

bool RepositoryTree::exists(const QString &canonicalPath) const
{
    return m_entries.contains(canonicalPath);
}

bool RepositoryTree::isDirectory(const QString &canonicalPath) const
{
    const auto entry = m_entries.constFind(canonicalPath);
    return entry != m_entries.cend() && entry->kind == Kind::Directory;
}

bool RepositoryTree::isFile(const QString &canonicalPath) const
{
    const auto entry = m_entries.constFind(canonicalPath);
    return entry != m_entries.cend() && (entry->kind == Kind::File || entry->kind == Kind::Executable);
}

QStringList RepositoryTree::children(const QString &canonicalDirectory) const
{
    return m_children.value(canonicalDirectory);
}

Result<QByteArray, SourceError> RepositoryTree::blob(const QString &canonicalPath, const Entry &entry) const
{
    git_oid oid;
    git_oid_fromraw(&oid, reinterpret_cast<const unsigned char *>(entry.oid.constData()));
    git_blob *blob = nullptr;
    if (git_blob_lookup(&blob, m_repository.get(), &oid) != 0)
        return Failure(SourceError::make(SourceError::Reason::Internal,
                                         Tr::tr("Cannot read '%1' at commit %2.").arg(canonicalPath, m_commit)));
    QByteArray content(static_cast<const char *>(git_blob_rawcontent(blob)), qsizetype(git_blob_rawsize(blob)));
    git_blob_free(blob);
    return content;
}

Result<QByteArray, SourceError> RepositoryTree::read(const QString &path) const
{
    const auto canonical = resolve(path);
    if (!canonical)
        return Failure(canonical.error());
    const auto entry = m_entries.constFind(*canonical);
    if (entry == m_entries.cend())
        return Failure(SourceError::make(SourceError::Reason::PathNotFound,
                                         Tr::tr("'%1' does not exist at commit %2.").arg(path, m_commit.left(7))));
    if (entry->kind != Kind::File && entry->kind != Kind::Executable)
        return Failure(SourceError::make(SourceError::Reason::PathNotFound,
                                         Tr::tr("'%1' is not a file at commit %2.").arg(path, m_commit.left(7))));
    return blob(*canonical, *entry);
}

Result<void, SourceError> RepositoryTree::checkSymlinks() const
{
    QStringList links;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->kind == Kind::Symlink)
            links.append(it.key());
    }
    links.sort();
    for (const QString &link : std::as_const(links)) {
        if (const auto resolved = resolve(link); !resolved) {
            return Failure(
                outside(Tr::tr("The repository contains a symlink that points outside it: '%1'.").arg(link)));
        }
    }
    return {};
}

Result<void, SourceError> RepositoryTree::materialize(const QString &folder) const
{
    const QDir root(folder);
    QStringList paths = m_entries.keys();
    paths.sort(); // parents before their children
    for (const QString &path : std::as_const(paths)) {
        if (path.isEmpty())
            continue;
        const Entry &entry = m_entries[path];
        const QString target = root.filePath(path);
        const auto failed = [&] {
            return Failure(SourceError::make(SourceError::Reason::Internal,
                                             Tr::tr("Cannot write '%1' into a temporary folder.").arg(path)));
        };
        switch (entry.kind) {
        case Kind::Directory:
        case Kind::Submodule:
            if (!root.mkpath(path))
                return failed();
            break;
        case Kind::Symlink: {
            const auto link = blob(path, entry);
            if (!link)
                return Failure(link.error());
            if (::symlink(link->constData(), QFile::encodeName(target).constData()) != 0)
                return failed();
            break;
        }
        case Kind::File:
        case Kind::Executable: {
            const auto content = blob(path, entry);
            if (!content)
                return Failure(content.error());
            QFile file(target);
            if (!file.open(QIODevice::WriteOnly) || file.write(*content) != content->size())
                return failed();
            if (entry.kind == Kind::Executable)
                file.setPermissions(file.permissions() | QFile::ExeOwner);
            break;
        }
        }
    }
    return {};
}

} // namespace Capstan::Source
