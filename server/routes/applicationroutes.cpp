// SPDX-License-Identifier: Apache-2.0
#include "applicationaccess.h"
#include "base/jsonpatch.h"
#include "diff/secretmask.h"
#include "engine/applicationservice.h"
#include "engine/controller.h"
#include "engine/repositoryservice.h"
#include "engine/syncwindows.h"
#include "http/decode.h"
#include "http/fieldselection.h"
#include "http/router.h"
#include "routes.h"
#include "serverservices.h"
#include "source/sourceservice.h"
#include "store/store.h"

#include <QCache>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QPromise>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

using Model::Application;

/// application.SyncOptions: `{"items": [...]}`.
struct SyncOptionsBody
{
    QStringList items;

    static void describe(auto &self, auto &f) { f.field(u"items", self.items); }
};

/// application.ApplicationSyncRequest.
struct SyncRequestBody
{
    QString name;
    QString revision;
    bool dryRun = false;
    bool prune = false;
    std::optional<Model::SyncStrategy> strategy;
    QList<Model::SyncOperationResource> resources;
    QStringList manifests;
    QList<Model::NameValue> infos;
    std::optional<Model::RetryStrategy> retryStrategy;
    std::optional<SyncOptionsBody> syncOptions;
    QString appNamespace;
    QString project;
    QStringList revisions;
    QList<qint64> sourcePositions;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"revision", self.revision);
        f.field(u"dryRun", self.dryRun);
        f.field(u"prune", self.prune);
        f.field(u"strategy", self.strategy);
        f.field(u"resources", self.resources);
        f.field(u"manifests", self.manifests);
        f.field(u"infos", self.infos);
        f.field(u"retryStrategy", self.retryStrategy);
        f.field(u"syncOptions", self.syncOptions);
        f.field(u"appNamespace", self.appNamespace);
        f.field(u"project", self.project);
        f.field(u"revisions", self.revisions);
        f.field(u"sourcePositions", self.sourcePositions);
    }
};

/// application.ApplicationRollbackRequest.
struct RollbackRequestBody
{
    QString name;
    qint64 id = 0;
    bool dryRun = false;
    bool prune = false;
    QString appNamespace;
    QString project;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"id", self.id);
        f.field(u"dryRun", self.dryRun);
        f.field(u"prune", self.prune);
        f.field(u"appNamespace", self.appNamespace);
        f.field(u"project", self.project);
    }
};

/// application.ApplicationPatchRequest.
struct PatchRequestBody
{
    QString name;
    QString patch;
    QString patchType;
    QString appNamespace;
    QString project;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"patch", self.patch);
        f.field(u"patchType", self.patchType);
        f.field(u"appNamespace", self.appNamespace);
        f.field(u"project", self.project);
    }
};

QJsonObject toJson(const Application &application)
{
    return application.toKubernetesJson();
}

/// The routes' shared state and Argo CD's checks around every app request.
class ApplicationRoutes
{
public:
    explicit ApplicationRoutes(ServerServices &services)
        : m_services(services)
        , m_access(services)
    { }

    /// Serves the routes of @p routes, which every handler keeps alive.
    static void add(Http::Router &router, const std::shared_ptr<const ApplicationRoutes> &routes);

private:
    static QString namespaceOf(const QString &given) { return ApplicationAccess::namespaceOf(given); }
    static QString username(const Http::Request &request) { return ApplicationAccess::username(request); }

    Result<Application, ApiError> appFor(const Http::Request &request, const QString &action, const QString &ns,
                                         const QString &name, const QString &project) const
    {
        return m_access.appFor(request, action, ns, name, project);
    }

    Result<void, ApiError> check(const Http::Request &request, const QString &action,
                                 const Application &application) const
    {
        return m_access.check(request, action, application);
    }

