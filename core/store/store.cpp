// SPDX-License-Identifier: Apache-2.0
#include "store.h"

#include "base/logging.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Capstan::Store {

using namespace Capstan::Model;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Store::Store)
};

/// The schema. Each collection is a table of JSON documents by key; secrets
/// are in a table of their own, keyed by "<table>/<key>".
QList<Migration> migrations()
{
    QStringList first;
    for (const char *table : {"applications", "projects", "repositories", "repository_credentials", "clusters"})
        first.append(
            u"CREATE TABLE %1 (key TEXT PRIMARY KEY NOT NULL, object TEXT NOT NULL)"_s.arg(QLatin1StringView(table)));
    first.append(u"CREATE TABLE secrets (owner TEXT PRIMARY KEY NOT NULL, data TEXT NOT NULL)"_s);
    first.append(u"CREATE TABLE counters (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)"_s);
    first.append(u"INSERT INTO counters (name, value) VALUES ('resourceVersion', 0)"_s);
    return {Migration{1, first}};
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

StoreError invalid(const QString &noun, const QList<FieldError> &errors)
{
    return StoreError::make(StoreError::Reason::Invalid,
                            Tr::tr("%1 is invalid: %2").arg(noun, ValidationError{errors}.message()));
}

// What differs between the kinds of objects kept.
template<typename T>
struct Kind;

template<>
struct Kind<Application>
{
    static constexpr auto table = "applications";
    static QString key(const Application &app) { return app.metadata.ns + u'/' + app.metadata.name; }
    static QString describe(const Application &app) { return Tr::tr("application \"%1\"").arg(app.metadata.name); }
    static QList<FieldError> validate(const Application &app) { return app.validate(); }
};

template<>
struct Kind<AppProject>
{
    static constexpr auto table = "projects";
    static QString key(const AppProject &project) { return project.metadata.name; }
    static QString describe(const AppProject &project) { return Tr::tr("project \"%1\"").arg(project.metadata.name); }
    static QList<FieldError> validate(const AppProject &project) { return project.validate(); }
};

template<>
struct Kind<Repository>
{
    static constexpr auto table = "repositories";
    static QString key(const Repository &repository) { return repository.repo; }
    static QString describe(const Repository &repository) { return Tr::tr("repository \"%1\"").arg(repository.repo); }
    static QList<FieldError> validate(const Repository &repository) { return repository.validate(); }
};

template<>
struct Kind<RepoCreds>
{
    static constexpr auto table = "repository_credentials";
    static QString key(const RepoCreds &credentials) { return credentials.url; }
    static QString describe(const RepoCreds &credentials)
    {
        return Tr::tr("repository credentials \"%1\"").arg(credentials.url);
    }
    static QList<FieldError> validate(const RepoCreds &credentials) { return credentials.validate(); }
};

template<>
struct Kind<Cluster>
{
    static constexpr auto table = "clusters";
    static QString key(const Cluster &cluster) { return cluster.server; }
    static QString describe(const Cluster &cluster) { return Tr::tr("cluster \"%1\"").arg(cluster.server); }
    static QList<FieldError> validate(const Cluster &cluster) { return cluster.validate(); }
};

template<typename T>
concept HasMetadata = requires(T value)
{
    value.metadata;
};
template<typename T>
concept HasSecrets = requires(T value)
{
    value.secrets();
};

} // namespace

namespace {

/// One kind of object: its copy in memory and its table.
template<typename T>
class Collection
{
public:
    using K = Kind<T>;

    QMap<QString, T> objects;

    Result<void, StoreError> load(QSqlDatabase &db)
    {
        QSqlQuery query(db);
        if (auto read = Database::exec(query, u"SELECT key, object FROM %1"_s.arg(QLatin1StringView(K::table))); !read)
            return read;
        while (query.next()) {
            const QString key = query.value(0).toString();
            auto value = fromJson<T>(QJsonDocument::fromJson(query.value(1).toString().toUtf8()).object());
            if (!value) {
                // A document this version cannot read is kept on disk untouched.
                qCWarning(lcStore) << "cannot read" << K::table << key << value.error().message();
                continue;
            }
            objects.insert(key, std::move(value).value());
        }
        return {};
    }

