// SPDX-License-Identifier: Apache-2.0
#include "controller.h"

#include "base/logging.h"
#include "engine/projectpolicy.h"
#include "engine/resourcetree.h"
#include "engine/syncwindows.h"
#include "model/duration.h"
#include "source/sourceservice.h"
#include "store/store.h"
#include "sync/hooks.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

using Model::Application;
using Model::ConditionType;
using Model::OperationPhase;
using Model::SyncStatusCode;

namespace {

using Kube::metadataOf;

const QString refreshAnnotation = u"argocd.argoproj.io/refresh"_s;
const QString deletionApprovedAnnotation = u"argocd.argoproj.io/deletion-approved"_s;
const QString linkAnnotationPrefix = u"link.argocd.argoproj.io/"_s;
const QString foregroundFinalizer = u"resources-finalizer.argocd.argoproj.io/foreground"_s;
const QString backgroundFinalizer = u"resources-finalizer.argocd.argoproj.io/background"_s;

/// Whether the app carries an approval to delete or prune given at `since` or
/// later (Argo CD's `argocd.argoproj.io/deletion-approved`, RFC 3339).
bool isDeletionConfirmed(const Application &application, const std::optional<QDateTime> &since)
{
    const QString value = application.metadata.annotations.value(deletionApprovedAnnotation);
    const QDateTime approved = QDateTime::fromString(value, Qt::ISODate);
    return approved.isValid() && (!since || approved >= *since);
}

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

bool cascades(const Application &application)
{
    const QStringList &finalizers = application.metadata.finalizers;
    return finalizers.contains(Application::resourcesFinalizer()) || finalizers.contains(foregroundFinalizer)
        || finalizers.contains(backgroundFinalizer);
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

/// When a failed operation is tried again: duration × factor^count, capped.
QDateTime nextRetryAt(const Model::RetryStrategy &retry, const QDateTime &lastAttempt, qint64 count)
{
    std::chrono::milliseconds duration = std::chrono::seconds(5);
    qint64 factor = 2;
    std::chrono::milliseconds maxDuration = std::chrono::minutes(3);
    if (retry.backoff) {
        if (auto parsed = Model::parseDuration(retry.backoff->duration))
            duration = *parsed;
        if (retry.backoff->factor)
            factor = *retry.backoff->factor;
        if (auto parsed = Model::parseDuration(retry.backoff->maxDuration))
            maxDuration = *parsed;
    }
    double wait = double(duration.count()) * std::pow(double(factor), double(count));
    if (maxDuration.count() > 0)
        wait = std::min(wait, double(maxDuration.count()));
    return lastAttempt.addMSecs(qint64(wait));
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
{
    m_clusters = makeClusters();
}

std::unique_ptr<ClusterSet> Controller::makeClusters()
{
    return std::make_unique<ClusterSet>(
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
    m_clusters = makeClusters();
}

void Controller::start()
{
    if (m_started)
        return;
    m_started = true;
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
    const auto forgetCredentials = [this] {
        QMutexLocker locker(&m_credentialsMutex);
        m_credentials.clear();
    };
    connect(&m_store, &Store::Store::repositoryChanged, this, forgetCredentials, Qt::DirectConnection);
    connect(&m_store, &Store::Store::repositoryCredentialsChanged, this, forgetCredentials, Qt::DirectConnection);
    connect(
        &m_store, &Store::Store::clusterChanged, this,
        [this](Store::ChangeType type, const Model::Cluster &cluster) {
            if (type != Store::ChangeType::Added && cluster.server != Model::Cluster::inClusterServer())
                m_clusters->invalidate(cluster.server);
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
    for (int i = 0; i < std::max(1, m_settings.statusWorkers); ++i)
        m_workers.append(QThread::create([this] { worker(m_refreshQueue, &Controller::processRefresh); }));
    for (int i = 0; i < std::max(1, m_settings.operationWorkers); ++i)
        m_workers.append(QThread::create([this] { worker(m_operationQueue, &Controller::processOperation); }));
    for (QThread *thread : std::as_const(m_workers)) {
        thread->setObjectName(u"capstan-controller"_s);
        thread->start();
    }
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
    for (QThread *thread : std::as_const(m_workers)) {
        thread->wait();
        delete thread;
    }
    m_workers.clear();
    // The clusters' threads stop; a later start() watches them again.
    m_clusters = makeClusters();
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
    // Secrets are read from the database once per repository, not per comparison.
    {
        QMutexLocker locker(&m_credentialsMutex);
        if (auto it = m_credentials.constFind(url); it != m_credentials.cend())
            return *it;
    }
    Source::RepositoryCredentials own;
    if (auto repository = m_store.repositoryWithSecrets(url)) {
        own.username = repository->username;
        own.password = repository->password;
        own.sshPrivateKey = repository->sshPrivateKey;
        own.bearerToken = repository->bearerToken;
        own.insecure = repository->insecure;
    }
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
    const Source::RepositoryCredentials credentials = Source::credentialsFor(url, own, templates);
    QMutexLocker locker(&m_credentialsMutex);
    m_credentials.insert(url, credentials);
    return credentials;
}

Result<std::shared_ptr<ClusterAccess>> Controller::clusterFor(const Application &application)
{
    auto cluster = destinationCluster(application.spec.destination, m_store.clusters());
    if (!cluster)
        return Failure(cluster.error());
    // The secrets are read only to start watching a cluster.
    if (auto started = m_clusters->find(cluster->server))
        return started;
    auto full = m_store.clusterWithSecrets(cluster->server);
    return m_clusters->access(full.value_or(*cluster));
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
    QSet<QString> images;
    QSet<QString> urls;
    for (auto it = application.metadata.annotations.cbegin(); it != application.metadata.annotations.cend(); ++it) {
        if (it.key().startsWith(linkAnnotationPrefix))
            urls.insert(it.value());
    }
    Kube::ClusterCache *cache = cluster.cache();
    const std::function<void(const Kube::CachedObjectPtr &, int)> visit = [&](const Kube::CachedObjectPtr &node,
                                                                              int depth) {
        if (!node || depth > 8)
            return;
        const QJsonObject object = node->object();
        if (node->key.kind == u"Pod" && node->key.group.isEmpty()) {
            for (const QString &image : Sync::imagesOf(object))
                images.insert(image);
        }
        if (node->key.kind == u"Ingress") {
            const QJsonObject spec = object.value(u"spec").toObject();
            QSet<QString> tlsHosts;
            for (const QJsonValue &tls : spec.value(u"tls").toArray()) {
                for (const QJsonValue &host : tls.toObject().value(u"hosts").toArray())
                    tlsHosts.insert(host.toString());
            }
            QString fallback;
            for (const QJsonValue &ingress :
                 object.value(u"status").toObject().value(u"loadBalancer").toObject().value(u"ingress").toArray()) {
                const QJsonObject entry = ingress.toObject();
                fallback = entry.value(u"hostname").toString(entry.value(u"ip").toString());
                if (!fallback.isEmpty())
                    break;
            }
            for (const QJsonValue &rule : spec.value(u"rules").toArray()) {
                const QString host = rule.toObject().value(u"host").toString(fallback);
                if (host.isEmpty())
                    continue;
                const QString scheme = tlsHosts.contains(host) ? u"https"_s : u"http"_s;
                const QJsonArray paths = rule.toObject().value(u"http").toObject().value(u"paths").toArray();
                if (paths.isEmpty())
                    urls.insert(scheme + u"://" + host);
                for (const QJsonValue &path : paths)
                    urls.insert(scheme + u"://" + host + path.toObject().value(u"path").toString());
            }
        }
        if (node->key.kind == u"Service" && node->key.group.isEmpty()
            && object.value(u"spec").toObject().value(u"type").toString() == u"LoadBalancer") {
            for (const QJsonValue &ingress :
                 object.value(u"status").toObject().value(u"loadBalancer").toObject().value(u"ingress").toArray()) {
                const QJsonObject entry = ingress.toObject();
                const QString host = entry.value(u"hostname").toString(entry.value(u"ip").toString());
                if (!host.isEmpty())
                    urls.insert(host);
            }
        }
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
    const std::shared_ptr<ClusterAccess> access = m_clusters->find(cluster.server);
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
        for (const QString &message : std::as_const(invalid))
            r.conditions.append({ConditionType::InvalidSpecError, message, std::nullopt});
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

    Model::Operation operation;
    Model::SyncOperation sync;
    if (!spec.hasMultipleSources())
        sync.source = spec.source;
    sync.revision = result.sync.revision;
    sync.revisions = result.sync.revisions;
    sync.sources = spec.sources;
    sync.prune = automated.prune;
    sync.syncOptions = spec.syncPolicy->syncOptions;
    operation.initiatedBy.automated = true;
    operation.retry.limit = 5;
    if (spec.syncPolicy->retry)
        operation.retry = *spec.syncPolicy->retry;

    const QStringList desired = spec.hasMultipleSources() ? result.sync.revisions : QStringList{result.sync.revision};
    const auto formatRevisions
        = [](const QStringList &revisions) -> QString { return u'[' + revisions.join(u' ') + u']'; };
    // Argo CD's alreadyAttemptedSync: same revisions and same source as the last operation.
    const std::optional<Model::OperationState> &last = application.status.operationState;
    bool attempted = false;
    QStringList lastRevisions;
    if (last) {
        if (!last->syncResult) {
            attempted = last->isCompleted();
        } else if (spec.hasMultipleSources()) {
            lastRevisions = last->syncResult->revisions;
            attempted = lastRevisions == desired && last->syncResult->sources == spec.sources;
        } else {
            lastRevisions = {last->syncResult->revision};
            attempted = last->syncResult->revision == desired.value(0)
                && last->syncResult->source == spec.source.value_or(Model::ApplicationSource());
        }
    }
    if (attempted) {
        if (last->phase != OperationPhase::Succeeded) {
            syncError = Model::ApplicationCondition{
                ConditionType::SyncError,
                u"Failed last sync attempt to %1: %2"_s.arg(formatRevisions(lastRevisions), last->message),
                std::nullopt};
            return std::nullopt;
        }
        if (!automated.selfHeal)
            return std::nullopt;
        // Self-heal, with backoff: 0, 2, 6, 18 … seconds after the last attempt.
        qint64 attempts = last->operation.sync ? last->operation.sync->autoHealAttemptsCount : 0;
        double delay = 0;
        for (qint64 i = 0; i < attempts; ++i) {
            delay = i == 0 ? double(m_settings.selfHealBackoff.count())
                           : std::min(delay * m_settings.selfHealFactor, double(m_settings.selfHealCap.count()));
        }
        const QDateTime finished = last->finishedAt.value_or(QDateTime::currentDateTimeUtc());
        const qint64 remaining = qint64(delay * 1000) - finished.msecsTo(QDateTime::currentDateTimeUtc());
        if (remaining > 0) {
            recheck = std::chrono::milliseconds(remaining);
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
    operation.sync = sync;
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
    const auto [ns, name] = splitKey(key);
    Model::OperationState state;
    const bool inProgress = application.status.operationState && !application.status.operationState->isCompleted();
    if (inProgress) {
        state = *application.status.operationState;
        const bool terminating = state.phase == OperationPhase::Terminating;
        if (state.finishedAt && !terminating) {
            // A retry is scheduled.
            const QDateTime retryAt = nextRetryAt(state.operation.retry, *state.finishedAt, state.retryCount);
            const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(retryAt);
            if (wait > 0) {
                m_operationQueue.addAfter(key, std::chrono::milliseconds(wait));
                return;
            }
            state.finishedAt.reset();
            state.syncResult.reset();
            state.message = u"Retrying operation. Attempt #%1"_s.arg(state.retryCount);
        }
    } else {
        state.operation = *application.operation;
        state.phase = OperationPhase::Running;
        state.startedAt = nowSeconds();
        qCInfo(lcEngine).noquote() << "operation started for" << key;
        // Persisted before the first step: it can be terminated, and a restart
        // keeps its start time (and with it the names of generated hooks).
        auto saved
            = m_store.editApplication(ns, name, [&state](Application &stored) -> Result<void, Store::StoreError> {
                  if (stored.operation)
                      stored.status.operationState = state;
                  return {};
              });
        if (!saved) {
            m_operationQueue.addAfter(key, m_settings.operationPoll);
            return;
        }
    }
    const bool terminating = state.phase == OperationPhase::Terminating;
    {
        // Steps of one operation come at most twice per poll period: its own
        // writes and live changes wake it, and must not make it spin.
        QMutexLocker locker(&m_requestsMutex);
        if (auto it = m_lastSteps.constFind(key);
            inProgress && !terminating && it != m_lastSteps.cend() && !it->hasExpired()) {
            const auto wait = std::chrono::milliseconds(it->remainingTime() + 1);
            locker.unlock();
            m_operationQueue.addAfter(key, wait);
            return;
        }
        m_lastSteps.insert(key, QDeadlineTimer(std::max<qint64>(50, m_settings.operationPoll.count() / 2)));
    }

    const auto finish = [&](OperationPhase phase, const QString &message) {
        state.phase = phase;
        state.message = message;
    };
    const Model::SyncOperation sync = state.operation.sync.value_or(Model::SyncOperation());
    Application target = application;
    if (!state.operation.sync) {
        finish(OperationPhase::Failed, u"Invalid operation request: no operation specified"_s);
    } else if (const auto project = m_store.project(application.spec.projectName()); !project) {
        finish(OperationPhase::Error,
               u"Failed to load application project: application project %1 not found"_s.arg(
                   application.spec.projectName()));
    } else {
        // The operation's source (a rollback's) is what gets compared and applied.
        if (sync.source)
            target.spec.source = sync.source;
        if (!sync.sources.isEmpty())
            target.spec.sources = sync.sources;
        QStringList invalid = permissionErrors(target, *project, m_store.clusters());
        auto cluster = clusterFor(target);
        if (!invalid.isEmpty()) {
            QList<Model::ApplicationCondition> conditions;
            for (const QString &message : std::as_const(invalid))
                conditions.append({ConditionType::InvalidSpecError, message, std::nullopt});
            finish(OperationPhase::Error, formatConditions(conditions));
        } else if (!cluster) {
            finish(OperationPhase::Error, cluster.error());
        } else if (!(*cluster)->cache()->isSynced()) {
            m_operationQueue.addAfter(key, std::chrono::milliseconds(500));
            return;
        } else {
            // The first step asks Git what the revision is now; later steps (and
            // retries) keep the commit it found, as Argo CD does.
            const QList<Model::ApplicationSource> sources = target.spec.allSources();
            const bool pinned = state.syncResult.has_value()
                && (target.spec.hasMultipleSources() ? !state.syncResult->revisions.isEmpty()
                                                     : !state.syncResult->revision.isEmpty());
            QStringList revisions;
            for (qsizetype i = 0; i < sources.size(); ++i) {
                QString requested = target.spec.hasMultipleSources() ? sync.revisions.value(i) : sync.revision;
                if (pinned)
                    requested = target.spec.hasMultipleSources() ? state.syncResult->revisions.value(i)
                                                                 : state.syncResult->revision;
                revisions.append(requested.isEmpty() ? sources.at(i).targetRevision : requested);
            }
            auto targets = loadTargets(target, sources, revisions, false, !pinned);
            if (!targets) {
                finish(OperationPhase::Error, u"ComparisonError: Failed to load target state: "_s + targets.error());
            } else {
                const ComparisonResult result = compareAppState(comparisonInput(target, **cluster, *targets, project));
                QList<Model::ApplicationCondition> invalidSpec;
                for (const Model::ApplicationCondition &condition : result.conditions) {
                    if (condition.type == ConditionType::InvalidSpecError)
                        invalidSpec.append(condition);
                }
                if (!invalidSpec.isEmpty()) {
                    finish(OperationPhase::Error, formatConditions(invalidSpec));
                } else {
                    if (!state.syncResult) {
                        state.syncResult = Model::SyncOperationResult();
                        if (target.spec.hasMultipleSources())
                            state.syncResult->sources = target.spec.sources;
                        else
                            state.syncResult->source = target.spec.source.value_or(Model::ApplicationSource());
                        if (target.spec.syncPolicy)
                            state.syncResult->managedNamespaceMetadata
                                = target.spec.syncPolicy->managedNamespaceMetadata;
                    }
                    state.syncResult->revision = result.sync.revision;
                    state.syncResult->revisions = result.sync.revisions;

                    Sync::SyncSettings settings = Sync::SyncSettings::fromOperation(sync);
                    settings.ns = target.spec.destination.ns;
                    settings.revision
                        = result.sync.revision.isEmpty() ? result.sync.revisions.value(0) : result.sync.revision;
                    settings.startedAt = state.startedAt;
                    const Model::ApplicationDestination destination
                        = resolvedDestination(target.spec.destination, m_store.clusters());
                    const Model::AppProject projectCopy = *project;
                    settings.permitted
                        = [projectCopy, destination](const QJsonObject &object, const Kube::ApiResource &resource) {
                              return objectPermissionError(projectCopy, destination, resource.group, resource.kind,
                                                           metadataOf(object).value(u"namespace").toString(),
                                                           resource.namespaced);
                          };
                    settings.pruneConfirmed = isDeletionConfirmed(application, state.startedAt);
                    const std::optional<Model::ManagedNamespaceMetadata> managedMetadata
                        = target.spec.syncPolicy ? target.spec.syncPolicy->managedNamespaceMetadata : std::nullopt;
                    if (sync.syncOptions.contains(u"CreateNamespace=true"_s) && !settings.ns.isEmpty()
                        && (managedMetadata
                            || !(*cluster)->cache()->get(Kube::ResourceKey{{}, u"Namespace"_s, {}, settings.ns}))) {
                        QJsonObject metadata{{u"name"_s, settings.ns}};
                        if (managedMetadata) {
                            QJsonObject labels;
                            for (auto it = managedMetadata->labels.cbegin(); it != managedMetadata->labels.cend(); ++it)
                                labels.insert(it.key(), it.value());
                            QJsonObject annotations;
                            for (auto it = managedMetadata->annotations.cbegin();
                                 it != managedMetadata->annotations.cend(); ++it)
                                annotations.insert(it.key(), it.value());
                            annotations.insert(Sync::Annotation::syncOptions, u"ServerSideApply=true"_s);
                            metadata.insert(u"labels"_s, labels);
                            metadata.insert(u"annotations"_s, annotations);
                        }
                        settings.createNamespace = QJsonObject{
                            {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s}, {u"metadata"_s, metadata}};
                    }

                    Sync::SyncState syncState{state.phase, state.message, state.syncResult->resources};
                    Sync::SyncContext context((*cluster)->operations(), settings, result.syncResources(), result.hooks,
                                              syncState);
                    if (terminating)
                        context.terminate();
                    else
                        context.sync();
                    state.phase = context.state().phase;
                    state.message = context.state().message;
                    state.syncResult->resources = context.state().results;
                }
            }
        }
    }

    bool completed = state.isCompleted();
    if (completed && state.phase != OperationPhase::Succeeded) {
        const qint64 limit = state.operation.retry.limit;
        if (!terminating && (state.retryCount < limit || limit < 0)) {
            const QDateTime now = nowSeconds();
            const QDateTime retryAt = nextRetryAt(state.operation.retry, now, state.retryCount);
            state.finishedAt = now;
            state.phase = OperationPhase::Running;
            ++state.retryCount;
            state.message = u"%1. Retrying attempt #%2 at %3."_s.arg(state.message)
                                .arg(state.retryCount)
                                .arg(QLocale::c().toString(retryAt.toLocalTime().time(), u"h:mmAP"_s));
            completed = false;
        } else if (state.retryCount > 0) {
            state.message += u" (retried %1 times)."_s.arg(state.retryCount);
        }
    }
    const bool succeeded = state.phase == OperationPhase::Succeeded;
    const bool recordHistory = completed && succeeded && !sync.dryRun && sync.resources.isEmpty();

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
            if (recordHistory) {
                Model::RevisionHistory entry;
                entry.id = stored.status.history.isEmpty() ? 0 : stored.status.history.last().id + 1;
                entry.deployedAt = nowSeconds();
                entry.deployStartedAt = state.startedAt;
                entry.initiatedBy = state.operation.initiatedBy;
                if (target.spec.hasMultipleSources()) {
                    entry.sources = target.spec.sources;
                    entry.revisions = state.syncResult ? state.syncResult->revisions : QStringList();
                } else {
                    entry.source = target.spec.source.value_or(Model::ApplicationSource());
                    entry.revision = state.syncResult ? state.syncResult->revision : QString();
                }
                stored.status.history.append(entry);
                const qint64 limit = std::max<qint64>(0, stored.spec.historyLimit());
                while (stored.status.history.size() > limit)
                    stored.status.history.removeFirst();
            }
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
    if (completed) {
        qCInfo(lcEngine).noquote() << "operation of" << key << Model::Json::enumName(state.phase) << ':'
                                   << state.message;
        if (!sync.dryRun)
            requestRefresh(ns, name, CompareLevel::LatestForceResolve);
    } else if (state.finishedAt) {
        m_operationQueue.addAfter(key,
                                  std::chrono::milliseconds(std::max<qint64>(
                                      1,
                                      QDateTime::currentDateTimeUtc().msecsTo(
                                          nextRetryAt(state.operation.retry, *state.finishedAt, state.retryCount)))));
    } else {
        m_operationQueue.addAfter(key, m_settings.operationPoll);
    }
}

void Controller::finalizeDeletion(const Application &application, const QString &key)
{
    // Named, not bound: lambdas below use them (clang 14 cannot capture bindings).
    const std::pair<QString, QString> parts = splitKey(key);
    const QString &ns = parts.first;
    const QString &name = parts.second;
    const auto removeFinalizers = [&] {
        auto edited = m_store.editApplication(ns, name, [](Application &stored) -> Result<void, Store::StoreError> {
            stored.metadata.finalizers.removeAll(Application::resourcesFinalizer());
            stored.metadata.finalizers.removeAll(foregroundFinalizer);
            stored.metadata.finalizers.removeAll(backgroundFinalizer);
            return {};
        });
        if (edited && edited->metadata.finalizers.isEmpty())
            return m_store.deleteApplication(ns, name);
        if (!edited)
            return Result<void, Store::StoreError>(Failure(edited.error()));
        return Result<void, Store::StoreError>();
    };
    if (!cascades(application)) {
        if (application.metadata.finalizers.isEmpty())
            (void)m_store.deleteApplication(ns, name);
        return;
    }
    auto cluster = clusterFor(application);
    if (!cluster) {
        // Argo CD: resources on an unknown cluster are orphaned.
        qCInfo(lcEngine).noquote() << "Resource entries removed from undefined cluster for" << key;
        (void)removeFinalizers();
        return;
    }
    if (!(*cluster)->cache()->isSynced()) {
        m_operationQueue.addAfter(key, std::chrono::milliseconds(500));
        return;
    }
    Kube::ClusterCache *cache = (*cluster)->cache();
    const QList<Kube::CachedObjectPtr> tracked = cache->trackedBy(instanceName(application), m_settings.tracking);
    if (!isDeletionConfirmed(application, application.metadata.deletionTimestamp)) {
        // Delete=confirm: nothing is deleted until someone approves it; the
        // approval is an edit of the app, which brings it back here.
        QString waiting;
        for (const Model::ResourceStatus &resource : application.status.resources) {
            if (resource.requiresDeletionConfirmation && waiting.isEmpty())
                waiting = u"%1/%2/%3"_s.arg(resource.kind, resource.ns, resource.name);
        }
        for (const Kube::CachedObjectPtr &object : tracked) {
            if (waiting.isEmpty()
                && Sync::hasAnnotationOption(object->object(), Sync::Annotation::syncOptions, u"Delete=confirm"))
                waiting = u"%1/%2/%3"_s.arg(object->key.kind, object->key.ns, object->key.name);
        }
        if (!waiting.isEmpty()) {
            qCInfo(lcEngine).noquote() << "Resource" << waiting << "of" << key
                                       << "requires manual confirmation to delete";
            return;
        }
    }
    const std::optional<Model::AppProject> project = m_store.project(application.spec.projectName());
    const Model::ApplicationDestination destination
        = resolvedDestination(application.spec.destination, m_store.clusters());
    QList<QJsonObject> objects;
    for (const Kube::CachedObjectPtr &object : tracked) {
        const QJsonObject live = object->object();
        if (object->key.kind == u"CustomResourceDefinition"
            || Sync::hasAnnotationOption(live, Sync::Annotation::syncOptions, u"Delete=false")
            || Sync::hasAnnotationOption(live, Sync::Annotation::helmResourcePolicy, u"keep"))
            continue;
        // Only what the project permits, by kind and by namespace.
        if (project
            && !objectPermissionError(*project, destination, object->key.group, object->key.kind, object->key.ns,
                                      cache->isNamespaced(object->key.group, object->key.kind).value_or(true))
                    .isEmpty())
            continue;
        objects.append(live);
    }
    if (objects.isEmpty()) {
        qCInfo(lcEngine).noquote() << "deleted the resources of" << key;
        if (auto removed = removeFinalizers(); !removed)
            qCWarning(lcEngine).noquote() << "could not remove" << key << ':' << removed.error().message;
        return;
    }
    const qsizetype deleting = std::count_if(objects.begin(), objects.end(), [](const QJsonObject &object) {
        return metadataOf(object).contains(u"deletionTimestamp");
    });
    QString failure;
    if (deleting == 0) {
        // One wave at a time, the highest first.
        int highest = std::numeric_limits<int>::min();
        for (const QJsonObject &object : std::as_const(objects))
            highest = std::max(highest, Sync::syncWave(object));
        const Kube::PropagationPolicy policy = application.metadata.finalizers.contains(backgroundFinalizer)
            ? Kube::PropagationPolicy::Background
            : Kube::PropagationPolicy::Foreground;
        for (const QJsonObject &object : std::as_const(objects)) {
            if (Sync::syncWave(object) != highest)
                continue;
            auto resource = (*cluster)->operations().resource(Kube::GroupVersionKind::of(object));
            if (!resource)
                continue;
            const QJsonObject metadata = metadataOf(object);
            auto removed = (*cluster)->operations().remove(*resource, metadata.value(u"namespace").toString(),
                                                           metadata.value(u"name").toString(), policy);
            if (!removed && removed.error().reason != Kube::KubeError::Reason::NotFound)
                failure = removed.error().message;
        }
    }
    // A DeletionError says what failed last, and goes once a pass succeeds.
    (void)m_store.editApplication(ns, name, [&failure](Application &stored) -> Result<void, Store::StoreError> {
        QList<Model::ApplicationCondition> conditions;
        if (!failure.isEmpty())
            conditions.append({ConditionType::DeletionError, failure, std::nullopt});
        setConditions(stored.status.conditions, conditions, {ConditionType::DeletionError});
        return {};
    });
    m_operationQueue.addAfter(key, m_settings.operationPoll);
}

} // namespace Capstan::Engine
