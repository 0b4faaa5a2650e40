// SPDX-License-Identifier: Apache-2.0
#include "applicationsummary.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QDateTime time(const QJsonValue &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODate);
}

} // namespace

ApplicationSummary ApplicationSummary::fromJson(const QJsonObject &application)
{
    ApplicationSummary s;
    const QJsonObject metadata = application.value(u"metadata").toObject();
    s.name = metadata.value(u"name").toString();
    s.ns = metadata.value(u"namespace").toString();
    s.resourceVersion = metadata.value(u"resourceVersion").toString();
    const QJsonObject labels = metadata.value(u"labels").toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        s.labels.insert(it.key(), it.value().toString());

    const QJsonObject spec = application.value(u"spec").toObject();
    s.project = spec.value(u"project").toString();
    if (s.project.isEmpty())
        s.project = u"default"_s;
    QJsonObject source = spec.value(u"source").toObject();
    const QJsonArray sources = spec.value(u"sources").toArray();
    s.sourceCount = source.isEmpty() ? int(sources.size()) : 1;
    if (source.isEmpty() && !sources.isEmpty())
        source = sources.first().toObject();
    s.repoUrl = source.value(u"repoURL").toString();
    s.path = source.value(u"path").toString();
    s.chart = source.value(u"chart").toString();
    s.targetRevision = source.value(u"targetRevision").toString();
    if (s.targetRevision.isEmpty())
        s.targetRevision = u"HEAD"_s;
    const QJsonObject destination = spec.value(u"destination").toObject();
    s.destinationServer = destination.value(u"server").toString();
    s.destinationName = destination.value(u"name").toString();
    s.destinationNamespace = destination.value(u"namespace").toString();
    s.automated = spec.value(u"syncPolicy").toObject().contains(u"automated");

    const QJsonObject status = application.value(u"status").toObject();
    const QJsonObject sync = status.value(u"sync").toObject();
    s.syncStatus = sync.value(u"status").toString(u"Unknown"_s);
    s.revision = sync.value(u"revision").toString();
    if (s.revision.isEmpty())
        s.revision = sync.value(u"revisions").toArray().first().toString();
    const QJsonObject health = status.value(u"health").toObject();
    s.healthStatus = health.value(u"status").toString(u"Unknown"_s);
    s.healthMessage = health.value(u"message").toString();
    s.conditionCount = int(status.value(u"conditions").toArray().size());

    const QJsonObject operationState = status.value(u"operationState").toObject();
    s.operationPhase = operationState.value(u"phase").toString();
    s.operationRunning
        = application.contains(u"operation") || s.operationPhase == u"Running" || s.operationPhase == u"Terminating";
    s.lastSync = time(operationState.value(u"finishedAt"));
    if (!s.lastSync.isValid())
        s.lastSync = time(operationState.value(u"startedAt"));
    return s;
}

} // namespace Capstan
