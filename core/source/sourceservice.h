// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/git/gitrepository.h"
#include "source/git/knownhosts.h"
#include "source/localrepositories.h"
#include "source/manifestcache.h"
#include "source/manifestrequest.h"
#include "source/manifests/manifestgenerator.h"
#include "source/manifests/toolrunner.h"
#include "source/sourceerror.h"

#include <QDeadlineTimer>
#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>

namespace Capstan::Source {

struct SourceSettings
{
    /// Holds the bare mirrors (git/) and generated manifests (manifests/).
    QString cacheFolder;
    ToolSettings tools;
    /// Trusted SSH host keys, as Argo CD's argocd-ssh-known-hosts-cm.
    KnownHosts knownHosts;
    /// Also trust ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts.
    bool useSystemKnownHosts = true;
    /// In-memory manifest cache bound, in objects.
    qsizetype memoryCacheObjects = 200'000;
    /// Generations and fetches running at once.
    int maxThreads = 4;
    /// How long a branch or tag stays resolved to its commit before the remote is
    /// asked again (Argo CD's revision cache); 0 asks every time.
    std::chrono::seconds revisionCacheExpiry{180};
    /// Which repositories on this machine may be read; every call refuses
    /// the others before it reads anything, its caches included.
    LocalRepositories localRepositories = LocalRepositories::any();
};

/// Counters for tests and benchmarks.
struct SourceStatistics
{
    quint64 generations = 0;
    quint64 cacheHits = 0;
};

/// Capstan's repo-server: from (repository, revision, path, tool options)
/// to the objects an application wants, as Argo CD's repo-server does.
///
/// Work runs on the service's own thread pool; the QFuture-returning calls
/// never block, and their results come back with .then(context, ...). The
/// *Now variants block and are for callers already on a worker thread.
/// Fetches of one repository are serialised; different repositories fetch
/// in parallel.
class SourceService
{
public:
    explicit SourceService(SourceSettings settings);
    ~SourceService();
    SourceService(const SourceService &) = delete;
    SourceService &operator=(const SourceService &) = delete;

    QFuture<Result<ManifestResponse, SourceError>> generateManifests(const ManifestRequest &request);
    QFuture<Result<QString, SourceError>> resolveRevision(const QString &url, const RepositoryCredentials &credentials,
                                                          const QString &revision);
    QFuture<Result<RevisionMetadata, SourceError>>
    revisionMetadata(const QString &url, const RepositoryCredentials &credentials, const QString &revision);
    QFuture<Result<QList<RemoteRef>, SourceError>> listRefs(const QString &url,
                                                            const RepositoryCredentials &credentials);

    Result<ManifestResponse, SourceError> generateManifestsNow(const ManifestRequest &request);
    /// The application folders of a revision (Argo CD's ListApps).
    Result<QList<AppInfo>, SourceError> listAppsNow(const QString &url, const RepositoryCredentials &credentials,
                                                    const QString &revision);
    /// What the source of @p request offers to configure (Argo CD's GetAppDetails).
    Result<AppDetails, SourceError> appDetailsNow(const ManifestRequest &request);
    Result<QString, SourceError> resolveRevisionNow(const QString &url, const RepositoryCredentials &credentials,
                                                    const QString &revision, bool forceFetch = false);
    Result<RevisionMetadata, SourceError>
    revisionMetadataNow(const QString &url, const RepositoryCredentials &credentials, const QString &revision);
    Result<QList<RemoteRef>, SourceError> listRefsNow(const QString &url, const RepositoryCredentials &credentials);

    /// The cache folder of a repository URL's mirror.
    QString mirrorFolder(const QString &url) const;

    SourceStatistics statistics() const;
    const LocalRepositories &localRepositories() const { return m_settings.localRepositories; }
    const ToolRunner &tools() const { return m_generator.tools(); }

private:
    std::shared_ptr<QMutex> lockFor(const QString &folder);
    GitRemote remoteFor(const QString &url, const RepositoryCredentials &credentials) const;
    template<typename T, typename Function>
    QFuture<T> schedule(Function function);

    SourceSettings m_settings;
    KnownHosts m_knownHosts;
    ManifestGenerator m_generator;
    ManifestCache m_cache;
    QMutex m_locksMutex;
    QHash<QString, std::shared_ptr<QMutex>> m_locks;
    struct ResolvedRevision
    {
        QString commit;
        QDeadlineTimer expiry;
    };
    QMutex m_revisionsMutex;
    QHash<QString, ResolvedRevision> m_revisions;
    std::atomic<quint64> m_generations{0};
    std::atomic<quint64> m_cacheHits{0};
    QThreadPool m_pool;
};

} // namespace Capstan::Source
