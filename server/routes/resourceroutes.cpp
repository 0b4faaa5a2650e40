// SPDX-License-Identifier: Apache-2.0
// An application's live objects: its resource tree, its managed resources
// with their diffs, one object to read, patch or delete, resource actions,
// Kubernetes events and logs.
#include "applicationaccess.h"
#include "auth/authorizer.h"
#include "diff/resourcediff.h"
#include "diff/secretmask.h"
#include "engine/controller.h"
#include "engine/resourceactions.h"
#include "http/decode.h"
#include "http/router.h"
#include "http/stream.h"
#include "kube/apiresource.h"
#include "routes.h"
#include "serverservices.h"
#include "sync/kubeoperations.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

/// A state as Argo CD sends it: the object's JSON, or "null" for none.
QString stateText(const QJsonObject &object)
{
    if (object.isEmpty())
        return u"null"_s;
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

/// Which live objects a request is about: `namespace`, a name, `version`,
/// `group` and `kind`, from the query or the body. For filters an empty one
/// matches anything.
struct ResourceQuery
{
    QString ns;
    QString name;
    QString version;
    QString group;
    QString kind;

    /// From the query, with the name in @p nameKey (`name` for filters,
    /// `resourceName` for one object).
    static ResourceQuery fromQuery(const Http::Request &request, const QString &nameKey)
    {
        return {request.query(u"namespace"_s), request.query(nameKey), request.query(u"version"_s),
                request.query(u"group"_s), request.query(u"kind"_s)};
    }

    bool matches(const Model::ResourceStatus &resource) const
    {
        return matches(resource.ns, resource.name, resource.version, resource.group, resource.kind);
    }
    bool matches(const Model::ResourceRef &ref) const
    {
        return matches(ref.ns, ref.name, ref.version, ref.group, ref.kind);
    }

private:
    bool matches(const QString &objectNs, const QString &objectName, const QString &objectVersion,
                 const QString &objectGroup, const QString &objectKind) const
    {
        const auto fits
            = [](const QString &wanted, const QString &value) { return wanted.isEmpty() || wanted == value; };
        return fits(ns, objectNs) && fits(name, objectName) && fits(version, objectVersion) && fits(group, objectGroup)
            && fits(kind, objectKind);
    }
};

Http::Response resourceTree(const ApplicationAccess &access, const Http::Request &request)
{
    const auto application = access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    const auto tree = access.services().controller().resourceTree(*application);
    if (!tree)
        return Http::Response::error(GrpcCode::Unavailable, tree.error());
    const ResourceQuery filter = ResourceQuery::fromQuery(request, u"name"_s);
    Model::ApplicationTree filtered = *tree;
    for (QList<Model::ResourceNode> *nodes : {&filtered.nodes, &filtered.orphanedNodes})
        nodes->removeIf([&filter](const Model::ResourceNode &node) { return !filter.matches(node.ref); });
    return Http::Response::json(Model::toJson(filtered));
}

/// Argo CD's ManagedResources: each resource of the app compared now, with
/// desired, live, normalised and predicted states, Secret values masked;
/// hooks are left out, as Argo CD leaves them out.
Http::Response managedResources(const ApplicationAccess &access, const Http::Request &request)
{
    const auto application = access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    const ResourceQuery filter = ResourceQuery::fromQuery(request, u"name"_s);
    const auto compared = access.services().controller().compare(*application);
    if (!compared)
        return Http::Response::error(GrpcCode::Unavailable, compared.error());
    QJsonArray items;
    for (const Engine::ManagedResource &resource : compared->resources) {
        if (resource.status.hook || !filter.matches(resource.status))
            continue;
        const auto [target, live] = Diff::maskSecrets(resource.target, resource.live);
        const auto [predicted, normalized]
            = Diff::maskSecrets(resource.diff.predictedLive, resource.diff.normalizedLive);
        Model::ResourceDiff diff;
        diff.group = resource.status.group;
        diff.kind = resource.status.kind;
        diff.ns = resource.status.ns;
        diff.name = resource.status.name;
        diff.targetState = stateText(target);
        diff.liveState = stateText(live);
        diff.normalizedLiveState = stateText(normalized);
        diff.predictedLiveState = stateText(predicted);
        diff.hook = resource.status.hook;
        diff.modified = resource.diff.modified;
        diff.resourceVersion = Kube::metadataOf(resource.live).value(u"resourceVersion").toString();
        items.append(Model::toJson(diff));
    }
    return Http::Response::json({{u"items"_s, items}});
}

/// A cluster's refusal in Argo CD's terms: the cluster's own words, with the
/// code that fits them.
ApiError fromKube(const Kube::KubeError &error)
{
    using Reason = Kube::KubeError::Reason;
    GrpcCode code = GrpcCode::Internal;
    switch (error.reason) {
    case Reason::BadRequest:
    case Reason::Invalid:
        code = GrpcCode::InvalidArgument;
        break;
    case Reason::Forbidden:
        code = GrpcCode::PermissionDenied;
        break;
    case Reason::NotFound:
    case Reason::Gone:
        code = GrpcCode::NotFound;
        break;
    case Reason::AlreadyExists:
        code = GrpcCode::AlreadyExists;
        break;
    case Reason::Conflict:
        code = GrpcCode::Aborted;
        break;
    case Reason::Unavailable:
    case Reason::Timeout:
    case Reason::TlsFailure:
    case Reason::TooManyRequests:
        code = GrpcCode::Unavailable;
        break;
    case Reason::Unauthorized:
    case Reason::MethodNotAllowed:
    case Reason::InternalError:
    case Reason::Unknown:
        break;
    }
    return ApiError::fromCode(code, error.message);
}

/// One live object of an app, found in its tree, with the cluster it is on.
struct LiveResource
{
    Model::Application application;
    std::shared_ptr<Engine::ClusterAccess> cluster;
    Kube::ApiResource resource;
    ResourceQuery query;
    Model::ResourceNode node;

    Sync::KubeOperations &operations() const { return cluster->kubeOperations(); }
};

/// Argo CD's getAppLiveResource: the app if the caller may take @p action on
/// it, and the object if the app's resource tree has it. Objects outside the
/// tree cannot be reached through an app.
Result<LiveResource, ApiError> liveResource(const ApplicationAccess &access, const Http::Request &request,
                                            const QString &action, const Model::Application &application,
                                            const ResourceQuery &query)
{
    if (query.kind.isEmpty() || query.name.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"kind and resourceName are required"_s));
    if (auto allowed = access.check(request, action, application); !allowed)
        return Failure(allowed.error());
    Engine::Controller &controller = access.services().controller();
    const auto tree = controller.resourceTree(application);
    if (!tree)
        return Failure(ApiError::fromCode(GrpcCode::Unavailable, tree.error()));
    const auto node = std::find_if(tree->nodes.cbegin(), tree->nodes.cend(), [&query](const Model::ResourceNode &n) {
        return n.ref.group == query.group && n.ref.kind == query.kind && n.ref.name == query.name
            && (query.ns.isEmpty() || n.ref.ns == query.ns);
    });
    if (node == tree->nodes.cend())
        return Failure(ApiError::fromCode(GrpcCode::NotFound,
                                          u"%1 %2 %3 not found as part of application %4"_s.arg(
                                              query.kind, query.group, query.name, application.metadata.name)));
    auto cluster = controller.clusterFor(application);
    if (!cluster)
        return Failure(ApiError::fromCode(GrpcCode::Unavailable, cluster.error()));
    LiveResource live{application, *cluster, {}, query, *node};
    live.query.ns = node->ref.ns;
    const QString version = query.version.isEmpty() ? node->ref.version : query.version;
    auto resource = live.operations().resource({query.group, version, query.kind});
    if (!resource)
        return Failure(fromKube(resource.error()));
    live.resource = *resource;
    return live;
}

