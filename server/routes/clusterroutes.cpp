// SPDX-License-Identifier: Apache-2.0
// Argo CD's ClusterService: the clusters apps deploy to, with their
// connection state, and cache invalidation. Credentials are write-only.
#include "auth/authorizer.h"
#include "engine/controller.h"
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

using Model::Cluster;

const QString clusters = u"clusters"_s;

/// Argo CD's createRBACObject: `<project>/<server>` for a project's cluster.
QString rbacObject(const Cluster &cluster)
{
    return cluster.project.isEmpty() ? cluster.server : cluster.project + u'/' + cluster.server;
}

ApiError notFound(const QString &id)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"cluster \"%1\" not found"_s.arg(id));
}

class ClusterRoutes
{
public:
    explicit ClusterRoutes(ServerServices &services)
        : m_services(services)
    { }

    static void add(Http::Router &router, const std::shared_ptr<const ClusterRoutes> &routes);

private:
    Result<void, ApiError> check(const Http::Request &request, const QString &action, const Cluster &cluster) const
    {
        return m_services.authorizer().check(request.claims, clusters, action, rbacObject(cluster));
    }

    /// The cluster the path names: by URL, or by name with `id.type=name`.
    Result<Cluster, ApiError> find(const Http::Request &request) const
    {
        const QString id = request.parameter(u"id"_s);
        const QString type = request.query(u"id.type"_s);
        if (!type.isEmpty() && type != u"url" && type != u"name")
            return Failure(
                ApiError::fromCode(GrpcCode::InvalidArgument, u"unknown id type '%1': use url or name"_s.arg(type)));
        const std::optional<Cluster> cluster
            = type == u"name" ? m_services.store().clusterByName(id) : m_services.store().cluster(id);
        if (!cluster)
            return Failure(notFound(id));
        return *cluster;
    }

    /// The cluster the path names, if the caller may take @p action on it. A
    /// caller who may not learns nothing, not even whether it exists.
    Result<Cluster, ApiError> authorized(const Http::Request &request, const QString &action) const
    {
        const auto cluster = find(request);
        if (!cluster) {
            Cluster probe;
            probe.server = request.parameter(u"id"_s);
            if (auto allowed = check(request, action, probe); !allowed)
                return Failure(allowed.error());
            return Failure(cluster.error());
        }
        if (auto allowed = check(request, action, *cluster); !allowed)
            return Failure(allowed.error());
        return *cluster;
    }

    /// A cluster as answered: no secrets, with what the engine knows of it.
    QJsonObject withInfo(Cluster cluster) const
    {
        cluster = cluster.withoutSecrets();
        if (m_services.isEngineStarted()) {
            cluster.info = m_services.controller().clusterInfo(cluster);
            cluster.connectionState = cluster.info.connectionState;
            cluster.serverVersion = cluster.info.serverVersion;
        }
        return Model::toJson(cluster);
    }

    Http::Response list(const Http::Request &request) const;
    Http::Response get(const Http::Request &request) const;
    Http::Response create(const Http::Request &request) const;
    Http::Response update(const Http::Request &request) const;
    Http::Response remove(const Http::Request &request) const;
    Http::Response invalidateCache(const Http::Request &request) const;
    Http::Response rotateAuth(const Http::Request &request) const;

    ServerServices &m_services;
};

Http::Response ClusterRoutes::list(const Http::Request &request) const
{
    const QString server = request.query(u"server"_s);
    const QString name = request.query(u"name"_s);
    QList<Cluster> found = m_services.store().clusters();
    std::sort(found.begin(), found.end(), [](const Cluster &a, const Cluster &b) { return a.server < b.server; });
    QJsonArray items;
    for (const Cluster &cluster : std::as_const(found)) {
        if ((!server.isEmpty() && cluster.server != server) || (!name.isEmpty() && cluster.name != name))
            continue;
        if (m_services.authorizer().enforce(request.claims, clusters, u"get"_s, rbacObject(cluster)))
            items.append(withInfo(cluster));
    }
    return Http::Response::json({{u"metadata"_s, QJsonObject()}, {u"items"_s, items}});
}

Http::Response ClusterRoutes::get(const Http::Request &request) const
{
    const auto cluster = authorized(request, u"get"_s);
    if (!cluster)
        return Http::Response::error(cluster.error());
    return Http::Response::json(withInfo(*cluster));
}

Http::Response ClusterRoutes::create(const Http::Request &request) const
{
    const auto body = Http::decodeBody<Cluster>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto upsert = request.queryBool(u"upsert"_s);
    if (!upsert)
        return Http::Response::error(upsert.error());
    Cluster cluster = *body;
    if (auto allowed = check(request, u"create"_s, cluster); !allowed)
        return Http::Response::error(allowed.error());
    if (const QList<Model::FieldError> errors = cluster.validate(); !errors.isEmpty())
        return Http::Response::error(GrpcCode::InvalidArgument, Model::ValidationError{errors}.message());
    // What the engine reports is not the caller's to set.
    cluster.info = {};
    cluster.connectionState = {};
    cluster.serverVersion.clear();
    if (const std::optional<Cluster> existing = m_services.store().clusterWithSecrets(cluster.server)) {
        Cluster comparable = cluster;
        comparable.info = existing->info;
        comparable.connectionState = existing->connectionState;
        comparable.serverVersion = existing->serverVersion;
        comparable.refreshRequestedAt = existing->refreshRequestedAt;
        if (comparable == *existing)
            return Http::Response::json(withInfo(*existing));
        if (!*upsert)
            return Http::Response::error(GrpcCode::InvalidArgument,
                                         u"existing cluster spec is different; use upsert flag to force update"_s);
        if (auto allowed = check(request, u"update"_s, *existing); !allowed)
            return Http::Response::error(allowed.error());
        const auto updated = m_services.store().updateCluster(cluster, Store::Store::Secrets::KeepUnset);
        if (!updated)
            return Http::Response::error(updated.error().toApiError());
        return Http::Response::json(withInfo(*updated));
    }
    const auto created = m_services.store().createCluster(cluster);
    if (!created)
        return Http::Response::error(created.error().toApiError());
    return Http::Response::json(withInfo(*created));
}

