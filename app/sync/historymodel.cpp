// SPDX-License-Identifier: Apache-2.0
#include "historymodel.h"

#include <QHash>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Capstan {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void HistoryModel::setHistory(const QJsonArray &history)
{
    QHash<QString, Entry> known;
    for (const Entry &entry : std::as_const(m_entries))
        known.insert(entry.revision, entry);
    QList<Entry> entries;
    for (const QJsonValue &value : history) {
        const QJsonObject item = value.toObject();
        Entry entry;
        entry.id = item.value(u"id").toInteger();
        entry.revision = item.value(u"revision").toString();
        if (entry.revision.isEmpty())
            entry.revision = item.value(u"revisions").toArray().first().toString();
        entry.deployedAt = QDateTime::fromString(item.value(u"deployedAt").toString(), Qt::ISODate);
        const QJsonObject initiated = item.value(u"initiatedBy").toObject();
        entry.initiatedBy
            = initiated.value(u"automated").toBool() ? tr("automated") : initiated.value(u"username").toString();
        if (const auto it = known.constFind(entry.revision); it != known.cend() && it->hasMetadata) {
            entry.author = it->author;
            entry.message = it->message;
            entry.hasMetadata = true;
        }
        entries.append(entry);
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.id > b.id; });
    bool same = entries.size() == m_entries.size();
    for (qsizetype i = 0; same && i < entries.size(); ++i)
        same = entries.at(i).id == m_entries.at(i).id;
    if (same) {
        m_entries = entries;
        if (!m_entries.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

void HistoryModel::setMetadata(const QString &revision, const QString &author, const QString &message)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        Entry &entry = m_entries[i];
        if (entry.revision != revision)
            continue;
        entry.author = author;
        entry.message = message;
        entry.hasMetadata = true;
        Q_EMIT dataChanged(index(int(i), AuthorColumn), index(int(i), MessageColumn));
    }
}

QStringList HistoryModel::revisionsWithoutMetadata() const
{
    QStringList revisions;
    for (const Entry &entry : m_entries) {
        if (!entry.hasMetadata && !entry.revision.isEmpty() && !revisions.contains(entry.revision))
            revisions.append(entry.revision);
    }
    return revisions;
}

int HistoryModel::rowOfId(qint64 id) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).id == id)
            return int(i);
    }
    return -1;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case IdRole:
        return entry.id;
    case RevisionRole:
        return entry.revision;
    case Qt::ToolTipRole:
        if (index.column() == RevisionColumn)
            return entry.revision;
        if (index.column() == MessageColumn)
            return entry.message;
        if (index.column() == DeployedColumn)
            return tr("Started by %1").arg(entry.initiatedBy);
        break;
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return entry.id;
        case RevisionColumn:
            // Commits by their short hash; tags, branches and chart versions as they are.
            return entry.revision.size() == 40 ? entry.revision.left(7) : entry.revision;
        case AuthorColumn:
            return entry.hasMetadata ? entry.author : tr("…");
        case MessageColumn:
            return entry.message.section(u'\n', 0, 0);
        case DeployedColumn:
            return QLocale().toString(entry.deployedAt.toLocalTime(), QLocale::ShortFormat);
        }
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return QStringList{tr("ID"), tr("Revision"), tr("Author"), tr("Message"), tr("Deployed")}.value(section);
}

} // namespace Capstan
