// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "store/storeerror.h"

#include <QString>
#include <QStringList>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

class QSqlDatabase;
class QSqlQuery;

namespace Capstan::Store {

/// One step of the schema: the statements that take it from version - 1 to version.
struct Migration
{
    int version;
    QStringList statements;
};

/// A SQLite file opened through QtSql, with the settings a store needs:
/// write-ahead logging, a schema version table and migrations, foreign keys,
/// and a file only its owner can read.
///
/// QtSql connections belong to the thread that made them, so the connection
/// lives on the database's own thread: every statement runs there, one
/// transaction after another, and callers on any other thread wait for the
/// result. A transaction that returns an error, or throws nothing but fails
/// to commit, is rolled back whole.
///
/// Durability: with WAL and synchronous=NORMAL a committed transaction
/// survives the process being killed at any instant; only a power cut can
/// lose the last few commits, never consistency.
class Database
{
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Opens or creates @p file and brings its schema to the last of @p migrations.
    static Result<std::unique_ptr<Database>, StoreError> open(const QString &file, const QList<Migration> &migrations);

    QString fileName() const { return m_fileName; }
    int schemaVersion() const { return m_schemaVersion; }

    using Work = std::function<Result<void, StoreError>(QSqlDatabase &)>;
    /// Runs @p work in one transaction and waits for it to commit or roll
    /// back. @p committed runs on the database thread right after a commit,
    /// before any other transaction: the place to publish what was written.
    Result<void, StoreError> transaction(const Work &work, const std::function<void()> &committed = {});
    /// Runs @p work outside a transaction (for reads that must see one state
    /// use transaction() too).
    Result<void, StoreError> run(const Work &work);

    /// Executes one prepared statement, binding @p values in order.
    static Result<void, StoreError> exec(QSqlQuery &query, const QString &statement, const QVariantList &values = {});

private:
    class Connection;
    struct Call;
    explicit Database(QString fileName);
    Result<void, StoreError> runOnThread(const std::function<Result<void, StoreError>()> &work);
    void serve();
    Result<void, StoreError> migrate(const QList<Migration> &migrations);

    QString m_fileName;
    int m_schemaVersion = 0;
    std::unique_ptr<Connection> m_connection;
    // The one thread that uses the connection, and the calls it waits for.
    // Standard threads and locks: ThreadSanitizer sees every hand-over.
    std::thread m_thread;
    std::mutex m_callsMutex;
    // Two: a new call wakes only the database's thread, a finished one only
    // the callers waiting.
    std::condition_variable m_callArrived;
    std::condition_variable m_callDone;
    std::deque<Call *> m_calls;
    bool m_closing = false;
};

} // namespace Capstan::Store
