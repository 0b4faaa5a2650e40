// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "engine/clusterset.h"
#include "engine/comparison.h"
#include "engine/workqueue.h"
#include "kube/kubeconfig.h"
#include "model/application.h"
#include "model/resourcetree.h"
#include "source/git/repositorycredentials.h"
#include "sync/synccontext.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QObject>

#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace Capstan::Source {
class CredentialResolver;
class SourceService;
} // namespace Capstan::Source
namespace Capstan::Store {
class Store;
struct StoreError;
} // namespace Capstan::Store

namespace Capstan::Engine {

/// How fresh a refresh must be, Argo CD's CompareWith levels.
enum class CompareLevel {
    /// Live state only changed elsewhere: nothing to compare.
    Nothing = 0,
    /// A live object of the app changed: compare against the revision last compared.
    Recent = 1,
    /// Resolve the target revision again (from the revision cache).
    Latest = 2,
    /// Ask Git what the target revision points to now.
    LatestForceResolve = 3,
};

struct ControllerSettings
{
    /// Every app is compared again this often, plus up to `resyncJitter`.
    std::chrono::seconds resyncPeriod{180};
    std::chrono::seconds resyncJitter{30};
    int statusWorkers = 4;
    int operationWorkers = 2;
    Kube::TrackingMethod tracking = Kube::TrackingMethod::Annotation;
    /// How often a running operation is stepped when nothing wakes it earlier.
    std::chrono::milliseconds operationPoll{1000};
    /// Self-heal backs off: 2 s, ×3, at most 300 s (Argo CD's defaults).
    std::chrono::seconds selfHealBackoff{2};
    int selfHealFactor = 3;
    std::chrono::seconds selfHealCap{300};
    /// The cluster served as `in-cluster`, usually the local control plane.
    std::optional<Kube::ClusterConnection> inCluster;
};

/// The application controller: it keeps every app's status current and runs
/// its operations, as Argo CD's application controller does.
///
/// Status workers compare apps when they change, when their live objects
/// change (through the cluster cache), when a refresh is asked for and
/// periodically; they start automated syncs. Operation workers step syncs,
/// retry them with backoff, record history, and delete apps' resources when an
/// app with the resources finalizer is deleted. Two work queues keep any app
/// from being processed by two workers of a kind at once; everything a worker
/// writes goes through Store::editApplication, so the workers never overwrite
/// each other's fields.
class Controller : public QObject
{
    Q_OBJECT

public:
    Controller(Store::Store &store, Source::SourceService &sources, ControllerSettings settings,
               QObject *parent = nullptr);
    ~Controller() override;

    /// Makes sure the `default` project and the in-cluster destination exist,
    /// then starts the workers and queues every app.
    void start();
    void stop();
    /// Sets the cluster served as `in-cluster`; only before start().
    void setInCluster(std::optional<Kube::ClusterConnection> inCluster);

    /// Asks for a comparison of the app at (at least) `level`.
    void requestRefresh(const QString &ns, const QString &name, CompareLevel level);

    /// Compares the app now, without writing anything (for diffs and previews).
    Result<ComparisonResult> compare(const Model::Application &application);

    /// The cluster the app deploys to, started if needed.
    Result<std::shared_ptr<ClusterAccess>> clusterFor(const Model::Application &application);

    /// What the app's sources generate, each at the revision of the same
    /// position in @p revisions or else at its targetRevision.
    struct GeneratedManifests
    {
        QList<QJsonObject> objects;
        /// The commit of the first source, and of each source.
        QString revision;
        QStringList revisions;
        /// Argo CD's name of the first source's type: Directory, Kustomize, Helm …
        QString sourceType;
    };
    Result<GeneratedManifests> generateManifests(const Model::Application &application, const QStringList &revisions,
                                                 bool noCache);

    /// What Argo CD shows of a cluster: whether it answers and its version,
    /// how much its cache holds, and how many apps deploy to it. A cluster
    /// no app has needed yet is not contacted.
    Model::ClusterInfo clusterInfo(const Model::Cluster &cluster);