    /// Argo CD's validateAndUpdateApp: the caller needs @p action on the app
    /// as stored and, when the update moves it to another project, create
    /// there too. Labels, annotations, finalizers and the spec change; status
    /// and operation stay.
    Result<Application, ApiError> validateAndUpdate(const Http::Request &request, const Application &changed,
                                                    bool validate, const QString &action, const QString &project) const
    {
        const auto current = appFor(request, action, changed.metadata.ns, changed.metadata.name, project);
        if (!current)
            return Failure(current.error());
        if (ApplicationAccess::projectOf(*current) != ApplicationAccess::projectOf(changed)) {
            if (auto allowed = check(request, u"create"_s, changed); !allowed)
                return Failure(allowed.error());
            if (auto allowed = check(request, u"update"_s, *current); !allowed)
                return Failure(allowed.error());
        }
        if (const auto starting = m_services.unavailableFor(changed.spec.destination))
            return Failure(*starting);
        return m_services.applications().update(changed, validate);
    }

    /// A query parameter, or the same field of the body when it has one.
    static QString field(const Http::Request &request, const QString &fromBody, const QString &name)
    {
        return fromBody.isEmpty() ? request.query(name) : fromBody;
    }

    Http::Response list(const Http::Request &request) const;
    QFuture<Http::Response> get(const Http::Request &request) const;
    Http::Response create(const Http::Request &request) const;
    Http::Response update(const Http::Request &request) const;
    Http::Response updateSpec(const Http::Request &request) const;
    Http::Response patch(const Http::Request &request) const;
    Http::Response remove(const Http::Request &request) const;
    Http::Response sync(const Http::Request &request) const;
    Http::Response rollback(const Http::Request &request) const;
    Http::Response terminate(const Http::Request &request) const;
    Http::Response manifests(const Http::Request &request) const;
    Http::Response revisionMetadata(const Http::Request &request) const;
    Http::Response syncWindows(const Http::Request &request) const;
    Http::Response links(const Http::Request &request) const;

    ServerServices &m_services;
    ApplicationAccess m_access;
    /// Lists already answered at m_listVersion, by caller and query; cost in KiB.
    mutable QMutex m_listMutex;
    mutable QCache<QString, QByteArray> m_lists{64 * 1024};
    mutable qint64 m_listVersion = -1;
};

/// How long a GET with `refresh` waits for the controller before it gives up.
constexpr std::chrono::seconds refreshTimeout{60};

Http::Response ApplicationRoutes::list(const Http::Request &request) const
{
    const auto filter = ApplicationFilter::fromQuery(request);
    if (!filter)
        return Http::Response::error(filter.error());
    // Read the version first: the list is at least as new as it says.
    const qint64 resourceVersion = m_services.store().resourceVersion();
    // What a caller sees depends on the store (apps, and projects with their
    // roles), on who asks and on the query alone: an answer is kept until
    // the store changes, so clients that poll cost a lookup.
    const QString cacheKey = (request.claims ? request.claims->subject : QString()) + u'\n' + request.url.query();
    {
        QMutexLocker locker(&m_listMutex);
        if (m_listVersion != resourceVersion) {
            m_lists.clear();
            m_listVersion = resourceVersion;
        } else if (const QByteArray *cached = m_lists.object(cacheKey)) {
            return {200, QByteArrayLiteral("application/json"), *cached, {}};
        }
    }
    QList<Application> found = m_services.store().applications();
    std::sort(found.begin(), found.end(), [](const Application &a, const Application &b) {
        return a.metadata.name < b.metadata.name
            || (a.metadata.name == b.metadata.name && a.metadata.ns < b.metadata.ns);
    });
    QJsonArray items;
    for (const Application &application : std::as_const(found)) {
        if (filter->matches(application) && m_access.isNamespaceEnabled(application.metadata.ns)
            && m_access.may(request, u"get"_s, application))
            items.append(toJson(application));
    }
    // `fields` shrinks the answer to what the client shows, as Argo CD's UI asks.
    const auto fields = Http::FieldSelection::parse(request.query(u"fields"_s));
    Http::Response response = Http::Response::json(fields.apply({
        {u"metadata"_s, QJsonObject{{u"resourceVersion"_s, QString::number(resourceVersion)}}},
        {u"items"_s, items},
    }));
    QMutexLocker locker(&m_listMutex);
    if (m_listVersion == resourceVersion)
        m_lists.insert(cacheKey, new QByteArray(response.body), qMax<qsizetype>(1, response.body.size() / 1024));
    return response;
}

