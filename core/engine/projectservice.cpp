// SPDX-License-Identifier: Apache-2.0
#include "projectservice.h"

#include "auth/jwt.h"
#include "auth/sessionmanager.h"
#include "store/store.h"

#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

using Model::AppProject;

/// Argo CD's NormalizeJWTTokens, with the issued tokens as the truth: each
/// role's spec.jwtTokens is the role's list in status, and tokens of roles
/// that are gone are dropped.
void normalizeTokens(AppProject &project)
{
    QMap<QString, Model::JwtTokens> byRole;
    for (Model::ProjectRole &role : project.spec.roles) {
        const Model::JwtTokens tokens = project.status.jwtTokensByRole.value(role.name);
        role.jwtTokens = tokens.items;
        if (!tokens.items.isEmpty())
            byRole.insert(role.name, tokens);
    }
    project.status.jwtTokensByRole = byRole;
}

qsizetype roleIndex(const AppProject &project, const QString &role)
{
    const auto found = std::find_if(project.spec.roles.cbegin(), project.spec.roles.cend(),
                                    [&role](const Model::ProjectRole &r) { return r.name == role; });
    return found == project.spec.roles.cend() ? -1 : found - project.spec.roles.cbegin();
}

ApiError noSuchRole(const QString &project, const QString &role)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"project '%1' does not have role '%2'"_s.arg(project, role));
}

} // namespace

ProjectService::ProjectService(Store::Store &store, Auth::SessionManager &sessions,
                               Source::LocalRepositories localRepositories)
    : m_store(store)
    , m_sessions(sessions)
    , m_localRepositories(std::move(localRepositories))
{ }

ApiError ProjectService::notFound(const QString &name)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"appprojects.argoproj.io \"%1\" not found"_s.arg(name));
}

Result<AppProject, ApiError> ProjectService::validated(AppProject project) const
{
    if (project.metadata.name.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"project name is required"_s));
    const QList<Model::FieldError> errors = project.validate();
    if (!errors.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, Model::ValidationError{errors}.message()));
    for (qsizetype i = 0; i < project.spec.sourceRepos.size(); ++i) {
        // A pattern is judged by its fixed part: "file:///srv/git/*" by /srv/git/.
        const QString pattern = project.spec.sourceRepos.at(i).trimmed();
        const QString fixed = pattern.left(pattern.indexOf(QRegularExpression(u"[*?\\[{]"_s)));
        if (fixed.startsWith(u'!'))
            continue;
        if (const auto allowed = m_localRepositories.check(fixed); !allowed)
            return Failure(ApiError::fromCode(GrpcCode::PermissionDenied,
                                              u"spec.sourceRepos[%1]: %2"_s.arg(i).arg(allowed.error().message)));
    }
    return project;
}

Result<AppProject, ApiError> ProjectService::create(AppProject project, bool upsert)
{
    auto checked = validated(std::move(project));
    if (!checked)
        return checked;
    AppProject wanted = std::move(checked).value();
    if (const std::optional<AppProject> existing = m_store.project(wanted.metadata.name)) {
        // Tokens are only ever the server's: compare without them.
        const auto withoutTokens = [](AppProject p) {
            for (Model::ProjectRole &role : p.spec.roles)
                role.jwtTokens.clear();
            return p;
        };
        const AppProject a = withoutTokens(*existing);
        const AppProject b = withoutTokens(wanted);
        if (a.spec == b.spec && a.metadata.labels == b.metadata.labels
            && a.metadata.annotations == b.metadata.annotations)
            return *existing;
        if (!upsert)
            return Failure(ApiError::fromCode(
                GrpcCode::InvalidArgument, u"existing project spec is different, use upsert flag to force update"_s));
        wanted.metadata.resourceVersion.clear();
        return update(wanted);
    }
    wanted.status = {};
    normalizeTokens(wanted);
    auto created = m_store.createProject(wanted);
    if (!created)
        return Failure(created.error().toApiError());
    return *created;
}

