// SPDX-License-Identifier: Apache-2.0
// Argo CD's RepositoryService and RepoCredsService, with their RBAC checks,
// and the certificate and GnuPG key lists, which Capstan keeps empty.
#include "applicationaccess.h"
#include "auth/authorizer.h"
#include "engine/controller.h"
#include "engine/projectpolicy.h"
#include "engine/repositoryservice.h"
#include "http/decode.h"
#include "http/router.h"
#include "routes.h"
#include "serverservices.h"
#include "source/sourceservice.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

using Model::Repository;

const QString repositories = u"repositories"_s;

/// Argo CD's createRBACObject: `<project>/<url>` for a project's repository.
QString rbacObject(const QString &project, const QString &url)
{
    return project.isEmpty() ? url : project + u'/' + url;
}

QJsonObject emptyList()
{
    return {{u"metadata"_s, QJsonObject()}, {u"items"_s, QJsonArray()}};
}

class RepositoryRoutes
{
public:
    explicit RepositoryRoutes(ServerServices &services)
        : m_services(services)
    { }

    static void add(Http::Router &router, const std::shared_ptr<const RepositoryRoutes> &routes);

private:
    Result<void, ApiError> check(const Http::Request &request, const QString &action, const QString &object) const
    {
        return m_services.authorizer().check(request.claims, repositories, action, object);
    }

    /// The registered repository the path names, if the caller may `get` it.
    Result<Repository, ApiError> readable(const Http::Request &request) const
    {
        const QString url = request.parameter(u"repo"_s);
        const std::optional<Repository> repository = m_services.store().repository(url);
        if (auto allowed = check(request, u"get"_s, rbacObject(repository ? repository->project : QString(), url));
            !allowed)
            return Failure(allowed.error());
        if (!repository)
            return Failure(Engine::RepositoryService::notFound(url));
        return *repository;
    }

    /// A repository as answered: no secrets, and its connection state.
    QJsonObject withState(Repository repository, bool forceRefresh) const
    {
        repository.connectionState = m_services.repositories().connectionState(repository.repo, forceRefresh);
        return Model::toJson(repository.withoutSecrets());
    }

    Http::Response list(const Http::Request &request) const;
    Http::Response get(const Http::Request &request) const;
    Http::Response create(const Http::Request &request) const;
    Http::Response update(const Http::Request &request) const;
    Http::Response remove(const Http::Request &request) const;
    Http::Response refs(const Http::Request &request) const;
    Http::Response validate(const Http::Request &request) const;
    Http::Response apps(const Http::Request &request) const;
    Http::Response appDetails(const Http::Request &request) const;
    /// Argo CD's checks before a repository's content is read: `repositories,
    /// get` on it and, when a project is named, that the project may use it.
    Result<void, ApiError> checkReadable(const Http::Request &request, const QString &url,
                                         const QString &project) const;
    Http::Response listCredentials(const Http::Request &request) const;
    Http::Response createCredentials(const Http::Request &request) const;
    Http::Response updateCredentials(const Http::Request &request) const;
    Http::Response removeCredentials(const Http::Request &request) const;

    ServerServices &m_services;
};

Http::Response RepositoryRoutes::list(const Http::Request &request) const
{
    const auto forceRefresh = request.queryBool(u"forceRefresh"_s);
    if (!forceRefresh)
        return Http::Response::error(forceRefresh.error());
    const QString url = request.query(u"repo"_s);
    const QString project = request.query(u"appProject"_s);
    QList<Repository> found = m_services.store().repositories();
    std::sort(found.begin(), found.end(), [](const Repository &a, const Repository &b) { return a.repo < b.repo; });
    QJsonArray items;
    for (const Repository &repository : std::as_const(found)) {
        if ((!url.isEmpty() && repository.repo != url) || (!project.isEmpty() && repository.project != project))
            continue;
        if (m_services.authorizer().enforce(request.claims, repositories, u"get"_s,
                                            rbacObject(repository.project, repository.repo)))
            items.append(withState(repository, *forceRefresh));
    }
    return Http::Response::json({{u"metadata"_s, QJsonObject()}, {u"items"_s, items}});
}