QFuture<Http::Response> ApplicationRoutes::get(const Http::Request &request) const
{
    const QString name = request.parameter(u"name"_s);
    const QString ns = namespaceOf(request.query(u"appNamespace"_s));
    const auto application = appFor(request, u"get"_s, ns, name, request.query(u"project"_s));
    if (!application)
        return Http::ready(Http::Response::error(application.error()));
    if (!request.hasQuery(u"refresh"_s) || !m_services.isEngineStarted())
        return Http::ready(Http::Response::json(toJson(*application)));

    // As Argo CD: mark the app for refresh, then answer with the first version
    // the controller writes without the mark. Listen before marking, so that
    // no change is missed.
    auto promise = std::make_shared<QPromise<Http::Response>>();
    promise->start();
    QFuture<Http::Response> answer = promise->future();
    auto *context = new QObject;
    auto finish = [promise, context](const Http::Response &response) {
        if (promise->future().isFinished())
            return;
        promise->addResult(response);
        promise->finish();
        context->deleteLater();
    };
    auto minimumVersion = std::make_shared<qint64>(std::numeric_limits<qint64>::max());
    QObject::connect(&m_services.store(), &Store::Store::applicationChanged, context,
                     [=](Store::ChangeType type, const Application &changed) {
                         if (changed.metadata.ns != ns || changed.metadata.name != name)
                             return;
                         if (type == Store::ChangeType::Deleted)
                             return finish(Http::Response::error(ApplicationAccess::notFound(name)));
                         if (changed.metadata.resourceVersion.toLongLong() > *minimumVersion
                             && !changed.metadata.annotations.contains(u"argocd.argoproj.io/refresh"_s))
                             finish(Http::Response::json(toJson(changed)));
                     });
    QTimer::singleShot(refreshTimeout, context, [finish] {
        finish(Http::Response::error(GrpcCode::DeadlineExceeded, u"application refresh deadline exceeded"_s));
    });
    const auto marked = m_services.applications().refresh(ns, name, request.query(u"refresh"_s) == u"hard");
    if (!marked)
        finish(Http::Response::error(marked.error()));
    else
        *minimumVersion = marked->metadata.resourceVersion.toLongLong();
    return answer;
}

Http::Response ApplicationRoutes::create(const Http::Request &request) const
{
    auto body = Http::decodeBody<Application>(request, {u"status"_s});
    if (!body)
        return Http::Response::error(body.error());
    const auto upsert = request.queryBool(u"upsert"_s);
    const auto validate = request.queryBool(u"validate"_s, true);
    if (!upsert || !validate)
        return Http::Response::error(!upsert ? upsert.error() : validate.error());
    Application application = std::move(body).value();
    application.metadata.ns = namespaceOf(application.metadata.ns);
    if (auto allowed = check(request, u"create"_s, application); !allowed)
        return Http::Response::error(allowed.error());
    if (auto enabled = m_access.checkNamespace(application.metadata.ns); !enabled)
        return Http::Response::error(enabled.error());
    if (*upsert && m_services.store().application(application.metadata.ns, application.metadata.name)) {
        if (auto allowed = check(request, u"update"_s, application); !allowed)
            return Http::Response::error(allowed.error());
    }
    if (const auto starting = m_services.unavailableFor(application.spec.destination))
        return Http::Response::error(*starting);
    // Operations only come through sync.
    application.operation.reset();
    const auto created = m_services.applications().create(application, *upsert, *validate);
    if (!created)
        return Http::Response::error(created.error());
    return Http::Response::json(toJson(*created));
}