    /// The app's live objects and what they own (Argo CD's resource tree),
    /// from its destination's cluster cache.
    Result<Model::ApplicationTree> resourceTree(const Model::Application &application);
    /// Forgets what is cached of a cluster; the next comparison lists it anew.
    void invalidateCluster(const QString &server);
    /// The credentials for a repository: its own, else the longest matching
    /// credential template's.
    Source::RepositoryCredentials credentialsFor(const QString &url) const;
    const ControllerSettings &settings() const { return m_settings; }

Q_SIGNALS:
    /// An app's status was written after a comparison (from a worker thread).
    void applicationReconciled(const QString &ns, const QString &name);
    /// A live object of the app, or one they own, changed (from a cluster's
    /// thread): its resource tree may have changed.
    void resourcesChanged(const QString &ns, const QString &name);
    /// An operation step was persisted (from a worker thread).
    void operationProgressed(const QString &ns, const QString &name, Capstan::Model::OperationPhase phase);

private:
    struct Reconciliation;
    struct Targets;

    void worker(WorkQueue &queue, void (Controller::*process)(const QString &key));
    void processRefresh(const QString &key);
    void processOperation(const QString &key);

    std::optional<std::pair<CompareLevel, bool>> needsRefresh(const Model::Application &application,
                                                              const QString &key);
    Reconciliation reconcile(const Model::Application &application, CompareLevel level, bool hard);
    Result<Targets> loadTargets(const Model::Application &application, const QList<Model::ApplicationSource> &sources,
                                const QStringList &revisions, bool hard, bool forceResolve);
    ComparisonInput comparisonInput(const Model::Application &application, const ClusterAccess &cluster,
                                    const Targets &targets, const std::optional<Model::AppProject> &project) const;
    Model::ApplicationSummary summaryOf(const Model::Application &application, const ClusterAccess &cluster,
                                        const ComparisonResult &result) const;
    std::optional<Model::Operation> autoSync(const Model::Application &application, const ComparisonResult &result,
                                             std::optional<Model::ApplicationCondition> &syncError,
                                             std::chrono::milliseconds &recheck) const;

    void runOperation(const Model::Application &application, const QString &key);
    std::optional<Model::OperationState> operationStateFor(const Model::Application &application, const QString &key);
    bool mayStep(const QString &key, bool throttled);
    bool stepSync(const Model::Application &application, Model::Application &target, Model::OperationState &state,
                  const QString &key, bool terminating);
    Sync::SyncSettings syncSettings(const Model::Application &application, const Model::Application &target,
                                    const Model::OperationState &state, const ComparisonResult &result,
                                    const Model::AppProject &project, ClusterAccess &cluster) const;
    void finishStep(const QString &key, const Model::Application &target, Model::OperationState &state, bool completed,
                    bool terminating);

    void finalizeDeletion(const Model::Application &application, const QString &key);
    Result<void, Store::StoreError> removeResourcesFinalizers(const QString &key);
    QList<QJsonObject> deletableObjects(const Model::Application &application, ClusterAccess &cluster,
                                        const QList<Kube::CachedObjectPtr> &tracked) const;
    QString deleteWave(const QList<QJsonObject> &wave, Kube::PropagationPolicy policy, ClusterAccess &cluster) const;
    std::unique_ptr<Source::CredentialResolver> makeCredentials() const;
    void onObjectChanged(Kube::ClusterCache *cache, const Kube::CachedObjectPtr &before,
                         const Kube::CachedObjectPtr &after);
    std::chrono::milliseconds jitterFor(const QString &key) const;
    std::shared_ptr<ClusterSet> makeClusters();
    /// The clusters now: a snapshot that stays valid while the engine stops,
    /// starts or gets another in-cluster destination on another thread.
    std::shared_ptr<ClusterSet> clusters() const;
    void replaceClusters();
    void armResync(const QString &key, const std::optional<QDateTime> &reconciledAt);

    Store::Store &m_store;
    Source::SourceService &m_sources;
    ControllerSettings m_settings;
    mutable QMutex m_clustersMutex;
    std::shared_ptr<ClusterSet> m_clusters;
    WorkQueue m_refreshQueue;
    WorkQueue m_operationQueue;
    /// Standard threads: ThreadSanitizer sees their joins, not QThread::wait's.
    std::vector<std::thread> m_workers;
    QMutex m_requestsMutex;
    QHash<QString, CompareLevel> m_requested;
    /// Comparisons asked for once a delay is over (self-heal's backoff).
    QHash<QString, QDeadlineTimer> m_delayedRequests;
    /// When each app's operation last took a step.
    QHash<QString, QDeadlineTimer> m_lastSteps;
    QHash<QString, QString> m_keysByInstance;
    std::unique_ptr<Source::CredentialResolver> m_credentials;
    bool m_started = false;
};

} // namespace Capstan::Engine
