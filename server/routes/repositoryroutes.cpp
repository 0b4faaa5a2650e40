// SPDX-License-Identifier: Apache-2.0
// Argo CD's RepositoryService and RepoCredsService, with their RBAC checks,
// and the certificate and GnuPG key lists, which Capstan keeps empty.
#include "auth/authorizer.h"
#include "engine/repositoryservice.h"
#include "http/decode.h"
#include "http/router.h"
#include "routes.h"
#include "serverservices.h"
#include "store/store.h"

#include <QJsonArray>

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
