// SPDX-License-Identifier: Apache-2.0
#include "database.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <pthread.h>

using namespace Qt::StringLiterals;

namespace Capstan::Store {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Store::Database)
};

StoreError storageError(const QString &what, const QSqlError &error)
{
    return StoreError::make(StoreError::Reason::Storage, Tr::tr("%1: %2").arg(what, error.text()));
}
} // namespace

/// The QtSql connection, used only on the database's thread.
class Database::Connection
{
public:
    explicit Connection(QString name)
        : m_name(std::move(name))
    { }
    ~Connection()
    {
        if (QSqlDatabase::contains(m_name)) {
            {
                QSqlDatabase database = QSqlDatabase::database(m_name, false);
                database.close();
            }
            QSqlDatabase::removeDatabase(m_name);
        }
    }

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    const QString &name() const { return m_name; }

private:
    QString m_name;
};

/// One piece of work for the database's thread, and its result.
struct Database::Call
{
    const std::function<Result<void, StoreError>()> &work;
    Result<void, StoreError> result;
    bool done = false;
};

Database::Database(QString fileName)
    : m_fileName(std::move(fileName))
{ }

Database::~Database()
{
    if (!m_thread.joinable())
        return;
    // The connection must be closed on the thread that opened it.
    (void)runOnThread([this]() -> Result<void, StoreError> {
        m_connection.reset();
        return {};
    });
    {
        std::lock_guard locker(m_callsMutex);
        m_closing = true;
    }
    m_callArrived.notify_one();
    m_thread.join();
}

void Database::serve()
{
    std::unique_lock locker(m_callsMutex);
    for (;;) {
        m_callArrived.wait(locker, [this] { return m_closing || !m_calls.empty(); });
        if (m_calls.empty())
            return; // closing
        Call *call = m_calls.front();
        m_calls.pop_front();
        locker.unlock();
        call->result = call->work();
        locker.lock();
        call->done = true;
        m_callDone.notify_all();
    }
}

Result<std::unique_ptr<Database>, StoreError> Database::open(const QString &file, const QList<Migration> &migrations)
{
    const QString absolute = QFileInfo(file).absoluteFilePath();
    std::unique_ptr<Database> database(new Database(absolute));
    static QAtomicInt counter;
    database->m_connection = std::make_unique<Connection>(u"capstan-store-%1"_s.arg(counter.fetchAndAddRelaxed(1)));
    const Connection *connection = database->m_connection.get();
    database->m_thread = std::thread([raw = database.get()] {
        pthread_setname_np(pthread_self(), "capstan-store");
        raw->serve();
    });

    const auto opened = database->runOnThread([&]() -> Result<void, StoreError> {
        // Created with owner-only permissions: the file holds credentials.
        if (!QFile::exists(absolute)) {
            QFile create(absolute);
            if (!create.open(QIODevice::WriteOnly)
                || !create.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
                return Failure(StoreError::make(
                    StoreError::Reason::Storage,
                    Tr::tr("cannot create the database \"%1\": %2").arg(absolute, create.errorString())));
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection->name());
        db.setDatabaseName(absolute);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open())
            return Failure(storageError(Tr::tr("cannot open the database \"%1\"").arg(absolute), db.lastError()));

        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA quick_check"_s) || !query.next())
            return Failure(StoreError::make(StoreError::Reason::Storage,
                                            Tr::tr("the database \"%1\" is damaged or not a Capstan database: %2")
                                                .arg(absolute, query.lastError().databaseText())));
        if (const QString check = query.value(0).toString(); check != u"ok")
            return Failure(StoreError::make(StoreError::Reason::Storage,
                                            Tr::tr("the database \"%1\" is damaged: %2").arg(absolute, check)));
        if (!query.exec(u"PRAGMA journal_mode=WAL"_s) || !query.next()
            || query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
            return Failure(StoreError::make(
                StoreError::Reason::Storage,
                Tr::tr("cannot turn on write-ahead logging for \"%1\" (is it on a network file system?)")
                    .arg(absolute)));
        for (const QString &pragma : {u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s}) {
            if (!query.exec(pragma))
                return Failure(storageError(pragma, query.lastError()));
        }
        return {};
    });
    if (!opened)
        return Failure(opened.error());
    if (auto migrated = database->migrate(migrations); !migrated)
        return Failure(migrated.error());
    qCDebug(lcStore) << "opened database" << absolute << "at schema version" << database->m_schemaVersion;
    return database;
}

Result<void, StoreError> Database::migrate(const QList<Migration> &migrations)
{
    const int latest = migrations.isEmpty() ? 0 : migrations.last().version;
    return transaction([&](QSqlDatabase &db) -> Result<void, StoreError> {
        QSqlQuery query(db);
        if (auto made = exec(query, u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s); !made)
            return made;
        if (auto read = exec(query, u"SELECT version FROM schema_version"_s); !read)
            return read;
        int current = 0;
        if (query.next()) {
            current = query.value(0).toInt();
        } else if (auto first = exec(query, u"INSERT INTO schema_version (version) VALUES (0)"_s); !first) {
            return first;
        }
        if (current > latest)
            return Failure(StoreError::make(StoreError::Reason::Storage,
                                            Tr::tr("the database \"%1\" was written by a newer Capstan (schema "
                                                   "version %2; this one knows versions up to %3)")
                                                .arg(m_fileName)
                                                .arg(current)
                                                .arg(latest)));
        for (const Migration &migration : migrations) {
            if (migration.version <= current)
                continue;
            qCInfo(lcStore) << "migrating" << m_fileName << "to schema version" << migration.version;
            for (const QString &statement : migration.statements) {
                if (auto done = exec(query, statement); !done)
                    return done;
            }
            if (auto stamped = exec(query, u"UPDATE schema_version SET version = ?"_s, {migration.version}); !stamped)
                return stamped;
            current = migration.version;
        }
        m_schemaVersion = current;
        return {};
    });
}

Result<void, StoreError> Database::runOnThread(const std::function<Result<void, StoreError>()> &work)
{
    if (std::this_thread::get_id() == m_thread.get_id())
        return work();
    Call call{work, {}};
    std::unique_lock locker(m_callsMutex);
    m_calls.push_back(&call);
    m_callArrived.notify_one();
    m_callDone.wait(locker, [&call] { return call.done; });
    return call.result;
}

Result<void, StoreError> Database::run(const Work &work)
{
    return runOnThread([&]() -> Result<void, StoreError> {
        QSqlDatabase db = m_connection->database();
        return work(db);
    });
}

Result<void, StoreError> Database::transaction(const Work &work, const std::function<void()> &committed)
{
    return runOnThread([&]() -> Result<void, StoreError> {
        QSqlDatabase db = m_connection->database();
        if (!db.transaction())
            return Failure(storageError(Tr::tr("cannot begin a transaction"), db.lastError()));
        Result<void, StoreError> result = work(db);
        if (!result) {
            db.rollback();
            return result;
        }
        if (!db.commit()) {
            const QSqlError error = db.lastError();
            db.rollback();
            return Failure(storageError(Tr::tr("cannot commit"), error));
        }
        if (committed)
            committed();
        return {};
    });
}

Result<void, StoreError> Database::exec(QSqlQuery &query, const QString &statement, const QVariantList &values)
{
    if (!query.prepare(statement))
        return Failure(storageError(statement, query.lastError()));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return Failure(storageError(statement, query.lastError()));
    return {};
}

} // namespace Capstan::Store
