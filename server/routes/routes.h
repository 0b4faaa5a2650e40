// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace Capstan {

class ServerServices;

namespace Http {
class Router;
}

/// The routes of Argo CD's API, one function per Argo CD service. Each parses
/// requests, checks RBAC as Argo CD does, and calls typed services.
namespace Routes {

/// SessionService: POST and DELETE /api/v1/session, GET /api/v1/session/userinfo.
void addSessionRoutes(Http::Router &router, ServerServices &services);
/// AccountService: accounts, API keys, password, can-i.
void addAccountRoutes(Http::Router &router, ServerServices &services);
/// ApplicationService: applications and the operations on them.
void addApplicationRoutes(Http::Router &router, ServerServices &services);
/// An application's resource tree and managed resources.
void addResourceRoutes(Http::Router &router, ServerServices &services);
/// The watch streams of applications and of an application's resource tree.
void addStreamRoutes(Http::Router &router, ServerServices &services);
/// ProjectService: projects, their role tokens, sync windows and details.
void addProjectRoutes(Http::Router &router, ServerServices &services);
/// RepositoryService and RepoCredsService, and the empty certificate and
/// GnuPG key lists.
void addRepositoryRoutes(Http::Router &router, ServerServices &services);
/// ClusterService: clusters with their connection state, and cache invalidation.
void addClusterRoutes(Http::Router &router, ServerServices &services);
/// SettingsService: GET /api/v1/settings, with Argo CD's unauthenticated subset.
void addSettingsRoutes(Http::Router &router, ServerServices &services);
/// GET /healthz: whether the server is ready, as argocd-server's probes ask.
void addHealthRoutes(Http::Router &router, ServerServices &services);

} // namespace Routes

} // namespace Capstan
