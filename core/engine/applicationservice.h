// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "model/application.h"

#include <optional>

namespace Capstan::Store {
class Store;
}
namespace Capstan::Source {
class SourceService;
}

namespace Capstan::Engine {

class Controller;

/// A sync as a user asks for it (Argo CD's ApplicationSyncRequest).
struct SyncRequest
{
    QString revision;
    /// For apps with several sources: the revision for each source named in
    /// sourcePositions (1-based), the others keep their targetRevision.
    QStringList revisions;
    QList<qint64> sourcePositions;
    bool prune = false;
    bool dryRun = false;
    std::optional<Model::SyncStrategy> strategy;
    QList<Model::SyncOperationResource> resources;
    /// Replaces the app's sync options when given.
    std::optional<QStringList> syncOptions;
    std::optional<Model::RetryStrategy> retry;
    /// Notes kept on the operation (Argo CD's infos).
    QList<Model::NameValue> info;
};

/// What users do to applications, with Argo CD's rules and errors (its
/// server/application service): create and update with project checks, delete
/// with or without cascade, sync, rollback, terminate and refresh. Operations
/// are recorded on the app; the Controller carries them out.
class ApplicationService
{
public:
    ApplicationService(Store::Store &store, Source::SourceService &sources, Controller &controller);

    Result<Model::Application, ApiError> create(Model::Application application, bool upsert, bool validate);
    Result<Model::Application, ApiError> update(Model::Application application, bool validate);
    /// `cascade` defaults to true; `propagationPolicy` is foreground or background.
    Result<void, ApiError> remove(const QString &ns, const QString &name, std::optional<bool> cascade,
                                  const QString &propagationPolicy);
    Result<Model::Application, ApiError> sync(const QString &ns, const QString &name, const SyncRequest &request,
                                              const QString &username);
    Result<Model::Application, ApiError> rollback(const QString &ns, const QString &name, qint64 id, bool dryRun,
                                                  bool prune, const QString &username);
    Result<Model::Application, ApiError> terminateOperation(const QString &ns, const QString &name);
    Result<Model::Application, ApiError> refresh(const QString &ns, const QString &name, bool hard);

    /// The namespace apps go to when they name none.
    static QString defaultNamespace();

private:
    Result<Model::Application, ApiError> validated(Model::Application application, bool validate) const;
    Result<Model::Application, ApiError> setOperation(const QString &ns, const QString &name,
                                                      const Model::Operation &operation);

    Store::Store &m_store;
    Source::SourceService &m_sources;
    Controller &m_controller;
};

} // namespace Capstan::Engine
