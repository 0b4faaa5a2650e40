// SPDX-License-Identifier: Apache-2.0
#include "syncrequest.h"

#include "model/duration.h"
#include "model/jsonfields.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Capstan {

SyncRequest SyncRequest::defaultsFor(const QJsonObject &application)
{
    SyncRequest request;
    const QJsonObject policy = application.value(u"spec").toObject().value(u"syncPolicy").toObject();
    request.prune = policy.value(u"automated").toObject().value(u"prune").toBool();
    for (const QJsonValue &option : policy.value(u"syncOptions").toArray()) {
        const QString text = option.toString();
        request.applyOutOfSyncOnly |= text == u"ApplyOutOfSyncOnly=true";
        request.replace |= text == u"Replace=true";
        request.serverSideApply |= text == u"ServerSideApply=true";
        request.createNamespace |= text == u"CreateNamespace=true";
        request.pruneLast |= text == u"PruneLast=true";
    }
    if (policy.contains(u"retry")) {
        if (auto retry = Model::fromJson<Model::RetryStrategy>(policy.value(u"retry").toObject()))
            request.retry = *retry;
    }
    return request;
}

QMap<QString, QString> retryErrors(const Model::RetryStrategy &retry)
{
    QMap<QString, QString> errors;
    if (retry.limit < -1)
        errors.insert(u"retry.limit"_s, SyncRequest::tr("The limit must be -1 (retry forever), 0 (never) or more."));
    if (!retry.backoff)
        return errors;
    const Model::Backoff &backoff = *retry.backoff;
    const auto duration = [&errors](const QString &field, const QString &text) {
        if (!text.isEmpty() && !Model::parseDuration(text))
            errors.insert(field, SyncRequest::tr("\"%1\" is not a duration: write it as 5s, 3m or 1h30m.").arg(text));
    };
    duration(u"retry.duration"_s, backoff.duration);
    duration(u"retry.maxDuration"_s, backoff.maxDuration);
    if (backoff.factor && *backoff.factor < 1)
        errors.insert(u"retry.factor"_s, SyncRequest::tr("The factor must be 1 or more."));
    if (!errors.contains(u"retry.duration"_s) && !errors.contains(u"retry.maxDuration"_s) && !backoff.duration.isEmpty()
        && !backoff.maxDuration.isEmpty()
        && *Model::parseDuration(backoff.maxDuration) < *Model::parseDuration(backoff.duration))
        errors.insert(u"retry.maxDuration"_s, SyncRequest::tr("The longest wait is shorter than the first one."));
    return errors;
}

QMap<QString, QString> SyncRequest::validate() const
{
    return retry ? retryErrors(*retry) : QMap<QString, QString>();
}

QJsonObject SyncRequest::toJson(const QString &name, const QString &appNamespace) const
{
    QJsonObject body{{u"name"_s, name}, {u"prune"_s, prune}, {u"dryRun"_s, dryRun}};
    if (!appNamespace.isEmpty())
        body.insert(u"appNamespace"_s, appNamespace);
    if (!revision.isEmpty())
        body.insert(u"revision"_s, revision);
    if (force)
        body.insert(u"strategy"_s, QJsonObject{{u"hook"_s, QJsonObject{{u"force"_s, true}}}});
    QStringList options;
    if (applyOutOfSyncOnly)
        options << u"ApplyOutOfSyncOnly=true"_s;
    if (replace)
        options << u"Replace=true"_s;
    if (serverSideApply)
        options << u"ServerSideApply=true"_s;
    if (createNamespace)
        options << u"CreateNamespace=true"_s;
    if (pruneLast)
        options << u"PruneLast=true"_s;
    if (!options.isEmpty())
        body.insert(u"syncOptions"_s, QJsonObject{{u"items"_s, QJsonArray::fromStringList(options)}});
    if (retry)
        body.insert(u"retryStrategy"_s, Model::toJson(*retry));
    if (!resources.isEmpty()) {
        QJsonArray list;
        for (const Model::SyncOperationResource &resource : resources)
            list.append(Model::toJson(resource));
        body.insert(u"resources"_s, list);
    }
    return body;
}

} // namespace Capstan