Http::Response RepositoryRoutes::get(const Http::Request &request) const
{
    const auto forceRefresh = request.queryBool(u"forceRefresh"_s);
    if (!forceRefresh)
        return Http::Response::error(forceRefresh.error());
    const auto repository = readable(request);
    if (!repository)
        return Http::Response::error(repository.error());
    return Http::Response::json(withState(*repository, *forceRefresh));
}

Http::Response RepositoryRoutes::create(const Http::Request &request) const
{
    const auto body = Http::decodeBody<Repository>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto upsert = request.queryBool(u"upsert"_s);
    const auto credsOnly = request.queryBool(u"credsOnly"_s);
    if (!upsert || !credsOnly)
        return Http::Response::error(!upsert ? upsert.error() : credsOnly.error());
    if (*credsOnly)
        return Http::Response::error(
            GrpcCode::InvalidArgument,
            u"credsOnly is not supported: create credential templates with /api/v1/repocreds"_s);
    const QString object = rbacObject(body->project, body->repo);
    if (auto allowed = check(request, u"create"_s, object); !allowed)
        return Http::Response::error(allowed.error());
    if (*upsert && m_services.store().repository(body->repo)) {
        if (auto allowed = check(request, u"update"_s, object); !allowed)
            return Http::Response::error(allowed.error());
    }
    const auto created = m_services.repositories().create(*body, *upsert);
    if (!created)
        return Http::Response::error(created.error());
    return Http::Response::json(withState(*created, false));
}

Http::Response RepositoryRoutes::update(const Http::Request &request) const
{
    auto body = Http::decodeBody<Repository>(request);
    if (!body)
        return Http::Response::error(body.error());
    Repository repository = std::move(body).value();
    const QString url = request.parameter(u"repo"_s);
    if (repository.repo.isEmpty())
        repository.repo = url;
    if (repository.repo != url)
        return Http::Response::error(
            GrpcCode::InvalidArgument,
            u"the repository's URL %1 differs from the URL in the path, %2"_s.arg(repository.repo, url));
    const std::optional<Repository> current = m_services.store().repository(url);
    if (auto allowed = check(request, u"update"_s, rbacObject(current ? current->project : repository.project, url));
        !allowed)
        return Http::Response::error(allowed.error());
    const auto updated = m_services.repositories().update(repository);
    if (!updated)
        return Http::Response::error(updated.error());
    return Http::Response::json(withState(*updated, true));
}

Http::Response RepositoryRoutes::remove(const Http::Request &request) const
{
    const QString url = request.parameter(u"repo"_s);
    const std::optional<Repository> current = m_services.store().repository(url);
    if (auto allowed = check(request, u"delete"_s, rbacObject(current ? current->project : QString(), url)); !allowed)
        return Http::Response::error(allowed.error());
    const auto removed = m_services.repositories().remove(url);
    if (!removed)
        return Http::Response::error(removed.error());
    return Http::Response::json(QJsonObject());
}

Http::Response RepositoryRoutes::refs(const Http::Request &request) const
{
    // Public repositories need not be registered, as in Argo CD.
    const QString url = request.parameter(u"repo"_s);
    const std::optional<Repository> current = m_services.store().repository(url);
    if (auto allowed = check(request, u"get"_s, rbacObject(current ? current->project : QString(), url)); !allowed)
        return Http::Response::error(allowed.error());
    const auto refs = m_services.repositories().refs(url);
    if (!refs)
        return Http::Response::error(refs.error());
    return Http::Response::json({{u"branches"_s, QJsonArray::fromStringList(refs->branches)},
                                 {u"tags"_s, QJsonArray::fromStringList(refs->tags)}});
}