    /// Writes @p value (without secrets) and, for kinds that have them, @p secrets.
    static Result<void, StoreError> write(QSqlDatabase &db, const T &value, const QJsonObject &secrets)
    {
        QSqlQuery query(db);
        const QString key = K::key(value);
        if (auto written = Database::exec(
                query, u"INSERT OR REPLACE INTO %1 (key, object) VALUES (?, ?)"_s.arg(QLatin1StringView(K::table)),
                {key, jsonText(toJson(value))});
            !written)
            return written;
        if constexpr (HasSecrets<T>) {
            const QString owner = QLatin1StringView(K::table) + u'/' + key;
            if (secrets.isEmpty())
                return Database::exec(query, u"DELETE FROM secrets WHERE owner = ?"_s, {owner});
            return Database::exec(query, u"INSERT OR REPLACE INTO secrets (owner, data) VALUES (?, ?)"_s,
                                  {owner, jsonText(secrets)});
        }
        return {};
    }

    static Result<void, StoreError> remove(QSqlDatabase &db, const QString &key)
    {
        QSqlQuery query(db);
        if (auto removed
            = Database::exec(query, u"DELETE FROM %1 WHERE key = ?"_s.arg(QLatin1StringView(K::table)), {key});
            !removed)
            return removed;
        return Database::exec(query, u"DELETE FROM secrets WHERE owner = ?"_s,
                              {QString(QLatin1StringView(K::table) + u'/' + key)});
    }

    static Result<QJsonObject, StoreError> readSecrets(QSqlDatabase &db, const QString &key)
    {
        QSqlQuery query(db);
        if (auto read = Database::exec(query, u"SELECT data FROM secrets WHERE owner = ?"_s,
                                       {QString(QLatin1StringView(K::table) + u'/' + key)});
            !read)
            return Failure(read.error());
        if (!query.next())
            return QJsonObject();
        return QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
    }
};

} // namespace

struct Store::Collections
{
    Collection<Application> applications;
    Collection<AppProject> projects;
    Collection<Repository> repositories;
    Collection<RepoCreds> credentials;
    Collection<Cluster> clusters;
};

namespace {

Result<qint64, StoreError> nextResourceVersion(QSqlDatabase &db, qint64 current)
{
    QSqlQuery query(db);
    if (auto bumped
        = Database::exec(query, u"UPDATE counters SET value = ? WHERE name = 'resourceVersion'"_s, {current + 1});
        !bumped)
        return Failure(bumped.error());
    return current + 1;
}

StoreError notFound(const QString &what)
{
    return StoreError::make(StoreError::Reason::NotFound, Tr::tr("%1 not found").arg(what));
}

} // namespace

Store::Store(std::unique_ptr<Database> database)
    : m_database(std::move(database))
    , m_collections(std::make_unique<Collections>())
{
    qRegisterMetaType<ChangeType>();
    qRegisterMetaType<Application>();
    qRegisterMetaType<AppProject>();
    qRegisterMetaType<Repository>();
    qRegisterMetaType<RepoCreds>();
    qRegisterMetaType<Cluster>();
}

Store::~Store() = default;

Result<std::unique_ptr<Store>, StoreError> Store::open(const QString &file)
{
    auto database = Database::open(file, migrations());
    if (!database)
        return Failure(database.error());
    std::unique_ptr<Store> store(new Store(std::move(database).value()));
    if (auto loaded = store->load(); !loaded)
        return Failure(loaded.error());
    return store;
}

Result<void, StoreError> Store::load()
{
    return m_database->run([this](QSqlDatabase &db) -> Result<void, StoreError> {
        std::unique_lock locker(m_lock);
        for (auto loaded : {m_collections->applications.load(db), m_collections->projects.load(db),
                            m_collections->repositories.load(db), m_collections->credentials.load(db),
                            m_collections->clusters.load(db)}) {
            if (!loaded)
                return loaded;
        }
        QSqlQuery query(db);
        if (auto read = Database::exec(query, u"SELECT value FROM counters WHERE name = 'resourceVersion'"_s); !read)
            return read;
        m_resourceVersion = query.next() ? query.value(0).toLongLong() : 0;
        return {};
    });
}

