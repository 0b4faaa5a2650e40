// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/applicationsource.h"
#include "model/objectmeta.h"

namespace Capstan::Model {

enum class SyncStatusCode { None, Synced, OutOfSync, Unknown };
/// Health in Argo CD's order of severity is health/healthstatus.h's business;
/// these are the names.
enum class HealthStatusCode { None, Healthy, Progressing, Degraded, Suspended, Missing, Unknown };
enum class OperationPhase { None, Running, Terminating, Failed, Error, Succeeded };
/// ResourceResult.status
enum class ResultCode { None, Synced, SyncFailed, Pruned, PruneSkipped };
enum class SyncPhase { None, PreSync, Sync, PostSync, SyncFail, PreDelete, PostDelete };
enum class HookType { None, PreSync, Sync, PostSync, SyncFail, Skip, PreDelete, PostDelete };
enum class ConditionType {
    None,
    DeletionError,
    InvalidSpecError,
    ComparisonError,
    SyncError,
    UnknownError,
    SharedResourceWarning,
    RepeatedResourceWarning,
    ExcludedResourceWarning,
    OrphanedResourceWarning,
};

namespace Json {
template<>
struct EnumNames<SyncStatusCode>
{
    static constexpr std::array<QStringView, 4> names{u"", u"Synced", u"OutOfSync", u"Unknown"};
};
template<>
struct EnumNames<HealthStatusCode>
{
    static constexpr std::array<QStringView, 7> names{u"",          u"Healthy", u"Progressing", u"Degraded",
                                                      u"Suspended", u"Missing", u"Unknown"};
};
template<>
struct EnumNames<OperationPhase>
{
    static constexpr std::array<QStringView, 6> names{u"",       u"Running", u"Terminating",
                                                      u"Failed", u"Error",   u"Succeeded"};
};
template<>
struct EnumNames<ResultCode>
{
    static constexpr std::array<QStringView, 5> names{u"", u"Synced", u"SyncFailed", u"Pruned", u"PruneSkipped"};
};
template<>
struct EnumNames<SyncPhase>
{
    static constexpr std::array<QStringView, 7> names{u"",         u"PreSync",   u"Sync",      u"PostSync",
                                                      u"SyncFail", u"PreDelete", u"PostDelete"};
};
template<>
struct EnumNames<HookType>
{
    static constexpr std::array<QStringView, 8> names{u"",         u"PreSync", u"Sync",      u"PostSync",
                                                      u"SyncFail", u"Skip",    u"PreDelete", u"PostDelete"};
};
template<>
struct EnumNames<ConditionType>
{
    static constexpr std::array<QStringView, 10> names{
        u"",
        u"DeletionError",
        u"InvalidSpecError",
        u"ComparisonError",
        u"SyncError",
        u"UnknownError",
        u"SharedResourceWarning",
        u"RepeatedResourceWarning",
        u"ExcludedResourceWarning",
        u"OrphanedResourceWarning",
    };
};
} // namespace Json

/// Where an application deploys: a cluster by server URL or by name, and a namespace.
struct ApplicationDestination
{
    QString server;
    QString ns;
    QString name;

    static void describe(auto &self, auto &f)
    {
        f.field(u"server", self.server);
        f.field(u"namespace", self.ns);
        f.field(u"name", self.name);
    }
    friend bool operator==(const ApplicationDestination &, const ApplicationDestination &) = default;
};

struct Backoff
{
    /// Seconds ("5"), or a Go duration ("5s", "2m").
    QString duration;
    std::optional<qint64> factor;
    QString maxDuration;

    static void describe(auto &self, auto &f)
    {
        f.field(u"duration", self.duration);
        f.field(u"factor", self.factor);
        f.field(u"maxDuration", self.maxDuration);
    }
    friend bool operator==(const Backoff &, const Backoff &) = default;
};

struct RetryStrategy
{
    /// How many times a failed sync is retried; negative is without end.
    qint64 limit = 0;
    std::optional<Backoff> backoff;
    bool refresh = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"limit", self.limit);
        f.field(u"backoff", self.backoff);
        f.field(u"refresh", self.refresh);
    }
    friend bool operator==(const RetryStrategy &, const RetryStrategy &) = default;
};

