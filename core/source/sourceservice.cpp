// SPDX-License-Identifier: Apache-2.0
#include "sourceservice.h"

#include "base/logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPromise>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

SourceService::SourceService(SourceSettings settings)
    : m_settings(std::move(settings))
    , m_knownHosts(m_settings.knownHosts)
    , m_generator(m_settings.tools)
    , m_cache(m_settings.cacheFolder.isEmpty() ? QString() : m_settings.cacheFolder + u"/manifests"_s,
              m_settings.memoryCacheObjects)
{
    if (m_settings.useSystemKnownHosts) {
        for (const QString &path :
             QStringList{QDir::homePath() + u"/.ssh/known_hosts"_s, u"/etc/ssh/ssh_known_hosts"_s}) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                m_knownHosts.append(KnownHosts::parse(QString::fromUtf8(file.readAll())));
        }
    }
    m_pool.setMaxThreadCount(qMax(1, m_settings.maxThreads));
    m_pool.setObjectName(u"capstan-source"_s);
}

SourceService::~SourceService()
{
    m_pool.waitForDone();
}

template<typename T, typename Function>
QFuture<T> SourceService::schedule(Function function)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    m_pool.start([promise, function = std::move(function)]() mutable {
        promise->addResult(function());
        promise->finish();
    });
    return future;
}

