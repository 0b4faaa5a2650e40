// SPDX-License-Identifier: Apache-2.0
#include "rbac.h"

#include <QCoreApplication>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Capstan::Auth::Rbac {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Auth::Rbac)
};

/// casbin's default role manager goes 10 levels deep.
constexpr int maximumRoleDepth = 10;

/// One CSV record as Go's encoding/csv reads it with TrimLeadingSpace:
/// fields separated by commas, optionally quoted with "" as an escaped quote.
Result<QStringList> csvRecord(QStringView line)
{
    QStringList fields;
    qsizetype i = 0;
    while (true) {
        while (i < line.size() && (line.at(i) == u' ' || line.at(i) == u'\t'))
            ++i;
        QString field;
        if (i < line.size() && line.at(i) == u'"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line.at(i) == u'"') {
                    if (i + 1 < line.size() && line.at(i + 1) == u'"') {
                        field.append(u'"');
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                field.append(line.at(i++));
            }
            if (!closed)
                return Failure(Tr::tr("extraneous or missing \" in quoted-field"));
            while (i < line.size() && line.at(i) != u',')
                if (!line.at(i++).isSpace())
                    return Failure(Tr::tr("extraneous or missing \" in quoted-field"));
        } else {
            while (i < line.size() && line.at(i) != u',')
                field.append(line.at(i++));
        }
        fields.append(field.trimmed());
        if (i >= line.size())
            break;
        ++i; // the comma
    }
    return fields;
}

} // namespace

Pattern::Pattern(const QString &text, MatchMode mode)
    : m_text(text)
    , m_matcher(mode == MatchMode::Regex ? std::variant<Glob, QRegularExpression>(QRegularExpression(text))
                                         : std::variant<Glob, QRegularExpression>(Glob(text)))
{ }

bool Pattern::matches(const QString &value) const
{
    if (const auto *glob = std::get_if<Glob>(&m_matcher))
        return glob->isValid() && glob->matches(value);
    const auto &expression = std::get<QRegularExpression>(m_matcher);
    // An invalid expression denies, as casbin's error does in Argo CD.
    return expression.isValid() && expression.match(value).hasMatch();
}

Result<Policy> Policy::parse(const QString &csv, MatchMode mode, const QString &source)
{
    Policy policy;
    const QStringList lines = csv.split(u'\n');
    for (qsizetype number = 0; number < lines.size(); ++number) {
        const QString line = lines.at(number).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto invalid = [&](const QString &why) {
            return Failure(
                Tr::tr("%1, line %2: invalid RBAC policy: %3 (%4)").arg(source).arg(number + 1).arg(line, why));
        };
        const auto record = csvRecord(line);
        if (!record)
            return invalid(record.error());
        const QStringList &fields = *record;
        if (fields.first() == u"p") {
            if (fields.size() != 6)
                return invalid(Tr::tr("a p line has 6 fields: p, subject, resource, action, object, effect"));
            if (fields.at(5) != u"allow" && fields.at(5) != u"deny")
                return invalid(Tr::tr("the effect must be allow or deny"));
            policy.m_permissions.append({fields.at(1), Pattern(fields.at(2), mode), Pattern(fields.at(3), mode),
                                         Pattern(fields.at(4), mode), fields.at(5) == u"allow"});
        } else if (fields.first() == u"g") {
            if (fields.size() != 3)
                return invalid(Tr::tr("a g line has 3 fields: g, member, role"));
            QStringList &roles = policy.m_roles[fields.at(1)];
            if (!roles.contains(fields.at(2)))
                roles.append(fields.at(2));
        } else {
            return invalid(Tr::tr("a line starts with p or g"));
        }
    }
    return policy;
}

void Policy::append(const Policy &other)
{
    m_permissions.append(other.m_permissions);
    for (auto it = other.m_roles.cbegin(); it != other.m_roles.cend(); ++it) {
        QStringList &roles = m_roles[it.key()];
        for (const QString &role : it.value()) {
            if (!roles.contains(role))
                roles.append(role);
        }
    }
}