struct SyncPolicyAutomated
{
    bool prune = false;
    bool selfHeal = false;
    bool allowEmpty = false;
    /// Unset counts as on.
    std::optional<bool> enabled;

    static void describe(auto &self, auto &f)
    {
        f.field(u"prune", self.prune);
        f.field(u"selfHeal", self.selfHeal);
        f.field(u"allowEmpty", self.allowEmpty);
        f.field(u"enabled", self.enabled);
    }
    friend bool operator==(const SyncPolicyAutomated &, const SyncPolicyAutomated &) = default;
};

struct ManagedNamespaceMetadata
{
    QMap<QString, QString> labels;
    QMap<QString, QString> annotations;

    static void describe(auto &self, auto &f)
    {
        f.field(u"labels", self.labels);
        f.field(u"annotations", self.annotations);
    }
    friend bool operator==(const ManagedNamespaceMetadata &, const ManagedNamespaceMetadata &) = default;
};

struct SyncPolicy
{
    std::optional<SyncPolicyAutomated> automated;
    QStringList syncOptions;
    std::optional<RetryStrategy> retry;
    std::optional<ManagedNamespaceMetadata> managedNamespaceMetadata;

    static void describe(auto &self, auto &f)
    {
        f.field(u"automated", self.automated);
        f.field(u"syncOptions", self.syncOptions);
        f.field(u"retry", self.retry);
        f.field(u"managedNamespaceMetadata", self.managedNamespaceMetadata);
    }
    bool isAutomated() const { return automated && automated->enabled.value_or(true); }
    friend bool operator==(const SyncPolicy &, const SyncPolicy &) = default;
};

/// spec.ignoreDifferences[]
struct ResourceIgnoreDifferences
{
    QString group;
    QString kind;
    QString name;
    QString ns;
    QStringList jsonPointers;
    QStringList jqPathExpressions;
    QStringList managedFieldsManagers;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"kind", self.kind, Always);
        f.field(u"name", self.name);
        f.field(u"namespace", self.ns);
        f.field(u"jsonPointers", self.jsonPointers);
        f.field(u"jqPathExpressions", self.jqPathExpressions);
        f.field(u"managedFieldsManagers", self.managedFieldsManagers);
    }
    friend bool operator==(const ResourceIgnoreDifferences &, const ResourceIgnoreDifferences &) = default;
};

struct ApplicationSpec
{
    std::optional<ApplicationSource> source;
    ApplicationDestination destination;
    QString project;
    std::optional<SyncPolicy> syncPolicy;
    QList<ResourceIgnoreDifferences> ignoreDifferences;
    QList<NameValue> info;
    std::optional<qint64> revisionHistoryLimit;
    QList<ApplicationSource> sources;
    /// Source hydration is not supported; kept as written.
    std::optional<QJsonObject> sourceHydrator;

    static void describe(auto &self, auto &f)
    {
        f.field(u"source", self.source);
        f.field(u"destination", self.destination);
        f.field(u"project", self.project, Always);
        f.field(u"syncPolicy", self.syncPolicy);
        f.field(u"ignoreDifferences", self.ignoreDifferences);
        f.field(u"info", self.info);
        f.field(u"revisionHistoryLimit", self.revisionHistoryLimit);
        f.field(u"sources", self.sources);
        f.field(u"sourceHydrator", self.sourceHydrator);
    }

    /// The sources in order: spec.sources if set, else spec.source.
    QList<ApplicationSource> allSources() const;
    bool hasMultipleSources() const { return !sources.isEmpty(); }
    /// The project, with "" meaning "default".
    QString projectName() const { return project.isEmpty() ? QStringLiteral("default") : project; }
    bool isAutomated() const { return syncPolicy && syncPolicy->isAutomated(); }
    /// revisionHistoryLimit, 10 when unset.
    qint64 historyLimit() const { return revisionHistoryLimit.value_or(10); }
    friend bool operator==(const ApplicationSpec &, const ApplicationSpec &) = default;
};