Http::Response ApplicationRoutes::update(const Http::Request &request) const
{
    auto body = Http::decodeBody<Application>(request, {u"status"_s});
    if (!body)
        return Http::Response::error(body.error());
    const auto validate = request.queryBool(u"validate"_s, true);
    if (!validate)
        return Http::Response::error(validate.error());
    Application application = std::move(body).value();
    application.metadata.name = request.parameter(u"name"_s);
    application.metadata.ns = namespaceOf(application.metadata.ns);
    if (auto allowed = check(request, u"update"_s, application); !allowed)
        return Http::Response::error(allowed.error());
    const auto updated = validateAndUpdate(request, application, *validate, u"update"_s, request.query(u"project"_s));
    if (!updated)
        return Http::Response::error(updated.error());
    return Http::Response::json(toJson(*updated));
}

Http::Response ApplicationRoutes::updateSpec(const Http::Request &request) const
{
    const auto spec = Http::decodeBody<Model::ApplicationSpec>(request);
    if (!spec)
        return Http::Response::error(spec.error());
    const auto validate = request.queryBool(u"validate"_s, true);
    if (!validate)
        return Http::Response::error(validate.error());
    const QString project = request.query(u"project"_s);
    auto current = appFor(request, u"update"_s, namespaceOf(request.query(u"appNamespace"_s)),
                          request.parameter(u"name"_s), project);
    if (!current)
        return Http::Response::error(current.error());
    Application application = std::move(current).value();
    application.spec = *spec;
    const auto updated = validateAndUpdate(request, application, *validate, u"update"_s, project);
    if (!updated)
        return Http::Response::error(updated.error());
    return Http::Response::json(Model::toJson(updated->spec));
}

Http::Response ApplicationRoutes::patch(const Http::Request &request) const
{
    const auto body = Http::decodeBody<PatchRequestBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    const QString project = field(request, body->project, u"project"_s);
    const auto application
        = appFor(request, u"get"_s, namespaceOf(field(request, body->appNamespace, u"appNamespace"_s)),
                 request.parameter(u"name"_s), project);
    if (!application)
        return Http::Response::error(application.error());
    if (auto allowed = check(request, u"update"_s, *application); !allowed)
        return Http::Response::error(allowed.error());
    Result<QJsonObject> patched = Failure(QString());
    const QByteArray patch = body->patch.toUtf8();
    if (body->patchType.isEmpty() || body->patchType == u"json") {
        patched = JsonPatch::apply(toJson(*application), patch);
        if (!patched)
            return Http::Response::error(GrpcCode::InvalidArgument, u"error applying patch: "_s + patched.error());
    } else if (body->patchType == u"merge") {
        patched = JsonPatch::merge(toJson(*application), patch);
        if (!patched)
            return Http::Response::error(GrpcCode::InvalidArgument,
                                         u"error calculating merge patch: "_s + patched.error());
    } else {
        return Http::Response::error(GrpcCode::InvalidArgument,
                                     u"Patch type '%1' is not supported"_s.arg(body->patchType));
    }
    auto decoded = Http::decode<Application>(*patched, {u"status"_s});
    if (!decoded)
        return Http::Response::error(GrpcCode::InvalidArgument,
                                     u"error unmarshaling patched app: "_s + decoded.error().message);
    Application changed = std::move(decoded).value();
    // The patch edits this app; it cannot rename or move it.
    changed.metadata.name = application->metadata.name;
    changed.metadata.ns = application->metadata.ns;
    const auto updated = validateAndUpdate(request, changed, true, u"update"_s, project);
    if (!updated)
        return Http::Response::error(updated.error());
    return Http::Response::json(toJson(*updated));
}