Result<void, ApiError> RepositoryRoutes::checkReadable(const Http::Request &request, const QString &url,
                                                       const QString &project) const
{
    const std::optional<Repository> current = m_services.store().repository(url);
    if (auto allowed = check(request, u"get"_s, rbacObject(current ? current->project : QString(), url)); !allowed)
        return allowed;
    if (project.isEmpty())
        return {};
    const auto appProject = m_services.store().project(project);
    if (!appProject)
        return Failure(
            ApiError::fromCode(GrpcCode::NotFound, u"appprojects.argoproj.io \"%1\" not found"_s.arg(project)));
    if (!Engine::isSourcePermitted(*appProject, url))
        return Failure(ApiError::fromCode(GrpcCode::PermissionDenied,
                                          u"repository %1 is not permitted in project '%2'"_s.arg(url, project)));
    return {};
}

/// Argo CD's ListApps: the application folders at a revision.
Http::Response RepositoryRoutes::apps(const Http::Request &request) const
{
    const QString url = request.parameter(u"repo"_s);
    if (auto allowed = checkReadable(request, url, request.query(u"appProject"_s)); !allowed)
        return Http::Response::error(allowed.error());
    const QString revision = request.query(u"revision"_s);
    const auto found = m_services.sources().listAppsNow(url, m_services.controller().credentialsFor(url),
                                                        revision.isEmpty() ? u"HEAD"_s : revision);
    if (!found)
        return Http::Response::error(codeFor(found.error()), found.error().message);
    QJsonArray items;
    for (const Source::AppInfo &app : *found)
        items.append(QJsonObject{{u"path"_s, app.path}, {u"type"_s, Source::sourceTypeName(app.type)}});
    return Http::Response::json({{u"items"_s, items}});
}

/// Argo CD's GetAppDetails: what a source offers to configure.
Http::Response RepositoryRoutes::appDetails(const Http::Request &request) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Http::Response::error(GrpcCode::InvalidArgument,
                                     u"the body must be a RepoAppDetailsQuery object: %1"_s.arg(error.errorString()));
    const QJsonObject query = document.object();
    static const QStringList known{u"source"_s, u"appName"_s, u"appProject"_s, u"sourceIndex"_s, u"versionId"_s};
    for (auto it = query.begin(); it != query.end(); ++it) {
        if (!known.contains(it.key()))
            return Http::Response::error(GrpcCode::InvalidArgument, u"unknown field \"%1\""_s.arg(it.key()));
    }
    const QJsonObject source = query.value(u"source"_s).toObject();
    if (const auto parsed = Model::fromJson<Model::ApplicationSource>(source, u"source"_s); !parsed)
        return Http::Response::error(GrpcCode::InvalidArgument, parsed.error().message());
    const QString url = source.value(u"repoURL"_s).toString();
    if (url.isEmpty())
        return Http::Response::error(GrpcCode::InvalidArgument, u"source.repoURL is required"_s);
    if (auto allowed = checkReadable(request, url, query.value(u"appProject"_s).toString()); !allowed)
        return Http::Response::error(allowed.error());
    Source::ManifestRequest manifestRequest
        = Source::ManifestRequest::forSource(source, query.value(u"appName"_s).toString(), QString());
    manifestRequest.credentials = m_services.controller().credentialsFor(url);
    if (manifestRequest.targetRevision.isEmpty())
        manifestRequest.targetRevision = u"HEAD"_s;
    const auto details = m_services.sources().appDetailsNow(manifestRequest);
    if (!details)
        return Http::Response::error(codeFor(details.error()), details.error().message);
    QJsonObject json{{u"type"_s, Source::sourceTypeName(details->type)}};
    switch (details->type) {
    case Source::SourceType::Directory:
        json.insert(u"directory"_s, QJsonObject());
        break;
    case Source::SourceType::Helm: {
        QJsonArray parameters;
        for (const auto &[name, value] : details->parameters)
            parameters.append(QJsonObject{{u"name"_s, name}, {u"value"_s, value}});
        json.insert(u"helm"_s,
                    QJsonObject{{u"name"_s, details->helmName},
                                {u"valueFiles"_s, QJsonArray::fromStringList(details->valueFiles)},
                                {u"values"_s, details->values},
                                {u"parameters"_s, parameters}});
        break;
    }
    case Source::SourceType::Kustomize:
        json.insert(u"kustomize"_s, QJsonObject{{u"images"_s, QJsonArray::fromStringList(details->images)}});
        break;
    }
    return Http::Response::json(json);
}

