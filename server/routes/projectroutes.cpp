// SPDX-License-Identifier: Apache-2.0
// Argo CD's ProjectService: projects with Argo CD's RBAC checks, their role
// tokens, sync windows, details and global projects.
#include "applicationaccess.h"
#include "auth/authorizer.h"
#include "engine/projectservice.h"
#include "http/decode.h"
#include "http/router.h"
#include "kube/labelselector.h"
#include "routes.h"
#include "serverservices.h"
#include "source/manifests/manifestparser.h"
#include "store/store.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

using Model::AppProject;

const QString projects = u"projects"_s;

/// project.ProjectCreateRequest.
struct CreateBody
{
    AppProject project;
    bool upsert = false;

    static void describe(auto &self, auto &f)
    {
        f.field(u"project", self.project);
        f.field(u"upsert", self.upsert);
    }
};

/// project.ProjectUpdateRequest.
struct UpdateBody
{
    AppProject project;

    static void describe(auto &self, auto &f) { f.field(u"project", self.project); }
};

/// project.ProjectTokenCreateRequest.
struct TokenBody
{
    QString project;
    QString role;
    QString description;
    qint64 expiresIn = 0;
    QString id;

    static void describe(auto &self, auto &f)
    {
        f.field(u"project", self.project);
        f.field(u"role", self.role);
        f.field(u"description", self.description);
        f.field(u"expiresIn", self.expiresIn);
        f.field(u"id", self.id);
    }
};

QJsonObject toJson(const AppProject &project)
{
    QJsonObject json = Model::toJson(project);
    json.insert(u"apiVersion"_s, u"argoproj.io/v1alpha1"_s);
    json.insert(u"kind"_s, u"AppProject"_s);
    return json;
}

/// What is in @p after and not in @p before.
QStringList added(const QStringList &after, const QStringList &before)
{
    QStringList result;
    for (const QString &item : after)
        if (!before.contains(item) && !result.contains(item))
            result.append(item);
    return result;
}

QStringList destinationServers(const AppProject &project)
{
    QStringList servers;
    for (const Model::ApplicationDestination &destination : project.spec.destinations)
        servers.append(destination.server.isEmpty() ? destination.name : destination.server);
    return servers;
}

class ProjectRoutes
{
public:
    explicit ProjectRoutes(ServerServices &services)
        : m_services(services)
    { }

    static void add(Http::Router &router, const std::shared_ptr<const ProjectRoutes> &routes);

private:
    Result<void, ApiError> check(const Http::Request &request, const QString &action, const QString &name) const
    {
        return m_services.authorizer().check(request.claims, projects, action, name);
    }

    /// The project, if the caller may `get` it.
    Result<AppProject, ApiError> readable(const Http::Request &request, const QString &name) const
    {
        if (auto allowed = check(request, u"get"_s, name); !allowed)
            return Failure(allowed.error());
        std::optional<AppProject> project = m_services.store().project(name);
        if (!project)
            return Failure(Engine::ProjectService::notFound(name));
        return *project;
    }

    /// The projects whose labels match a `globalProjects` entry of the
    /// configuration, as Argo CD's GetGlobalProjects.
    QList<AppProject> globalProjects(const AppProject &project) const;

    Http::Response list(const Http::Request &request) const;
    Http::Response create(const Http::Request &request) const;
    Http::Response get(const Http::Request &request) const;
    Http::Response update(const Http::Request &request) const;
    Http::Response remove(const Http::Request &request) const;
    Http::Response detailed(const Http::Request &request) const;
    Http::Response global(const Http::Request &request) const;
    Http::Response syncWindows(const Http::Request &request) const;
    Http::Response links(const Http::Request &request) const;
    Http::Response events(const Http::Request &request) const;
    Http::Response createToken(const Http::Request &request) const;
    Http::Response deleteToken(const Http::Request &request) const;

    ServerServices &m_services;
};

QList<AppProject> ProjectRoutes::globalProjects(const AppProject &project) const
{
    const QString setting = m_services.settings().configMap.value(u"globalProjects"_s);
    if (setting.trimmed().isEmpty())
        return {};
    const auto parsed = Source::ManifestParser::yamlToJson(setting.toUtf8(), u"globalProjects"_s);
    if (!parsed || !parsed->isArray())
        return {};
    QList<AppProject> found;
    for (const QJsonValue &entry : parsed->toArray()) {
        const auto selector = Kube::LabelSelector::fromObject(entry[u"labelSelector"].toObject());
        if (!selector || !selector->matches(project.metadata.labels))
            continue;
        if (auto global = m_services.store().project(entry[u"projectName"].toString()))
            found.append(*global);
    }
    return found;
}

