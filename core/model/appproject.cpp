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
    for (qsizetype i = 0; i < spec.roles.size(); ++i) {
        if (!roleName.match(spec.roles.at(i).name).hasMatch())
            errors.append({u"spec.roles[%1].name"_s.arg(i),
                           Tr::tr("\"%1\" is not a valid role name: use letters, digits, '-' and '_'")
                               .arg(spec.roles.at(i).name)});
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