struct ComparedTo
{
    ApplicationSource source;
    ApplicationDestination destination;
    QList<ApplicationSource> sources;
    QList<ResourceIgnoreDifferences> ignoreDifferences;

    static void describe(auto &self, auto &f)
    {
        f.field(u"source", self.source);
        f.field(u"destination", self.destination);
        f.field(u"sources", self.sources);
        f.field(u"ignoreDifferences", self.ignoreDifferences);
    }
    friend bool operator==(const ComparedTo &, const ComparedTo &) = default;
};

struct SyncStatus
{
    SyncStatusCode status = SyncStatusCode::None;
    ComparedTo comparedTo;
    QString revision;
    QStringList revisions;

    static void describe(auto &self, auto &f)
    {
        f.field(u"status", self.status, Always);
        f.field(u"comparedTo", self.comparedTo);
        f.field(u"revision", self.revision);
        f.field(u"revisions", self.revisions);
    }
    friend bool operator==(const SyncStatus &, const SyncStatus &) = default;
};

/// Health of a resource, or of the application (which leaves message empty
/// since Argo CD 3).
struct HealthStatus
{
    HealthStatusCode status = HealthStatusCode::None;
    QString message;
    std::optional<QDateTime> lastTransitionTime;

    static void describe(auto &self, auto &f)
    {
        f.field(u"status", self.status);
        f.field(u"message", self.message);
        f.field(u"lastTransitionTime", self.lastTransitionTime);
    }
    friend bool operator==(const HealthStatus &, const HealthStatus &) = default;
};

/// status.resources[]: one resource the application manages.
struct ResourceStatus
{
    QString group;
    QString version;
    QString kind;
    QString ns;
    QString name;
    SyncStatusCode status = SyncStatusCode::None;
    std::optional<HealthStatus> health;
    bool hook = false;
    bool requiresPruning = false;
    qint64 syncWave = 0;
    bool requiresDeletionConfirmation = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"version", self.version);
        f.field(u"kind", self.kind);
        f.field(u"namespace", self.ns);
        f.field(u"name", self.name);
        f.field(u"status", self.status);
        f.field(u"health", self.health);
        f.field(u"hook", self.hook);
        f.field(u"requiresPruning", self.requiresPruning);
        f.field(u"syncWave", self.syncWave);
        f.field(u"requiresDeletionConfirmation", self.requiresDeletionConfirmation);
    }
    friend bool operator==(const ResourceStatus &, const ResourceStatus &) = default;
};

struct ApplicationSummary
{
    QStringList externalURLs;
    QStringList images;
    /// Whether the app deploys Applications of its own ("app of apps").
    bool isAppOfApps = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"externalURLs", self.externalURLs);
        f.field(u"images", self.images);
        f.field(u"isAppOfApps", self.isAppOfApps);
    }
    friend bool operator==(const ApplicationSummary &, const ApplicationSummary &) = default;
};

struct OperationInitiator
{
    QString username;
    bool automated = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"username", self.username);
        f.field(u"automated", self.automated);
    }
    friend bool operator==(const OperationInitiator &, const OperationInitiator &) = default;
};

/// status.history[]: one successful sync.
struct RevisionHistory
{
    QString revision;
    QDateTime deployedAt;
    qint64 id = 0;
    ApplicationSource source;
    std::optional<QDateTime> deployStartedAt;
    QList<ApplicationSource> sources;
    QStringList revisions;
    OperationInitiator initiatedBy;

    static void describe(auto &self, auto &f)
    {
        f.field(u"revision", self.revision);
        f.field(u"deployedAt", self.deployedAt);
        f.field(u"id", self.id, Always);
        f.field(u"source", self.source);
        f.field(u"deployStartedAt", self.deployStartedAt);
        f.field(u"sources", self.sources);
        f.field(u"revisions", self.revisions);
        f.field(u"initiatedBy", self.initiatedBy);
    }
    friend bool operator==(const RevisionHistory &, const RevisionHistory &) = default;
};

