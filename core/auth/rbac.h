// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/glob.h"
#include "base/result.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <variant>

/// Argo CD's RBAC: casbin's model `p, sub, res, act, obj, eft` and `g, member,
/// role`, matched as Argo CD matches it (globOrRegexMatch on resource, action
/// and object; subjects through `g` lines; a deny beats an allow of the same
/// subject), with its built-in roles `role:readonly` and `role:admin`.
namespace Capstan::Auth::Rbac {

/// `policy.matchMode`: glob (the default) or unanchored regular expressions.
enum class MatchMode {
    Glob,
    Regex,
};

/// One pattern of a policy line, compiled once.
class Pattern
{
public:
    Pattern(const QString &text, MatchMode mode);
    bool matches(const QString &value) const;
    const QString &text() const { return m_text; }

private:
    QString m_text;
    std::variant<Glob, QRegularExpression> m_matcher;
};

struct Permission
{
    QString subject;
    Pattern resource;
    Pattern action;
    Pattern object;
    bool allow = true;
};

/// Parsed `p` and `g` lines.
class Policy
{
public:
    /// Reads CSV policy text; @p source names it in errors ("policy.csv").
    static Result<Policy> parse(const QString &csv, MatchMode mode, const QString &source);

    /// Both policies' lines, this one's first.
    void append(const Policy &other);

    const QList<Permission> &permissions() const { return m_permissions; }
    /// The roles @p subject has, itself included, through `g` lines
    /// (transitive), of this policy and @p extra together.
    QStringList rolesOf(const QString &subject, const Policy *extra = nullptr) const;
    /// Whether @p member is the first field of some `g` line.
    bool isMember(const QString &member, const Policy *extra = nullptr) const
    {
        return m_roles.contains(member) || (extra && extra->m_roles.contains(member));
    }

    /// casbin's decision for one subject, by this policy and @p extra together
    /// (without copying either): an allow of one of its roles and no deny.
    bool enforce(const QString &subject, const QString &resource, const QString &action, const QString &object,
                 const Policy *extra = nullptr) const;

private:
    QList<Permission> m_permissions;
    QHash<QString, QStringList> m_roles;
};

/// argocd-rbac-cm: `policy.csv`, `policy.default`, `policy.matchMode` and `scopes`.
struct Settings
{
    QString policyCsv;
    QString defaultRole;
    MatchMode matchMode = MatchMode::Glob;
    QStringList scopes{QStringLiteral("groups")};

    /// Reads the config map's keys; `policy.<name>.csv` keys are appended to
    /// `policy.csv` in the order of their names, as Argo CD does.
    static Result<Settings> fromConfigMap(const QMap<QString, QString> &data);
};

/// The built-in policy (Argo CD's assets/builtin-policy.csv).
QString builtinPolicy();

/// What a request is checked for.
struct Request
{
    QString resource;
    QString action;
    QString object;
};

/// Who asks: a local user or a project role, and the user's groups.
struct Subject
{
    /// The account name, or `proj:<project>:<role>`; empty for anonymous.
    QString name;
    QStringList groups;
};

/// Decides requests with the built-in and the configured policy, plus the
/// policy of the project a request is about. Immutable, so it can be shared
/// between threads.
class Enforcer
{
public:
    static Result<Enforcer> create(const Settings &settings);

    MatchMode matchMode() const { return m_matchMode; }

    /// Argo CD's decision: the default role, then the subject, then each of
    /// its groups that some `g` line names, each decided on its own.
    /// @p projectPolicy is the policy of the project named by the request's
    /// object (see projectPolicy()), or null.
    bool enforce(const Subject &subject, const Request &request, const Policy *projectPolicy = nullptr) const;

    /// The policy lines an AppProject's roles make: for each role
    /// `p, proj:<project>:<role>, projects, get, <project>, allow`, its own
    /// policies, and `g, <group>, proj:<project>:<role>` for its groups.
    static QString projectPolicyText(const QString &project, const QList<std::pair<QString, QStringList>> &rolePolicies,
                                     const QList<std::pair<QString, QStringList>> &roleGroups);

private:
    Enforcer() = default;
    bool enforceWith(const Policy *extra, const Subject &subject, const Request &request) const;

    Policy m_policy;
    QString m_defaultRole;
    MatchMode m_matchMode = MatchMode::Glob;
};

/// The project a request is about: the first part of the object for
/// applications, applicationsets, repositories, clusters, logs and exec
/// (`<project>/…`), the object itself for projects, otherwise nothing.
QString projectOf(const Request &request);

/// The resources and actions can-i accepts, in Argo CD's order.
const QStringList &resources();
const QStringList &actions();

} // namespace Capstan::Auth::Rbac