Http::Response ProjectRoutes::list(const Http::Request &request) const
{
    const QString name = request.query(u"name"_s);
    const qint64 resourceVersion = m_services.store().resourceVersion();
    QList<AppProject> found = m_services.store().projects();
    std::sort(found.begin(), found.end(),
              [](const AppProject &a, const AppProject &b) { return a.metadata.name < b.metadata.name; });
    QJsonArray items;
    for (const AppProject &project : std::as_const(found)) {
        if ((name.isEmpty() || project.metadata.name == name)
            && m_services.authorizer().enforce(request.claims, projects, u"get"_s, project.metadata.name))
            items.append(toJson(project));
    }
    return Http::Response::json({
        {u"metadata"_s, QJsonObject{{u"resourceVersion"_s, QString::number(resourceVersion)}}},
        {u"items"_s, items},
    });
}

Http::Response ProjectRoutes::create(const Http::Request &request) const
{
    const auto body = Http::decodeBody<CreateBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    const QString name = body->project.metadata.name;
    if (auto allowed = check(request, u"create"_s, name); !allowed)
        return Http::Response::error(allowed.error());
    if (body->upsert && m_services.store().project(name)) {
        if (auto allowed = check(request, u"update"_s, name); !allowed)
            return Http::Response::error(allowed.error());
    }
    const auto created = m_services.projects().create(body->project, body->upsert);
    if (!created)
        return Http::Response::error(created.error());
    return Http::Response::json(toJson(*created));
}

Http::Response ProjectRoutes::get(const Http::Request &request) const
{
    const auto project = readable(request, request.parameter(u"name"_s));
    if (!project)
        return Http::Response::error(project.error());
    return Http::Response::json(toJson(*project));
}

Http::Response ProjectRoutes::update(const Http::Request &request) const
{
    auto body = Http::decodeBody<UpdateBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    AppProject wanted = body->project;
    const QString name = request.parameter(u"name"_s);
    if (!wanted.metadata.name.isEmpty() && wanted.metadata.name != name)
        return Http::Response::error(
            GrpcCode::InvalidArgument,
            u"the project's name %1 differs from the name in the path, %2"_s.arg(wanted.metadata.name, name));
    wanted.metadata.name = name;
    if (auto allowed = check(request, u"update"_s, name); !allowed)
        return Http::Response::error(allowed.error());
    const std::optional<AppProject> current = m_services.store().project(name);
    if (!current)
        return Http::Response::error(Engine::ProjectService::notFound(name));
    // As Argo CD: a destination or source added or removed also needs
    // `update` on that cluster or repository.
    const QStringList before = destinationServers(*current);
    const QStringList after = destinationServers(wanted);
    for (const QString &server : added(after, before) + added(before, after)) {
        if (auto allowed = m_services.authorizer().check(request.claims, u"clusters"_s, u"update"_s, server); !allowed)
            return Http::Response::error(allowed.error());
    }
    for (const QString &repo : added(wanted.spec.sourceRepos, current->spec.sourceRepos)
             + added(current->spec.sourceRepos, wanted.spec.sourceRepos)) {
        if (auto allowed = m_services.authorizer().check(request.claims, u"repositories"_s, u"update"_s, repo);
            !allowed)
            return Http::Response::error(allowed.error());
    }
    const auto updated = m_services.projects().update(wanted);
    if (!updated)
        return Http::Response::error(updated.error());
    return Http::Response::json(toJson(*updated));
}

Http::Response ProjectRoutes::remove(const Http::Request &request) const
{
    const QString name = request.parameter(u"name"_s);
    if (auto allowed = check(request, u"delete"_s, name); !allowed)
        return Http::Response::error(allowed.error());
    const auto removed = m_services.projects().remove(name);
    if (!removed)
        return Http::Response::error(removed.error());
    return Http::Response::json(QJsonObject());
}

Http::Response ProjectRoutes::detailed(const Http::Request &request) const
{
    const auto project = readable(request, request.parameter(u"name"_s));
    if (!project)
        return Http::Response::error(project.error());
    QJsonArray global;
    for (const AppProject &entry : globalProjects(*project))
        global.append(toJson(entry));
    // The repositories and clusters scoped to this project, without secrets.
    QJsonArray repositories;
    for (const Model::Repository &repository : m_services.store().repositories())
        if (repository.project == project->metadata.name)
            repositories.append(Model::toJson(repository));
    QJsonArray clusters;
    for (const Model::Cluster &cluster : m_services.store().clusters())
        if (cluster.project == project->metadata.name)
            clusters.append(Model::toJson(cluster));
    return Http::Response::json({{u"project"_s, toJson(*project)},
                                 {u"globalProjects"_s, global},
                                 {u"repositories"_s, repositories},
                                 {u"clusters"_s, clusters}});
}

Http::Response ProjectRoutes::global(const Http::Request &request) const
{
    const auto project = readable(request, request.parameter(u"name"_s));
    if (!project)
        return Http::Response::error(project.error());
    QJsonArray items;
    for (const AppProject &entry : globalProjects(*project))
        items.append(toJson(entry));
    return Http::Response::json({{u"items"_s, items}});
}

