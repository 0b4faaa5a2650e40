// SPDX-License-Identifier: Apache-2.0
#include "store/database.h"
#include "store/store.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <iostream>

#include <signal.h>

using namespace Capstan;
using namespace Capstan::Model;
using namespace Capstan::Store;
using namespace Qt::StringLiterals;

namespace {

Application makeApplication(const QString &name, const QString &project = u"default"_s)
{
    Application app;
    app.metadata.ns = u"argocd"_s;
    app.metadata.name = name;
    app.spec.project = project;
    app.spec.destination.server = Cluster::inClusterServer();
    app.spec.destination.ns = u"apps"_s;
    ApplicationSource source;
    source.repoURL = u"https://git.example.com/apps.git"_s;
    source.path = name;
    app.spec.source = source;
    return app;
}

/// Reads one column of a table straight from the file, as anyone with the file could.
QStringList rawColumn(const QString &file, const QString &statement)
{
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery query(db);
            query.exec(statement);
            while (query.next())
                values.append(query.value(0).toString());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    return values;
}

/// The child process of crashSafety: writes applications until killed and
/// reports each write once it has returned, that is, once it is committed.
int runWriter(const QString &file)
{
    auto store = Store::Store::open(file);
    if (!store) {
        std::cerr << qPrintable(store.error().message) << std::endl;
        return 1;
    }
    for (int i = 0;; ++i) {
        const QString name = u"app-%1"_s.arg(i);
        // It may exist from an earlier round, killed before its edit.
        auto created = (*store)->createApplication(makeApplication(name));
        if (!created && created.error().reason != StoreError::Reason::AlreadyExists)
            return 2;
        // Large status edits: a torn write would show as unreadable JSON.
        auto edited = (*store)->editApplication(u"argocd"_s, name, [i](Application &app) -> Result<void, StoreError> {
            app.status.resources.clear();
            for (int r = 0; r < 50; ++r) {
                ResourceStatus resource;
                resource.kind = u"ConfigMap"_s;
                resource.name = u"config-%1-%2"_s.arg(i).arg(r);
                resource.status = SyncStatusCode::Synced;
                app.status.resources.append(resource);
            }
            app.status.sync.status = SyncStatusCode::Synced;
            return {};
        });
        if (!edited)
            return 3;
        std::cout << "committed " << i << std::endl;
    }
}

} // namespace

class tst_Store : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void applicationLifecycle();
    void conflictsAndErrors();
    void editsNeverLoseUpdates();
    void persistsAcrossRestarts();
    void secretsAreStoredApart();
    void projectsInUseStay();
    void clusterNamesAreUnique();
    void schemaVersion();
    void refusesDamagedFiles();
    void crashSafety();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString file() const { return m_dir->filePath(u"capstan.db"_s); }
};

void tst_Store::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

void tst_Store::applicationLifecycle()
{
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    Store::Store &store = *opened.value();
    QCOMPARE(QFile::permissions(file()) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
    QSignalSpy changes(&store, &Store::Store::applicationChanged);

    auto created = store.createApplication(makeApplication(u"guestbook"_s));
    QVERIFY(created);
    QCOMPARE(created->metadata.generation, qint64(1));
    QVERIFY(!created->metadata.uid.isEmpty());
    QVERIFY(created->metadata.creationTimestamp.isValid());
    QCOMPARE(created->metadata.resourceVersion, u"1"_s);
    QCOMPARE(store.application(u"argocd"_s, u"guestbook"_s), *created);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).at(0).value<ChangeType>(), ChangeType::Added);

    // Status edits keep the generation; spec changes count.
    auto edited = store.editApplication(u"argocd"_s, u"guestbook"_s, [](Application &app) -> Result<void, StoreError> {
        app.status.sync.status = SyncStatusCode::OutOfSync;
        return {};
    });
    QVERIFY(edited);
    QCOMPARE(edited->metadata.generation, qint64(1));
    QCOMPARE(edited->metadata.resourceVersion, u"2"_s);
    // An edit that changes nothing writes nothing.
    auto same = store.editApplication(u"argocd"_s, u"guestbook"_s, [](Application &app) -> Result<void, StoreError> {
        app.status.sync.status = SyncStatusCode::OutOfSync;
        return {};
    });
    QVERIFY(same);
    QCOMPARE(same->metadata.resourceVersion, u"2"_s);
    QCOMPARE(changes.size(), 2);

    Application changed = *edited;
    changed.spec.source->targetRevision = u"v2"_s;
    changed.status = {}; // an update never touches status
    auto updated = store.updateApplication(changed);
    QVERIFY(updated);
    QCOMPARE(updated->metadata.generation, qint64(2));
    QCOMPARE(updated->metadata.uid, created->metadata.uid);
    QCOMPARE(updated->status.sync.status, SyncStatusCode::OutOfSync);
    QCOMPARE(store.resourceVersion(), qint64(3));

    QVERIFY(store.deleteApplication(u"argocd"_s, u"guestbook"_s));
    QVERIFY(!store.application(u"argocd"_s, u"guestbook"_s));
    QCOMPARE(changes.size(), 4);
    QCOMPARE(changes.at(3).at(0).value<ChangeType>(), ChangeType::Deleted);
    QCOMPARE(changes.at(3).at(1).value<Application>().metadata.name, u"guestbook"_s);
}