Result<LiveResource, ApiError> liveResource(const ApplicationAccess &access, const Http::Request &request,
                                            const QString &action)
{
    // Finding the app needs `get`; the action itself is checked on the app.
    const auto application = access.appFor(request, u"get"_s);
    if (!application)
        return Failure(application.error());
    return liveResource(access, request, action, *application, ResourceQuery::fromQuery(request, u"resourceName"_s));
}

/// A live object as Argo CD answers it: `{"manifest": "<JSON>"}`, with a
/// Secret's values masked.
Http::Response manifestResponse(const QJsonObject &object)
{
    return Http::Response::json({{u"manifest"_s, stateText(Diff::maskSecret(object))}});
}

/// The live object a request names, read with `get` on its app.
Result<std::pair<LiveResource, QJsonObject>, ApiError> readLive(const ApplicationAccess &access,
                                                                const Http::Request &request)
{
    auto live = liveResource(access, request, u"get"_s);
    if (!live)
        return Failure(live.error());
    const auto object = live->operations().get(live->resource, live->query.ns, live->query.name);
    if (!object)
        return Failure(fromKube(object.error()));
    return std::pair{std::move(live).value(), *object};
}

Http::Response getResource(const ApplicationAccess &access, const Http::Request &request)
{
    const auto read = readLive(access, request);
    if (!read)
        return Http::Response::error(read.error());
    return manifestResponse(read->second);
}