QString SourceService::mirrorFolder(const QString &url) const
{
    const QString normalized = normalizedRepositoryUrl(url);
    // A readable name for people looking in the folder, made unique by a hash.
    static const QRegularExpression unsafe(u"[^a-z0-9._-]+"_s);
    QString name = normalized.section(u'/', -1).section(u':', -1);
    name.replace(unsafe, u"-"_s);
    const QByteArray hash = QCryptographicHash::hash(normalized.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return m_settings.cacheFolder + u"/git/"_s + name.left(40) + u'-' + QString::fromLatin1(hash);
}

std::shared_ptr<QMutex> SourceService::lockFor(const QString &folder)
{
    QMutexLocker locker(&m_locksMutex);
    auto &lock = m_locks[folder];
    if (!lock)
        lock = std::make_shared<QMutex>();
    return lock;
}

GitRemote SourceService::remoteFor(const QString &url, const RepositoryCredentials &credentials) const
{
    return GitRemote{url, credentials, m_knownHosts};
}

SourceStatistics SourceService::statistics() const
{
    return {m_generations.load(), m_cacheHits.load()};
}

Result<QString, SourceError> SourceService::resolveRevisionNow(const QString &url,
                                                               const RepositoryCredentials &credentials,
                                                               const QString &revision, bool forceFetch)
{
    if (const auto allowed = m_settings.localRepositories.check(url); !allowed)
        return Failure(allowed.error());
    const QString folder = mirrorFolder(url);
    const auto lock = lockFor(folder);
    QMutexLocker locker(lock.get());
    auto mirror = GitRepository::openMirror(folder);
    if (!mirror)
        return Failure(mirror.error());
    const GitRemote remote = remoteFor(url, credentials);
    if (forceFetch) {
        if (const auto fetched = mirror.value().fetch(remote); !fetched)
            return Failure(fetched.error());
    }
    return mirror.value().resolveRevision(remote, revision);
}

Result<ManifestResponse, SourceError> SourceService::generateManifestsNow(const ManifestRequest &request)
{
    // Before the caches: what was read while allowed is not served once it is not.
    if (const auto allowed = m_settings.localRepositories.check(request.repoUrl); !allowed)
        return Failure(allowed.error());
    QElapsedTimer clock;
    clock.start();
    const QString revisionKey = request.repoUrl + u'\n' + request.targetRevision;
    std::optional<QString> remembered;
    if (!request.noCache && !request.noRevisionCache && m_settings.revisionCacheExpiry.count() > 0) {
        QMutexLocker locker(&m_revisionsMutex);
        if (auto it = m_revisions.constFind(revisionKey); it != m_revisions.cend() && !it->expiry.hasExpired())
            remembered = it->commit;
    }
    Result<QString, SourceError> commit = remembered
        ? Result<QString, SourceError>(*remembered)
        : resolveRevisionNow(request.repoUrl, request.credentials, request.targetRevision, request.noCache);
    if (!commit)
        return Failure(commit.error());
    if (!remembered && m_settings.revisionCacheExpiry.count() > 0) {
        QMutexLocker locker(&m_revisionsMutex);
        m_revisions.insert(revisionKey, {*commit, QDeadlineTimer(m_settings.revisionCacheExpiry)});
    }
    const QByteArray key = ManifestCache::key(request, *commit);
    if (!request.noCache) {
        if (auto cached = m_cache.find(key)) {
            ++m_cacheHits;
            cached->cached = true;
            return *cached;
        }
    }
    // Reading needs no lock: objects are immutable and fetches only add.
    auto mirror = GitRepository::openMirror(mirrorFolder(request.repoUrl));
    if (!mirror)
        return Failure(mirror.error());
    const auto tree = mirror->tree(*commit);
    if (!tree)
        return Failure(tree.error());
    auto response = m_generator.generate(*tree, request);
    ++m_generations;
    if (!response) {
        qCInfo(lcSource).noquote() << "generation failed for" << request.credentials.redact(request.repoUrl)
                                   << request.path << "at" << commit->left(7) << ':' << response.error().message;
        return response;
    }
    m_cache.insert(key, *response);
    qCInfo(lcSource).noquote() << "generated" << response->manifests.size() << "objects from"
                               << request.credentials.redact(request.repoUrl)
                               << (request.path.isEmpty() ? u"."_s : request.path) << "at" << commit->left(7) << "as"
                               << sourceTypeName(response->sourceType) << "in" << clock.elapsed() << "ms";
    return response;
}

Result<QList<AppInfo>, SourceError>
SourceService::listAppsNow(const QString &url, const RepositoryCredentials &credentials, const QString &revision)
{
    const auto commit = resolveRevisionNow(url, credentials, revision);
    if (!commit)
        return Failure(commit.error());
    auto mirror = GitRepository::openMirror(mirrorFolder(url));
    if (!mirror)
        return Failure(mirror.error());
    const auto tree = mirror->tree(*commit);
    if (!tree)
        return Failure(tree.error());
    return ManifestGenerator::discover(*tree);
}

Result<AppDetails, SourceError> SourceService::appDetailsNow(const ManifestRequest &request)
{
    const auto commit = resolveRevisionNow(request.repoUrl, request.credentials, request.targetRevision);
    if (!commit)
        return Failure(commit.error());
    auto mirror = GitRepository::openMirror(mirrorFolder(request.repoUrl));
    if (!mirror)
        return Failure(mirror.error());
    const auto tree = mirror->tree(*commit);
    if (!tree)
        return Failure(tree.error());
    return m_generator.details(*tree, request);
}

Result<RevisionMetadata, SourceError> SourceService::revisionMetadataNow(const QString &url,
                                                                         const RepositoryCredentials &credentials,
                                                                         const QString &revision)
{
    if (const auto allowed = m_settings.localRepositories.check(url); !allowed)
        return Failure(allowed.error());
    const QString folder = mirrorFolder(url);
    auto mirror = GitRepository::openMirror(folder);
    if (!mirror)
        return Failure(mirror.error());
    // A full SHA already fetched needs no trip to the server.
    QString commit = revision.trimmed().toLower();
    if (!GitRepository::isFullSha(commit) || !mirror->hasCommit(commit)) {
        const auto resolved = resolveRevisionNow(url, credentials, revision);
        if (!resolved)
            return Failure(resolved.error());
        commit = *resolved;
    }
    return mirror->metadata(commit);
}

Result<QList<RemoteRef>, SourceError> SourceService::listRefsNow(const QString &url,
                                                                 const RepositoryCredentials &credentials)
{
    if (const auto allowed = m_settings.localRepositories.check(url); !allowed)
        return Failure(allowed.error());
    const QString folder = mirrorFolder(url);
    const auto lock = lockFor(folder);
    QMutexLocker locker(lock.get());
    auto mirror = GitRepository::openMirror(folder);
    if (!mirror)
        return Failure(mirror.error());
    return mirror.value().listRemote(remoteFor(url, credentials));
}

QFuture<Result<ManifestResponse, SourceError>> SourceService::generateManifests(const ManifestRequest &request)
{
    return schedule<Result<ManifestResponse, SourceError>>([this, request] { return generateManifestsNow(request); });
}

QFuture<Result<QString, SourceError>>
SourceService::resolveRevision(const QString &url, const RepositoryCredentials &credentials, const QString &revision)
{
    return schedule<Result<QString, SourceError>>(
        [this, url, credentials, revision] { return resolveRevisionNow(url, credentials, revision); });
}

QFuture<Result<RevisionMetadata, SourceError>>
SourceService::revisionMetadata(const QString &url, const RepositoryCredentials &credentials, const QString &revision)
{
    return schedule<Result<RevisionMetadata, SourceError>>(
        [this, url, credentials, revision] { return revisionMetadataNow(url, credentials, revision); });
}

QFuture<Result<QList<RemoteRef>, SourceError>> SourceService::listRefs(const QString &url,
                                                                       const RepositoryCredentials &credentials)
{
    return schedule<Result<QList<RemoteRef>, SourceError>>(
        [this, url, credentials] { return listRefsNow(url, credentials); });
}

} // namespace Capstan::Source