QString Store::fileName() const
{
    return m_database->fileName();
}

int Store::schemaVersion() const
{
    return m_database->schemaVersion();
}

qint64 Store::resourceVersion() const
{
    std::shared_lock locker(m_lock);
    return m_resourceVersion;
}

namespace {

/// The one write path of every kind: validation, metadata, secrets apart,
/// one transaction, then memory and the signal.
template<typename T, typename Emit>
Result<T, StoreError> save(Database &database, std::shared_mutex &lock, QMap<QString, T> &objects,
                           qint64 &resourceVersion, T value, bool create, Store::Secrets secretsMode, Emit emitChange,
                           const std::function<Result<void, StoreError>(const T *current, T &value)> &prepare = {},
                           bool skipUnchanged = false)
{
    using K = Kind<T>;
    T stored;
    qint64 newVersion = 0;
    bool unchanged = false;
    Result<void, StoreError> written = database.transaction(
        [&](QSqlDatabase &db) -> Result<void, StoreError> {
            const QString key = K::key(value);
            std::optional<T> current;
            {
                std::shared_lock locker(lock);
                if (objects.contains(key))
                    current = objects.value(key);
            }
            if (create && current)
                return Failure(StoreError::make(StoreError::Reason::AlreadyExists,
                                                Tr::tr("%1 already exists").arg(K::describe(value))));
            if (!create && !current)
                return Failure(notFound(K::describe(value)));
            if (prepare) {
                if (auto prepared = prepare(current ? &*current : nullptr, value); !prepared)
                    return prepared;
            }
            if (const QList<FieldError> errors = K::validate(value); !errors.isEmpty())
                return Failure(invalid(K::describe(value), errors));
            if constexpr (HasMetadata<T>) {
                // An edit that changes nothing writes nothing and announces nothing.
                if (skipUnchanged && current) {
                    T same = value;
                    same.metadata.resourceVersion = current->metadata.resourceVersion;
                    if (same == *current) {
                        stored = *current;
                        unchanged = true;
                        return {};
                    }
                }
            }

            auto version = nextResourceVersion(db, resourceVersion);
            if (!version)
                return Failure(version.error());
            if constexpr (HasMetadata<T>) {
                ObjectMeta &meta = value.metadata;
                if (current) {
                    const ObjectMeta &old = current->metadata;
                    if (!meta.resourceVersion.isEmpty() && meta.resourceVersion != old.resourceVersion)
                        return Failure(StoreError::make(
                            StoreError::Reason::Conflict,
                            Tr::tr("%1 was changed by someone else (resourceVersion %2, now %3); read it again "
                                   "and retry")
                                .arg(K::describe(value), meta.resourceVersion, old.resourceVersion)));
                    meta.uid = old.uid;
                    meta.creationTimestamp = old.creationTimestamp;
                    meta.generation = old.generation + (value.spec == current->spec ? 0 : 1);
                } else {
                    meta.uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
                    meta.creationTimestamp = QDateTime::currentDateTimeUtc();
                    meta.creationTimestamp.setTime(QTime(meta.creationTimestamp.time().hour(),
                                                         meta.creationTimestamp.time().minute(),
                                                         meta.creationTimestamp.time().second()));
                    meta.generation = 1;
                }
                meta.resourceVersion = QString::number(*version);
            }
            QJsonObject secrets;
            if constexpr (HasSecrets<T>) {
                secrets = value.secrets();
                if (secretsMode == Store::Secrets::KeepUnset) {
                    // Read in the same transaction: nothing can change them in between.
                    auto stored = Collection<T>::readSecrets(db, key);
                    if (!stored)
                        return Failure(stored.error());
                    QJsonObject merged = *stored;
                    mergeFields(merged, secrets);
                    secrets = merged;
                }
                value = value.withoutSecrets();
            }
            if (auto done = Collection<T>::write(db, value, secrets); !done)
                return done;
            stored = value;
            newVersion = *version;
            return {};
        },
        [&] {
            if (unchanged)
                return;
            {
                std::unique_lock locker(lock);
                objects.insert(K::key(stored), stored);
                resourceVersion = newVersion;
            }
            emitChange(create ? ChangeType::Added : ChangeType::Modified, stored);
        });
    if (!written)
        return Failure(written.error());
    return stored;
}

} // namespace

