// SPDX-License-Identifier: Apache-2.0
#include "controller.h"

#include "base/logging.h"
#include "engine/cascadingdeletion.h"
#include "engine/externalurls.h"
#include "engine/managednamespace.h"
#include "engine/operationhistory.h"
#include "engine/operationretry.h"
#include "engine/projectpolicy.h"
#include "engine/resourcetree.h"
#include "engine/syncwindows.h"
#include "source/credentialresolver.h"
#include "source/sourceservice.h"
#include "store/store.h"
#include "sync/hooks.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <pthread.h>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

using Model::Application;
using Model::ConditionType;
using Model::OperationPhase;
using Model::SyncStatusCode;

namespace {

using Kube::metadataOf;

const QString refreshAnnotation = u"argocd.argoproj.io/refresh"_s;

QString keyOf(const QString &ns, const QString &name)
{
    return ns + u'/' + name;
}

QString keyOf(const Application &application)
{
    return keyOf(application.metadata.ns, application.metadata.name);
}

std::pair<QString, QString> splitKey(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    return {key.left(slash), key.mid(slash + 1)};
}

QDateTime nowSeconds()
{
    // Kubernetes times have whole seconds.
    return QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
}

/// Argo CD's SetConditions: conditions of the evaluated types are replaced,
/// keeping the transition time of those whose message did not change.
void setConditions(QList<Model::ApplicationCondition> &conditions, QList<Model::ApplicationCondition> fresh,
                   const QList<ConditionType> &evaluated)
{
    const QDateTime now = nowSeconds();
    QList<Model::ApplicationCondition> result;
    for (const Model::ApplicationCondition &condition : std::as_const(conditions)) {
        if (!evaluated.contains(condition.type))
            result.append(condition);
    }
    for (Model::ApplicationCondition &condition : fresh) {
        const auto same = std::find_if(conditions.cbegin(), conditions.cend(), [&](const auto &old) {
            return old.type == condition.type && old.message == condition.message;
        });
        condition.lastTransitionTime = same != conditions.cend() && same->lastTransitionTime
            ? same->lastTransitionTime
            : std::optional<QDateTime>(now);
        result.append(condition);
    }
    for (Model::ApplicationCondition &condition : result) {
        if (!condition.lastTransitionTime)
            condition.lastTransitionTime = now;
    }
    std::sort(result.begin(), result.end(), [](const auto &a, const auto &b) {
        return std::tuple(Model::Json::enumName(a.type), a.message)
            < std::tuple(Model::Json::enumName(b.type), b.message);
    });
    conditions = result;
}

QString formatConditions(const QList<Model::ApplicationCondition> &conditions)
{
    QStringList parts;
    for (const Model::ApplicationCondition &condition : conditions)
        parts.append(Model::Json::enumName(condition.type) + u": " + condition.message);
    return parts.join(u';');
}

/// One condition of @p type for each message.
QList<Model::ApplicationCondition> conditionsOf(ConditionType type, const QStringList &messages)
{
    QList<Model::ApplicationCondition> conditions;
    for (const QString &message : messages)
        conditions.append({type, message, std::nullopt});
    return conditions;
}

QList<Model::ApplicationCondition> ofType(const QList<Model::ApplicationCondition> &conditions, ConditionType type)
{
    QList<Model::ApplicationCondition> found;
    std::copy_if(conditions.cbegin(), conditions.cend(), std::back_inserter(found),
                 [type](const Model::ApplicationCondition &condition) { return condition.type == type; });
    return found;
}

/// Whether an earlier step of the operation already found its commits.
bool isPinned(const Application &target, const Model::OperationState &state)
{
    return state.syncResult.has_value()
        && (target.spec.hasMultipleSources() ? !state.syncResult->revisions.isEmpty()
                                             : !state.syncResult->revision.isEmpty());
}

/// The revision each source is synced to: the commit an earlier step found,
/// else the one asked for, else the source's targetRevision.
QStringList operationRevisions(const Application &target, const Model::OperationState &state)
{
    const Model::SyncOperation &sync = *state.operation.sync;
    const bool multiple = target.spec.hasMultipleSources();
    const bool pinned = isPinned(target, state);
    const QList<Model::ApplicationSource> sources = target.spec.allSources();
    QStringList revisions;
    for (qsizetype i = 0; i < sources.size(); ++i) {
        QString requested = multiple ? sync.revisions.value(i) : sync.revision;
        if (pinned)
            requested = multiple ? state.syncResult->revisions.value(i) : state.syncResult->revision;
        revisions.append(requested.isEmpty() ? sources.at(i).targetRevision : requested);
    }
    return revisions;
}

/// Records what the operation syncs: its sources (on its first step) and the
/// commits compared now.
void recordSyncTarget(Model::OperationState &state, const Application &target, const ComparisonResult &result)
{
    if (!state.syncResult) {
        state.syncResult = Model::SyncOperationResult();
        if (target.spec.hasMultipleSources())
            state.syncResult->sources = target.spec.sources;
        else
            state.syncResult->source = target.spec.source.value_or(Model::ApplicationSource());
        if (target.spec.syncPolicy)
            state.syncResult->managedNamespaceMetadata = target.spec.syncPolicy->managedNamespaceMetadata;
    }
    state.syncResult->revision = result.sync.revision;
    state.syncResult->revisions = result.sync.revisions;
}

QString formatRevisions(const QStringList &revisions)
{
    return u'[' + revisions.join(u' ') + u']';
}

/// The sync an automated policy starts: to the revisions just compared,
/// with the policy's prune, options and retry (5 attempts by default).
Model::Operation automatedOperation(const Model::ApplicationSpec &spec, const ComparisonResult &result)
{
    Model::SyncOperation sync;
    if (!spec.hasMultipleSources())
        sync.source = spec.source;
    sync.revision = result.sync.revision;
    sync.revisions = result.sync.revisions;
    sync.sources = spec.sources;
    sync.prune = spec.syncPolicy->automated->prune;
    sync.syncOptions = spec.syncPolicy->syncOptions;
    Model::Operation operation;
    operation.initiatedBy.automated = true;
    operation.retry.limit = 5;
    if (spec.syncPolicy->retry)
        operation.retry = *spec.syncPolicy->retry;
    operation.sync = sync;
    return operation;
}

/// Argo CD's alreadyAttemptedSync: the revisions of the last operation when
/// it synced the same revisions from the same sources, else nullopt.
std::optional<QStringList> attemptedRevisions(const Application &application, const QStringList &desired)
{
    const std::optional<Model::OperationState> &last = application.status.operationState;
    const Model::ApplicationSpec &spec = application.spec;
    if (!last)
        return std::nullopt;
    if (!last->syncResult)
        return last->isCompleted() ? std::optional<QStringList>(QStringList()) : std::nullopt;
    if (spec.hasMultipleSources()) {
        const QStringList &revisions = last->syncResult->revisions;
        if (revisions == desired && last->syncResult->sources == spec.sources)
            return revisions;
        return std::nullopt;
    }
    if (last->syncResult->revision == desired.value(0)
        && last->syncResult->source == spec.source.value_or(Model::ApplicationSource()))
        return QStringList{last->syncResult->revision};
    return std::nullopt;
}

/// How long self-heal still waits after @p last, with backoff: 0, 2, 6, 18 …
/// seconds after the last attempt (Argo CD's defaults).
std::chrono::milliseconds selfHealRemaining(const Model::OperationState &last, qint64 attempts,
                                            const ControllerSettings &settings)
{
    double delay = 0;
    for (qint64 i = 0; i < attempts; ++i) {
        delay = i == 0 ? double(settings.selfHealBackoff.count())
                       : std::min(delay * settings.selfHealFactor, double(settings.selfHealCap.count()));
    }
    const QDateTime finished = last.finishedAt.value_or(QDateTime::currentDateTimeUtc());
    return std::chrono::milliseconds(qint64(delay * 1000) - finished.msecsTo(QDateTime::currentDateTimeUtc()));
}

} // namespace

