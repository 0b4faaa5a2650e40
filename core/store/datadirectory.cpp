// SPDX-License-Identifier: Apache-2.0
#include "datadirectory.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

namespace Capstan {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::DataDirectory)
};
} // namespace

DataDirectory::DataDirectory(QString path, std::unique_ptr<QLockFile> lock)
    : m_path(std::move(path))
    , m_lock(std::move(lock))
{ }

DataDirectory::~DataDirectory() = default;

Result<std::unique_ptr<DataDirectory>> DataDirectory::open(const QString &path)
{
    if (path.isEmpty())
        return Failure(Tr::tr("no data folder was given"));
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(absolute);
    if (info.exists() && !info.isDir())
        return Failure(Tr::tr("the data folder \"%1\" is a file, not a folder").arg(absolute));
    if (!info.exists() && !QDir().mkpath(absolute))
        return Failure(Tr::tr("cannot create the data folder \"%1\"").arg(absolute));
    if (!QFileInfo(absolute).isWritable())
        return Failure(Tr::tr("the data folder \"%1\" is not writable").arg(absolute));

    auto lock = std::make_unique<QLockFile>(QDir(absolute).filePath(QStringLiteral(".lock")));
    // Only a live owner keeps the lock: a dead process's lock is stale at once.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        if (lock->error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host;
            QString application;
            lock->getLockInfo(&pid, &host, &application);
            return Failure(Tr::tr("the data folder \"%1\" is in use by %2 (process %3)")
                               .arg(absolute, application.isEmpty() ? Tr::tr("another program") : application)
                               .arg(pid));
        }
        return Failure(Tr::tr("cannot lock the data folder \"%1\"").arg(absolute));
    }
    qCDebug(lcStore) << "opened data folder" << absolute;
    return std::unique_ptr<DataDirectory>(new DataDirectory(absolute, std::move(lock)));
}

QString DataDirectory::filePath(const QString &name) const
{
    return QDir(m_path).filePath(name);
}

} // namespace Capstan