struct ApplicationCondition
{
    ConditionType type = ConditionType::None;
    QString message;
    std::optional<QDateTime> lastTransitionTime;

    static void describe(auto &self, auto &f)
    {
        f.field(u"type", self.type, Always);
        f.field(u"message", self.message, Always);
        f.field(u"lastTransitionTime", self.lastTransitionTime);
    }
    /// Whether the type names an error rather than a warning.
    bool isError() const;
    friend bool operator==(const ApplicationCondition &, const ApplicationCondition &) = default;
};

struct SyncStrategyForce
{
    bool force = false;

    static void describe(auto &self, auto &f) { f.field(u"force", self.force); }
    friend bool operator==(const SyncStrategyForce &, const SyncStrategyForce &) = default;
};

/// apply: kubectl apply only; hook: apply plus hooks (the default).
struct SyncStrategy
{
    std::optional<SyncStrategyForce> apply;
    std::optional<SyncStrategyForce> hook;

    static void describe(auto &self, auto &f)
    {
        f.field(u"apply", self.apply);
        f.field(u"hook", self.hook);
    }
    friend bool operator==(const SyncStrategy &, const SyncStrategy &) = default;
};

/// One resource a sync is limited to.
struct SyncOperationResource
{
    QString group;
    QString kind;
    QString name;
    QString ns;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group);
        f.field(u"kind", self.kind, Always);
        f.field(u"name", self.name, Always);
        f.field(u"namespace", self.ns);
    }
    friend bool operator==(const SyncOperationResource &, const SyncOperationResource &) = default;
};

struct SyncOperation
{
    QString revision;
    bool prune = false;
    bool dryRun = false;
    std::optional<SyncStrategy> syncStrategy;
    QList<SyncOperationResource> resources;
    /// Set by a rollback: the source of the history entry.
    std::optional<ApplicationSource> source;
    QStringList manifests;
    QStringList syncOptions;
    QList<ApplicationSource> sources;
    QStringList revisions;
    qint64 autoHealAttemptsCount = 0;

    static void describe(auto &self, auto &f)
    {
        f.field(u"revision", self.revision);
        f.field(u"prune", self.prune);
        f.field(u"dryRun", self.dryRun);
        f.field(u"syncStrategy", self.syncStrategy);
        f.field(u"resources", self.resources);
        f.field(u"source", self.source);
        f.field(u"manifests", self.manifests);
        f.field(u"syncOptions", self.syncOptions);
        f.field(u"sources", self.sources);
        f.field(u"revisions", self.revisions);
        f.field(u"autoHealAttemptsCount", self.autoHealAttemptsCount);
    }
    friend bool operator==(const SyncOperation &, const SyncOperation &) = default;
};

/// An operation asked of the controller; only sync exists.
struct Operation
{
    std::optional<SyncOperation> sync;
    OperationInitiator initiatedBy;
    QList<NameValue> info;
    RetryStrategy retry;

    static void describe(auto &self, auto &f)
    {
        f.field(u"sync", self.sync);
        f.field(u"initiatedBy", self.initiatedBy);
        f.field(u"info", self.info);
        f.field(u"retry", self.retry);
    }
    friend bool operator==(const Operation &, const Operation &) = default;
};

/// The outcome for one resource of a sync.
struct ResourceResult
{
    QString group;
    QString version;
    QString kind;
    QString ns;
    QString name;
    ResultCode status = ResultCode::None;
    QString message;
    HookType hookType = HookType::None;
    OperationPhase hookPhase = OperationPhase::None;
    SyncPhase syncPhase = SyncPhase::None;
    QStringList images;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group, Always);
        f.field(u"version", self.version, Always);
        f.field(u"kind", self.kind, Always);
        f.field(u"namespace", self.ns, Always);
        f.field(u"name", self.name, Always);
        f.field(u"status", self.status);
        f.field(u"message", self.message);
        f.field(u"hookType", self.hookType);
        f.field(u"hookPhase", self.hookPhase);
        f.field(u"syncPhase", self.syncPhase);
        f.field(u"images", self.images);
    }
    friend bool operator==(const ResourceResult &, const ResourceResult &) = default;
};