/// Argo CD's ValidateAccess: the credentials come in the query.
Http::Response RepositoryRoutes::validate(const Http::Request &request) const
{
    Repository repository;
    repository.repo = request.parameter(u"repo"_s);
    repository.username = request.query(u"username"_s);
    repository.password = request.query(u"password"_s);
    repository.sshPrivateKey = request.query(u"sshPrivateKey"_s);
    repository.bearerToken = request.query(u"bearerToken"_s);
    repository.type = request.query(u"type"_s);
    repository.name = request.query(u"name"_s);
    repository.project = request.query(u"project"_s);
    const auto insecure = request.queryBool(u"insecure"_s);
    if (!insecure)
        return Http::Response::error(insecure.error());
    repository.insecure = *insecure;
    if (auto allowed = check(request, u"create"_s, rbacObject(repository.project, repository.repo)); !allowed)
        return Http::Response::error(allowed.error());
    if (auto local = m_services.repositories().checkAllowed(repository.repo); !local)
        return Http::Response::error(local.error());
    const Model::ConnectionState state = m_services.repositories().testConnection(repository);
    if (state.status != Model::ConnectionState::Status::Successful)
        return Http::Response::error(GrpcCode::InvalidArgument, state.message);
    return Http::Response::json(QJsonObject());
}

Http::Response RepositoryRoutes::listCredentials(const Http::Request &request) const
{
    const QString url = request.query(u"url"_s);
    QList<Model::RepoCreds> found = m_services.store().repositoryCredentials();
    std::sort(found.begin(), found.end(),
              [](const Model::RepoCreds &a, const Model::RepoCreds &b) { return a.url < b.url; });
    QJsonArray items;
    for (const Model::RepoCreds &credentials : std::as_const(found)) {
        if ((url.isEmpty() || credentials.url == url)
            && m_services.authorizer().enforce(request.claims, repositories, u"get"_s, credentials.url))
            items.append(Model::toJson(credentials.withoutSecrets()));
    }
    return Http::Response::json({{u"metadata"_s, QJsonObject()}, {u"items"_s, items}});
}

Http::Response RepositoryRoutes::createCredentials(const Http::Request &request) const
{
    const auto body = Http::decodeBody<Model::RepoCreds>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto upsert = request.queryBool(u"upsert"_s);
    if (!upsert)
        return Http::Response::error(upsert.error());
    if (auto allowed = check(request, u"create"_s, body->url); !allowed)
        return Http::Response::error(allowed.error());
    if (*upsert && m_services.store().repositoryCredentialsWithSecrets(body->url)) {
        if (auto allowed = check(request, u"update"_s, body->url); !allowed)
            return Http::Response::error(allowed.error());
    }
    const auto created = m_services.repositories().createCredentials(*body, *upsert);
    if (!created)
        return Http::Response::error(created.error());
    return Http::Response::json(Model::toJson(*created));
}

