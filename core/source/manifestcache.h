// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "source/manifestrequest.h"

#include <QByteArray>
#include <QCache>
#include <QMutex>
#include <QString>

#include <optional>

namespace Capstan::Source {

/// Generated manifests by (repository, commit, path, hash of the tool
/// options): in memory, bounded by object count with least-recently-used
/// eviction, and on disk as one JSON file per key, bounded by file count.
/// Thread-safe.
class ManifestCache
{
public:
    /// folder may be empty for a memory-only cache.
    ManifestCache(const QString &folder, qsizetype memoryObjectLimit, qsizetype diskEntryLimit = 10'000);

    /// The cache key of a request whose revision resolved to commit.
    static QByteArray key(const ManifestRequest &request, const QString &commit);

    std::optional<ManifestResponse> find(const QByteArray &key);
    void insert(const QByteArray &key, const ManifestResponse &response);

private:
    QString fileFor(const QByteArray &key) const;
    void trimDisk();

    QMutex m_mutex;
    QCache<QByteArray, ManifestResponse> m_memory;
    QString m_folder;
    qsizetype m_diskEntryLimit;
    qsizetype m_writesSinceTrim = 0;
};

/// The form of a repository URL that names the same repository however it
/// is spelled, as Argo CD's NormalizeGitURL: lower case, no trailing ".git"
/// or '/'.
QString normalizedRepositoryUrl(const QString &url);

} // namespace Capstan::Source