struct SyncOperationResult
{
    QList<ResourceResult> resources;
    QString revision;
    ApplicationSource source;
    QList<ApplicationSource> sources;
    QStringList revisions;
    std::optional<ManagedNamespaceMetadata> managedNamespaceMetadata;

    static void describe(auto &self, auto &f)
    {
        f.field(u"resources", self.resources);
        f.field(u"revision", self.revision, Always);
        f.field(u"source", self.source);
        f.field(u"sources", self.sources);
        f.field(u"revisions", self.revisions);
        f.field(u"managedNamespaceMetadata", self.managedNamespaceMetadata);
    }
    friend bool operator==(const SyncOperationResult &, const SyncOperationResult &) = default;
};

struct OperationState
{
    Operation operation;
    OperationPhase phase = OperationPhase::None;
    QString message;
    std::optional<SyncOperationResult> syncResult;
    QDateTime startedAt;
    std::optional<QDateTime> finishedAt;
    qint64 retryCount = 0;

    static void describe(auto &self, auto &f)
    {
        f.field(u"operation", self.operation);
        f.field(u"phase", self.phase, Always);
        f.field(u"message", self.message);
        f.field(u"syncResult", self.syncResult);
        f.field(u"startedAt", self.startedAt);
        f.field(u"finishedAt", self.finishedAt);
        f.field(u"retryCount", self.retryCount);
    }
    bool isCompleted() const;
    friend bool operator==(const OperationState &, const OperationState &) = default;
};

struct ApplicationStatus
{
    QList<ResourceStatus> resources;
    SyncStatus sync;
    HealthStatus health;
    QList<RevisionHistory> history;
    QList<ApplicationCondition> conditions;
    std::optional<QDateTime> reconciledAt;
    std::optional<OperationState> operationState;
    std::optional<QDateTime> observedAt;
    QString sourceType;
    ApplicationSummary summary;
    QString resourceHealthSource;
    QStringList sourceTypes;
    QString controllerNamespace;
    QJsonObject sourceHydrator;

    static void describe(auto &self, auto &f)
    {
        f.field(u"resources", self.resources);
        f.field(u"sync", self.sync);
        f.field(u"health", self.health);
        f.field(u"history", self.history);
        f.field(u"conditions", self.conditions);
        f.field(u"reconciledAt", self.reconciledAt);
        f.field(u"operationState", self.operationState);
        f.field(u"observedAt", self.observedAt);
        f.field(u"sourceType", self.sourceType);
        f.field(u"summary", self.summary);
        f.field(u"resourceHealthSource", self.resourceHealthSource);
        f.field(u"sourceTypes", self.sourceTypes);
        f.field(u"controllerNamespace", self.controllerNamespace);
        f.field(u"sourceHydrator", self.sourceHydrator, Always);
    }
    friend bool operator==(const ApplicationStatus &, const ApplicationStatus &) = default;
};

/// Argo CD's Application: what to deploy from where to where, and the
/// controller's view of how that is going.
struct Application
{
    ObjectMeta metadata;
    ApplicationSpec spec;
    ApplicationStatus status;
    std::optional<Operation> operation;

    static void describe(auto &self, auto &f)
    {
        f.field(u"metadata", self.metadata);
        // Kubernetes' TypeMeta, as kubectl writes it: accepted, not kept.
        f.ignore(u"apiVersion");
        f.ignore(u"kind");
        f.field(u"spec", self.spec);
        f.field(u"status", self.status);
        f.field(u"operation", self.operation);
    }

    /// Checks what the JSON types cannot: names, the destination, the sources,
    /// sync options and retry durations. Errors name the field path.
    QList<FieldError> validate() const;
    /// The object as the Kubernetes API would hold it, with apiVersion and kind.
    QJsonObject toKubernetesJson() const;
    /// The finalizer that makes a delete cascade to the app's resources.
    static QString resourcesFinalizer();
    friend bool operator==(const Application &, const Application &) = default;
};

} // namespace Capstan::Model