/// Argo CD's ListResourceLinks: argocd-cm's `resource.links` for one live
/// object of the app, with a Secret's values left out.
Http::Response resourceLinks(const ApplicationAccess &access, const Http::Request &request)
{
    const auto read = readLive(access, request);
    if (!read)
        return Http::Response::error(read.error());
    QJsonObject objects = access.linkObjects(read->first.application);
    objects.insert(u"resource"_s, Diff::maskSecret(read->second));
    return Http::Response::json(access.links(u"resource.links"_s, objects));
}

/// A body that is one JSON string, as grpc-gateway reads `body: "patch"`.
Result<QString, ApiError> stringBody(const Http::Request &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + request.body + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1 || !document.array().at(0).isString())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"the body must be one JSON string"_s));
    return document.array().at(0).toString();
}

Http::Response patchResource(const ApplicationAccess &access, const Http::Request &request)
{
    const auto patch = stringBody(request);
    if (!patch)
        return Http::Response::error(patch.error());
    const QString type = request.query(u"patchType"_s);
    Kube::PatchType patchType = Kube::PatchType::Merge;
    if (type == u"application/json-patch+json" || type == u"json")
        patchType = Kube::PatchType::Json;
    else if (type == u"application/strategic-merge-patch+json" || type == u"strategic")
        patchType = Kube::PatchType::StrategicMerge;
    else if (type != u"application/merge-patch+json" && type != u"merge")
        return Http::Response::error(GrpcCode::InvalidArgument, u"Patch type '%1' is not supported"_s.arg(type));
    const auto live = liveResource(access, request, u"update"_s);
    if (!live)
        return Http::Response::error(live.error());
    const auto patched
        = live->operations().patch(live->resource, live->query.ns, live->query.name, patchType, patch->toUtf8());
    if (!patched)
        return Http::Response::error(fromKube(patched.error()));
    return manifestResponse(*patched);
}

Http::Response deleteResource(const ApplicationAccess &access, const Http::Request &request)
{
    const auto force = request.queryBool(u"force"_s);
    const auto orphan = request.queryBool(u"orphan"_s);
    if (!force || !orphan)
        return Http::Response::error(!force ? force.error() : orphan.error());
    const auto live = liveResource(access, request, u"delete"_s);
    if (!live)
        return Http::Response::error(live.error());
    // As Argo CD: orphan leaves what the object owns, force skips the grace
    // period, otherwise owned objects go first (foreground).
    Kube::DeleteOptions options;
    options.propagation = *orphan ? Kube::PropagationPolicy::Orphan : Kube::PropagationPolicy::Foreground;
    if (*force) {
        options.gracePeriodSeconds = 0;
        if (!*orphan)
            options.propagation = Kube::PropagationPolicy::Background;
    }
    const auto removed = live->operations().remove(live->resource, live->query.ns, live->query.name, options);
    if (!removed)
        return Http::Response::error(fromKube(removed.error()));
    return Http::Response::json(QJsonObject());
}

