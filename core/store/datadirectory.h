// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QString>

#include <memory>

class QLockFile;

namespace Capstan {

/// The folder a Capstan server keeps its state in. Opening it creates it if
/// needed and takes a lock, so that two servers never share one folder; the
/// lock of a process that died is taken over.
class DataDirectory
{
public:
    ~DataDirectory();
    DataDirectory(const DataDirectory &) = delete;
    DataDirectory &operator=(const DataDirectory &) = delete;

    static Result<std::unique_ptr<DataDirectory>> open(const QString &path);

    /// The absolute path of the folder.
    QString path() const { return m_path; }
    QString filePath(const QString &name) const;

private:
    DataDirectory(QString path, std::unique_ptr<QLockFile> lock);

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace Capstan
