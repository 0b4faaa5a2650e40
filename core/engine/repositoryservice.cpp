// SPDX-License-Identifier: Apache-2.0
#include "repositoryservice.h"

#include "engine/controller.h"
#include "source/sourceservice.h"
#include "store/store.h"

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

using Model::ConnectionState;
using Model::Repository;

constexpr std::chrono::minutes stateLifetime{3};

Source::RepositoryCredentials credentialsOf(const Repository &repository)
{
    Source::RepositoryCredentials credentials;
    credentials.username = repository.username;
    credentials.password = repository.password;
    credentials.sshPrivateKey = repository.sshPrivateKey;
    credentials.bearerToken = repository.bearerToken;
    credentials.insecure = repository.isInsecure();
    return credentials;
}

Result<void, ApiError> checked(const QList<Model::FieldError> &errors)
{
    if (!errors.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, Model::ValidationError{errors}.message()));
    return {};
}

ApiError specIsDifferent(const QString &entity)
{
    return ApiError::fromCode(GrpcCode::InvalidArgument,
                              u"existing %1 spec is different; use upsert flag to force update"_s.arg(entity));
}

} // namespace

RepositoryService::RepositoryService(Store::Store &store, Source::SourceService &sources, Controller &controller)
    : m_store(store)
    , m_sources(sources)
    , m_controller(controller)
{ }

ApiError RepositoryService::notFound(const QString &url)
{
    return ApiError::fromCode(GrpcCode::NotFound, u"repo '%1' not found"_s.arg(url));
}

Result<void, ApiError> RepositoryService::checkAllowed(const QString &url) const
{
    if (const auto allowed = m_sources.localRepositories().check(url); !allowed)
        return Failure(ApiError::fromCode(GrpcCode::PermissionDenied, allowed.error().message));
    return {};
}

ConnectionState RepositoryService::testConnection(const Repository &repository)
{
    Source::RepositoryCredentials credentials = credentialsOf(repository);
    if (!credentials.hasSecrets() && credentials.username.isEmpty()) {
        const bool insecure = credentials.insecure;
        credentials = m_controller.credentialsFor(repository.repo);
        credentials.insecure = credentials.insecure || insecure;
    }
    ConnectionState state;
    state.attemptedAt = QDateTime::currentDateTimeUtc();
    const auto refs = m_sources.listRefsNow(repository.repo, credentials);
    if (refs) {
        state.status = ConnectionState::Status::Successful;
    } else {
        state.status = ConnectionState::Status::Failed;
        state.message = u"Unable to connect to repository: "_s + refs.error().message;
    }
    return state;
}

ConnectionState RepositoryService::connectionState(const QString &url, bool forceRefresh)
{
    {
        QMutexLocker locker(&m_statesMutex);
        const auto it = m_states.constFind(url);
        if (!forceRefresh && it != m_states.cend() && !it->expiry.hasExpired())
            return it->state;
    }
    const std::optional<Repository> stored = m_store.repositoryWithSecrets(url);
    Repository repository = stored.value_or(Repository{});
    repository.repo = url;
    const ConnectionState state = testConnection(repository);
    QMutexLocker locker(&m_statesMutex);
    m_states.insert(url, {state, QDeadlineTimer(stateLifetime)});
    return state;
}

Result<Repository, ApiError> RepositoryService::create(const Repository &repository, bool upsert)
{
    if (auto allowed = checkAllowed(repository.repo); !allowed)
        return Failure(allowed.error());
    if (auto valid = checked(repository.validate()); !valid)
        return Failure(valid.error());
    const ConnectionState state = testConnection(repository);
    if (state.status != ConnectionState::Status::Successful)
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, state.message));
    {
        QMutexLocker locker(&m_statesMutex);
        m_states.insert(repository.repo, {state, QDeadlineTimer(stateLifetime)});
    }
    if (const std::optional<Repository> existing = m_store.repositoryWithSecrets(repository.repo)) {
        Repository wanted = repository;
        wanted.connectionState = existing->connectionState;
        if (*existing == wanted)
            return existing->withoutSecrets();
        if (!upsert)
            return Failure(specIsDifferent(u"repository"_s));
        return update(repository);
    }
    auto created = m_store.createRepository(repository);
    if (!created)
        return Failure(created.error().toApiError());
    return created->withoutSecrets();
}

