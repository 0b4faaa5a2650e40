// SPDX-License-Identifier: Apache-2.0
#include "authorizer.h"

#include "base/logging.h"
#include "store/store.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Capstan::Auth {

namespace {

/// The namespace Argo CD's own Applications live in.
constexpr QStringView controlPlaneNamespace = u"argocd";

} // namespace

Authorizer::Authorizer(Rbac::Enforcer enforcer, const Store::Store &store)
    : m_enforcer(std::move(enforcer))
    , m_store(store)
{ }

std::shared_ptr<const Rbac::Policy> Authorizer::projectPolicy(const QString &name) const
{
    const std::optional<Model::AppProject> project = m_store.project(name);
    if (!project || project->spec.roles.isEmpty())
        return nullptr;
    QMutexLocker locker(&m_mutex);
    const auto cached = m_projectPolicies.constFind(name);
    if (cached != m_projectPolicies.cend() && cached->first == project->metadata.resourceVersion)
        return cached->second;
    QList<std::pair<QString, QStringList>> policies;
    QList<std::pair<QString, QStringList>> groups;
    for (const Model::ProjectRole &role : project->spec.roles) {
        policies.append({role.name, role.policies});
        groups.append({role.name, role.groups});
    }
    auto parsed = Rbac::Policy::parse(Rbac::Enforcer::projectPolicyText(name, policies, groups), m_enforcer.matchMode(),
                                      u"project "_s + name);
    std::shared_ptr<const Rbac::Policy> policy;
    if (parsed)
        policy = std::make_shared<const Rbac::Policy>(std::move(parsed).value());
    else
        qCWarning(lcAuth).noquote() << "Failed to load project" << name << "policy:" << parsed.error();
    m_projectPolicies.insert(name, {project->metadata.resourceVersion, policy});
    return policy;
}

bool Authorizer::enforce(const std::optional<Claims> &claims, const QString &resource, const QString &action,
                         const QString &object) const
{
    Rbac::Subject subject;
    if (claims)
        subject.name = claims->subject;
    const Rbac::Request request{resource, action, object};
    const QString project = Rbac::projectOf(request);
    const std::shared_ptr<const Rbac::Policy> policy = project.isEmpty() ? nullptr : projectPolicy(project);
    return m_enforcer.enforce(subject, request, policy.get());
}

Result<void, ApiError> Authorizer::check(const std::optional<Claims> &claims, const QString &resource,
                                         const QString &action, const QString &object) const
{
    if (enforce(claims, resource, action, object))
        return {};
    QStringList parts{resource, action, object};
    if (claims) {
        if (!claims->subject.isEmpty())
            parts.append(u"sub: "_s + claims->subject);
        if (claims->issuedAt > 0)
            parts.append(u"iat: "_s + QDateTime::fromSecsSinceEpoch(claims->issuedAt, Qt::UTC).toString(Qt::ISODate));
    }
    return Failure(ApiError::fromCode(GrpcCode::PermissionDenied, u"permission denied: "_s + parts.join(u", "_s)));
}

Result<void> Authorizer::projectTokenIssued(const QString &project, const QString &role, qint64 issuedAt,
                                            const QString &id) const
{
    const std::optional<Model::AppProject> found = m_store.project(project);
    if (!found)
        return Failure(u"appprojects.argoproj.io \"%1\" not found"_s.arg(project));
    const QList<Model::JwtToken> tokens = found->status.jwtTokensByRole.value(role).items;
    const bool byId = std::any_of(tokens.cbegin(), tokens.cend(),
                                  [&id](const Model::JwtToken &token) { return !id.isEmpty() && token.id == id; });
    const bool byIat = std::any_of(tokens.cbegin(), tokens.cend(),
                                   [issuedAt](const Model::JwtToken &token) { return token.iat == issuedAt; });
    if (byId || (id.isEmpty() && byIat))
        return {};
    return Failure(
        u"JWT token for role '%1' issued at '%2' does not exist in project '%3'"_s.arg(role).arg(issuedAt).arg(
            project));
}

QString Authorizer::applicationObject(const QString &project, const QString &ns, const QString &name)
{
    const QString effective = project.isEmpty() ? u"default"_s : project;
    if (ns.isEmpty() || ns == controlPlaneNamespace)
        return effective + u'/' + name;
    return effective + u'/' + ns + u'/' + name;
}

} // namespace Capstan::Auth