void tst_Store::conflictsAndErrors()
{
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    auto store = std::move(opened).value();
    auto first = store->createApplication(makeApplication(u"a"_s));
    QVERIFY(first);

    auto again = store->createApplication(makeApplication(u"a"_s));
    QVERIFY(!again);
    QCOMPARE(again.error().reason, StoreError::Reason::AlreadyExists);
    QCOMPARE(again.error().message, u"application \"a\" already exists"_s);

    Application stale = *first;
    QVERIFY(store->updateApplication(*first)); // moves the version on
    stale.spec.project = u"other"_s;
    auto conflict = store->updateApplication(stale);
    QVERIFY(!conflict);
    QCOMPARE(conflict.error().reason, StoreError::Reason::Conflict);

    auto missing = store->updateApplication(makeApplication(u"nope"_s));
    QCOMPARE(missing.error().reason, StoreError::Reason::NotFound);
    QCOMPARE(missing.error().message, u"application \"nope\" not found"_s);
    QCOMPARE(store->deleteApplication(u"argocd"_s, u"nope"_s).error().reason, StoreError::Reason::NotFound);

    Application broken = makeApplication(u"Bad Name"_s);
    broken.spec.destination = {};
    auto invalid = store->createApplication(broken);
    QCOMPARE(invalid.error().reason, StoreError::Reason::Invalid);
    QVERIFY2(invalid.error().message.startsWith(u"application \"Bad Name\" is invalid: metadata.name: "_s),
             qPrintable(invalid.error().message));
    QVERIFY(invalid.error().message.contains(u"spec.destination: needs a server or a cluster name"_s));

    // A failing edit changes nothing.
    const qint64 version = store->resourceVersion();
    auto refused = store->editApplication(u"argocd"_s, u"a"_s, [](Application &app) -> Result<void, StoreError> {
        app.spec.project = u"x"_s;
        return Failure(StoreError::make(StoreError::Reason::FailedPrecondition, u"no"_s));
    });
    QVERIFY(!refused);
    QCOMPARE(store->application(u"argocd"_s, u"a"_s)->spec.project, u"default"_s);
    QCOMPARE(store->resourceVersion(), version);
}

void tst_Store::editsNeverLoseUpdates()
{
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    auto store = std::move(opened).value();
    QVERIFY(store->createApplication(makeApplication(u"counter"_s)));
    constexpr int threads = 4;
    constexpr int edits = 50;
    QList<QThread *> workers;
    for (int t = 0; t < threads; ++t) {
        workers.append(QThread::create([&store] {
            for (int i = 0; i < edits; ++i) {
                auto done = store->editApplication(
                    u"argocd"_s, u"counter"_s, [](Application &app) -> Result<void, StoreError> {
                        const int count = app.metadata.annotations.value(u"count"_s).toInt();
                        app.metadata.annotations.insert(u"count"_s, QString::number(count + 1));
                        return {};
                    });
                Q_UNUSED(done);
            }
        }));
        workers.last()->start();
    }
    for (QThread *worker : workers) {
        QVERIFY(worker->wait(60000));
        delete worker;
    }
    QCOMPARE(store->application(u"argocd"_s, u"counter"_s)->metadata.annotations.value(u"count"_s),
             QString::number(threads * edits));
}

