// SPDX-License-Identifier: Apache-2.0
#include "files.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace Capstan::Files {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Files)
};

} // namespace

Result<void> writeAtomically(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Failure(Tr::tr("cannot write %1: %2").arg(path, file.errorString()));
    // Before the content, so that a secret is never readable by others.
    file.setPermissions(permissions);
    file.write(content);
    if (!file.commit())
        return Failure(Tr::tr("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace Capstan::Files