Result<Repository, ApiError> RepositoryService::update(const Repository &repository)
{
    if (auto allowed = checkAllowed(repository.repo); !allowed)
        return Failure(allowed.error());
    if (auto valid = checked(repository.validate()); !valid)
        return Failure(valid.error());
    if (!m_store.repository(repository.repo))
        return Failure(notFound(repository.repo));
    auto updated = m_store.updateRepository(repository, Store::Store::Secrets::KeepUnset);
    if (!updated)
        return Failure(updated.error().toApiError());
    QMutexLocker locker(&m_statesMutex);
    m_states.remove(repository.repo);
    return updated->withoutSecrets();
}

Result<void, ApiError> RepositoryService::remove(const QString &url)
{
    if (!m_store.repository(url))
        return Failure(notFound(url));
    auto removed = m_store.deleteRepository(url);
    if (!removed)
        return Failure(removed.error().toApiError());
    QMutexLocker locker(&m_statesMutex);
    m_states.remove(url);
    return {};
}

Result<RepositoryRefs, ApiError> RepositoryService::refs(const QString &url)
{
    if (auto allowed = checkAllowed(url); !allowed)
        return Failure(allowed.error());
    const auto listed = m_sources.listRefsNow(url, m_controller.credentialsFor(url));
    if (!listed)
        return Failure(ApiError::fromCode(GrpcCode::Unavailable, listed.error().message));
    RepositoryRefs refs;
    for (const Source::RemoteRef &ref : *listed) {
        if (ref.name.startsWith(u"refs/heads/"))
            refs.branches.append(ref.name.mid(11));
        else if (ref.name.startsWith(u"refs/tags/") && !ref.name.endsWith(u"^{}"))
            refs.tags.append(ref.name.mid(10));
    }
    refs.branches.sort();
    refs.tags.sort();
    return refs;
}

Result<Model::RepoCreds, ApiError> RepositoryService::createCredentials(const Model::RepoCreds &credentials,
                                                                        bool upsert)
{
    if (credentials.url.isEmpty())
        return Failure(ApiError::fromCode(GrpcCode::InvalidArgument, u"the credentials' url is required"_s));
    if (auto allowed = checkAllowed(credentials.url); !allowed)
        return Failure(allowed.error());
    if (const auto existing = m_store.repositoryCredentialsWithSecrets(credentials.url)) {
        if (*existing == credentials)
            return existing->withoutSecrets();
        if (!upsert)
            return Failure(specIsDifferent(u"repository credentials"_s));
        return updateCredentials(credentials);
    }
    auto created = m_store.createRepositoryCredentials(credentials);
    if (!created)
        return Failure(created.error().toApiError());
    return created->withoutSecrets();
}

Result<Model::RepoCreds, ApiError> RepositoryService::updateCredentials(const Model::RepoCreds &credentials)
{
    if (auto allowed = checkAllowed(credentials.url); !allowed)
        return Failure(allowed.error());
    if (!m_store.repositoryCredentialsWithSecrets(credentials.url))
        return Failure(
            ApiError::fromCode(GrpcCode::NotFound, u"repository credentials '%1' not found"_s.arg(credentials.url)));
    auto updated = m_store.updateRepositoryCredentials(credentials, Store::Store::Secrets::KeepUnset);
    if (!updated)
        return Failure(updated.error().toApiError());
    return updated->withoutSecrets();
}

Result<void, ApiError> RepositoryService::removeCredentials(const QString &url)
{
    if (!m_store.repositoryCredentialsWithSecrets(url))
        return Failure(ApiError::fromCode(GrpcCode::NotFound, u"repository credentials '%1' not found"_s.arg(url)));
    auto removed = m_store.deleteRepositoryCredentials(url);
    if (!removed)
        return Failure(removed.error().toApiError());
    return {};
}

} // namespace Capstan::Engine