void tst_Store::persistsAcrossRestarts()
{
    Application stored;
    {
        auto opened = Store::Store::open(file());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        auto store = std::move(opened).value();
        QVERIFY(store->createProject(AppProject::defaultProject()));
        auto app = store->createApplication(makeApplication(u"kept"_s));
        QVERIFY(app);
        stored = *store->editApplication(u"argocd"_s, u"kept"_s, [](Application &a) -> Result<void, StoreError> {
            a.status.history.append(RevisionHistory{u"abc"_s,
                                                    QDateTime::fromString(u"2026-11-20T10:00:00Z"_s, Qt::ISODate),
                                                    0,
                                                    *a.spec.source,
                                                    std::nullopt,
                                                    {},
                                                    {},
                                                    {}});
            return {};
        });
    }
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    auto store = std::move(opened).value();
    QCOMPARE(store->application(u"argocd"_s, u"kept"_s), stored);
    QCOMPARE(store->projects().size(), 1);
    QCOMPARE(store->resourceVersion(), qint64(3));
    // The version counter goes on from where it was.
    QCOMPARE(store->createApplication(makeApplication(u"next"_s))->metadata.resourceVersion, u"4"_s);
}

void tst_Store::secretsAreStoredApart()
{
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    auto store = std::move(opened).value();
    Repository repository;
    repository.repo = u"https://git.example.com/private.git"_s;
    repository.username = u"ci"_s;
    repository.password = u"s3cret-password"_s;
    auto created = store->createRepository(repository);
    QVERIFY(created);
    QVERIFY(created->password.isEmpty());
    QVERIFY(store->repository(repository.repo)->password.isEmpty());
    QVERIFY(store->repositories().first().password.isEmpty());
    QCOMPARE(store->repositoryWithSecrets(repository.repo)->password, u"s3cret-password"_s);

    Cluster cluster;
    cluster.server = u"https://10.1.2.3:6443"_s;
    cluster.name = u"prod"_s;
    cluster.config.bearerToken = u"cluster-token-xyz"_s;
    QVERIFY(store->createCluster(cluster));
    QVERIFY(store->cluster(cluster.server)->config.bearerToken.isEmpty());
    QCOMPARE(store->clusterWithSecrets(cluster.server)->config.bearerToken, u"cluster-token-xyz"_s);

    // The object tables hold no secret; the secrets table holds them all.
    for (const QString &table : {u"repositories"_s, u"clusters"_s}) {
        const QString objects = rawColumn(file(), u"SELECT object FROM "_s + table).join(u'\n');
        QVERIFY(!objects.isEmpty());
        QVERIFY2(!objects.contains(u"s3cret"_s) && !objects.contains(u"cluster-token"_s), qPrintable(objects));
    }
    QCOMPARE(rawColumn(file(), u"SELECT owner FROM secrets ORDER BY owner"_s),
             QStringList({u"clusters/https://10.1.2.3:6443"_s, u"repositories/https://git.example.com/private.git"_s}));

    // A form that does not show the password keeps it; a full replace clears it.
    Repository renamed = *store->repository(repository.repo);
    renamed.name = u"private"_s;
    QVERIFY(store->updateRepository(renamed, Store::Store::Secrets::KeepUnset));
    QCOMPARE(store->repositoryWithSecrets(repository.repo)->password, u"s3cret-password"_s);
    QCOMPARE(store->repositoryWithSecrets(repository.repo)->name, u"private"_s);
    QVERIFY(store->updateRepository(renamed, Store::Store::Secrets::Replace));
    QVERIFY(store->repositoryWithSecrets(repository.repo)->password.isEmpty());
    QVERIFY(rawColumn(file(), u"SELECT owner FROM secrets WHERE owner LIKE 'repositories/%'"_s).isEmpty());

    QVERIFY(store->deleteCluster(cluster.server));
    QVERIFY(rawColumn(file(), u"SELECT owner FROM secrets"_s).isEmpty());

    RepoCreds credentials;
    credentials.url = u"https://git.example.com/"_s;
    credentials.password = u"template-password"_s;
    credentials.username = u"bot"_s;
    QVERIFY(store->createRepositoryCredentials(credentials));
    QVERIFY(store->repositoryCredentials().first().password.isEmpty());
    QCOMPARE(store->repositoryCredentialsWithSecrets(credentials.url)->password, u"template-password"_s);
}

void tst_Store::projectsInUseStay()
{
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    auto store = std::move(opened).value();
    AppProject team;
    team.metadata.name = u"team"_s;
    team.spec.sourceRepos = {u"*"_s};
    QVERIFY(store->createProject(team));
    QVERIFY(store->createApplication(makeApplication(u"one"_s, u"team"_s)));
    QVERIFY(store->createApplication(makeApplication(u"two"_s, u"team"_s)));
    auto refused = store->deleteProject(u"team"_s);
    QVERIFY(!refused);
    QCOMPARE(refused.error().reason, StoreError::Reason::FailedPrecondition);
    QCOMPARE(refused.error().message, u"project is referenced by 2 application(s)"_s);
    QVERIFY(store->deleteApplication(u"argocd"_s, u"one"_s));
    QVERIFY(store->deleteApplication(u"argocd"_s, u"two"_s));
    QVERIFY(store->deleteProject(u"team"_s));
    QVERIFY(!store->project(u"team"_s));
}

