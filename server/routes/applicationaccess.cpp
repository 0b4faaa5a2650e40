// SPDX-License-Identifier: Apache-2.0
#include "applicationaccess.h"

#include "auth/authorizer.h"
#include "base/glob.h"
#include "engine/applicationservice.h"
#include "engine/deeplinks.h"
#include "engine/projectpolicy.h"
#include "model/jsonfields.h"
#include "serverlogging.h"
#include "serverservices.h"
#include "store/store.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

const QString applications = u"applications"_s;

ApiError permissionDenied()
{
    return ApiError::fromCode(GrpcCode::PermissionDenied, u"permission denied"_s);
}

} // namespace

QString ApplicationAccess::projectOf(const Model::Application &application)
{
    return application.spec.project.isEmpty() ? u"default"_s : application.spec.project;
}

QString ApplicationAccess::rbacName(const Model::Application &application)
{
    return Auth::Authorizer::applicationObject(projectOf(application), application.metadata.ns,
                                               application.metadata.name);
}

QString ApplicationAccess::namespaceOf(const QString &given)
{
    return given.isEmpty() ? Engine::ApplicationService::defaultNamespace() : given;
}

ApiError ApplicationAccess::notFound(const QString &name)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"applications.argoproj.io \"%1\" not found"_s.arg(name));
}

QString ApplicationAccess::username(const Http::Request &request)
{
    return request.claims ? request.claims->subject : QString();
}

bool ApplicationAccess::isNamespaceEnabled(const QString &ns) const
{
    if (ns == Engine::ApplicationService::defaultNamespace())
        return true;
    const QStringList patterns
        = m_services.settings().configMap.value(u"application.namespaces"_s).split(u',', Qt::SkipEmptyParts);
    return std::any_of(patterns.cbegin(), patterns.cend(),
                       [&ns](const QString &pattern) { return Glob(pattern.trimmed()).matches(ns); });
}

Result<void, ApiError> ApplicationAccess::checkNamespace(const QString &ns) const
{
    if (!isNamespaceEnabled(ns))
        return Failure(ApiError::fromCode(GrpcCode::PermissionDenied, u"namespace '%1' is not permitted"_s.arg(ns)));
    return {};
}

Result<Model::Application, ApiError> ApplicationAccess::appFor(const Http::Request &request, const QString &action,
                                                               const QString &ns, const QString &name,
                                                               const QString &project) const
{
    if (auto enabled = checkNamespace(ns); !enabled)
        return Failure(enabled.error());
    const Auth::Authorizer &authorizer = m_services.authorizer();
    if (!project.isEmpty()
        && !authorizer.enforce(request.claims, applications, action,
                               Auth::Authorizer::applicationObject(project, ns, name))) {
        // Look the app up anyway, so that timing tells nothing either.
        (void)m_services.store().application(ns, name);
        return Failure(permissionDenied());
    }
    const std::optional<Model::Application> application = m_services.store().application(ns, name);
    if (!application)
        return Failure(project.isEmpty() ? permissionDenied() : notFound(name));
    if (!authorizer.enforce(request.claims, applications, action, rbacName(*application)))
        return Failure(project.isEmpty() ? permissionDenied() : notFound(name));
    if (!project.isEmpty() && projectOf(*application) != project)
        return Failure(notFound(name));
    return *application;
}

Result<Model::Application, ApiError> ApplicationAccess::appFor(const Http::Request &request, const QString &action,
                                                               const QString &parameter) const
{
    return appFor(request, action, namespaceOf(request.query(u"appNamespace"_s)), request.parameter(parameter),
                  request.query(u"project"_s));
}

Result<void, ApiError> ApplicationAccess::check(const Http::Request &request, const QString &action,
                                                const Model::Application &application) const
{
    return m_services.authorizer().check(request.claims, applications, action, rbacName(application));
}

bool ApplicationAccess::may(const Http::Request &request, const QString &action,
                            const Model::Application &application) const
{
    return m_services.authorizer().enforce(request.claims, applications, action, rbacName(application));
}

Result<ApplicationFilter, ApiError> ApplicationFilter::fromQuery(const Http::Request &request)
{
    auto selector = Kube::LabelSelector::parse(request.query(u"selector"_s));
    if (!selector)
        return Failure(
            ApiError::fromCode(GrpcCode::InvalidArgument, u"error parsing the selector: "_s + selector.error()));
    ApplicationFilter filter;
    filter.m_selector = std::move(selector).value();
    filter.m_name = request.query(u"name"_s);
    filter.m_projects = request.queryValues(u"projects"_s) + request.queryValues(u"project"_s);
    filter.m_repo = request.query(u"repo"_s);
    filter.m_namespace = request.query(u"appNamespace"_s);
    return filter;
}