Http::Response RepositoryRoutes::updateCredentials(const Http::Request &request) const
{
    auto body = Http::decodeBody<Model::RepoCreds>(request);
    if (!body)
        return Http::Response::error(body.error());
    Model::RepoCreds credentials = std::move(body).value();
    const QString url = request.parameter(u"url"_s);
    if (credentials.url.isEmpty())
        credentials.url = url;
    if (credentials.url != url)
        return Http::Response::error(
            GrpcCode::InvalidArgument,
            u"the credentials' URL %1 differs from the URL in the path, %2"_s.arg(credentials.url, url));
    if (auto allowed = check(request, u"update"_s, url); !allowed)
        return Http::Response::error(allowed.error());
    const auto updated = m_services.repositories().updateCredentials(credentials);
    if (!updated)
        return Http::Response::error(updated.error());
    return Http::Response::json(Model::toJson(*updated));
}

Http::Response RepositoryRoutes::removeCredentials(const Http::Request &request) const
{
    const QString url = request.parameter(u"url"_s);
    if (auto allowed = check(request, u"delete"_s, url); !allowed)
        return Http::Response::error(allowed.error());
    const auto removed = m_services.repositories().removeCredentials(url);
    if (!removed)
        return Http::Response::error(removed.error());
    return Http::Response::json(QJsonObject());
}

void RepositoryRoutes::add(Http::Router &router, const std::shared_ptr<const RepositoryRoutes> &routes)
{
    // Every call may reach a remote (connection states, refs) or wait for
    // the database: all run on the thread pool.
    const auto pooled = [routes](Http::Response (RepositoryRoutes::*method)(const Http::Request &) const) {
        return Http::onThreadPool(std::bind_front(method, routes));
    };
    const QString all = u"/api/v1/repositories"_s;
    const QString one = all + u"/{repo}"_s;
    const auto authenticated = Http::Access::Authenticated;
    router.add("GET", all, authenticated, pooled(&RepositoryRoutes::list));
    router.add("POST", all, authenticated, pooled(&RepositoryRoutes::create));
    router.add("GET", one, authenticated, pooled(&RepositoryRoutes::get));
    router.add("PUT", one, authenticated, pooled(&RepositoryRoutes::update));
    router.add("DELETE", one, authenticated, pooled(&RepositoryRoutes::remove));
    router.add("GET", one + u"/refs"_s, authenticated, pooled(&RepositoryRoutes::refs));
    router.add("GET", one + u"/apps"_s, authenticated, pooled(&RepositoryRoutes::apps));
    router.add("POST", one + u"/appdetails"_s, authenticated, pooled(&RepositoryRoutes::appDetails));
    router.add("POST", one + u"/validate"_s, authenticated, pooled(&RepositoryRoutes::validate));
    const QString creds = u"/api/v1/repocreds"_s;
    router.add("GET", creds, authenticated, pooled(&RepositoryRoutes::listCredentials));
    router.add("POST", creds, authenticated, pooled(&RepositoryRoutes::createCredentials));
    router.add("PUT", creds + u"/{url}"_s, authenticated, pooled(&RepositoryRoutes::updateCredentials));
    router.add("DELETE", creds + u"/{url}"_s, authenticated, pooled(&RepositoryRoutes::removeCredentials));
}

} // namespace

void addRepositoryRoutes(Http::Router &router, ServerServices &services)
{
    RepositoryRoutes::add(router, std::make_shared<const RepositoryRoutes>(services));
    // Capstan keeps no TLS certificates or GnuPG keys of its own (it trusts
    // the system's certificates, and verifies no signatures): both lists are
    // empty, behind the permissions Argo CD checks.
    const auto emptyBehind = [&services](const QString &resource) {
        return Http::immediately([&services, resource](const Http::Request &request) {
            if (auto allowed = services.authorizer().check(request.claims, resource, u"get"_s, QString()); !allowed)
                return Http::Response::error(allowed.error());
            return Http::Response::json(emptyList());
        });
    };
    router.add("GET", u"/api/v1/certificates"_s, Http::Access::Authenticated, emptyBehind(u"certificates"_s));
    router.add("GET", u"/api/v1/gpgkeys"_s, Http::Access::Authenticated, emptyBehind(u"gpgkeys"_s));
}

} // namespace Capstan::Routes
