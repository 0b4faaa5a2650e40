// SPDX-License-Identifier: Apache-2.0
// Git repositories built on the fly with the git program, for source tests.
#pragma once

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace Capstan::Test {

/// A non-bare repository in a temporary folder. Commits get a fixed author
/// and, unless given, a fixed date, so their metadata is predictable.
class GitFixture
{
public:
    GitFixture() { git({QStringLiteral("init"), QStringLiteral("--quiet"), QStringLiteral("--initial-branch=main")}); }

    QString path() const { return m_folder.path(); }
    QString fileUrl() const { return QStringLiteral("file://") + path(); }

    /// Runs git in the repository; fails the test if git fails.
    QString git(const QStringList &arguments, const QString &date = QStringLiteral("2026-01-02T03:04:05+01:00"))
    {
        if (!m_folder.isValid()) {
            fail(QStringLiteral("no folder for the repository: %1").arg(m_folder.errorString()));
            return {};
        }
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Ada Lovelace"));
        environment.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("ada@example.org"));
        environment.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Ada Lovelace"));
        environment.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("ada@example.org"));
        environment.insert(QStringLiteral("GIT_AUTHOR_DATE"), date);
        environment.insert(QStringLiteral("GIT_COMMITTER_DATE"), date);
        environment.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        environment.insert(QStringLiteral("HOME"), m_folder.path());
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(m_folder.path());
        process.start(QStringLiteral("git"), arguments);
        if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
            const QString error = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
            fail(QStringLiteral("git %1 failed: %2")
                     .arg(arguments.join(u' '), error.isEmpty() ? process.errorString() : error));
            return {};
        }
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

    void write(const QString &file, const QByteArray &content)
    {
        const QString target = m_folder.filePath(file);
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile out(target);
        QVERIFY2(out.open(QIODevice::WriteOnly),
                 qPrintable(QStringLiteral("cannot write %1: %2").arg(target, out.errorString())));
        out.write(content);
    }

    void symlink(const QString &link, const QString &target)
    {
        const QString at = m_folder.filePath(link);
        QDir().mkpath(QFileInfo(at).absolutePath());
        QVERIFY2(QFile::link(target, at), qPrintable(QStringLiteral("cannot link %1 to %2").arg(at, target)));
    }

    /// Copies a folder's files into the repository under prefix.
    void copyTree(const QString &from, const QString &prefix = {})
    {
        QVERIFY2(QFileInfo(from).isDir(), qPrintable(QStringLiteral("no folder %1 to copy").arg(from)));
        QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            QFile in(file);
            QVERIFY2(in.open(QIODevice::ReadOnly),
                     qPrintable(QStringLiteral("cannot read %1: %2").arg(file, in.errorString())));
            const QString relative = QDir(from).relativeFilePath(file);
            write(prefix.isEmpty() ? relative : prefix + u'/' + relative, in.readAll());
            if (QTest::currentTestFailed())
                return;
        }
    }

    /// Stages everything and commits; returns the new commit's SHA.
    QString commit(const QString &message, const QString &date = QStringLiteral("2026-01-02T03:04:05+01:00"))
    {
        git({QStringLiteral("add"), QStringLiteral("--all")}, date);
        git({QStringLiteral("commit"), QStringLiteral("--quiet"), QStringLiteral("--allow-empty"), QStringLiteral("-m"),
             message},
            date);
        return head();
    }

    QString head() { return git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}); }

private:
    /// Fails the running test; while the test object is being made, before
    /// any test runs, only warns.
    static void fail(const QString &message)
    {
        if (QTest::currentTestFunction())
            QTest::qFail(qPrintable(message), __FILE__, __LINE__);
        else
            qWarning("%s", qPrintable(message));
    }

    QTemporaryDir m_folder;
};

} // namespace Capstan::Test
