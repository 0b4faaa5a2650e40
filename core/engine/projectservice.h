// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "model/appproject.h"
#include "source/localrepositories.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

namespace Capstan::Auth {
class SessionManager;
}
namespace Capstan::Store {
class Store;
}

namespace Capstan::Engine {

/// What a project role token is made with (Argo CD's ProjectTokenCreateRequest).
struct ProjectTokenRequest
{
    QString project;
    QString role;
    QString description;
    /// Seconds until it expires; 0 never.
    qint64 expiresIn = 0;
    /// Its `jti`; a random UUID when empty.
    QString id;
};

/// What users do to projects, with Argo CD's rules and messages (its
/// server/project service): create with upsert, update, delete, and the JWTs
/// of project roles. Permissions are the caller's business.
///
/// A project's issued role tokens live in `status.jwtTokensByRole`, which
/// only the token calls change; `spec.roles[].jwtTokens` mirrors it, as
/// Argo CD's NormalizeJWTTokens keeps it. Thread-safe.
class ProjectService
{
public:
    /// Source repositories on this machine must be among @p localRepositories.
    ProjectService(Store::Store &store, Auth::SessionManager &sessions,
                   Source::LocalRepositories localRepositories = Source::LocalRepositories::any());

    Result<Model::AppProject, ApiError> create(Model::AppProject project, bool upsert);
    /// Takes labels, annotations and the spec; the resourceVersion, when
    /// given, must be the stored one.
    Result<Model::AppProject, ApiError> update(Model::AppProject project);
    /// The `default` project cannot be deleted, nor one that apps use.
    Result<void, ApiError> remove(const QString &name);

    /// A signed token for the role, recorded on the project.
    Result<QByteArray, ApiError> createToken(const ProjectTokenRequest &request);
    /// Ends the role's token issued at @p issuedAt, or with @p id when given.
    Result<void, ApiError> deleteToken(const QString &project, const QString &role, qint64 issuedAt, const QString &id);

    /// Argo CD's NotFound for a project.
    static ApiError notFound(const QString &name);

private:
    Result<Model::AppProject, ApiError> validated(Model::AppProject project) const;

    Store::Store &m_store;
    Auth::SessionManager &m_sessions;
    const Source::LocalRepositories m_localRepositories;
    /// Token changes read, change and write a project: one at a time.
    QMutex m_tokenMutex;
};

} // namespace Capstan::Engine