Http::Response ApplicationRoutes::remove(const Http::Request &request) const
{
    std::optional<bool> cascade;
    if (request.hasQuery(u"cascade"_s)) {
        const auto value = request.queryBool(u"cascade"_s, true);
        if (!value)
            return Http::Response::error(value.error());
        cascade = *value;
    }
    const auto application = appFor(request, u"get"_s, namespaceOf(request.query(u"appNamespace"_s)),
                                    request.parameter(u"name"_s), request.query(u"project"_s));
    if (!application)
        return Http::Response::error(application.error());
    if (auto allowed = check(request, u"delete"_s, *application); !allowed)
        return Http::Response::error(allowed.error());
    const auto removed = m_services.applications().remove(application->metadata.ns, application->metadata.name, cascade,
                                                          request.query(u"propagationPolicy"_s));
    if (!removed)
        return Http::Response::error(removed.error());
    return Http::Response::json(QJsonObject());
}

Http::Response ApplicationRoutes::sync(const Http::Request &request) const
{
    const auto body = Http::decodeBody<SyncRequestBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto application
        = appFor(request, u"get"_s, namespaceOf(field(request, body->appNamespace, u"appNamespace"_s)),
                 request.parameter(u"name"_s), field(request, body->project, u"project"_s));
    if (!application)
        return Http::Response::error(application.error());
    if (auto allowed = check(request, u"sync"_s, *application); !allowed)
        return Http::Response::error(allowed.error());
    if (!body->manifests.isEmpty()) {
        if (auto allowed = check(request, u"override"_s, *application); !allowed)
            return Http::Response::error(allowed.error());
        if (application->spec.isAutomated() && !body->dryRun)
            return Http::Response::error(
                GrpcCode::FailedPrecondition,
                u"cannot use local sync when Automatic Sync Policy is enabled unless for dry run"_s);
        return Http::Response::error(GrpcCode::Unimplemented,
                                     u"syncing local manifests is not supported by this server"_s);
    }
    Engine::SyncRequest sync;
    sync.revision = body->revision;
    sync.revisions = body->revisions;
    sync.sourcePositions = body->sourcePositions;
    sync.prune = body->prune;
    sync.dryRun = body->dryRun;
    sync.strategy = body->strategy;
    sync.resources = body->resources;
    if (body->syncOptions)
        sync.syncOptions = body->syncOptions->items;
    sync.retry = body->retryStrategy;
    sync.info = body->infos;
    if (const auto starting = m_services.unavailableFor(application->spec.destination))
        return Http::Response::error(*starting);
    const auto synced
        = m_services.applications().sync(application->metadata.ns, application->metadata.name, sync, username(request));
    if (!synced)
        return Http::Response::error(synced.error());
    return Http::Response::json(toJson(*synced));
}

Http::Response ApplicationRoutes::rollback(const Http::Request &request) const
{
    const auto body = Http::decodeBody<RollbackRequestBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto application
        = appFor(request, u"get"_s, namespaceOf(field(request, body->appNamespace, u"appNamespace"_s)),
                 request.parameter(u"name"_s), field(request, body->project, u"project"_s));
    if (!application)
        return Http::Response::error(application.error());
    if (auto allowed = check(request, u"sync"_s, *application); !allowed)
        return Http::Response::error(allowed.error());
    if (const auto starting = m_services.unavailableFor(application->spec.destination))
        return Http::Response::error(*starting);
    const auto rolledBack = m_services.applications().rollback(application->metadata.ns, application->metadata.name,
                                                               body->id, body->dryRun, body->prune, username(request));
    if (!rolledBack)
        return Http::Response::error(rolledBack.error());
    return Http::Response::json(toJson(*rolledBack));
}

