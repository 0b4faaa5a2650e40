// SPDX-License-Identifier: Apache-2.0
#include "applicationservice.h"

#include "engine/controller.h"
#include "engine/projectpolicy.h"
#include "engine/syncwindows.h"
#include "source/sourceservice.h"
#include "store/store.h"

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

using Model::Application;

namespace {

const QString foregroundFinalizer = u"resources-finalizer.argocd.argoproj.io/foreground"_s;
const QString backgroundFinalizer = u"resources-finalizer.argocd.argoproj.io/background"_s;

ApiError notFound(const QString &name)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"applications.argoproj.io \"%1\" not found"_s.arg(name));
}

/// A failed edit of the app `name`: NotFound with Kubernetes' wording.
ApiError editError(const Store::StoreError &error, const QString &name)
{
    return error.reason == Store::StoreError::Reason::NotFound ? notFound(name) : error.toApiError();
}

/// What a user sets on an app: its spec, labels, annotations and finalizers.
bool sameUserFields(const Application &a, const Application &b)
{
    return a.spec == b.spec && a.metadata.labels == b.metadata.labels
        && a.metadata.annotations == b.metadata.annotations && a.metadata.finalizers == b.metadata.finalizers;
}

void copyUserFields(Application &stored, const Application &app)
{
    stored.spec = app.spec;
    stored.metadata.labels = app.metadata.labels;
    stored.metadata.annotations = app.metadata.annotations;
    stored.metadata.finalizers = app.metadata.finalizers;
}

QString qualifiedName(const QString &ns, const QString &name)
{
    return ns.isEmpty() || ns == controlPlaneNamespace ? name : ns + u'/' + name;
}

} // namespace

ApplicationService::ApplicationService(Store::Store &store, Source::SourceService &sources, Controller &controller)
    : m_store(store)
    , m_sources(sources)
    , m_controller(controller)
{ }

QString ApplicationService::defaultNamespace()
{
    return controlPlaneNamespace.toString();
}

Result<Application, ApiError> ApplicationService::validated(Application application, bool validate) const
{
    if (application.metadata.ns.isEmpty())
        application.metadata.ns = defaultNamespace();
    if (application.spec.project.isEmpty())
        application.spec.project = u"default"_s;
    const QString name = application.metadata.name;
    for (const Model::ApplicationSource &source : application.spec.allSources()) {
        if (const auto allowed = m_sources.localRepositories().check(source.repoURL); !allowed)
            return Failure(ApiError::fromCode(GrpcCode::PermissionDenied, allowed.error().message));
    }
    if (const QList<Model::FieldError> errors = application.validate(); !errors.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, Model::ValidationError{errors}.message()));
    const std::optional<Model::AppProject> project = m_store.project(application.spec.project);
    if (!project)
        return Failure(ApiError::fromCode(
            GrpcCode::InvalidArgument,
            u"application references project %1 which does not exist"_s.arg(application.spec.project)));
    const QList<Model::Cluster> clusters = m_store.clusters();
    if (auto cluster = destinationCluster(application.spec.destination, clusters); !cluster)
        return Failure(
            ApiError::fromCode(GrpcCode::InvalidArgument,
                               u"application destination spec for %1 is invalid: %2"_s.arg(name, cluster.error())));
    QStringList problems = permissionErrors(application, *project, clusters);
    if (validate && problems.isEmpty()) {
        for (const Model::ApplicationSource &source : application.spec.allSources()) {
            auto resolved = m_sources.resolveRevisionNow(source.repoURL, m_controller.credentialsFor(source.repoURL),
                                                         source.targetRevision);
            if (!resolved)
                problems.append(u"repository not accessible: "_s + resolved.error().message);
        }
    }
    if (!problems.isEmpty()) {
        QStringList formatted;
        for (const QString &problem : std::as_const(problems))
            formatted.append(u"InvalidSpecError: "_s + problem);
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                          u"application spec for %1 is invalid: %2"_s.arg(name, formatted.join(u';'))));
    }
    return application;
}

Result<Application, ApiError> ApplicationService::create(Application application, bool upsert, bool validate)
{
    auto checked = validated(std::move(application), validate);
    if (!checked)
        return checked;
    const Application &app = *checked;
    if (const auto existing = m_store.application(app.metadata.ns, app.metadata.name)) {
        if (sameUserFields(*existing, app))
            return *existing;
        if (!upsert)
            return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                              u"existing application spec is different, use upsert flag to force "
                                              "update"_s));
        auto updated = m_store.editApplication(app.metadata.ns, app.metadata.name,
                                               [&app](Application &stored) -> Result<void, Store::StoreError> {
                                                   copyUserFields(stored, app);
                                                   return {};
                                               });
        if (!updated)
            return Failure(updated.error().toApiError());
        return *updated;
    }
    Application fresh = app;
    fresh.status = {};
    fresh.operation.reset();
    auto created = m_store.createApplication(fresh);
    if (!created)
        return Failure(created.error().toApiError());
    return *created;
}

