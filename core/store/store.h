// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "model/application.h"
#include "model/appproject.h"
#include "model/cluster.h"
#include "model/repository.h"
#include "store/storeerror.h"

#include <QObject>
#include <shared_mutex>

#include <functional>
#include <memory>

namespace Capstan::Store {

class Database;

enum class ChangeType { Added, Modified, Deleted };

/// Where Capstan keeps applications, projects, repositories, credential
/// templates and clusters: one SQLite file (see Database), read through a
/// copy in memory.
///
/// Reads come from memory, from any thread, and never wait for the disk.
/// Writes go to the database thread, each in one transaction, and return once
/// committed; only then does memory change and a ...Changed signal go out
/// (emitted on the database thread: connect with a context object).
///
/// Secrets (repository passwords and keys, cluster tokens and key data) live
/// in a table of their own. Every read leaves them out except the ...Secrets()
/// calls, which read them from disk for the one caller that needs them.
///
/// Applications and projects get Kubernetes metadata: a uid, a creation
/// time, a generation that counts spec changes, and a resourceVersion from
/// one counter. An update that names an older resourceVersion fails with
/// Conflict, as the Kubernetes API's does.
class Store : public QObject
{
    Q_OBJECT

public:
    ~Store() override;

    /// Opens (or creates) the database file and loads it.
    static Result<std::unique_ptr<Store>, StoreError> open(const QString &file);

    QString fileName() const;
    int schemaVersion() const;

    using ApplicationEdit = std::function<Result<void, StoreError>(Model::Application &)>;

    // Applications, keyed by namespace and name.
    QList<Model::Application> applications() const;
    std::optional<Model::Application> application(const QString &ns, const QString &name) const;
    Result<Model::Application, StoreError> createApplication(Model::Application application);
    /// Replaces metadata labels, annotations and finalizers, spec and
    /// operation; keeps status.
    Result<Model::Application, StoreError> updateApplication(const Model::Application &application);
    /// Changes an application in one step: @p edit runs on the database
    /// thread with the current object, and nothing else writes in between.
    /// It must be quick. An edit that changes nothing is not written: no new
    /// resourceVersion, no signal.
    Result<Model::Application, StoreError> editApplication(const QString &ns, const QString &name,
                                                           const ApplicationEdit &edit);
    Result<void, StoreError> deleteApplication(const QString &ns, const QString &name);

    // Projects, keyed by name.
    QList<Model::AppProject> projects() const;
    std::optional<Model::AppProject> project(const QString &name) const;
    Result<Model::AppProject, StoreError> createProject(Model::AppProject project);
    Result<Model::AppProject, StoreError> updateProject(const Model::AppProject &project);
    /// Refused while applications use the project.
    Result<void, StoreError> deleteProject(const QString &name);

    /// Whether secret fields left empty in an update keep their stored value
    /// (a form that does not show them) or are cleared.
    enum class Secrets { Replace, KeepUnset };

    // Repositories, keyed by URL; reads carry no secrets.
    QList<Model::Repository> repositories() const;
    std::optional<Model::Repository> repository(const QString &url) const;
    /// The repository with its secrets.
    std::optional<Model::Repository> repositoryWithSecrets(const QString &url) const;
    Result<Model::Repository, StoreError> createRepository(const Model::Repository &repository);
    Result<Model::Repository, StoreError> updateRepository(const Model::Repository &repository,
                                                           Secrets secrets = Secrets::Replace);
    Result<void, StoreError> deleteRepository(const QString &url);

    // Credential templates, keyed by URL prefix.
    QList<Model::RepoCreds> repositoryCredentials() const;
    std::optional<Model::RepoCreds> repositoryCredentialsWithSecrets(const QString &url) const;
    Result<Model::RepoCreds, StoreError> createRepositoryCredentials(const Model::RepoCreds &credentials);
    Result<Model::RepoCreds, StoreError> updateRepositoryCredentials(const Model::RepoCreds &credentials,
                                                                     Secrets secrets = Secrets::Replace);
    Result<void, StoreError> deleteRepositoryCredentials(const QString &url);

    // Clusters, keyed by server URL; names are unique too.
    QList<Model::Cluster> clusters() const;
    std::optional<Model::Cluster> cluster(const QString &server) const;
    std::optional<Model::Cluster> clusterByName(const QString &name) const;
    std::optional<Model::Cluster> clusterWithSecrets(const QString &server) const;
    Result<Model::Cluster, StoreError> createCluster(const Model::Cluster &cluster);
    Result<Model::Cluster, StoreError> updateCluster(const Model::Cluster &cluster, Secrets secrets = Secrets::Replace);
    Result<void, StoreError> deleteCluster(const QString &server);

    /// The newest resourceVersion handed out.
    qint64 resourceVersion() const;

Q_SIGNALS:
    void applicationChanged(Capstan::Store::ChangeType type, const Capstan::Model::Application &application);
    void projectChanged(Capstan::Store::ChangeType type, const Capstan::Model::AppProject &project);
    void repositoryChanged(Capstan::Store::ChangeType type, const Capstan::Model::Repository &repository);
    void repositoryCredentialsChanged(Capstan::Store::ChangeType type, const Capstan::Model::RepoCreds &credentials);
    void clusterChanged(Capstan::Store::ChangeType type, const Capstan::Model::Cluster &cluster);

private:
    struct Collections;

    explicit Store(std::unique_ptr<Database> database);
    Result<void, StoreError> load();

    std::unique_ptr<Database> m_database;
    std::unique_ptr<Collections> m_collections;
    mutable std::shared_mutex m_lock;
    qint64 m_resourceVersion = 0;
};

} // namespace Capstan::Store

Q_DECLARE_METATYPE(Capstan::Store::ChangeType)
Q_DECLARE_METATYPE(Capstan::Model::Application)
Q_DECLARE_METATYPE(Capstan::Model::AppProject)
Q_DECLARE_METATYPE(Capstan::Model::Repository)
Q_DECLARE_METATYPE(Capstan::Model::RepoCreds)
Q_DECLARE_METATYPE(Capstan::Model::Cluster)