Http::Response ApplicationRoutes::terminate(const Http::Request &request) const
{
    const auto application = appFor(request, u"sync"_s, namespaceOf(request.query(u"appNamespace"_s)),
                                    request.parameter(u"name"_s), request.query(u"project"_s));
    if (!application)
        return Http::Response::error(application.error());
    const auto terminated
        = m_services.applications().terminateOperation(application->metadata.ns, application->metadata.name);
    if (!terminated)
        return Http::Response::error(terminated.error());
    return Http::Response::json(QJsonObject());
}

/// The revision of each source a manifests request names: `revision` for
/// one source; `revisions` with 1-based `sourcePositions` for several.
Result<QStringList, ApiError> requestedRevisions(const Http::Request &request, const Application &application)
{
    if (!application.spec.hasMultipleSources())
        return QStringList{request.query(u"revision"_s)};
    const QStringList positions = request.queryValues(u"sourcePositions"_s);
    const QStringList revisions = request.queryValues(u"revisions"_s);
    if (positions.size() != revisions.size())
        return Failure(
            ApiError::fromCode(GrpcCode::InvalidArgument, u"number of revisions and source positions do not match"_s));
    QStringList wanted(application.spec.sources.size());
    for (qsizetype i = 0; i < positions.size(); ++i) {
        bool ok = false;
        const int position = positions.at(i).toInt(&ok);
        if (!ok || position <= 0 || position > wanted.size())
            return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"source position is out of range"_s));
        wanted[position - 1] = revisions.at(i);
    }
    return wanted;
}

Http::Response ApplicationRoutes::manifests(const Http::Request &request) const
{
    const auto application = m_access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    const auto revisions = requestedRevisions(request, *application);
    if (!revisions)
        return Http::Response::error(revisions.error());
    const auto noCache = request.queryBool(u"noCache"_s);
    if (!noCache)
        return Http::Response::error(noCache.error());
    for (const Model::ApplicationSource &source : application->spec.allSources()) {
        if (auto allowed = m_services.repositories().checkAllowed(source.repoURL); !allowed)
            return Http::Response::error(allowed.error());
    }
    const auto generated = m_services.controller().generateManifests(*application, *revisions, *noCache);
    if (!generated)
        return Http::Response::error(GrpcCode::Unknown, generated.error());
    QJsonArray manifests;
    for (const QJsonObject &object : generated->objects) {
        const QJsonObject masked = Diff::maskSecret(object);
        manifests.append(QString::fromUtf8(QJsonDocument(masked).toJson(QJsonDocument::Compact)));
    }
    const Model::ApplicationDestination &destination = application->spec.destination;
    return Http::Response::json({
        {u"manifests"_s, manifests},
        {u"namespace"_s, destination.ns},
        {u"server"_s, destination.server},
        {u"revision"_s, generated->revision},
        {u"sourceType"_s, generated->sourceType},
    });
}

Http::Response ApplicationRoutes::revisionMetadata(const Http::Request &request) const
{
    const auto application = m_access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    const QList<Model::ApplicationSource> sources = application->spec.allSources();
    const QString index = request.query(u"sourceIndex"_s);
    bool ok = true;
    const int position = index.isEmpty() ? 0 : index.toInt(&ok);
    if (!ok || position < 0 || position >= sources.size())
        return Http::Response::error(GrpcCode::InvalidArgument, u"source index %1 not found"_s.arg(index));
    const QString url = sources.at(position).repoURL;
    const auto metadata = m_services.sources().revisionMetadataNow(url, m_services.controller().credentialsFor(url),
                                                                   request.parameter(u"revision"_s));
    if (!metadata)
        return Http::Response::error(codeFor(metadata.error()), metadata.error().message);
    QJsonObject json{{u"author"_s, metadata->author},
                     {u"date"_s, metadata->date.toUTC().toString(Qt::ISODate)},
                     {u"message"_s, metadata->message}};
    if (!metadata->tags.isEmpty())
        json.insert(u"tags"_s, QJsonArray::fromStringList(metadata->tags));
    return Http::Response::json(json);
}

