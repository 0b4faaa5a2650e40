// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "model/repository.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QStringList>

namespace Capstan::Source {
class SourceService;
}
namespace Capstan::Store {
class Store;
}

namespace Capstan::Engine {

class Controller;

/// A repository's branches and tags, as Argo CD's refs call lists them.
struct RepositoryRefs
{
    QStringList branches;
    QStringList tags;
};

/// What users do to repositories and credential templates, with Argo CD's
/// rules and messages (its server/repository and server/repocreds
/// services). Permissions are the caller's business.
///
/// Connection states come from listing the remote's references with the
/// repository's credentials (or a template's), and are kept for three
/// minutes unless a refresh is forced. Secrets are write-only: nothing
/// returned here carries one. Thread-safe; calls that reach a remote block,
/// so make them off the GUI and server threads.
class RepositoryService
{
public:
    RepositoryService(Store::Store &store, Source::SourceService &sources, Controller &controller);

    /// Lists the remote's references with @p repository's credentials, or
    /// those the server has for its URL when it brings none.
    Model::ConnectionState testConnection(const Model::Repository &repository);
    /// PermissionDenied, naming the way to allow it, for a repository on the
    /// server's disk that this server may not read; nothing otherwise.
    Result<void, ApiError> checkAllowed(const QString &url) const;
    /// The stored repository's state, tested at most every three minutes.
    Model::ConnectionState connectionState(const QString &url, bool forceRefresh);

    /// Tests the connection first, as Argo CD does. The same repository
    /// again is no change; a different one needs @p upsert.
    Result<Model::Repository, ApiError> create(const Model::Repository &repository, bool upsert);
    /// Secret fields left empty keep their stored values.
    Result<Model::Repository, ApiError> update(const Model::Repository &repository);
    Result<void, ApiError> remove(const QString &url);
    Result<RepositoryRefs, ApiError> refs(const QString &url);

    Result<Model::RepoCreds, ApiError> createCredentials(const Model::RepoCreds &credentials, bool upsert);
    Result<Model::RepoCreds, ApiError> updateCredentials(const Model::RepoCreds &credentials);
    Result<void, ApiError> removeCredentials(const QString &url);

    static ApiError notFound(const QString &url);

private:
    struct CachedState
    {
        Model::ConnectionState state;
        QDeadlineTimer expiry;
    };

    Store::Store &m_store;
    Source::SourceService &m_sources;
    Controller &m_controller;
    QMutex m_statesMutex;
    QHash<QString, CachedState> m_states;
};

} // namespace Capstan::Engine