// Applications

QList<Application> Store::applications() const
{
    std::shared_lock locker(m_lock);
    return m_collections->applications.objects.values();
}

std::optional<Application> Store::application(const QString &ns, const QString &name) const
{
    std::shared_lock locker(m_lock);
    const auto it = m_collections->applications.objects.constFind(ns + u'/' + name);
    return it == m_collections->applications.objects.cend() ? std::nullopt : std::optional(*it);
}

Result<Application, StoreError> Store::createApplication(Application application)
{
    application.status = {};
    application.metadata.deletionTimestamp.reset();
    return save<Application>(*m_database, m_lock, m_collections->applications.objects, m_resourceVersion,
                             std::move(application), true, Secrets::Replace,
                             [this](ChangeType type, const Application &app) { Q_EMIT applicationChanged(type, app); });
}

Result<Application, StoreError> Store::updateApplication(const Application &application)
{
    return save<Application>(
        *m_database, m_lock, m_collections->applications.objects, m_resourceVersion, application, false,
        Secrets::Replace, [this](ChangeType type, const Application &app) { Q_EMIT applicationChanged(type, app); },
        [](const Application *current, Application &value) -> Result<void, StoreError> {
            value.status = current->status;
            value.metadata.deletionTimestamp = current->metadata.deletionTimestamp;
            return {};
        });
}

Result<Application, StoreError> Store::editApplication(const QString &ns, const QString &name,
                                                       const ApplicationEdit &edit)
{
    Application key;
    key.metadata.ns = ns;
    key.metadata.name = name;
    return save<Application>(
        *m_database, m_lock, m_collections->applications.objects, m_resourceVersion, key, false, Secrets::Replace,
        [this](ChangeType type, const Application &app) { Q_EMIT applicationChanged(type, app); },
        [&edit](const Application *current, Application &value) -> Result<void, StoreError> {
            value = *current;
            if (auto edited = edit(value); !edited)
                return edited;
            // The edit works on the current object: its version is not a claim.
            value.metadata.resourceVersion.clear();
            return {};
        },
        true);
}

namespace {
template<typename T, typename Emit>
Result<void, StoreError> removeObject(Database &database, std::shared_mutex &lock, QMap<QString, T> &objects,
                                      qint64 &resourceVersion, const QString &key, const QString &what, Emit emitChange,
                                      const std::function<Result<void, StoreError>()> &check = {})
{
    T removed;
    qint64 newVersion = 0;
    auto done = database.transaction(
        [&](QSqlDatabase &db) -> Result<void, StoreError> {
            {
                std::shared_lock locker(lock);
                if (!objects.contains(key))
                    return Failure(notFound(what));
                removed = objects.value(key);
            }
            if (check) {
                if (auto allowed = check(); !allowed)
                    return allowed;
            }
            auto version = nextResourceVersion(db, resourceVersion);
            if (!version)
                return Failure(version.error());
            if (auto gone = Collection<T>::remove(db, key); !gone)
                return gone;
            newVersion = *version;
            return {};
        },
        [&] {
            {
                std::unique_lock locker(lock);
                objects.remove(key);
                resourceVersion = newVersion;
            }
            emitChange(ChangeType::Deleted, removed);
        });
    return done;
}
} // namespace

Result<void, StoreError> Store::deleteApplication(const QString &ns, const QString &name)
{
    return removeObject<Application>(
        *m_database, m_lock, m_collections->applications.objects, m_resourceVersion, ns + u'/' + name,
        Tr::tr("application \"%1\"").arg(name),
        [this](ChangeType type, const Application &app) { Q_EMIT applicationChanged(type, app); });
}

// Projects

QList<AppProject> Store::projects() const
{
    std::shared_lock locker(m_lock);
    return m_collections->projects.objects.values();
}

std::optional<AppProject> Store::project(const QString &name) const
{
    std::shared_lock locker(m_lock);
    const auto it = m_collections->projects.objects.constFind(name);
    return it == m_collections->projects.objects.cend() ? std::nullopt : std::optional(*it);
}