Http::Response ClusterRoutes::update(const Http::Request &request) const
{
    const auto body = Http::decodeBody<Cluster>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto current = authorized(request, u"update"_s);
    if (!current)
        return Http::Response::error(current.error());
    Cluster cluster = *current;
    const QStringList fields = request.queryValues(u"updatedFields"_s);
    if (fields.isEmpty()) {
        cluster = *body;
        cluster.server = current->server;
        cluster.info = current->info;
        cluster.connectionState = current->connectionState;
        cluster.serverVersion = current->serverVersion;
    } else {
        for (const QString &field : fields) {
            if (field == u"name")
                cluster.name = body->name;
            else if (field == u"namespaces")
                cluster.namespaces = body->namespaces;
            else if (field == u"project")
                cluster.project = body->project;
            else if (field == u"labels")
                cluster.labels = body->labels;
            else if (field == u"annotations")
                cluster.annotations = body->annotations;
            else if (field == u"config")
                cluster.config = body->config;
            else if (field == u"shard")
                cluster.shard = body->shard;
            else if (field == u"clusterResources")
                cluster.clusterResources = body->clusterResources;
            else
                return Http::Response::error(GrpcCode::InvalidArgument, u"field '%1' cannot be updated"_s.arg(field));
        }
    }
    // A move to another project needs update there too.
    if (cluster.project != current->project) {
        if (auto allowed = check(request, u"update"_s, cluster); !allowed)
            return Http::Response::error(allowed.error());
    }
    if (const QList<Model::FieldError> errors = cluster.validate(); !errors.isEmpty())
        return Http::Response::error(GrpcCode::InvalidArgument, Model::ValidationError{errors}.message());
    const auto updated = m_services.store().updateCluster(cluster, Store::Store::Secrets::KeepUnset);
    if (!updated)
        return Http::Response::error(updated.error().toApiError());
    return Http::Response::json(withInfo(*updated));
}

Http::Response ClusterRoutes::remove(const Http::Request &request) const
{
    const auto cluster = authorized(request, u"delete"_s);
    if (!cluster)
        return Http::Response::error(cluster.error());
    const auto removed = m_services.store().deleteCluster(cluster->server);
    if (!removed)
        return Http::Response::error(removed.error().toApiError());
    return Http::Response::json(QJsonObject());
}

Http::Response ClusterRoutes::invalidateCache(const Http::Request &request) const
{
    const auto cluster = authorized(request, u"update"_s);
    if (!cluster)
        return Http::Response::error(cluster.error());
    // The cache is dropped; the next comparison that needs the cluster lists
    // everything again.
    if (m_services.isEngineStarted())
        m_services.controller().invalidateCluster(cluster->server);
    Cluster refreshed = *cluster;
    refreshed.refreshRequestedAt = QDateTime::currentDateTimeUtc();
    const auto updated = m_services.store().updateCluster(refreshed, Store::Store::Secrets::KeepUnset);
    if (!updated)
        return Http::Response::error(updated.error().toApiError());
    return Http::Response::json(withInfo(*updated));
}

Http::Response ClusterRoutes::rotateAuth(const Http::Request &request) const
{
    const auto cluster = authorized(request, u"update"_s);
    if (!cluster)
        return Http::Response::error(cluster.error());
    return Http::Response::error(GrpcCode::Unimplemented,
                                 u"rotating a cluster's token is not supported: Capstan creates no service accounts "
                                 "in clusters, so give the cluster new credentials with an update"_s);
}

void ClusterRoutes::add(Http::Router &router, const std::shared_ptr<const ClusterRoutes> &routes)
{
    // Cluster information asks each started cluster for its version, and
    // writes wait for the database: all run on the thread pool.
    const auto pooled = [routes](Http::Response (ClusterRoutes::*method)(const Http::Request &) const) {
        return Http::onThreadPool(std::bind_front(method, routes));
    };
    const QString all = u"/api/v1/clusters"_s;
    const QString one = all + u"/{id}"_s;
    const auto authenticated = Http::Access::Authenticated;
    router.add("GET", all, authenticated, pooled(&ClusterRoutes::list));
    router.add("POST", all, authenticated, pooled(&ClusterRoutes::create));
    router.add("GET", one, authenticated, pooled(&ClusterRoutes::get));
    router.add("PUT", one, authenticated, pooled(&ClusterRoutes::update));
    router.add("DELETE", one, authenticated, pooled(&ClusterRoutes::remove));
    router.add("POST", one + u"/invalidate-cache"_s, authenticated, pooled(&ClusterRoutes::invalidateCache));
    router.add("POST", one + u"/rotate-auth"_s, authenticated, pooled(&ClusterRoutes::rotateAuth));
}

} // namespace

void addClusterRoutes(Http::Router &router, ServerServices &services)
{
    ClusterRoutes::add(router, std::make_shared<const ClusterRoutes>(services));
}

} // namespace Capstan::Routes