Result<Application, ApiError> ApplicationService::update(Application application, bool validate)
{
    auto checked = validated(std::move(application), validate);
    if (!checked)
        return checked;
    const Application &app = *checked;
    auto updated = m_store.editApplication(app.metadata.ns, app.metadata.name,
                                           [&app](Application &stored) -> Result<void, Store::StoreError> {
                                               // As Argo CD: the user's fields go onto the app as it is now, whatever
                                               // resourceVersion came along (the controller changes status all the
                                               // time).
                                               copyUserFields(stored, app);
                                               return {};
                                           });
    if (!updated)
        return Failure(editError(updated.error(), app.metadata.name));
    return *updated;
}

Result<void, ApiError> ApplicationService::remove(const QString &ns, const QString &name, std::optional<bool> cascade,
                                                  const QString &propagationPolicy)
{
    if (cascade == false && !propagationPolicy.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                          u"cannot set propagation policy when cascading is disabled"_s));
    QString finalizer;
    if (cascade.value_or(true)) {
        const QString policy = propagationPolicy.toLower();
        if (policy.isEmpty())
            finalizer = Application::resourcesFinalizer();
        else if (policy == u"foreground")
            finalizer = foregroundFinalizer;
        else if (policy == u"background")
            finalizer = backgroundFinalizer;
        else
            return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                              u"invalid propagation policy: %1"_s.arg(propagationPolicy)));
    }
    auto edited = m_store.editApplication(ns, name, [&](Application &stored) -> Result<void, Store::StoreError> {
        QStringList &finalizers = stored.metadata.finalizers;
        if (!finalizer.isEmpty()) {
            if (!finalizers.contains(finalizer))
                finalizers.append(finalizer);
        } else {
            finalizers.removeAll(Application::resourcesFinalizer());
            finalizers.removeAll(foregroundFinalizer);
            finalizers.removeAll(backgroundFinalizer);
        }
        // As Kubernetes: an object with finalizers is only marked for deletion.
        if (!finalizers.isEmpty() && !stored.metadata.deletionTimestamp)
            stored.metadata.deletionTimestamp
                = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        return {};
    });
    if (!edited)
        return Failure(editError(edited.error(), name));
    if (edited->metadata.finalizers.isEmpty()) {
        if (auto removed = m_store.deleteApplication(ns, name); !removed)
            return Failure(removed.error().toApiError());
    }
    return {};
}

Result<Application, ApiError> ApplicationService::setOperation(const QString &ns, const QString &name,
                                                               const Model::Operation &operation)
{
    auto edited = m_store.editApplication(ns, name, [&](Application &stored) -> Result<void, Store::StoreError> {
        if (stored.operation)
            return Failure(Store::StoreError::make(Store::StoreError::Reason::FailedPrecondition,
                                                   u"another operation is already in progress"_s));
        stored.operation = operation;
        stored.status.operationState.reset();
        return {};
    });
    if (!edited)
        return Failure(editError(edited.error(), name));
    return *edited;
}