Result<AppProject, StoreError> Store::createProject(AppProject project)
{
    return save<AppProject>(*m_database, m_lock, m_collections->projects.objects, m_resourceVersion, std::move(project),
                            true, Secrets::Replace,
                            [this](ChangeType type, const AppProject &p) { Q_EMIT projectChanged(type, p); });
}

Result<AppProject, StoreError> Store::updateProject(const AppProject &project)
{
    return save<AppProject>(*m_database, m_lock, m_collections->projects.objects, m_resourceVersion, project, false,
                            Secrets::Replace,
                            [this](ChangeType type, const AppProject &p) { Q_EMIT projectChanged(type, p); });
}

Result<void, StoreError> Store::deleteProject(const QString &name)
{
    return removeObject<AppProject>(
        *m_database, m_lock, m_collections->projects.objects, m_resourceVersion, name,
        Tr::tr("project \"%1\"").arg(name),
        [this](ChangeType type, const AppProject &p) { Q_EMIT projectChanged(type, p); },
        [&]() -> Result<void, StoreError> {
            std::shared_lock locker(m_lock);
            qsizetype users = 0;
            for (const Application &app : std::as_const(m_collections->applications.objects))
                users += app.spec.projectName() == name ? 1 : 0;
            if (users > 0)
                return Failure(StoreError::make(StoreError::Reason::FailedPrecondition,
                                                Tr::tr("project is referenced by %n application(s)", nullptr, users)));
            return {};
        });
}

// Repositories, credential templates and clusters: secrets kept apart.

namespace {
template<typename T>
std::optional<T> find(std::shared_mutex &lock, const QMap<QString, T> &objects, const QString &key)
{
    std::shared_lock locker(lock);
    const auto it = objects.constFind(key);
    return it == objects.cend() ? std::nullopt : std::optional(*it);
}

template<typename T>
std::optional<T> withStoredSecrets(Database &database, std::optional<T> object)
{
    if (!object)
        return object;
    QJsonObject secrets;
    auto read = database.run([&](QSqlDatabase &db) -> Result<void, StoreError> {
        auto stored = Collection<T>::readSecrets(db, Kind<T>::key(*object));
        if (!stored)
            return Failure(stored.error());
        secrets = *stored;
        return {};
    });
    if (!read) {
        qCWarning(lcStore) << "cannot read secrets:" << read.error().message;
        return std::nullopt;
    }
    object->restoreSecrets(secrets);
    return object;
}

} // namespace

QList<Repository> Store::repositories() const
{
    std::shared_lock locker(m_lock);
    return m_collections->repositories.objects.values();
}

std::optional<Repository> Store::repository(const QString &url) const
{
    return find(m_lock, m_collections->repositories.objects, url);
}

std::optional<Repository> Store::repositoryWithSecrets(const QString &url) const
{
    return withStoredSecrets(*m_database, repository(url));
}

Result<Repository, StoreError> Store::createRepository(const Repository &repository)
{
    return save<Repository>(*m_database, m_lock, m_collections->repositories.objects, m_resourceVersion, repository,
                            true, Secrets::Replace,
                            [this](ChangeType type, const Repository &r) { Q_EMIT repositoryChanged(type, r); });
}

Result<Repository, StoreError> Store::updateRepository(const Repository &repository, Secrets secrets)
{
    return save<Repository>(*m_database, m_lock, m_collections->repositories.objects, m_resourceVersion, repository,
                            false, secrets,
                            [this](ChangeType type, const Repository &r) { Q_EMIT repositoryChanged(type, r); });
}

Result<void, StoreError> Store::deleteRepository(const QString &url)
{
    return removeObject<Repository>(*m_database, m_lock, m_collections->repositories.objects, m_resourceVersion, url,
                                    Tr::tr("repository \"%1\"").arg(url), [this](ChangeType type, const Repository &r) {
                                        Q_EMIT repositoryChanged(type, r);
                                    });
}

QList<RepoCreds> Store::repositoryCredentials() const
{
    std::shared_lock locker(m_lock);
    return m_collections->credentials.objects.values();
}