void tst_Store::clusterNamesAreUnique()
{
    auto opened = Store::Store::open(file());
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    auto store = std::move(opened).value();
    Cluster a;
    a.server = u"https://a.example.com"_s;
    a.name = u"prod"_s;
    QVERIFY(store->createCluster(a));
    Cluster b = a;
    b.server = u"https://b.example.com"_s;
    auto clash = store->createCluster(b);
    QCOMPARE(clash.error().reason, StoreError::Reason::AlreadyExists);
    QCOMPARE(clash.error().message, u"a cluster named \"prod\" already exists (https://a.example.com)"_s);
    QCOMPARE(store->clusterByName(u"prod"_s)->server, a.server);
}

void tst_Store::schemaVersion()
{
    {
        auto opened = Store::Store::open(file());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        auto store = std::move(opened).value();
        QCOMPARE(store->schemaVersion(), 1);
    }
    QCOMPARE(rawColumn(file(), u"PRAGMA journal_mode"_s), QStringList{u"wal"_s});
    QCOMPARE(rawColumn(file(), u"SELECT version FROM schema_version"_s), QStringList{u"1"_s});

    // A migration runs once, in order, and a newer file is refused.
    const QList<Migration> migrations{
        {1, {u"CREATE TABLE a (x INTEGER)"_s}},
        {2, {u"CREATE TABLE b (x INTEGER)"_s, u"INSERT INTO b VALUES (42)"_s}},
    };
    const QString other = m_dir->filePath(u"other.db"_s);
    {
        auto database = Store::Database::open(other, migrations.mid(0, 1));
        QVERIFY(database);
        QCOMPARE((*database)->schemaVersion(), 1);
    }
    {
        auto database = Store::Database::open(other, migrations);
        QVERIFY(database);
        QCOMPARE((*database)->schemaVersion(), 2);
    }
    QCOMPARE(rawColumn(other, u"SELECT x FROM b"_s), QStringList{u"42"_s});
    auto older = Store::Database::open(other, migrations.mid(0, 1));
    QVERIFY(!older);
    QCOMPARE(older.error().message,
             u"the database \"%1\" was written by a newer Capstan (schema version 2; this one "
             u"knows versions up to 1)"_s.arg(other));
}

void tst_Store::refusesDamagedFiles()
{
    QFile garbage(file());
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();
    auto store = Store::Store::open(file());
    QVERIFY(!store);
    QVERIFY2(
        store.error().message.startsWith(u"the database \"%1\" is damaged or not a Capstan database"_s.arg(file())),
        qPrintable(store.error().message));
}

void tst_Store::crashSafety()
{
    // A writer is killed at random instants; every write it reported as
    // committed must be there, whole, when the store opens again.
    int lastCommitted = -1;
    for (int round = 0; round < 6; ++round) {
        QProcess writer;
        writer.setProgram(QCoreApplication::applicationFilePath());
        writer.setArguments({u"--writer"_s, file()});
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start();
        QVERIFY(writer.waitForStarted());
        // Let it get going, then kill it at a random point.
        QTRY_VERIFY_WITH_TIMEOUT(writer.canReadLine() || writer.state() != QProcess::Running, 20000);
        QTest::qWait(20 + QRandomGenerator::global()->bounded(200));
        ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished(10000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        const QStringList lines = QString::fromUtf8(writer.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY2(!lines.isEmpty(), writer.readAllStandardError().constData());
        lastCommitted = std::max(lastCommitted, lines.last().section(u' ', 1).toInt());

        auto store = Store::Store::open(file());
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        for (int i = 0; i <= lastCommitted; ++i) {
            const auto app = (*store)->application(u"argocd"_s, u"app-%1"_s.arg(i));
            QVERIFY2(app, qPrintable(u"app-%1 is lost"_s.arg(i)));
            QCOMPARE(app->status.resources.size(), 50);
        }
        // Nothing half-written: whatever is there beyond parses (load skips nothing).
        QCOMPARE(rawColumn(file(), u"SELECT count(*) FROM applications"_s).first().toInt(),
                 (*store)->applications().size());
    }
    QVERIFY(lastCommitted > 0);
}

int main(int argc, char *argv[])
{
    if (argc == 3 && qstrcmp(argv[1], "--writer") == 0) {
        QCoreApplication app(argc, argv);
        return runWriter(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    tst_Store test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_store.moc"
