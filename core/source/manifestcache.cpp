// SPDX-License-Identifier: Apache-2.0
#include "manifestcache.h"

#include "base/logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

QString normalizedRepositoryUrl(const QString &url)
{
    QString normalized = url.trimmed().toLower();
    while (normalized.endsWith(u'/'))
        normalized.chop(1);
    if (normalized.endsWith(u".git"))
        normalized.chop(4);
    return normalized;
}

ManifestCache::ManifestCache(const QString &folder, qsizetype memoryObjectLimit, qsizetype diskEntryLimit)
    : m_memory(memoryObjectLimit)
    , m_folder(folder)
    , m_diskEntryLimit(diskEntryLimit)
{
    if (!m_folder.isEmpty())
        QDir().mkpath(m_folder);
}

QByteArray ManifestCache::key(const ManifestRequest &request, const QString &commit)
{
    QJsonObject options = request.source;
    options.remove(u"repoURL"_s);
    options.remove(u"targetRevision"_s);
    options.remove(u"path"_s);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Version of the key's layout: bump it when generation changes its output.
    hash.addData("capstan-manifests-1");
    for (const QString &part : {normalizedRepositoryUrl(request.repoUrl), commit, request.path, request.appName,
                                request.destinationNamespace, request.kubeVersion, request.apiVersions.join(u',')}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    // QJsonObject keeps its keys sorted, so the same options give the same text.
    hash.addData(QJsonDocument(options).toJson(QJsonDocument::Compact));
    return hash.result().toHex();
}

QString ManifestCache::fileFor(const QByteArray &key) const
{
    return m_folder + u'/' + QString::fromLatin1(key) + u".json"_s;
}

std::optional<ManifestResponse> ManifestCache::find(const QByteArray &key)
{
    {
        QMutexLocker locker(&m_mutex);
        if (const ManifestResponse *cached = m_memory.object(key))
            return *cached;
    }
    if (m_folder.isEmpty())
        return std::nullopt;
    QFile file(fileFor(key));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const auto response = ManifestResponse::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!response) {
        qCWarning(lcSource) << "dropping unreadable cache entry" << file.fileName();
        file.remove();
        return std::nullopt;
    }
    QMutexLocker locker(&m_mutex);
    m_memory.insert(key, new ManifestResponse(*response), qMax<qsizetype>(1, response->manifests.size()));
    return response;
}

void ManifestCache::insert(const QByteArray &key, const ManifestResponse &response)
{
    ManifestResponse stored = response;
    stored.cached = false;
    {
        QMutexLocker locker(&m_mutex);
        m_memory.insert(key, new ManifestResponse(stored), qMax<qsizetype>(1, stored.manifests.size()));
    }
    if (m_folder.isEmpty())
        return;
    QSaveFile file(fileFor(key));
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(stored.toJson()).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        qCWarning(lcSource) << "cannot write cache entry" << file.fileName() << file.errorString();
        return;
    }
    bool trim = false;
    {
        QMutexLocker locker(&m_mutex);
        trim = ++m_writesSinceTrim >= 100;
        if (trim)
            m_writesSinceTrim = 0;
    }
    if (trim)
        trimDisk();
}

void ManifestCache::trimDisk()
{
    QFileInfoList entries = QDir(m_folder).entryInfoList({u"*.json"_s}, QDir::Files, QDir::Time);
    // Newest first: everything beyond the limit is the least recently written.
    for (qsizetype i = m_diskEntryLimit; i < entries.size(); ++i)
        QFile::remove(entries.at(i).absoluteFilePath());
}

} // namespace Capstan::Source