std::optional<RepoCreds> Store::repositoryCredentialsWithSecrets(const QString &url) const
{
    return withStoredSecrets(*m_database, find(m_lock, m_collections->credentials.objects, url));
}

Result<RepoCreds, StoreError> Store::createRepositoryCredentials(const RepoCreds &credentials)
{
    return save<RepoCreds>(
        *m_database, m_lock, m_collections->credentials.objects, m_resourceVersion, credentials, true, Secrets::Replace,
        [this](ChangeType type, const RepoCreds &c) { Q_EMIT repositoryCredentialsChanged(type, c); });
}

Result<RepoCreds, StoreError> Store::updateRepositoryCredentials(const RepoCreds &credentials, Secrets secrets)
{
    return save<RepoCreds>(
        *m_database, m_lock, m_collections->credentials.objects, m_resourceVersion, credentials, false, secrets,
        [this](ChangeType type, const RepoCreds &c) { Q_EMIT repositoryCredentialsChanged(type, c); });
}

Result<void, StoreError> Store::deleteRepositoryCredentials(const QString &url)
{
    return removeObject<RepoCreds>(
        *m_database, m_lock, m_collections->credentials.objects, m_resourceVersion, url,
        Tr::tr("repository credentials \"%1\"").arg(url),
        [this](ChangeType type, const RepoCreds &c) { Q_EMIT repositoryCredentialsChanged(type, c); });
}

QList<Cluster> Store::clusters() const
{
    std::shared_lock locker(m_lock);
    return m_collections->clusters.objects.values();
}

std::optional<Cluster> Store::cluster(const QString &server) const
{
    return find(m_lock, m_collections->clusters.objects, server);
}

std::optional<Cluster> Store::clusterByName(const QString &name) const
{
    std::shared_lock locker(m_lock);
    for (const Cluster &cluster : std::as_const(m_collections->clusters.objects)) {
        if (cluster.name == name)
            return cluster;
    }
    return std::nullopt;
}

std::optional<Cluster> Store::clusterWithSecrets(const QString &server) const
{
    return withStoredSecrets(*m_database, cluster(server));
}

namespace {
/// Cluster names are unique, as Argo CD's destinations by name need.
std::function<Result<void, StoreError>(const Cluster *, Cluster &)> uniqueName(std::shared_mutex &lock,
                                                                               const QMap<QString, Cluster> &clusters)
{
    return [&lock, &clusters](const Cluster *, Cluster &value) -> Result<void, StoreError> {
        std::shared_lock locker(lock);
        for (const Cluster &other : clusters) {
            if (other.server != value.server && !value.name.isEmpty() && other.name == value.name)
                return Failure(StoreError::make(
                    StoreError::Reason::AlreadyExists,
                    Tr::tr("a cluster named \"%1\" already exists (%2)").arg(value.name, other.server)));
        }
        return {};
    };
}
} // namespace

Result<Cluster, StoreError> Store::createCluster(const Cluster &cluster)
{
    return save<Cluster>(
        *m_database, m_lock, m_collections->clusters.objects, m_resourceVersion, cluster, true, Secrets::Replace,
        [this](ChangeType type, const Cluster &c) { Q_EMIT clusterChanged(type, c); },
        uniqueName(m_lock, m_collections->clusters.objects));
}

Result<Cluster, StoreError> Store::updateCluster(const Cluster &cluster, Secrets secrets)
{
    return save<Cluster>(
        *m_database, m_lock, m_collections->clusters.objects, m_resourceVersion, cluster, false, secrets,
        [this](ChangeType type, const Cluster &c) { Q_EMIT clusterChanged(type, c); },
        uniqueName(m_lock, m_collections->clusters.objects));
}

Result<void, StoreError> Store::deleteCluster(const QString &server)
{
    return removeObject<Cluster>(*m_database, m_lock, m_collections->clusters.objects, m_resourceVersion, server,
                                 Tr::tr("cluster \"%1\"").arg(server),
                                 [this](ChangeType type, const Cluster &c) { Q_EMIT clusterChanged(type, c); });
}

} // namespace Capstan::Store