Http::Response listActions(const ApplicationAccess &access, const Http::Request &request)
{
    const auto live = liveResource(access, request, u"get"_s);
    if (!live)
        return Http::Response::error(live.error());
    const auto object = live->operations().get(live->resource, live->query.ns, live->query.name);
    if (!object)
        return Http::Response::error(fromKube(object.error()));
    QJsonArray actions;
    for (const Model::ResourceAction &action : Engine::resourceActions(*object))
        actions.append(Model::toJson(action));
    return Http::Response::json({{u"actions"_s, actions}});
}

/// application.ResourceActionRunRequestV2.
struct ActionRunBody
{
    QString name;
    QString ns;
    QString resourceName;
    QString version;
    QString group;
    QString kind;
    QString action;
    QString appNamespace;
    QString project;
    QList<Model::ResourceActionParam> resourceActionParameters;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"namespace", self.ns);
        f.field(u"resourceName", self.resourceName);
        f.field(u"version", self.version);
        f.field(u"group", self.group);
        f.field(u"kind", self.kind);
        f.field(u"action", self.action);
        f.field(u"appNamespace", self.appNamespace);
        f.field(u"project", self.project);
        f.field(u"resourceActionParameters", self.resourceActionParameters);
    }
};

/// Runs an action: needs `action/<group>/<kind>/<action>` on the app, as in
/// Argo CD. The object is read, changed and written back with its
/// resourceVersion; a write that loses a race is tried again once.
Http::Response runAction(const ApplicationAccess &access, const Http::Request &request,
                         const Model::Application &application, const ResourceQuery &query, const QString &action,
                         const QList<Model::ResourceActionParam> &parameters)
{
    if (action.isEmpty())
        return Http::Response::error(GrpcCode::InvalidArgument, u"the action is required"_s);
    const auto live
        = liveResource(access, request, u"action/%1/%2/%3"_s.arg(query.group, query.kind, action), application, query);
    if (!live)
        return Http::Response::error(live.error());
    for (int attempt = 0;; ++attempt) {
        const auto object = live->operations().get(live->resource, live->query.ns, live->query.name);
        if (!object)
            return Http::Response::error(fromKube(object.error()));
        const auto changed = Engine::runResourceAction(*object, action, parameters, QDateTime::currentDateTimeUtc());
        if (!changed)
            return Http::Response::error(GrpcCode::InvalidArgument, changed.error());
        const auto written = live->operations().update(live->resource, *changed);
        if (written)
            return Http::Response::json(QJsonObject());
        if (written.error().reason != Kube::KubeError::Reason::Conflict || attempt > 0)
            return Http::Response::error(fromKube(written.error()));
    }
}

Http::Response runActionV1(const ApplicationAccess &access, const Http::Request &request)
{
    const auto action = stringBody(request);
    if (!action)
        return Http::Response::error(action.error());
    const auto application = access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    return runAction(access, request, *application, ResourceQuery::fromQuery(request, u"resourceName"_s), *action, {});
}

Http::Response runActionV2(const ApplicationAccess &access, const Http::Request &request)
{
    const auto body = Http::decodeBody<ActionRunBody>(request);
    if (!body)
        return Http::Response::error(body.error());
    const auto application
        = access.appFor(request, u"get"_s,
                        ApplicationAccess::namespaceOf(body->appNamespace.isEmpty() ? request.query(u"appNamespace"_s)
                                                                                    : body->appNamespace),
                        request.parameter(u"name"_s), body->project);
    if (!application)
        return Http::Response::error(application.error());
    return runAction(access, request, *application,
                     {body->ns, body->resourceName, body->version, body->group, body->kind}, body->action,
                     body->resourceActionParameters);
}

