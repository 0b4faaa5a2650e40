// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>

namespace Capstan {

/// What the sync dialog asks for: Argo CD's ApplicationSyncRequest, with the
/// options its web UI offers.
struct SyncRequest
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::SyncRequest)

public:
    /// Empty: the app's target revision.
    QString revision;
    bool prune = false;
    bool dryRun = false;
    bool applyOutOfSyncOnly = false;
    bool force = false;
    bool replace = false;
    bool serverSideApply = false;
    bool createNamespace = false;
    bool pruneLast = false;
    /// No value: the server's retry rules (none, unless the app sets them).
    std::optional<Model::RetryStrategy> retry;
    /// Empty: every resource (and so pruning what is no longer desired).
    QList<Model::SyncOperationResource> resources;

    /// The options the application's own sync policy sets.
    static SyncRequest defaultsFor(const QJsonObject &application);

    /// What is wrong, by field ("retry.limit", "retry.duration",
    /// "retry.factor", "retry.maxDuration"); empty when it can be sent.
    QMap<QString, QString> validate() const;

    /// The body of POST /api/v1/applications/{name}/sync.
    QJsonObject toJson(const QString &name, const QString &appNamespace) const;
};

/// What is wrong with a retry strategy, by field ("retry.limit",
/// "retry.duration", "retry.factor", "retry.maxDuration").
QMap<QString, QString> retryErrors(const Model::RetryStrategy &retry);

} // namespace Capstan
