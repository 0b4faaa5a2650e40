// SPDX-License-Identifier: Apache-2.0
#include "appproject.h"

#include "base/cronschedule.h"
#include "model/duration.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Capstan::Model {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Model)
};
} // namespace

AppProject AppProject::defaultProject()
{
    AppProject project;
    project.metadata.name = u"default"_s;
    project.spec.sourceRepos = {u"*"_s};
    project.spec.destinations = {ApplicationDestination{u"*"_s, u"*"_s, {}}};
    project.spec.clusterResourceWhitelist = {GroupKind{u"*"_s, u"*"_s, {}}};
    return project;
}

QString AppProject::policyProblem(const QString &project, const QString &role, const QString &policy)
{
    // Argo CD's validatePolicy: "p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, <effect>".
    const QStringList parts = policy.split(u',');
    if (parts.size() != 6 || parts.at(0).trimmed() != u"p")
        return Tr::tr("must be of the form 'p, proj:%1:%2, applications, <action>, %1/<application>, allow|deny'")
            .arg(project, role);
    const QString subject = parts.at(1).trimmed();
    if (const QString expected = u"proj:%1:%2"_s.arg(project, role); subject != expected)
        return Tr::tr("the policy's subject must be '%1', not '%2'").arg(expected, subject);
    const QString resource = parts.at(2).trimmed();
    if (!policyResources().contains(resource))
        return Tr::tr("the resource must be one of %1, not '%2'").arg(policyResources().join(u", "_s), resource);
    const QString action = parts.at(3).trimmed();
    if (!policyActions().contains(action) && !action.startsWith(u"action/"))
        return Tr::tr("'%1' is not an action: use %2 or action/<group>/<kind>/<name>")
            .arg(action, policyActions().join(u", "_s));
    const QString object = parts.at(4).trimmed();
    const QRegularExpression objectForm(u"^%1/[*\\w.-]+$"_s.arg(QRegularExpression::escape(project)));
    if (!objectForm.match(object).hasMatch())
        return Tr::tr("the object must be '%1/*' or '%1/<application>', not '%2'").arg(project, object);
    const QString effect = parts.at(5).trimmed();
    if (effect != u"allow" && effect != u"deny")
        return Tr::tr("the effect must be 'allow' or 'deny', not '%1'").arg(effect);
    return {};
}

QStringList AppProject::policyResources()
{
    return {u"applications"_s, u"repositories"_s, u"clusters"_s};
}

QStringList AppProject::policyActions()
{
    return {u"get"_s, u"create"_s, u"update"_s, u"delete"_s, u"sync"_s, u"override"_s, u"*"_s};
}

QList<FieldError> AppProject::validate() const
{
    QList<FieldError> errors;
    checkObjectName(u"metadata.name"_s, metadata.name, errors);
    for (qsizetype i = 0; i < spec.sourceRepos.size(); ++i) {
        if (spec.sourceRepos.at(i).trimmed().isEmpty())
            errors.append({u"spec.sourceRepos[%1]"_s.arg(i), Tr::tr("must not be empty")});
    }
    QStringList seen;
    for (qsizetype i = 0; i < spec.destinations.size(); ++i) {
        const ApplicationDestination &destination = spec.destinations.at(i);
        const QString path = u"spec.destinations[%1]"_s.arg(i);
        if (destination.server.isEmpty() && destination.name.isEmpty())
            errors.append({path, Tr::tr("needs a server or a cluster name (\"*\" for any)")});
        for (const auto &[field, value] :
             {std::pair{u"server"_s, destination.server}, std::pair{u"name"_s, destination.name},
              std::pair{u"namespace"_s, destination.ns}}) {
            if (value == u"!*")
                errors.append({path + u'.' + field, Tr::tr("\"!*\" would match nothing")});
        }
        const QString key = destination.server + u'/' + destination.name + u'/' + destination.ns;
        if (seen.contains(key))
            errors.append({path,
                           Tr::tr("destination '%1' already added")
                               .arg(destination.server.isEmpty() ? destination.name : destination.server)});
        seen.append(key);
    }
    static const QRegularExpression roleName(u"^[a-zA-Z0-9]([-_a-zA-Z0-9]*[a-zA-Z0-9])?$"_s);
    QStringList roleNames;
    for (qsizetype i = 0; i < spec.roles.size(); ++i) {
        const ProjectRole &role = spec.roles.at(i);
        const QString path = u"spec.roles[%1]"_s.arg(i);
        if (!roleName.match(role.name).hasMatch())
            errors.append({path + u".name"_s,
                           Tr::tr("\"%1\" is not a valid role name: use letters, digits, '-' and '_'").arg(role.name)});
        else if (roleNames.contains(role.name))
            errors.append({path + u".name"_s, Tr::tr("role '%1' already exists").arg(role.name)});
        roleNames.append(role.name);
        for (qsizetype j = 0; j < role.policies.size(); ++j) {
            if (const QString problem = policyProblem(metadata.name, role.name, role.policies.at(j));
                !problem.isEmpty())
                errors.append({path + u".policies[%1]"_s.arg(j), problem});
            else if (role.policies.indexOf(role.policies.at(j)) < j)
                errors.append({path + u".policies[%1]"_s.arg(j),
                               Tr::tr("policy '%1' already exists for role '%2'").arg(role.policies.at(j), role.name)});
        }
        static const QRegularExpression badGroupCharacters(u"[\"\n\r\t]"_s);
        for (qsizetype j = 0; j < role.groups.size(); ++j) {
            QString group = role.groups.at(j).trimmed();
            const QString groupPath = path + u".groups[%1]"_s.arg(j);
            if (group.size() > 1 && group.startsWith(u'"') && group.endsWith(u'"'))
                group = group.mid(1, group.size() - 2);
            else if (group.contains(u','))
                errors.append({groupPath, Tr::tr("group '%1' must be quoted").arg(group)});
            if (group.isEmpty())
                errors.append({groupPath, Tr::tr("group must not be empty")});
            else if (badGroupCharacters.match(group).hasMatch())
                errors.append({groupPath, Tr::tr("group '%1' contains invalid characters").arg(group)});
        }
    }
    for (qsizetype i = 0; i < spec.syncWindows.size(); ++i) {
        const SyncWindow &window = spec.syncWindows.at(i);
        const QString path = u"spec.syncWindows[%1]"_s.arg(i);
        if (window.kind != u"allow" && window.kind != u"deny")
            errors.append({path + u".kind"_s, Tr::tr("must be \"allow\" or \"deny\", not \"%1\"").arg(window.kind)});
        if (const auto schedule = CronSchedule::parse(window.schedule); !schedule)
            errors.append({path + u".schedule"_s, schedule.error()});
        if (!parseDuration(window.duration))
            errors.append({path + u".duration"_s,
                           Tr::tr("\"%1\" is not a duration such as \"1h\" or \"30m\"").arg(window.duration)});
        if (!window.timeZone.isEmpty() && !QTimeZone(window.timeZone.toUtf8()).isValid())
            errors.append({path + u".timeZone"_s, Tr::tr("\"%1\" is not a known time zone").arg(window.timeZone)});
    }
    return errors;
}

} // namespace Capstan::Model