/// Kubernetes events: those of one live object of the app when the query
/// names it (`resourceName`, `resourceNamespace`, `resourceUID`), read from
/// its cluster. The app's own events are those Argo CD records on its
/// Application object; Capstan records none, so that list is empty.
Http::Response events(const ApplicationAccess &access, const Http::Request &request)
{
    const auto application = access.appFor(request, u"get"_s);
    if (!application)
        return Http::Response::error(application.error());
    const QString name = request.query(u"resourceName"_s);
    const QString ns = request.query(u"resourceNamespace"_s);
    const QString uid = request.query(u"resourceUID"_s);
    const QJsonObject empty{{u"metadata"_s, QJsonObject()}, {u"items"_s, QJsonArray()}};
    if (name.isEmpty() && uid.isEmpty())
        return Http::Response::json(empty);
    auto cluster = access.services().controller().clusterFor(*application);
    if (!cluster)
        return Http::Response::error(GrpcCode::Unavailable, cluster.error());
    Sync::KubeOperations &operations = (*cluster)->kubeOperations();
    const auto resource = operations.resource({QString(), u"v1"_s, u"Event"_s});
    if (!resource)
        return Http::Response::error(fromKube(resource.error()));
    QStringList fields;
    if (!name.isEmpty())
        fields.append(u"involvedObject.name="_s + name);
    if (!ns.isEmpty())
        fields.append(u"involvedObject.namespace="_s + ns);
    if (!uid.isEmpty())
        fields.append(u"involvedObject.uid="_s + uid);
    Kube::ListOptions options;
    options.fieldSelector = fields.join(u',');
    const auto listed = operations.list(*resource, ns, options);
    if (!listed)
        return Http::Response::error(fromKube(listed.error()));
    return Http::Response::json(*listed);
}

} // namespace

void addResourceRoutes(Http::Router &router, ServerServices &services)
{
    const auto access = std::make_shared<const ApplicationAccess>(services);
    // They read the cluster or its cache, and managed resources load the
    // app's manifests: off the server's thread.
    const auto pooled = [access](Http::Response (*handler)(const ApplicationAccess &, const Http::Request &)) {
        return Http::onThreadPool(
            [access, handler](const Http::Request &request) { return handler(*access, request); });
    };
    const auto one = u"/api/v1/applications/{name}"_s;
    const auto authenticated = Http::Access::Authenticated;
    router.add("GET", one + u"/resource-tree"_s, authenticated, pooled(&resourceTree));
    router.add("GET", one + u"/managed-resources"_s, authenticated, pooled(&managedResources));
    router.add("GET", one + u"/resource"_s, authenticated, pooled(&getResource));
    router.add("POST", one + u"/resource"_s, authenticated, pooled(&patchResource));
    router.add("DELETE", one + u"/resource"_s, authenticated, pooled(&deleteResource));
    router.add("GET", one + u"/resource/actions"_s, authenticated, pooled(&listActions));
    router.add("GET", one + u"/resource/links"_s, authenticated, pooled(&resourceLinks));
    router.add("POST", one + u"/resource/actions"_s, authenticated, pooled(&runActionV1));
    router.add("POST", one + u"/resource/actions/v2"_s, authenticated, pooled(&runActionV2));
    router.add("GET", one + u"/events"_s, authenticated, pooled(&events));

    // Logs: pods of the local cluster run nothing and have none, and logs of
    // other clusters are not read yet; the answer is a stream that ends at
    // once, after the checks Argo CD makes (get on the app, get on its logs).
    const auto logs = [access](const Http::Request &request, std::shared_ptr<Http::Stream> stream) {
        const auto application = access->appFor(request, u"get"_s);
        if (!application)
            return stream->fail(application.error());
        const auto allowed = access->services().authorizer().check(request.claims, u"logs"_s, u"get"_s,
                                                                   ApplicationAccess::rbacName(*application));
        if (!allowed)
            return stream->fail(allowed.error());
        stream->close();
    };
    router.addStream(one + u"/logs"_s, authenticated, logs);
    router.addStream(one + u"/pods/{pod}/logs"_s, authenticated, logs);
}

} // namespace Capstan::Routes
