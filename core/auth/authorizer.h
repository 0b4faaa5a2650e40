// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "rbac.h"
#include "sessionmanager.h"

#include <QHash>
#include <QMutex>

#include <memory>
#include <optional>

namespace Capstan::Store {
class Store;
}

namespace Capstan::Auth {

/// Decides what a caller may do, as Argo CD's API server does: the RBAC
/// policy plus the roles of the project a request is about, read from the
/// store (and kept until the project changes). Thread-safe.
class Authorizer
{
public:
    Authorizer(Rbac::Enforcer enforcer, const Store::Store &store);

    /// Whether @p claims (none: anonymous) may take @p action on @p object.
    bool enforce(const std::optional<Claims> &claims, const QString &resource, const QString &action,
                 const QString &object) const;
    /// The same, as PermissionDenied "permission denied: res, act, obj, sub: …, iat: …".
    Result<void, ApiError> check(const std::optional<Claims> &claims, const QString &resource, const QString &action,
                                 const QString &object) const;

    /// For the session manager: whether a project role token is still issued
    /// (listed in the project's status.jwtTokensByRole, by id, else by iat).
    Result<void> projectTokenIssued(const QString &project, const QString &role, qint64 issuedAt,
                                    const QString &id) const;

    /// The RBAC name of an application: `<project>/<name>`, or
    /// `<project>/<namespace>/<name>` outside the control plane's namespace.
    static QString applicationObject(const QString &project, const QString &ns, const QString &name);

private:
    std::shared_ptr<const Rbac::Policy> projectPolicy(const QString &project) const;

    Rbac::Enforcer m_enforcer;
    const Store::Store &m_store;
    mutable QMutex m_mutex;
    /// Compiled project policies, with the resourceVersion they were made from.
    mutable QHash<QString, std::pair<QString, std::shared_ptr<const Rbac::Policy>>> m_projectPolicies;
};

} // namespace Capstan::Auth