Http::Response ProjectRoutes::syncWindows(const Http::Request &request) const
{
    const auto project = readable(request, request.parameter(u"name"_s));
    if (!project)
        return Http::Response::error(project.error());
    QJsonArray windows;
    for (const Model::SyncWindow &window : project->spec.syncWindows)
        windows.append(Model::toJson(window));
    return Http::Response::json({{u"windows"_s, windows}});
}

Http::Response ProjectRoutes::links(const Http::Request &request) const
{
    const auto project = readable(request, request.parameter(u"name"_s));
    if (!project)
        return Http::Response::error(project.error());
    return Http::Response::json(
        ApplicationAccess(m_services).links(u"project.links"_s, {{u"project"_s, Model::toJson(*project)}}));
}

Http::Response ProjectRoutes::events(const Http::Request &request) const
{
    // Argo CD lists the Kubernetes events of the AppProject object; Capstan
    // keeps projects in its own store and records none.
    const auto project = readable(request, request.parameter(u"name"_s));
    if (!project)
        return Http::Response::error(project.error());
    return Http::Response::json({{u"metadata"_s, QJsonObject()}, {u"items"_s, QJsonArray()}});
}

Http::Response ProjectRoutes::createToken(const Http::Request &request) const
{
    const auto body = Http::decodeBody<TokenBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    const QString project = request.parameter(u"project"_s);
    if (auto allowed = check(request, u"update"_s, project); !allowed)
        return Http::Response::error(allowed.error());
    Engine::ProjectTokenRequest token;
    token.project = project;
    token.role = request.parameter(u"role"_s);
    token.description = body->description;
    token.expiresIn = body->expiresIn;
    token.id = body->id;
    const auto created = m_services.projects().createToken(token);
    if (!created)
        return Http::Response::error(created.error());
    return Http::Response::json({{u"token"_s, QString::fromLatin1(*created)}});
}

Http::Response ProjectRoutes::deleteToken(const Http::Request &request) const
{
    const QString project = request.parameter(u"project"_s);
    if (auto allowed = check(request, u"update"_s, project); !allowed)
        return Http::Response::error(allowed.error());
    bool ok = false;
    const qint64 issuedAt = request.parameter(u"iat"_s).toLongLong(&ok);
    if (!ok)
        return Http::Response::error(GrpcCode::InvalidArgument,
                                     u"iat must be a number, not %1"_s.arg(request.parameter(u"iat"_s)));
    const auto removed
        = m_services.projects().deleteToken(project, request.parameter(u"role"_s), issuedAt, request.query(u"id"_s));
    if (!removed)
        return Http::Response::error(removed.error());
    return Http::Response::json(QJsonObject());
}

void ProjectRoutes::add(Http::Router &router, const std::shared_ptr<const ProjectRoutes> &routes)
{
    const auto now = [routes](Http::Response (ProjectRoutes::*method)(const Http::Request &) const) {
        return Http::immediately(std::bind_front(method, routes));
    };
    // Writes wait for the database: off the server's thread.
    const auto pooled = [routes](Http::Response (ProjectRoutes::*method)(const Http::Request &) const) {
        return Http::onThreadPool(std::bind_front(method, routes));
    };
    const QString all = u"/api/v1/projects"_s;
    const QString one = all + u"/{name}"_s;
    const QString token = all + u"/{project}/roles/{role}/token"_s;
    const auto authenticated = Http::Access::Authenticated;
    router.add("GET", all, authenticated, now(&ProjectRoutes::list));
    router.add("POST", all, authenticated, pooled(&ProjectRoutes::create));
    router.add("GET", one, authenticated, now(&ProjectRoutes::get));
    router.add("PUT", one, authenticated, pooled(&ProjectRoutes::update));
    router.add("DELETE", one, authenticated, pooled(&ProjectRoutes::remove));
    router.add("GET", one + u"/detailed"_s, authenticated, now(&ProjectRoutes::detailed));
    router.add("GET", one + u"/globalprojects"_s, authenticated, now(&ProjectRoutes::global));
    router.add("GET", one + u"/syncwindows"_s, authenticated, now(&ProjectRoutes::syncWindows));
    router.add("GET", one + u"/links"_s, authenticated, now(&ProjectRoutes::links));
    router.add("GET", one + u"/events"_s, authenticated, now(&ProjectRoutes::events));
    router.add("POST", token, authenticated, pooled(&ProjectRoutes::createToken));
    router.add("DELETE", token + u"/{iat}"_s, authenticated, pooled(&ProjectRoutes::deleteToken));
}

} // namespace

void addProjectRoutes(Http::Router &router, ServerServices &services)
{
    ProjectRoutes::add(router, std::make_shared<const ProjectRoutes>(services));
}

} // namespace Capstan::Routes