Http::Response ApplicationRoutes::syncWindows(const Http::Request &request) const
{
    const auto application = m_access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    const auto project = m_services.store().project(ApplicationAccess::projectOf(*application));
    if (!project)
        return Http::Response::error(
            GrpcCode::NotFound, u"appprojects.argoproj.io \"%1\" not found"_s.arg(application->spec.projectName()));
    const Engine::SyncWindows windows = Engine::SyncWindows::matching(*project, *application);
    const auto toJson = [](const QList<Model::SyncWindow> &list) {
        QJsonArray array;
        for (const Model::SyncWindow &window : list) {
            QJsonObject json{{u"kind"_s, window.kind},
                             {u"schedule"_s, window.schedule},
                             {u"duration"_s, window.duration},
                             {u"manualSync"_s, window.manualSync}};
            if (!window.timeZone.isEmpty())
                json.insert(u"timeZone"_s, window.timeZone);
            array.append(json);
        }
        return array;
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return Http::Response::json({{u"activeWindows"_s, toJson(windows.active(now))},
                                 {u"assignedWindows"_s, toJson(windows.windows())},
                                 {u"canSync"_s, windows.canSync(true, now)}});
}

Http::Response ApplicationRoutes::links(const Http::Request &request) const
{
    const auto application = m_access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    return Http::Response::json(m_access.links(u"application.links"_s, m_access.linkObjects(*application)));
}

void ApplicationRoutes::add(Http::Router &router, const std::shared_ptr<const ApplicationRoutes> &routes)
{
    const auto now = [routes](Http::Response (ApplicationRoutes::*method)(const Http::Request &) const) {
        return Http::immediately(std::bind_front(method, routes));
    };
    // Writes wait for the database, and creates, updates and manifests ask
    // Git: they run on the thread pool.
    const auto pooled = [routes](Http::Response (ApplicationRoutes::*method)(const Http::Request &) const) {
        return Http::onThreadPool(std::bind_front(method, routes));
    };
    const auto apps = u"/api/v1/applications"_s;
    const QString one = apps + u"/{name}"_s;
    const auto authenticated = Http::Access::Authenticated;
    router.add("GET", apps, authenticated, now(&ApplicationRoutes::list));
    router.add("POST", apps, authenticated, pooled(&ApplicationRoutes::create));
    router.add("GET", one, authenticated, [routes](const Http::Request &request) { return routes->get(request); });
    router.add("PUT", one, authenticated, pooled(&ApplicationRoutes::update));
    router.add("PATCH", one, authenticated, pooled(&ApplicationRoutes::patch));
    router.add("DELETE", one, authenticated, pooled(&ApplicationRoutes::remove));
    router.add("PUT", one + u"/spec"_s, authenticated, pooled(&ApplicationRoutes::updateSpec));
    router.add("POST", one + u"/sync"_s, authenticated, pooled(&ApplicationRoutes::sync));
    router.add("POST", one + u"/rollback"_s, authenticated, pooled(&ApplicationRoutes::rollback));
    router.add("DELETE", one + u"/operation"_s, authenticated, pooled(&ApplicationRoutes::terminate));
    router.add("GET", one + u"/manifests"_s, authenticated, pooled(&ApplicationRoutes::manifests));
    router.add("GET", one + u"/syncwindows"_s, authenticated, now(&ApplicationRoutes::syncWindows));
    router.add("GET", one + u"/links"_s, authenticated, now(&ApplicationRoutes::links));
    router.add("GET", one + u"/revisions/{revision}/metadata"_s, authenticated,
               pooled(&ApplicationRoutes::revisionMetadata));
}

} // namespace

void addApplicationRoutes(Http::Router &router, ServerServices &services)
{
    ApplicationRoutes::add(router, std::make_shared<const ApplicationRoutes>(services));
}

} // namespace Capstan::Routes