QStringList Policy::rolesOf(const QString &subject, const Policy *extra) const
{
    QStringList reached{subject};
    QStringList frontier{subject};
    for (int depth = 0; depth < maximumRoleDepth && !frontier.isEmpty(); ++depth) {
        QStringList next;
        for (const QString &member : std::as_const(frontier)) {
            QStringList roles = m_roles.value(member);
            if (extra)
                roles += extra->m_roles.value(member);
            for (const QString &role : std::as_const(roles)) {
                if (!reached.contains(role)) {
                    reached.append(role);
                    next.append(role);
                }
            }
        }
        frontier = next;
    }
    return reached;
}

bool Policy::enforce(const QString &subject, const QString &resource, const QString &action, const QString &object,
                     const Policy *extra) const
{
    const QStringList roles = rolesOf(subject, extra);
    bool allowed = false;
    for (const Policy *policy : {this, extra}) {
        if (!policy)
            continue;
        for (const Permission &permission : policy->m_permissions) {
            if (!roles.contains(permission.subject) || !permission.resource.matches(resource)
                || !permission.action.matches(action) || !permission.object.matches(object))
                continue;
            if (!permission.allow)
                return false;
            allowed = true;
        }
    }
    return allowed;
}

Result<Settings> Settings::fromConfigMap(const QMap<QString, QString> &data)
{
    Settings settings;
    settings.policyCsv = data.value(u"policy.csv"_s);
    // QMap iterates in key order, as Argo CD sorts the extra policy keys.
    for (auto it = data.cbegin(); it != data.cend(); ++it) {
        if (it.key() != u"policy.csv" && it.key().startsWith(u"policy.") && it.key().endsWith(u".csv"))
            settings.policyCsv += u'\n' + it.value();
    }
    settings.defaultRole = data.value(u"policy.default"_s).trimmed();
    const QString mode = data.value(u"policy.matchMode"_s);
    if (mode == u"regex")
        settings.matchMode = MatchMode::Regex;
    else if (!mode.isEmpty() && mode != u"glob")
        return Failure(Tr::tr("policy.matchMode: \"%1\" is neither glob nor regex").arg(mode));
    if (data.contains(u"scopes"_s)) {
        QString scopes = data.value(u"scopes"_s).trimmed();
        if (scopes.startsWith(u'[') && scopes.endsWith(u']'))
            scopes = scopes.mid(1, scopes.size() - 2);
        settings.scopes.clear();
        for (const QString &scope : scopes.split(u',', Qt::SkipEmptyParts)) {
            QString name = scope.trimmed();
            if (name.size() >= 2 && (name.startsWith(u'"') || name.startsWith(u'\'')) && name.back() == name.front())
                name = name.mid(1, name.size() - 2);
            if (!name.isEmpty())
                settings.scopes.append(name);
        }
    }
    return settings;
}

