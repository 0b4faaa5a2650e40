// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "http/request.h"
#include "kube/labelselector.h"
#include "model/application.h"
#include "source/sourceerror.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Capstan {

class ServerServices;

namespace Routes {

/// Argo CD's rules for who may see and change which application, shared by
/// the application routes and the streams.
class ApplicationAccess
{
public:
    explicit ApplicationAccess(ServerServices &services)
        : m_services(services)
    { }

    ServerServices &services() const { return m_services; }

    /// An Application's project, "default" when it names none.
    static QString projectOf(const Model::Application &application);
    /// The RBAC object of an app: `project/name`, or `project/namespace/name`
    /// outside the control plane's namespace.
    static QString rbacName(const Model::Application &application);
    /// The namespace a request is about: its `appNamespace`, else the control
    /// plane's.
    static QString namespaceOf(const QString &given);
    /// Argo CD's NotFound for an app.
    static ApiError notFound(const QString &name);
    /// Who asked, as Argo CD records it on operations.
    static QString username(const Http::Request &request);

    /// Apps live in the control plane's namespace, and in those the
    /// configuration's `application.namespaces` (comma-separated globs) names.
    bool isNamespaceEnabled(const QString &ns) const;
    Result<void, ApiError> checkNamespace(const QString &ns) const;

    /// Argo CD's getAppEnforceRBAC: the app, if the caller may take @p action
    /// on it. Without a project in the request, a missing app and a forbidden
    /// one both answer "permission denied", so that names cannot be probed;
    /// with one, both answer NotFound.
    Result<Model::Application, ApiError> appFor(const Http::Request &request, const QString &action, const QString &ns,
                                                const QString &name, const QString &project) const;
    /// appFor() for a request that names the app in the path parameter
    /// @p parameter and the namespace and project in its query.
    Result<Model::Application, ApiError> appFor(const Http::Request &request, const QString &action,
                                                const QString &parameter = QStringLiteral("name")) const;

    /// Whether the caller may take @p action on @p application, with Argo
    /// CD's "permission denied: …" when not.
    Result<void, ApiError> check(const Http::Request &request, const QString &action,
                                 const Model::Application &application) const;
    /// The same as a yes or no, for filtering lists and streams.
    bool may(const Http::Request &request, const QString &action, const Model::Application &application) const;

    /// The objects Argo CD's deep links of an app are made from: `app` and
    /// `application`, its destination `cluster` (no credentials) and its
    /// `project`.
    QJsonObject linkObjects(const Model::Application &application) const;
    /// `{"items": [...]}` for the links of argocd-cm's @p setting
    /// (`application.links`, `resource.links` or `project.links`).
    QJsonObject links(const QString &setting, const QJsonObject &objects) const;

private:
    ServerServices &m_services;
};

/// Argo CD's code for a failure of the sources: the caller's mistakes
/// (revision, path) apart from the repository's troubles.
GrpcCode codeFor(const Source::SourceError &error);

/// The filters of Argo CD's ApplicationQuery that lists and the application
/// stream share: `name`, `projects` (and `project`), `repo`, `appNamespace`
/// and `selector`.
class ApplicationFilter
{
public:
    /// From a request's query; a selector that does not parse is InvalidArgument.
    static Result<ApplicationFilter, ApiError> fromQuery(const Http::Request &request);

    bool matches(const Model::Application &application) const;
    /// The one app asked for by `name`, if any.
    QString name() const { return m_name; }

private:
    QString m_name;
    QStringList m_projects;
    QString m_repo;
    QString m_namespace;
    Kube::LabelSelector m_selector;
};

} // namespace Routes
} // namespace Capstan
