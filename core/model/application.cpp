// SPDX-License-Identifier: Apache-2.0
#include "application.h"

#include "model/duration.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Capstan::Model {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Model)
};
} // namespace

QList<ApplicationSource> ApplicationSpec::allSources() const
{
    if (!sources.isEmpty())
        return sources;
    if (source)
        return {*source};
    return {};
}

bool ApplicationCondition::isError() const
{
    return Json::enumName(type).endsWith(u"Error");
}

bool OperationState::isCompleted() const
{
    return phase == OperationPhase::Failed || phase == OperationPhase::Error || phase == OperationPhase::Succeeded;
}

QString Application::resourcesFinalizer()
{
    return u"resources-finalizer.argocd.argoproj.io"_s;
}

QJsonObject Application::toKubernetesJson() const
{
    QJsonObject object = toJson(*this);
    object.insert(u"apiVersion"_s, u"argoproj.io/v1alpha1"_s);
    object.insert(u"kind"_s, u"Application"_s);
    return object;
}

namespace {

void checkSource(const ApplicationSource &source, const QString &path, bool multiple, QList<FieldError> &errors)
{
    if (source.repoURL.trimmed().isEmpty())
        errors.append({path + u".repoURL"_s, Tr::tr("is required")});
    if (!multiple && source.path.isEmpty() && source.chart.isEmpty())
        errors.append(
            {path + u".path"_s, Tr::tr("is required unless a chart is given (\".\" is the repository root)")});
    if (multiple && source.path.isEmpty() && source.chart.isEmpty() && source.ref.isEmpty())
        errors.append({path, Tr::tr("needs a path, a chart or a ref")});
    if (!source.chart.isEmpty() && source.targetRevision.isEmpty())
        errors.append({path + u".targetRevision"_s, Tr::tr("is required for a Helm chart")});
    if (source.path.startsWith(u'/') || source.path.split(u'/').contains(u".."_s))
        errors.append({path + u".path"_s, Tr::tr("must be a relative path inside the repository")});
    int blocks = 0;
    for (bool present : {source.helm.has_value(), source.kustomize.has_value(), source.directory.has_value(),
                         source.plugin.has_value()})
        blocks += present ? 1 : 0;
    if (blocks > 1)
        errors.append({path, Tr::tr("can have only one of helm, kustomize, directory and plugin")});
    if (source.plugin)
        errors.append({path + u".plugin"_s, Tr::tr("config management plugins are not supported")});
}

void checkDuration(const QString &path, const QString &value, QList<FieldError> &errors)
{
    if (!value.isEmpty() && !parseDuration(value))
        errors.append({path,
                       Tr::tr("\"%1\" is not a duration: use seconds (\"30\") or units such as \"30s\", "
                              "\"5m\" or \"1h\"")
                           .arg(value)});
}

} // namespace

QList<FieldError> Application::validate() const
{
    QList<FieldError> errors;
    checkObjectName(u"metadata.name"_s, metadata.name, errors);

    if (spec.destination.server.isEmpty() && spec.destination.name.isEmpty())
        errors.append({u"spec.destination"_s, Tr::tr("needs a server or a cluster name")});
    else if (!spec.destination.server.isEmpty() && !spec.destination.name.isEmpty())
        errors.append({u"spec.destination"_s,
                       Tr::tr("can't have both name and server defined: %1 %2")
                           .arg(spec.destination.name, spec.destination.server)});

    if (spec.source && !spec.sources.isEmpty())
        errors.append({u"spec"_s, Tr::tr("can have spec.source or spec.sources, not both")});
    else if (!spec.source && spec.sources.isEmpty())
        errors.append({u"spec.source"_s, Tr::tr("is required")});
    if (spec.source)
        checkSource(*spec.source, u"spec.source"_s, false, errors);
    for (qsizetype i = 0; i < spec.sources.size(); ++i)
        checkSource(spec.sources.at(i), u"spec.sources[%1]"_s.arg(i), true, errors);

    if (spec.revisionHistoryLimit && *spec.revisionHistoryLimit < 0)
        errors.append({u"spec.revisionHistoryLimit"_s, Tr::tr("must not be negative")});
    for (qsizetype i = 0; i < spec.ignoreDifferences.size(); ++i) {
        if (spec.ignoreDifferences.at(i).kind.isEmpty())
            errors.append({u"spec.ignoreDifferences[%1].kind"_s.arg(i), Tr::tr("is required")});
    }

    if (spec.syncPolicy) {
        const SyncPolicy &policy = *spec.syncPolicy;
        for (qsizetype i = 0; i < policy.syncOptions.size(); ++i) {
            const QString &option = policy.syncOptions.at(i);
            const qsizetype equals = option.indexOf(u'=');
            if (equals <= 0 || equals == option.size() - 1)
                errors.append({u"spec.syncPolicy.syncOptions[%1]"_s.arg(i),
                               Tr::tr("\"%1\" is not of the form Name=value").arg(option)});
        }
        if (policy.retry && policy.retry->backoff) {
            const Backoff &backoff = *policy.retry->backoff;
            checkDuration(u"spec.syncPolicy.retry.backoff.duration"_s, backoff.duration, errors);
            checkDuration(u"spec.syncPolicy.retry.backoff.maxDuration"_s, backoff.maxDuration, errors);
            if (backoff.factor && *backoff.factor < 1)
                errors.append({u"spec.syncPolicy.retry.backoff.factor"_s, Tr::tr("must be at least 1")});
        }
    }
    return errors;
}

} // namespace Capstan::Model