QString builtinPolicy()
{
    return uR"(p, role:readonly, applications, get, */*, allow
p, role:readonly, applicationsets, get, */*, allow
p, role:readonly, certificates, get, *, allow
p, role:readonly, clusters, get, *, allow
p, role:readonly, repositories, get, *, allow
p, role:readonly, write-repositories, get, *, allow
p, role:readonly, projects, get, *, allow
p, role:readonly, accounts, get, *, allow
p, role:readonly, gpgkeys, get, *, allow
p, role:readonly, logs, get, */*, allow

p, role:admin, applications, create, */*, allow
p, role:admin, applications, update, */*, allow
p, role:admin, applications, update/*, */*, allow
p, role:admin, applications, delete, */*, allow
p, role:admin, applications, delete/*, */*, allow
p, role:admin, applications, sync, */*, allow
p, role:admin, applications, override, */*, allow
p, role:admin, applications, action/*, */*, allow
p, role:admin, applicationsets, get, */*, allow
p, role:admin, applicationsets, create, */*, allow
p, role:admin, applicationsets, update, */*, allow
p, role:admin, applicationsets, delete, */*, allow
p, role:admin, certificates, create, *, allow
p, role:admin, certificates, update, *, allow
p, role:admin, certificates, delete, *, allow
p, role:admin, clusters, create, *, allow
p, role:admin, clusters, update, *, allow
p, role:admin, clusters, delete, *, allow
p, role:admin, repositories, create, *, allow
p, role:admin, repositories, update, *, allow
p, role:admin, repositories, delete, *, allow
p, role:admin, write-repositories, create, *, allow
p, role:admin, write-repositories, update, *, allow
p, role:admin, write-repositories, delete, *, allow
p, role:admin, projects, create, *, allow
p, role:admin, projects, update, *, allow
p, role:admin, projects, delete, *, allow
p, role:admin, accounts, update, *, allow
p, role:admin, gpgkeys, create, *, allow
p, role:admin, gpgkeys, delete, *, allow
p, role:admin, exec, create, */*, allow

g, role:admin, role:readonly
g, admin, role:admin
)"_s;
}

Result<Enforcer> Enforcer::create(const Settings &settings)
{
    auto builtin = Policy::parse(builtinPolicy(), settings.matchMode, u"builtin policy"_s);
    if (!builtin)
        return Failure(builtin.error());
    auto configured = Policy::parse(settings.policyCsv, settings.matchMode, u"policy.csv"_s);
    if (!configured)
        return Failure(configured.error());
    Enforcer enforcer;
    enforcer.m_policy = *builtin;
    enforcer.m_policy.append(*configured);
    enforcer.m_defaultRole = settings.defaultRole;
    enforcer.m_matchMode = settings.matchMode;
    return enforcer;
}

bool Enforcer::enforceWith(const Policy *extra, const Subject &subject, const Request &request) const
{
    const auto decide = [&](const QString &who) {
        return m_policy.enforce(who, request.resource, request.action, request.object, extra);
    };
    if (!m_defaultRole.isEmpty() && decide(m_defaultRole))
        return true;
    if (decide(subject.name))
        return true;
    for (const QString &group : subject.groups) {
        if (m_policy.isMember(group, extra) && decide(group))
            return true;
    }
    return false;
}

bool Enforcer::enforce(const Subject &subject, const Request &request, const Policy *projectPolicy) const
{
    const QStringList parts = subject.name.split(u':');
    const bool projectRole = parts.size() == 3 && parts.at(0) == u"proj";
    const QString project = projectOf(request);
    if (projectRole && !project.isEmpty() && parts.at(1) != project)
        return false; // a project's token speaks for that project only
    // A project's roles count only for requests about that project.
    return enforceWith(project.isEmpty() ? nullptr : projectPolicy, subject, request);
}

QString Enforcer::projectPolicyText(const QString &project, const QList<std::pair<QString, QStringList>> &rolePolicies,
                                    const QList<std::pair<QString, QStringList>> &roleGroups)
{
    QStringList lines;
    for (const auto &[role, policies] : rolePolicies) {
        const QString subject = u"proj:%1:%2"_s.arg(project, role);
        lines.append(u"p, %1, projects, get, %2, allow"_s.arg(subject, project));
        lines.append(policies);
    }
    for (const auto &[role, groups] : roleGroups) {
        for (const QString &group : groups)
            lines.append(u"g, %1, proj:%2:%3"_s.arg(group, project, role));
    }
    return lines.join(u'\n');
}

QString projectOf(const Request &request)
{
    static const QSet<QString> projectScoped{
        u"applications"_s, u"applicationsets"_s, u"repositories"_s, u"clusters"_s, u"logs"_s, u"exec"_s};
    if (request.resource == u"projects")
        return request.object;
    if (!projectScoped.contains(request.resource))
        return {};
    const QStringList parts = request.object.split(u'/');
    return parts.size() >= 2 ? parts.first() : QString();
}

const QStringList &resources()
{
    static const QStringList list{u"clusters"_s,     u"projects"_s,
                                  u"applications"_s, u"applicationsets"_s,
                                  u"repositories"_s, u"write-repositories"_s,
                                  u"certificates"_s, u"accounts"_s,
                                  u"gpgkeys"_s,      u"logs"_s,
                                  u"exec"_s,         u"extensions"_s};
    return list;
}

const QStringList &actions()
{
    static const QStringList list{u"get"_s,  u"create"_s,   u"update"_s, u"delete"_s,
                                  u"sync"_s, u"override"_s, u"action"_s, u"invoke"_s};
    return list;
}

} // namespace Capstan::Auth::Rbac