Result<AppProject, ApiError> ProjectService::update(AppProject project)
{
    auto checked = validated(std::move(project));
    if (!checked)
        return checked;
    QMutexLocker locker(&m_tokenMutex);
    std::optional<AppProject> stored = m_store.project(checked->metadata.name);
    if (!stored)
        return Failure(notFound(checked->metadata.name));
    if (!checked->metadata.resourceVersion.isEmpty()
        && checked->metadata.resourceVersion != stored->metadata.resourceVersion)
        return Failure(ApiError::fromCode(
            GrpcCode::Aborted,
            u"Operation cannot be fulfilled on appprojects.argoproj.io \"%1\": the object has been modified; please "
            "apply your changes to the latest version and try again"_s.arg(stored->metadata.name)));
    stored->spec = checked->spec;
    stored->metadata.labels = checked->metadata.labels;
    stored->metadata.annotations = checked->metadata.annotations;
    normalizeTokens(*stored);
    auto updated = m_store.updateProject(*stored);
    if (!updated)
        return Failure(updated.error().toApiError());
    return *updated;
}

Result<void, ApiError> ProjectService::remove(const QString &name)
{
    if (name == u"default")
        return Failure(
            ApiError::fromCode(GrpcCode::InvalidArgument, u"name '%1' is reserved and cannot be deleted"_s.arg(name)));
    if (!m_store.project(name))
        return Failure(notFound(name));
    auto removed = m_store.deleteProject(name);
    if (!removed)
        return Failure(removed.error().toApiError());
    return {};
}

Result<QByteArray, ApiError> ProjectService::createToken(const ProjectTokenRequest &request)
{
    QMutexLocker locker(&m_tokenMutex);
    std::optional<AppProject> project = m_store.project(request.project);
    if (!project)
        return Failure(notFound(request.project));
    if (roleIndex(*project, request.role) < 0)
        return Failure(noSuchRole(request.project, request.role));
    if (request.expiresIn < 0)
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"expiresIn must not be negative"_s));
    Model::JwtTokens tokens = project->status.jwtTokensByRole.value(request.role);
    if (!request.id.isEmpty()
        && std::any_of(tokens.items.cbegin(), tokens.items.cend(),
                       [&request](const Model::JwtToken &token) { return token.id == request.id; }))
        return Failure(
            ApiError::fromCode(GrpcCode::InvalidArgument, u"Token id '%1' has been used. "_s.arg(request.id)));
    const QString id = request.id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : request.id;
    const QByteArray token
        = m_sessions.create(u"proj:%1:%2"_s.arg(request.project, request.role), request.expiresIn, id);
    const auto claims = Jwt::unverifiedClaims(token);
    if (!claims)
        return Failure(ApiError::fromCode(GrpcCode::Internal, claims.error()));
    tokens.items.append({claims->value(u"iat").toInteger(), claims->value(u"exp").toInteger(), id});
    project->status.jwtTokensByRole.insert(request.role, tokens);
    normalizeTokens(*project);
    auto updated = m_store.updateProject(*project);
    if (!updated)
        return Failure(updated.error().toApiError());
    return token;
}

Result<void, ApiError> ProjectService::deleteToken(const QString &projectName, const QString &role, qint64 issuedAt,
                                                   const QString &id)
{
    QMutexLocker locker(&m_tokenMutex);
    std::optional<AppProject> project = m_store.project(projectName);
    if (!project)
        return Failure(notFound(projectName));
    if (roleIndex(*project, role) < 0)
        return Failure(noSuchRole(projectName, role));
    Model::JwtTokens tokens = project->status.jwtTokensByRole.value(role);
    const auto removed = std::remove_if(tokens.items.begin(), tokens.items.end(), [&](const Model::JwtToken &token) {
        return id.isEmpty() ? token.iat == issuedAt : token.id == id;
    });
    if (removed == tokens.items.end())
        return Failure(ApiError::fromCode(
            GrpcCode::NotFound,
            u"JWT token for role '%1' issued at '%2' does not exist in project '%3'"_s.arg(role).arg(issuedAt).arg(
                projectName)));
    tokens.items.erase(removed, tokens.items.end());
    project->status.jwtTokensByRole.insert(role, tokens);
    normalizeTokens(*project);
    auto updated = m_store.updateProject(*project);
    if (!updated)
        return Failure(updated.error().toApiError());
    return {};
}

} // namespace Capstan::Engine