bool ApplicationFilter::matches(const Model::Application &application) const
{
    if (!m_namespace.isEmpty() && application.metadata.ns != m_namespace)
        return false;
    if (!m_name.isEmpty() && application.metadata.name != m_name)
        return false;
    if (!m_projects.isEmpty() && !m_projects.contains(ApplicationAccess::projectOf(application)))
        return false;
    if (!m_repo.isEmpty()) {
        const QList<Model::ApplicationSource> sources = application.spec.allSources();
        if (std::none_of(sources.cbegin(), sources.cend(),
                         [this](const Model::ApplicationSource &source) { return source.repoURL == m_repo; }))
            return false;
    }
    return m_selector.matches(application.metadata.labels);
}

/// Argo CD's code for a failure of the sources: the caller's mistakes
/// (revision, path) apart from the repository's troubles.
GrpcCode codeFor(const Source::SourceError &error)
{
    using Reason = Source::SourceError::Reason;
    switch (error.reason) {
    case Reason::RevisionNotFound:
    case Reason::PathNotFound:
        return GrpcCode::NotFound;
    case Reason::NotAllowed:
        return GrpcCode::PermissionDenied;
    case Reason::InvalidRequest:
    case Reason::OutsideRepository:
    case Reason::InvalidManifest:
        return GrpcCode::InvalidArgument;
    case Reason::AuthenticationRequired:
    case Reason::AuthenticationFailed:
    case Reason::UntrustedHost:
    case Reason::RepositoryUnavailable:
        return GrpcCode::Unavailable;
    default:
        return GrpcCode::Unknown;
    }
}

QJsonObject ApplicationAccess::linkObjects(const Model::Application &application) const
{
    const QJsonObject app = Model::toJson(application);
    QJsonObject objects{{u"app"_s, app}, {u"application"_s, app}};
    const auto cluster = Engine::destinationCluster(application.spec.destination, m_services.store().clusters());
    if (cluster) {
        // Argo CD's ClusterLinksData: what identifies a cluster, never its credentials.
        QJsonObject data{{u"name"_s, cluster->name},
                         {u"server"_s, cluster->server},
                         {u"namespaces"_s, QJsonArray::fromStringList(cluster->namespaces)},
                         {u"clusterResources"_s, cluster->clusterResources},
                         {u"project"_s, cluster->project}};
        QJsonObject labels;
        for (auto it = cluster->labels.cbegin(); it != cluster->labels.cend(); ++it)
            labels.insert(it.key(), it.value());
        QJsonObject annotations;
        for (auto it = cluster->annotations.cbegin(); it != cluster->annotations.cend(); ++it)
            annotations.insert(it.key(), it.value());
        data.insert(u"labels"_s, labels);
        data.insert(u"annotations"_s, annotations);
        objects.insert(u"cluster"_s, data);
    }
    if (const auto project = m_services.store().project(projectOf(application)))
        objects.insert(u"project"_s, Model::toJson(*project));
    return objects;
}

QJsonObject ApplicationAccess::links(const QString &setting, const QJsonObject &objects) const
{
    QJsonArray items;
    const auto configured = Engine::parseDeepLinks(m_services.settings().configMap.value(setting).toUtf8());
    if (!configured) {
        qCWarning(lcServer).noquote() << "argocd-cm" << setting << "cannot be read:" << configured.error();
        return {{u"items"_s, items}};
    }
    QStringList problems;
    for (const Engine::LinkInfo &link : Engine::evaluateDeepLinks(*configured, objects, &problems)) {
        QJsonObject item{{u"title"_s, link.title}, {u"url"_s, link.url}};
        if (!link.description.isEmpty())
            item.insert(u"description"_s, link.description);
        if (!link.iconClass.isEmpty())
            item.insert(u"iconClass"_s, link.iconClass);
        items.append(item);
    }
    for (const QString &problem : std::as_const(problems))
        qCWarning(lcServer).noquote() << "argocd-cm" << setting << "link left out:" << problem;
    return {{u"items"_s, items}};
}

} // namespace Capstan::Routes
