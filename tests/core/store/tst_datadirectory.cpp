// SPDX-License-Identifier: Apache-2.0
#include "store/datadirectory.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <QLockFile>

#include <sys/wait.h>
#include <unistd.h>

using namespace Capstan;

class tst_DataDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsMissingFolders()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("a/b/c"));
        const Result<std::unique_ptr<DataDirectory>> dir = DataDirectory::open(path);
        QVERIFY2(dir.ok(), qPrintable(dir.ok() ? QString() : dir.error()));
        QVERIFY(QFileInfo(path).isDir());
        QCOMPARE((*dir)->path(), QFileInfo(path).absoluteFilePath());
        QCOMPARE((*dir)->filePath(QStringLiteral("x.db")), QFileInfo(path).absoluteFilePath() + u"/x.db");
    }

    void oneOwnerAtATime()
    {
        QTemporaryDir root;
        {
            const Result<std::unique_ptr<DataDirectory>> first = DataDirectory::open(root.path());
            QVERIFY(first.ok());
            const Result<std::unique_ptr<DataDirectory>> second = DataDirectory::open(root.path());
            QVERIFY(!second.ok());
            QVERIFY2(second.error().contains(u"in use"), qPrintable(second.error()));
            QVERIFY2(second.error().contains(QString::number(::getpid())), qPrintable(second.error()));
        }
        // Released with its owner.
        QVERIFY(DataDirectory::open(root.path()).ok());
    }

    void takesOverTheLockOfADeadProcess()
    {
        QTemporaryDir root;
        // A child takes the lock and dies without releasing it, as a crashed server would.
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            QLockFile lock(root.filePath(QStringLiteral(".lock")));
            ::_exit(lock.tryLock(0) ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        QVERIFY(QFileInfo::exists(root.filePath(QStringLiteral(".lock"))));
        const Result<std::unique_ptr<DataDirectory>> dir = DataDirectory::open(root.path());
        QVERIFY2(dir.ok(), qPrintable(dir.ok() ? QString() : dir.error()));
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("relativePath");
        QTest::addColumn<QString>("message");
        QTest::addRow("a file") << QStringLiteral("file") << QStringLiteral("is a file");
        QTest::addRow("below a file") << QStringLiteral("file/sub") << QStringLiteral("cannot create");
        QTest::addRow("nothing") << QString() << QStringLiteral("no data folder");
    }

    void rejects()
    {
        QFETCH(QString, relativePath);
        QFETCH(QString, message);
        QTemporaryDir root;
        QFile file(root.filePath(QStringLiteral("file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString path = relativePath.isEmpty() ? QString() : root.filePath(relativePath);
        const Result<std::unique_ptr<DataDirectory>> dir = DataDirectory::open(path);
        QVERIFY(!dir.ok());
        QVERIFY2(dir.error().contains(message), qPrintable(dir.error()));
    }
};

QTEST_GUILESS_MAIN(tst_DataDirectory)
#include "tst_datadirectory.moc"