Result<Application, ApiError> ApplicationService::sync(const QString &ns, const QString &name,
                                                       const SyncRequest &request, const QString &username)
{
    const std::optional<Application> application = m_store.application(ns, name);
    if (!application)
        return Failure(notFound(name));
    if (application->metadata.deletionTimestamp)
        return Failure(ApiError::fromCode(GrpcCode::FailedPrecondition, u"application is deleting"_s));
    const Model::ApplicationSpec &spec = application->spec;
    if (const auto project = m_store.project(spec.projectName());
        project && !SyncWindows::matching(*project, *application).canSync(true))
        return Failure(ApiError::fromCode(GrpcCode::PermissionDenied, u"cannot sync: blocked by sync window"_s));
    const bool automated = spec.isAutomated() && !request.dryRun;
    Model::SyncOperation sync;
    if (spec.hasMultipleSources()) {
        if (request.sourcePositions.size() != request.revisions.size())
            return Failure(ApiError::fromCode(GrpcCode::InvalidArgument,
                                              u"number of revisions and source positions do not match"_s));
        QList<Model::ApplicationSource> sources = spec.sources;
        for (qsizetype i = 0; i < request.sourcePositions.size(); ++i) {
            const qint64 position = request.sourcePositions.at(i);
            if (position <= 0 || position > sources.size())
                return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"source position is out of range"_s));
            sources[position - 1].targetRevision = request.revisions.at(i);
        }
        for (qsizetype i = 0; i < sources.size(); ++i) {
            const QString current = spec.sources.at(i).targetRevision;
            const QString wanted = sources.at(i).targetRevision;
            if (automated && (current.isEmpty() ? u"HEAD"_s : current) != (wanted.isEmpty() ? u"HEAD"_s : wanted))
                return Failure(ApiError::fromCode(GrpcCode::FailedPrecondition,
                                                  u"Cannot sync source %1 to %2: auto-sync currently set to %3"_s.arg(
                                                      sources.at(i).repoURL, wanted, current)));
            sync.revisions.append(wanted);
        }
        sync.sources = spec.sources;
    } else {
        const QString target = spec.source ? spec.source->targetRevision : QString();
        if (automated && !request.revision.isEmpty() && request.revision != (target.isEmpty() ? u"HEAD"_s : target))
            return Failure(ApiError::fromCode(
                GrpcCode::FailedPrecondition,
                u"Cannot sync to %1: auto-sync currently set to %2"_s.arg(request.revision, target)));
        sync.revision = request.revision.isEmpty() ? target : request.revision;
        sync.source = spec.source;
    }
    sync.prune = request.prune;
    sync.dryRun = request.dryRun;
    sync.syncStrategy = request.strategy;
    sync.resources = request.resources;
    if (request.syncOptions)
        sync.syncOptions = *request.syncOptions;
    else if (spec.syncPolicy)
        sync.syncOptions = spec.syncPolicy->syncOptions;
    Model::Operation operation;
    operation.sync = sync;
    operation.initiatedBy.username = username;
    operation.info = request.info;
    if (request.retry)
        operation.retry = *request.retry;
    else if (spec.syncPolicy && spec.syncPolicy->retry)
        operation.retry = *spec.syncPolicy->retry;
    return setOperation(ns, name, operation);
}

Result<Application, ApiError> ApplicationService::rollback(const QString &ns, const QString &name, qint64 id,
                                                           bool dryRun, bool prune, const QString &username)
{
    const std::optional<Application> application = m_store.application(ns, name);
    if (!application)
        return Failure(notFound(name));
    if (application->metadata.deletionTimestamp)
        return Failure(ApiError::fromCode(GrpcCode::FailedPrecondition, u"application is deleting"_s));
    if (application->spec.isAutomated())
        return Failure(ApiError::fromCode(GrpcCode::FailedPrecondition,
                                          u"rollback cannot be initiated when auto-sync is enabled"_s));
    const auto &history = application->status.history;
    const auto entry = std::find_if(history.cbegin(), history.cend(),
                                    [id](const Model::RevisionHistory &item) { return item.id == id; });
    if (entry == history.cend())
        return Failure(ApiError::fromCode(
            GrpcCode::InvalidArgument,
            u"application %1 does not have deployment with id %2"_s.arg(qualifiedName(ns, name)).arg(id)));
    if (entry->source == Model::ApplicationSource() && entry->sources.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::FailedPrecondition,
                                          u"cannot rollback to revision deployed with Argo CD v0.11 or lower. sync to "
                                          "revision instead."_s));
    Model::SyncOperation sync;
    sync.revision = entry->revision;
    sync.revisions = entry->revisions;
    sync.dryRun = dryRun;
    sync.prune = prune;
    if (application->spec.syncPolicy)
        sync.syncOptions = application->spec.syncPolicy->syncOptions;
    sync.syncStrategy = Model::SyncStrategy{Model::SyncStrategyForce{}, std::nullopt};
    if (entry->sources.isEmpty())
        sync.source = entry->source;
    sync.sources = entry->sources;
    Model::Operation operation;
    operation.sync = sync;
    operation.initiatedBy.username = username;
    return setOperation(ns, name, operation);
}

Result<Application, ApiError> ApplicationService::terminateOperation(const QString &ns, const QString &name)
{
    auto edited = m_store.editApplication(ns, name, [](Application &stored) -> Result<void, Store::StoreError> {
        if (!stored.operation || !stored.status.operationState)
            return Failure(Store::StoreError::make(Store::StoreError::Reason::Invalid,
                                                   u"Unable to terminate operation. No operation is in progress"_s));
        stored.status.operationState->phase = Model::OperationPhase::Terminating;
        return {};
    });
    if (!edited)
        return Failure(editError(edited.error(), name));
    return *edited;
}

Result<Application, ApiError> ApplicationService::refresh(const QString &ns, const QString &name, bool hard)
{
    auto edited = m_store.editApplication(ns, name, [hard](Application &stored) -> Result<void, Store::StoreError> {
        stored.metadata.annotations.insert(u"argocd.argoproj.io/refresh"_s, hard ? u"hard"_s : u"normal"_s);
        return {};
    });
    if (!edited)
        return Failure(editError(edited.error(), name));
    // The annotation queues the app; the controller removes it when done.
    return *edited;
}

} // namespace Capstan::Engine