struct Controller::Targets
{
    QList<QJsonObject> objects;
    QString revision;
    QStringList revisions;
    QString sourceType;
    QString error;
};

struct Controller::Reconciliation
{
    std::optional<std::chrono::milliseconds> retryAfter;
    Model::SyncStatus sync;
    Model::HealthStatusCode health = Model::HealthStatusCode::Unknown;
    QList<Model::ResourceStatus> resources;
    QList<Model::ApplicationCondition> conditions;
    QList<ConditionType> evaluated;
    Model::ApplicationSummary summary;
    QString sourceType;
    std::optional<Model::Operation> operation;
    std::chrono::milliseconds recheck{0};
    bool invalid = false;
};

Controller::Controller(Store::Store &store, Source::SourceService &sources, ControllerSettings settings,
                       QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_sources(sources)
    , m_settings(std::move(settings))
    , m_credentials(makeCredentials())
{
    m_clusters = makeClusters();
}

std::shared_ptr<ClusterSet> Controller::makeClusters()
{
    return std::make_shared<ClusterSet>(
        m_settings.inCluster,
        [this](Kube::ClusterCache *cache, const Kube::CachedObjectPtr &before, const Kube::CachedObjectPtr &after) {
            onObjectChanged(cache, before, after);
        });
}

Controller::~Controller()
{
    stop();
}

void Controller::setInCluster(std::optional<Kube::ClusterConnection> inCluster)
{
    Q_ASSERT(!m_started);
    if (m_started)
        return;
    m_settings.inCluster = std::move(inCluster);
    replaceClusters();
}

std::shared_ptr<ClusterSet> Controller::clusters() const
{
    QMutexLocker locker(&m_clustersMutex);
    return m_clusters;
}

void Controller::replaceClusters()
{
    std::shared_ptr<ClusterSet> replaced = makeClusters();
    {
        QMutexLocker locker(&m_clustersMutex);
        m_clusters.swap(replaced);
    }
    // The old set stops its clusters' threads here, or when the last thread
    // that still reads it lets go.
}

void Controller::invalidateCluster(const QString &server)
{
    clusters()->invalidate(server);
}

void Controller::start()
{
    if (m_started)
        return;
    m_started = true;
    // After a stop(), the queues take keys again; start() queues every app.
    m_refreshQueue.reopen();
    m_operationQueue.reopen();
    if (!m_store.project(u"default"_s)) {
        if (auto created = m_store.createProject(Model::AppProject::defaultProject()); !created)
            qCWarning(lcEngine).noquote() << "could not create the default project:" << created.error().message;
    }
    if (m_settings.inCluster && !m_store.cluster(Model::Cluster::inClusterServer())) {
        Model::Cluster inCluster;
        inCluster.server = Model::Cluster::inClusterServer();
        inCluster.name = u"in-cluster"_s;
        if (auto created = m_store.createCluster(inCluster); !created)
            qCWarning(lcEngine).noquote()
                << "could not register the in-cluster destination:" << created.error().message;
    }

    connect(
        &m_store, &Store::Store::applicationChanged, this,
        [this](Store::ChangeType type, const Application &application) {
            const QString key = keyOf(application);
            {
                QMutexLocker locker(&m_requestsMutex);
                if (type == Store::ChangeType::Deleted) {
                    m_keysByInstance.remove(instanceName(application));
                    m_requested.remove(key);
                    m_delayedRequests.remove(key);
                    m_lastSteps.remove(key);
                } else
                    m_keysByInstance.insert(instanceName(application), key);
            }
            if (type == Store::ChangeType::Deleted)
                return;
            m_refreshQueue.add(key);
            m_operationQueue.add(key);
        },
        Qt::DirectConnection);
    const auto forgetCredentials = [this] { m_credentials->forget(); };
    connect(&m_store, &Store::Store::repositoryChanged, this, forgetCredentials, Qt::DirectConnection);
    connect(&m_store, &Store::Store::repositoryCredentialsChanged, this, forgetCredentials, Qt::DirectConnection);
    connect(
        &m_store, &Store::Store::clusterChanged, this,
        [this](Store::ChangeType type, const Model::Cluster &cluster) {
            if (type != Store::ChangeType::Added && cluster.server != Model::Cluster::inClusterServer())
                invalidateCluster(cluster.server);
        },
        Qt::DirectConnection);

    for (const Application &application : m_store.applications()) {
        {
            QMutexLocker locker(&m_requestsMutex);
            m_keysByInstance.insert(instanceName(application), keyOf(application));
        }
        m_refreshQueue.add(keyOf(application));
        m_operationQueue.add(keyOf(application));
    }
    const auto startWorker = [this](WorkQueue &queue, void (Controller::*process)(const QString &key)) {
        m_workers.emplace_back([this, &queue, process] {
            pthread_setname_np(pthread_self(), "capstan-engine");
            worker(queue, process);
        });
    };
    for (int i = 0; i < std::max(1, m_settings.statusWorkers); ++i)
        startWorker(m_refreshQueue, &Controller::processRefresh);
    for (int i = 0; i < std::max(1, m_settings.operationWorkers); ++i)
        startWorker(m_operationQueue, &Controller::processOperation);
    qCInfo(lcEngine) << "controller started with" << m_settings.statusWorkers << "status and"
                     << m_settings.operationWorkers << "operation workers";
}

void Controller::stop()
{
    if (!m_started)
        return;
    m_started = false;
    disconnect(&m_store, nullptr, this, nullptr);
    m_refreshQueue.shutDown();
    m_operationQueue.shutDown();
    for (std::thread &thread : m_workers)
        thread.join();
    m_workers.clear();
    // The clusters' threads stop; a later start() watches them again.
    replaceClusters();
}

void Controller::worker(WorkQueue &queue, void (Controller::*process)(const QString &key))
{
    while (const std::optional<QString> key = queue.take()) {
        (this->*process)(*key);
        queue.done(*key);
    }
}

void Controller::requestRefresh(const QString &ns, const QString &name, CompareLevel level)
{
    const QString key = keyOf(ns, name);
    {
        QMutexLocker locker(&m_requestsMutex);
        CompareLevel &requested = m_requested[key];
        requested = std::max(requested, level);
    }
    m_refreshQueue.add(key);
}

void Controller::onObjectChanged(Kube::ClusterCache *cache, const Kube::CachedObjectPtr &before,
                                 const Kube::CachedObjectPtr &after)
{
    // Runs on the cluster's thread: find the app that owns the object (or its
    // parent) and ask for a comparison against the revision it has.
    QSet<QString> instances;
    for (const Kube::CachedObjectPtr &object : {before, after}) {
        if (!object)
            continue;
        if (!object->trackedApplication.isEmpty() || !object->instanceLabel.isEmpty()) {
            instances.insert(m_settings.tracking == Kube::TrackingMethod::Annotation ? object->trackedApplication
                                                                                     : object->instanceLabel);
        } else if (!object->owners.isEmpty()) {
            // Children (ReplicaSets, Pods) change the health of what owns them.
            instances.insert(cache->applicationOf(*object));
        }
    }
    instances.remove(QString());
    for (const QString &instance : std::as_const(instances)) {
        QString key;
        {
            QMutexLocker locker(&m_requestsMutex);
            key = m_keysByInstance.value(instance);
            if (key.isEmpty())
                continue;
            CompareLevel &requested = m_requested[key];
            requested = std::max(requested, CompareLevel::Recent);
        }
        m_refreshQueue.add(key);
        m_operationQueue.add(key);
        const auto [ns, name] = splitKey(key);
        Q_EMIT resourcesChanged(ns, name);
    }
}

std::chrono::milliseconds Controller::jitterFor(const QString &key) const
{
    const auto jitter = std::chrono::duration_cast<std::chrono::milliseconds>(m_settings.resyncJitter).count();
    if (jitter <= 0)
        return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(qHash(key) % quint64(jitter));
}

std::optional<std::pair<CompareLevel, bool>> Controller::needsRefresh(const Application &application,
                                                                      const QString &key)
{
    if (auto it = application.metadata.annotations.constFind(refreshAnnotation);
        it != application.metadata.annotations.cend())
        return std::pair{CompareLevel::LatestForceResolve, *it == u"hard"};
    const Model::ApplicationStatus &status = application.status;
    const Model::ComparedTo &comparedTo = status.sync.comparedTo;
    const bool sourceDiffers = application.spec.hasMultipleSources()
        ? application.spec.sources != comparedTo.sources
        : application.spec.source.value_or(Model::ApplicationSource()) != comparedTo.source;
    if (sourceDiffers)
        return std::pair{CompareLevel::LatestForceResolve, false};
    if (!status.reconciledAt
        || status.reconciledAt->addSecs(m_settings.resyncPeriod.count()) < QDateTime::currentDateTimeUtc())
        return std::pair{CompareLevel::Latest, false};
    if (application.spec.destination != comparedTo.destination
        || application.spec.ignoreDifferences != comparedTo.ignoreDifferences
        || managedNamespaceMetadataChanged(application))
        return std::pair{CompareLevel::Latest, false};
    QMutexLocker locker(&m_requestsMutex);
    if (auto it = m_requested.find(key); it != m_requested.end()) {
        const CompareLevel level = *it;
        m_requested.erase(it);
        return std::pair{level, false};
    }
    if (auto it = m_delayedRequests.find(key); it != m_delayedRequests.end() && it->hasExpired()) {
        m_delayedRequests.erase(it);
        return std::pair{CompareLevel::Latest, false};
    }
    return std::nullopt;
}

Source::RepositoryCredentials Controller::credentialsFor(const QString &url) const
{
    return m_credentials->credentialsFor(url);
}

std::unique_ptr<Source::CredentialResolver> Controller::makeCredentials() const
{
    Source::CredentialResolver::Lookup lookup;
    lookup.repository = [this](const QString &url) -> std::optional<Source::RepositoryCredentials> {
        const auto repository = m_store.repositoryWithSecrets(url);
        if (!repository)
            return std::nullopt;
        Source::RepositoryCredentials own;
        own.username = repository->username;
        own.password = repository->password;
        own.sshPrivateKey = repository->sshPrivateKey;
        own.bearerToken = repository->bearerToken;
        own.insecure = repository->insecure;
        return own;
    };
    lookup.templates = [this](const QString &url) {
        QList<Source::CredentialTemplate> templates;
        for (const Model::RepoCreds &creds : m_store.repositoryCredentials()) {
            if (!url.startsWith(creds.url))
                continue;
            if (auto full = m_store.repositoryCredentialsWithSecrets(creds.url)) {
                Source::CredentialTemplate entry;
                entry.urlPrefix = full->url;
                entry.credentials.username = full->username;
                entry.credentials.password = full->password;
                entry.credentials.sshPrivateKey = full->sshPrivateKey;
                templates.append(entry);
            }
        }
        return templates;
    };
    return std::make_unique<Source::CredentialResolver>(std::move(lookup));
}

Result<std::shared_ptr<ClusterAccess>> Controller::clusterFor(const Application &application)
{
    auto cluster = destinationCluster(application.spec.destination, m_store.clusters());
    if (!cluster)
        return Failure(cluster.error());
    // The secrets are read only to start watching a cluster.
    const std::shared_ptr<ClusterSet> set = clusters();
    if (auto started = set->find(cluster->server))
        return started;
    auto full = m_store.clusterWithSecrets(cluster->server);
    return set->access(full.value_or(*cluster));
}

Result<Controller::Targets> Controller::loadTargets(const Application &application,
                                                    const QList<Model::ApplicationSource> &sources,
                                                    const QStringList &revisions, bool hard, bool forceResolve)
{
    Targets targets;
    for (qsizetype i = 0; i < sources.size(); ++i) {
        const Model::ApplicationSource &source = sources.at(i);
        if (!source.ref.isEmpty() && source.path.isEmpty() && source.chart.isEmpty()) {
            targets.revisions.append(revisions.value(i));
            continue; // a values-only source
        }
        Source::ManifestRequest request = Source::ManifestRequest::forSource(
            Model::toJson(source), application.metadata.name, application.spec.destination.ns);
        if (!revisions.value(i).isEmpty())
            request.targetRevision = revisions.value(i);
        request.credentials = credentialsFor(source.repoURL);
        request.noCache = hard;
        request.noRevisionCache = forceResolve;
        auto generated = m_sources.generateManifestsNow(request);
        if (!generated)
            return Failure(generated.error().message);
        targets.objects.append(generated->manifests);
        targets.revisions.append(generated->revision);
        if (targets.sourceType.isEmpty())
            targets.sourceType = Source::sourceTypeName(generated->sourceType);
    }
    targets.revision = targets.revisions.value(0);
    return targets;
}

ComparisonInput Controller::comparisonInput(const Application &application, const ClusterAccess &cluster,
                                            const Targets &targets,
                                            const std::optional<Model::AppProject> &project) const
{
    Kube::ClusterCache *cache = cluster.cache();
    ComparisonInput input;
    input.application = application;
    input.project = project;
    input.targets = targets.objects;
    input.targetError = targets.error;
    input.tracking = m_settings.tracking;
    input.destination = resolvedDestination(application.spec.destination, m_store.clusters());
    input.namespaced = [cache](const QString &group, const QString &kind) { return cache->isNamespaced(group, kind); };
    if (application.spec.hasMultipleSources())
        input.revisions = targets.revisions;
    else
        input.revision = targets.revision;
    QSet<QString> seen;
    const auto addLive = [&](const Kube::CachedObjectPtr &object) {
        if (object && !seen.contains(object->key.toString())) {
            seen.insert(object->key.toString());
            input.lives.append(object->object());
        }
    };
    for (const Kube::CachedObjectPtr &object : cache->trackedBy(instanceName(application), m_settings.tracking))
        addLive(object);
    for (const QJsonObject &target : targets.objects) {
        Kube::ResourceKey key = Kube::ResourceKey::of(target);
        const std::optional<bool> namespaced = cache->isNamespaced(key.group, key.kind);
        if (namespaced == false)
            key.ns.clear();
        else if (key.ns.isEmpty())
            key.ns = application.spec.destination.ns;
        addLive(cache->get(key));
    }
    return input;
}

Model::ApplicationSummary Controller::summaryOf(const Application &application, const ClusterAccess &cluster,
                                                const ComparisonResult &result) const
{
    const QStringList links = linkUrlsOf(application.metadata.annotations);
    QSet<QString> images;
    QSet<QString> urls(links.cbegin(), links.cend());
    Kube::ClusterCache *cache = cluster.cache();
    const std::function<void(const Kube::CachedObjectPtr &, int)> visit
        = [&](const Kube::CachedObjectPtr &node, int depth) {
              if (!node || depth > 8)
                  return;
              const QJsonObject object = node->object();
              if (node->key.kind == u"Pod" && node->key.group.isEmpty()) {
                  for (const QString &image : Sync::imagesOf(object))
                      images.insert(image);
              }
              for (const QString &url : externalUrlsOf(node->key.group, node->key.kind, object))
                  urls.insert(url);
              for (const Kube::CachedObjectPtr &child : cache->children(*node))
                  visit(child, depth + 1);
          };
    for (const ManagedResource &resource : result.resources) {
        if (resource.live.isEmpty())
            continue;
        const Kube::ResourceKey key{resource.status.group, resource.status.kind, resource.status.ns,
                                    resource.status.name};
        visit(cache->get(key), 0);
    }
    Model::ApplicationSummary summary;
    summary.isAppOfApps = std::any_of(result.resources.cbegin(), result.resources.cend(), [](const auto &resource) {
        return resource.status.group == u"argoproj.io" && resource.status.kind == u"Application";
    });
    summary.images = QStringList(images.begin(), images.end());
    summary.externalURLs = QStringList(urls.begin(), urls.end());
    summary.images.sort();
    summary.externalURLs.sort();
    return summary;
}

Result<ComparisonResult> Controller::compare(const Application &application)
{
    auto cluster = clusterFor(application);
    if (!cluster)
        return Failure(cluster.error());
    Targets targets;
    QStringList revisions;
    for (const Model::ApplicationSource &source : application.spec.allSources())
        revisions.append(source.targetRevision);
    if (auto loaded = loadTargets(application, application.spec.allSources(), revisions, false, false))
        targets = *loaded;
    else
        targets.error = loaded.error();
    return compareAppState(
        comparisonInput(application, **cluster, targets, m_store.project(application.spec.projectName())));
}

Result<Controller::GeneratedManifests> Controller::generateManifests(const Application &application,
                                                                     const QStringList &revisions, bool noCache)
{
    QStringList wanted;
    const QList<Model::ApplicationSource> sources = application.spec.allSources();
    for (qsizetype i = 0; i < sources.size(); ++i)
        wanted.append(revisions.value(i).isEmpty() ? sources.at(i).targetRevision : revisions.value(i));
    auto targets = loadTargets(application, sources, wanted, noCache, noCache);
    if (!targets)
        return Failure(targets.error());
    return GeneratedManifests{targets->objects, targets->revision, targets->revisions, targets->sourceType};
}

Model::ClusterInfo Controller::clusterInfo(const Model::Cluster &cluster)
{
    Model::ClusterInfo info;
    for (const Application &application : m_store.applications()) {
        const Model::ApplicationDestination &destination = application.spec.destination;
        if ((!destination.server.isEmpty() && destination.server == cluster.server)
            || (destination.server.isEmpty() && !destination.name.isEmpty() && destination.name == cluster.name))
            ++info.applicationsCount;
    }
    info.connectionState.attemptedAt = QDateTime::currentDateTimeUtc();
    const std::shared_ptr<ClusterAccess> access = clusters()->find(cluster.server);
    if (!access) {
        info.connectionState.status = Model::ConnectionState::Status::Unknown;
        info.connectionState.message = info.applicationsCount == 0
            ? u"Cluster has no applications and is not being monitored."_s
            : u"Cluster is not being monitored yet."_s;
        return info;
    }
    info.cacheInfo.resourcesCount = access->cache()->size();
    info.cacheInfo.apisCount = access->cache()->watchedResources().size();
    const auto version = access->kubeOperations().getRaw(u"/version"_s);
    if (!version) {
        info.connectionState.status = Model::ConnectionState::Status::Failed;
        info.connectionState.message = version.error().message;
        return info;
    }
    info.connectionState.status = Model::ConnectionState::Status::Successful;
    info.serverVersion = version->value(u"major").toString() + u'.' + version->value(u"minor").toString();
    return info;
}

Result<Model::ApplicationTree> Controller::resourceTree(const Application &application)
{
    auto cluster = clusterFor(application);
    if (!cluster)
        return Failure(cluster.error());
    return Engine::resourceTree(application.status.resources, *(*cluster)->cache());
}

Controller::Reconciliation Controller::reconcile(const Application &application, CompareLevel level, bool hard)
{
    Reconciliation r;
    r.evaluated = {ConditionType::InvalidSpecError, ConditionType::UnknownError};
    r.sync = application.status.sync;
    r.resources = application.status.resources;
    r.summary = application.status.summary;
    r.sourceType = application.status.sourceType;

    const std::optional<Model::AppProject> project = m_store.project(application.spec.projectName());
    QStringList invalid;
    if (!project)
        invalid.append(
            u"Application referencing project %1 which does not exist"_s.arg(application.spec.projectName()));
    else
        invalid = permissionErrors(application, *project, m_store.clusters());
    if (!invalid.isEmpty()) {
        r.conditions += conditionsOf(ConditionType::InvalidSpecError, invalid);
        r.sync.status = SyncStatusCode::Unknown;
        r.health = Model::HealthStatusCode::Unknown;
        r.invalid = true;
        return r;
    }
    auto cluster = clusterFor(application);
    if (!cluster) {
        r.conditions.append({ConditionType::UnknownError, cluster.error(), std::nullopt});
        r.sync.status = SyncStatusCode::Unknown;
        r.health = Model::HealthStatusCode::Unknown;
        return r;
    }
    if (!(*cluster)->cache()->isSynced()) {
        r.retryAfter = std::chrono::milliseconds(500);
        return r;
    }

    // Recent compares against what was compared last; otherwise the spec's revisions.
    const QList<Model::ApplicationSource> sources = application.spec.allSources();
    QStringList revisions;
    for (qsizetype i = 0; i < sources.size(); ++i) {
        QString revision = sources.at(i).targetRevision;
        if (level == CompareLevel::Recent) {
            const QString last = application.spec.hasMultipleSources() ? application.status.sync.revisions.value(i)
                                                                       : application.status.sync.revision;
            if (!last.isEmpty())
                revision = last;
        }
        revisions.append(revision);
    }
    Targets targets;
    if (auto loaded = loadTargets(application, sources, revisions, hard, level == CompareLevel::LatestForceResolve))
        targets = *loaded;
    else
        targets.error = loaded.error();

    const ComparisonResult result = compareAppState(comparisonInput(application, **cluster, targets, project));
    r.evaluated.append(comparisonConditionTypes());
    r.conditions.append(result.conditions);
    r.sync = result.sync;
    r.health = result.health;
    r.resources = result.resourceStatuses();
    r.summary = summaryOf(application, **cluster, result);
    if (!targets.sourceType.isEmpty())
        r.sourceType = targets.sourceType;

    std::optional<Model::ApplicationCondition> syncError;
    r.operation = autoSync(application, result, syncError, r.recheck);
    r.evaluated.append(ConditionType::SyncError);
    if (syncError)
        r.conditions.append(*syncError);
    return r;
}

std::optional<Model::Operation> Controller::autoSync(const Application &application, const ComparisonResult &result,
                                                     std::optional<Model::ApplicationCondition> &syncError,
                                                     std::chrono::milliseconds &recheck) const
{
    const Model::ApplicationSpec &spec = application.spec;
    if (!spec.isAutomated() || application.operation || application.metadata.deletionTimestamp)
        return std::nullopt;
    if (result.sync.status != SyncStatusCode::OutOfSync)
        return std::nullopt;
    if (const auto project = m_store.project(spec.projectName());
        project && !SyncWindows::matching(*project, application).canSync(false)) {
        qCDebug(lcEngine).noquote() << "Skipping auto-sync of" << application.metadata.name
                                    << "while a sync window blocks it";
        return std::nullopt;
    }
    const Model::SyncPolicyAutomated &automated = *spec.syncPolicy->automated;
    const QList<Model::ResourceStatus> resources = result.resourceStatuses();
    if (!automated.prune) {
        const bool pruneOnly = std::all_of(resources.begin(), resources.end(), [](const Model::ResourceStatus &r) {
            return r.status == SyncStatusCode::Synced || r.status == SyncStatusCode::None || r.requiresPruning;
        });
        if (pruneOnly) {
            qCDebug(lcEngine) << "Skipping auto-sync: need to prune extra resources only but automated prune is "
                                 "disabled";
            return std::nullopt;
        }
    }

    Model::Operation operation = automatedOperation(spec, result);
    Model::SyncOperation &sync = *operation.sync;
    const QStringList desired = spec.hasMultipleSources() ? result.sync.revisions : QStringList{result.sync.revision};
    const std::optional<Model::OperationState> &last = application.status.operationState;
    if (const std::optional<QStringList> lastRevisions = attemptedRevisions(application, desired)) {
        if (last->phase != OperationPhase::Succeeded) {
            syncError = Model::ApplicationCondition{
                ConditionType::SyncError,
                u"Failed last sync attempt to %1: %2"_s.arg(formatRevisions(*lastRevisions), last->message),
                std::nullopt};
            return std::nullopt;
        }
        if (!automated.selfHeal)
            return std::nullopt;
        const qint64 attempts = last->operation.sync ? last->operation.sync->autoHealAttemptsCount : 0;
        if (const auto remaining = selfHealRemaining(*last, attempts, m_settings); remaining.count() > 0) {
            recheck = remaining;
            return std::nullopt;
        }
        sync.autoHealAttemptsCount = attempts + 1;
        for (const Model::ResourceStatus &resource : resources) {
            if (resource.status != SyncStatusCode::Synced && resource.status != SyncStatusCode::None)
                sync.resources.append({resource.group, resource.kind, resource.name, {}});
        }
    }
    if (automated.prune && !automated.allowEmpty
        && std::all_of(resources.begin(), resources.end(), [](const auto &r) { return r.requiresPruning; })) {
        syncError = Model::ApplicationCondition{
            ConditionType::SyncError,
            u"Skipping sync attempt to %1: auto-sync will wipe out all resources"_s.arg(formatRevisions(desired)),
            std::nullopt};
        return std::nullopt;
    }
    qCInfo(lcEngine).noquote() << "Initiated automated sync to" << formatRevisions(desired) << "for"
                               << application.metadata.name;
    return operation;
}

void Controller::processRefresh(const QString &key)
{
    const auto [ns, name] = splitKey(key);
    const std::optional<Application> application = m_store.application(ns, name);
    if (!application)
        return;
    const auto need = needsRefresh(*application, key);
    if (!need || need->first == CompareLevel::Nothing) {
        m_operationQueue.add(key);
        armResync(key, application->status.reconciledAt);
        return;
    }
    const auto [level, hard] = *need;
    Reconciliation r = reconcile(*application, level, hard);
    if (r.retryAfter) {
        {
            QMutexLocker locker(&m_requestsMutex);
            CompareLevel &requested = m_requested[key];
            requested = std::max(requested, level);
        }
        m_refreshQueue.addAfter(key, *r.retryAfter);
        return;
    }
    const bool full = level >= CompareLevel::Latest;
    auto written = m_store.editApplication(ns, name, [&](Application &stored) -> Result<void, Store::StoreError> {
        Model::ApplicationStatus &status = stored.status;
        status.sync = r.sync;
        if (status.health.status != r.health || !status.health.lastTransitionTime)
            status.health.lastTransitionTime = nowSeconds();
        status.health.status = r.health;
        status.health.message.clear();
        status.resources = r.resources;
        setConditions(status.conditions, r.conditions, r.evaluated);
        status.summary = r.summary;
        status.sourceType = r.sourceType;
        status.controllerNamespace = controlPlaneNamespace.toString();
        // Argo CD leaves reconciledAt alone when the spec is invalid.
        if ((full && !r.invalid) || !status.reconciledAt)
            status.reconciledAt = nowSeconds();
        // Only the request this comparison answered: one made while it ran
        // (the app changed since it was read) stays, and brings it back.
        if (application->metadata.annotations.contains(refreshAnnotation)
            && stored.metadata.resourceVersion == application->metadata.resourceVersion)
            stored.metadata.annotations.remove(refreshAnnotation);
        if (r.operation && !stored.operation) {
            stored.operation = r.operation;
            stored.status.operationState.reset();
        }
        return {};
    });
    if (!written && written.error().reason == Store::StoreError::Reason::NotFound) {
        qCDebug(lcEngine).noquote() << key << "was deleted while it was compared";
        return;
    }
    if (!written)
        qCWarning(lcEngine).noquote() << "could not write the status of" << key << ':' << written.error().message;
    m_operationQueue.add(key);
    if (r.recheck.count() > 0) {
        // Self-heal backs off: compare again once the delay is over, not before.
        {
            QMutexLocker locker(&m_requestsMutex);
            m_delayedRequests.insert(key, QDeadlineTimer(r.recheck));
        }
        m_refreshQueue.addAfter(key, r.recheck);
    }
    armResync(key, written ? written->status.reconciledAt : application->status.reconciledAt);
    Q_EMIT applicationReconciled(ns, name);
}

void Controller::armResync(const QString &key, const std::optional<QDateTime> &reconciledAt)
{
    // The queue keeps the earliest of its delayed adds, so this is re-armed
    // after every pass, whatever else was queued in between.
    qint64 due = std::chrono::duration_cast<std::chrono::milliseconds>(m_settings.resyncPeriod).count()
        + jitterFor(key).count() + 1000;
    if (reconciledAt)
        due = std::max<qint64>(1000, QDateTime::currentDateTimeUtc().msecsTo(reconciledAt->addMSecs(due)));
    m_refreshQueue.addAfter(key, std::chrono::milliseconds(due));
}

void Controller::processOperation(const QString &key)
{
    const auto [ns, name] = splitKey(key);
    const std::optional<Application> application = m_store.application(ns, name);
    if (!application)
        return;
    if (application->operation)
        runOperation(*application, key);
    else if (application->metadata.deletionTimestamp)
        finalizeDeletion(*application, key);
}

void Controller::runOperation(const Application &application, const QString &key)
{
    const bool inProgress = application.status.operationState && !application.status.operationState->isCompleted();
    std::optional<Model::OperationState> state = operationStateFor(application, key);
    if (!state)
        return;
    const bool terminating = state->phase == OperationPhase::Terminating;
    if (!mayStep(key, inProgress && !terminating))
        return;
    Application target = application;
    if (!stepSync(application, target, *state, key, terminating))
        return;
    const bool completed = settleAttempt(*state, terminating, nowSeconds());
    finishStep(key, target, *state, completed, terminating);
}

std::optional<Model::OperationState> Controller::operationStateFor(const Application &application, const QString &key)
{
    if (application.status.operationState && !application.status.operationState->isCompleted()) {
        Model::OperationState state = *application.status.operationState;
        if (state.finishedAt && state.phase != OperationPhase::Terminating) {
            // A retry is scheduled.
            if (const auto wait = retryWait(state, QDateTime::currentDateTimeUtc()); wait.count() > 0) {
                m_operationQueue.addAfter(key, wait);
                return std::nullopt;
            }
            state.finishedAt.reset();
            state.syncResult.reset();
            state.message = u"Retrying operation. Attempt #%1"_s.arg(state.retryCount);
        }
        return state;
    }
    Model::OperationState state;
    state.operation = *application.operation;
    state.phase = OperationPhase::Running;
    state.startedAt = nowSeconds();
    qCInfo(lcEngine).noquote() << "operation started for" << key;
    // Persisted before the first step: it can be terminated, and a restart
    // keeps its start time (and with it the names of generated hooks).
    const auto [ns, name] = splitKey(key);
    auto saved = m_store.editApplication(ns, name, [&state](Application &stored) -> Result<void, Store::StoreError> {
        if (stored.operation)
            stored.status.operationState = state;
        return {};
    });
    if (!saved) {
        m_operationQueue.addAfter(key, m_settings.operationPoll);
        return std::nullopt;
    }
    return state;
}

bool Controller::mayStep(const QString &key, bool throttled)
{
    // Steps of one operation come at most twice per poll period: its own
    // writes and live changes wake it, and must not make it spin.
    QMutexLocker locker(&m_requestsMutex);
    if (auto it = m_lastSteps.constFind(key); throttled && it != m_lastSteps.cend() && !it->hasExpired()) {
        const auto wait = std::chrono::milliseconds(it->remainingTime() + 1);
        locker.unlock();
        m_operationQueue.addAfter(key, wait);
        return false;
    }
    m_lastSteps.insert(key, QDeadlineTimer(std::max<qint64>(50, m_settings.operationPoll.count() / 2)));
    return true;
}

bool Controller::stepSync(const Application &application, Application &target, Model::OperationState &state,
                          const QString &key, bool terminating)
{
    const auto fail = [&state](OperationPhase phase, const QString &message) {
        state.phase = phase;
        state.message = message;
        return true;
    };
    if (!state.operation.sync)
        return fail(OperationPhase::Failed, u"Invalid operation request: no operation specified"_s);
    const Model::SyncOperation &sync = *state.operation.sync;
    const auto project = m_store.project(application.spec.projectName());
    if (!project)
        return fail(OperationPhase::Error,
                    u"Failed to load application project: application project %1 not found"_s.arg(
                        application.spec.projectName()));
    // The operation's source (a rollback's) is what gets compared and applied.
    if (sync.source)
        target.spec.source = sync.source;
    if (!sync.sources.isEmpty())
        target.spec.sources = sync.sources;
    const QStringList invalid = permissionErrors(target, *project, m_store.clusters());
    auto cluster = clusterFor(target);
    if (!invalid.isEmpty())
        return fail(OperationPhase::Error, formatConditions(conditionsOf(ConditionType::InvalidSpecError, invalid)));
    if (!cluster)
        return fail(OperationPhase::Error, cluster.error());
    if (!(*cluster)->cache()->isSynced()) {
        m_operationQueue.addAfter(key, std::chrono::milliseconds(500));
        return false;
    }
    // The first step asks Git what the revision is now; later steps (and
    // retries) keep the commit it found, as Argo CD does.
    const bool pinned = isPinned(target, state);
    auto targets = loadTargets(target, target.spec.allSources(), operationRevisions(target, state), false, !pinned);
    if (!targets)
        return fail(OperationPhase::Error, u"ComparisonError: Failed to load target state: "_s + targets.error());
    const ComparisonResult result = compareAppState(comparisonInput(target, **cluster, *targets, project));
    if (const auto invalidSpec = ofType(result.conditions, ConditionType::InvalidSpecError); !invalidSpec.isEmpty())
        return fail(OperationPhase::Error, formatConditions(invalidSpec));
    recordSyncTarget(state, target, result);
    const Sync::SyncSettings settings = syncSettings(application, target, state, result, *project, **cluster);
    Sync::SyncState syncState{state.phase, state.message, state.syncResult->resources};
    Sync::SyncContext context((*cluster)->operations(), settings, result.syncResources(), result.hooks, syncState);
    if (terminating)
        context.terminate();
    else
        context.sync();
    state.phase = context.state().phase;
    state.message = context.state().message;
    state.syncResult->resources = context.state().results;
    return true;
}

Sync::SyncSettings Controller::syncSettings(const Application &application, const Application &target,
                                            const Model::OperationState &state, const ComparisonResult &result,
                                            const Model::AppProject &project, ClusterAccess &cluster) const
{
    const Model::SyncOperation &sync = *state.operation.sync;
    Sync::SyncSettings settings = Sync::SyncSettings::fromOperation(sync);
    settings.ns = target.spec.destination.ns;
    settings.revision = result.sync.revision.isEmpty() ? result.sync.revisions.value(0) : result.sync.revision;
    settings.startedAt = state.startedAt;
    const Model::ApplicationDestination destination = resolvedDestination(target.spec.destination, m_store.clusters());
    settings.permitted = [project, destination](const QJsonObject &object, const Kube::ApiResource &resource) {
        return objectPermissionError(project, destination, resource.group, resource.kind,
                                     metadataOf(object).value(u"namespace").toString(), resource.namespaced);
    };
    settings.pruneConfirmed = CascadingDeletion::isConfirmed(application, state.startedAt);
    const bool exists = !settings.ns.isEmpty()
        && cluster.cache()->get(Kube::ResourceKey{{}, u"Namespace"_s, {}, settings.ns}) != nullptr;
    settings.createNamespace = namespaceToCreate(
        sync, settings.ns, target.spec.syncPolicy ? target.spec.syncPolicy->managedNamespaceMetadata : std::nullopt,
        exists);
    return settings;
}

void Controller::finishStep(const QString &key, const Application &target, Model::OperationState &state, bool completed,
                            bool terminating)
{
    const auto [ns, name] = splitKey(key);
    const bool deployment = completed && isDeployment(state);
    auto written = m_store.editApplication(ns, name, [&](Application &stored) -> Result<void, Store::StoreError> {
        if (!stored.operation)
            return {}; // removed meanwhile
        // A terminate that arrived while this step ran wins over "Running".
        if (stored.status.operationState && stored.status.operationState->phase == OperationPhase::Terminating
            && state.phase == OperationPhase::Running && !terminating) {
            state.phase = OperationPhase::Terminating;
            state.message = u"operation is terminating"_s;
        }
        if (completed) {
            state.finishedAt = nowSeconds();
            stored.operation.reset();
            if (deployment)
                recordDeployment(stored, target, state, nowSeconds());
        }
        stored.status.operationState = state;
        return {};
    });
    if (!written) {
        qCWarning(lcEngine).noquote() << "could not write the operation of" << key << ':' << written.error().message;
        m_operationQueue.addAfter(key, m_settings.operationPoll);
        return;
    }
    Q_EMIT operationProgressed(ns, name, state.phase);
    const bool dryRun = state.operation.sync && state.operation.sync->dryRun;
    if (completed) {
        qCInfo(lcEngine).noquote() << "operation of" << key << Model::Json::enumName(state.phase) << ':'
                                   << state.message;
        if (!dryRun)
            requestRefresh(ns, name, CompareLevel::LatestForceResolve);
    } else if (state.finishedAt) {
        m_operationQueue.addAfter(
            key, std::max(std::chrono::milliseconds(1), retryWait(state, QDateTime::currentDateTimeUtc())));
    } else {
        m_operationQueue.addAfter(key, m_settings.operationPoll);
    }
}

void Controller::finalizeDeletion(const Application &application, const QString &key)
{
    if (!CascadingDeletion::cascades(application)) {
        if (application.metadata.finalizers.isEmpty()) {
            const auto [ns, name] = splitKey(key);
            (void)m_store.deleteApplication(ns, name);
        }
        return;
    }
    auto cluster = clusterFor(application);
    if (!cluster) {
        // Argo CD: resources on an unknown cluster are orphaned.
        qCInfo(lcEngine).noquote() << "Resource entries removed from undefined cluster for" << key;
        (void)removeResourcesFinalizers(key);
        return;
    }
    if (!(*cluster)->cache()->isSynced()) {
        m_operationQueue.addAfter(key, std::chrono::milliseconds(500));
        return;
    }
    const QList<Kube::CachedObjectPtr> tracked
        = (*cluster)->cache()->trackedBy(instanceName(application), m_settings.tracking);
    if (!CascadingDeletion::isConfirmed(application, application.metadata.deletionTimestamp)) {
        // Delete=confirm: nothing is deleted until someone approves it; the
        // approval is an edit of the app, which brings it back here.
        if (const QString waiting = CascadingDeletion::awaitingConfirmation(application, tracked); !waiting.isEmpty()) {
            qCInfo(lcEngine).noquote() << "Resource" << waiting << "of" << key
                                       << "requires manual confirmation to delete";
            return;
        }
    }
    const QList<QJsonObject> objects = deletableObjects(application, **cluster, tracked);
    if (objects.isEmpty()) {
        qCInfo(lcEngine).noquote() << "deleted the resources of" << key;
        if (auto removed = removeResourcesFinalizers(key); !removed)
            qCWarning(lcEngine).noquote() << "could not remove" << key << ':' << removed.error().message;
        return;
    }
    const QString failure
        = deleteWave(CascadingDeletion::nextWave(objects), CascadingDeletion::propagationOf(application), **cluster);
    // A DeletionError says what failed last, and goes once a pass succeeds.
    const auto [ns, name] = splitKey(key);
    (void)m_store.editApplication(ns, name, [&failure](Application &stored) -> Result<void, Store::StoreError> {
        setConditions(stored.status.conditions,
                      failure.isEmpty() ? QList<Model::ApplicationCondition>()
                                        : conditionsOf(ConditionType::DeletionError, {failure}),
                      {ConditionType::DeletionError});
        return {};
    });
    m_operationQueue.addAfter(key, m_settings.operationPoll);
}

Result<void, Store::StoreError> Controller::removeResourcesFinalizers(const QString &key)
{
    const auto [ns, name] = splitKey(key);
    auto edited = m_store.editApplication(ns, name, [](Application &stored) -> Result<void, Store::StoreError> {
        CascadingDeletion::removeFinalizers(stored);
        return {};
    });
    if (!edited)
        return Failure(edited.error());
    if (edited->metadata.finalizers.isEmpty())
        return m_store.deleteApplication(ns, name);
    return {};
}

QList<QJsonObject> Controller::deletableObjects(const Application &application, ClusterAccess &cluster,
                                                const QList<Kube::CachedObjectPtr> &tracked) const
{
    const std::optional<Model::AppProject> project = m_store.project(application.spec.projectName());
    const Model::ApplicationDestination destination
        = resolvedDestination(application.spec.destination, m_store.clusters());
    QList<QJsonObject> objects;
    for (const Kube::CachedObjectPtr &object : tracked) {
        const QJsonObject live = object->object();
        if (!CascadingDeletion::isDeletable(object->key, live))
            continue;
        // Only what the project permits, by kind and by namespace.
        const Kube::ResourceKey &key = object->key;
        if (project
            && !objectPermissionError(*project, destination, key.group, key.kind, key.ns,
                                      cluster.cache()->isNamespaced(key.group, key.kind).value_or(true))
                    .isEmpty())
            continue;
        objects.append(live);
    }
    return objects;
}

QString Controller::deleteWave(const QList<QJsonObject> &wave, Kube::PropagationPolicy policy,
                               ClusterAccess &cluster) const
{
    QString failure;
    for (const QJsonObject &object : wave) {
        auto resource = cluster.operations().resource(Kube::GroupVersionKind::of(object));
        if (!resource)
            continue;
        const QJsonObject metadata = metadataOf(object);
        auto removed = cluster.operations().remove(*resource, metadata.value(u"namespace").toString(),
                                                   metadata.value(u"name").toString(), policy);
        if (!removed && removed.error().reason != Kube::KubeError::Reason::NotFound)
            failure = removed.error().message;
    }
    return failure;
}

} // namespace Capstan::Engine
