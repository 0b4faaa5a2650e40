// SPDX-License-Identifier: Apache-2.0
#include "applicationsmodel.h"

#include <QIcon>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QString shortRepository(QString url)
{
    for (const QString &prefix : {u"https://"_s, u"http://"_s, u"ssh://"_s, u"git@"_s, u"file://"_s}) {
        if (url.startsWith(prefix)) {
            url.remove(0, prefix.size());
            break;
        }
    }
    if (url.endsWith(u".git"_s))
        url.chop(4);
    return url;
}

bool isCommit(const QString &revision)
{
    return revision.size() == 40 && std::all_of(revision.begin(), revision.end(), [](QChar c) {
               return c.isDigit() || (c >= u'a' && c <= u'f');
           });
}

} // namespace

ApplicationsModel::ApplicationsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ApplicationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_data.size());
}

int ApplicationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int ApplicationsModel::healthSeverity(const QString &health)
{
    // Worst first when sorted ascending, as Argo CD's UI orders them.
    static const QStringList order{u"Degraded"_s,    u"Missing"_s,   u"Unknown"_s,
                                   u"Progressing"_s, u"Suspended"_s, u"Healthy"_s};
    const qsizetype index = order.indexOf(health);
    return index < 0 ? 2 : int(index);
}

int ApplicationsModel::syncSeverity(const QString &sync)
{
    static const QStringList order{u"OutOfSync"_s, u"Unknown"_s, u"Synced"_s};
    const qsizetype index = order.indexOf(sync);
    return index < 0 ? 1 : int(index);
}

QString ApplicationsModel::healthIconName(const QString &health)
{
    static const QStringList known{u"Healthy"_s, u"Progressing"_s, u"Degraded"_s, u"Suspended"_s, u"Missing"_s};
    return u":/icons/health-"_s + (known.contains(health) ? health.toLower() : u"unknown"_s) + u".svg"_s;
}

QString ApplicationsModel::syncIconName(const QString &sync)
{
    if (sync == u"Synced")
        return u":/icons/sync-synced.svg"_s;
    if (sync == u"OutOfSync")
        return u":/icons/sync-outofsync.svg"_s;
    return u":/icons/sync-unknown.svg"_s;
}

QVariant ApplicationsModel::display(const ApplicationSummary &a, int column) const
{
    switch (column) {
    case NameColumn:
        return a.name;
    case SyncColumn:
        if (a.operationRunning)
            return tr("Syncing");
        if (a.syncStatus == u"Synced")
            return tr("Synced");
        if (a.syncStatus == u"OutOfSync")
            return tr("OutOfSync");
        return tr("Unknown");
    case HealthColumn:
        if (a.healthStatus == u"Healthy")
            return tr("Healthy");
        if (a.healthStatus == u"Progressing")
            return tr("Progressing");
        if (a.healthStatus == u"Degraded")
            return tr("Degraded");
        if (a.healthStatus == u"Suspended")
            return tr("Suspended");
        if (a.healthStatus == u"Missing")
            return tr("Missing");
        return tr("Unknown");
    case RevisionColumn:
        return isCommit(a.revision) ? a.revision.left(7) : a.revision;
    case LastSyncColumn:
        return a.lastSync.isValid() ? QLocale().toString(a.lastSync.toLocalTime(), QLocale::ShortFormat) : QString();
    case SourceColumn: {
        const QString repository = shortRepository(a.repoUrl);
        if (!a.chart.isEmpty())
            return u"%1 · %2@%3"_s.arg(repository, a.chart, a.targetRevision);
        return a.path.isEmpty() || a.path == u"." ? repository : u"%1 · %2"_s.arg(repository, a.path);
    }
    case DestinationColumn:
        return QString(a.destinationCluster() + u'/' + a.destinationNamespace);
    }
    return {};
}

QVariant ApplicationsModel::sortValue(const ApplicationSummary &a, int column) const
{
    switch (column) {
    case SyncColumn:
        return syncSeverity(a.syncStatus);
    case HealthColumn:
        return healthSeverity(a.healthStatus);
    case LastSyncColumn:
        return a.lastSync.isValid() ? a.lastSync.toMSecsSinceEpoch() : qint64(0);
    default:
        return display(a, column).toString().toLower();
    }
}

QVariant ApplicationsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_data.at(index.row());
    const ApplicationSummary &a = row.application;
    switch (role) {
    case Qt::DisplayRole:
        return display(a, index.column());
    case Qt::DecorationRole:
        if (index.column() == HealthColumn)
            return QIcon(healthIconName(a.healthStatus));
        if (index.column() == SyncColumn)
            return QIcon(a.operationRunning ? u":/icons/sync-running.svg"_s : syncIconName(a.syncStatus));
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case HealthColumn:
            return a.healthMessage.isEmpty() ? QVariant() : a.healthMessage;
        case RevisionColumn:
            return tr("%1 (target %2)").arg(a.revision, a.targetRevision);
        case LastSyncColumn:
            return a.lastSync.isValid() ? QLocale().toString(a.lastSync.toLocalTime(), QLocale::LongFormat)
                                        : QVariant();
        case SourceColumn:
            return a.repoUrl;
        case DestinationColumn:
            return a.destinationServer;
        default:
            return {};
        }
    case KeyRole:
        return keyOf(row.connectionId, a.key());
    case ConnectionIdRole:
        return row.connectionId;
    case ConnectionNameRole:
        return row.connectionName;
    case NameRole:
        return a.name;
    case NamespaceRole:
        return a.ns;
    case ProjectRole:
        return a.project;
    case SyncStatusRole:
        return a.syncStatus;
    case HealthStatusRole:
        return a.healthStatus;
    case RepositoryRole:
        return a.repoUrl;
    case ClusterRole:
        return a.destinationCluster();
    case DestinationNamespaceRole:
        return a.destinationNamespace;
    case LabelsRole: {
        QStringList labels;
        for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
            labels.append(it.key() + u'=' + it.value());
        return labels;
    }
    case SortRole:
        return sortValue(a, index.column());
    case OperationRunningRole:
        return a.operationRunning;
    }
    return {};
}

QVariant ApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SyncColumn:
        return tr("Sync");
    case HealthColumn:
        return tr("Health");
    case RevisionColumn:
        return tr("Revision");
    case LastSyncColumn:
        return tr("Last sync");
    case SourceColumn:
        return tr("Repository / path");
    case DestinationColumn:
        return tr("Destination");
    }
    return {};
}

QHash<int, QByteArray> ApplicationsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert({{KeyRole, "key"},
                  {ConnectionIdRole, "connectionId"},
                  {ConnectionNameRole, "connectionName"},
                  {NameRole, "name"},
                  {NamespaceRole, "namespace"},
                  {ProjectRole, "project"},
                  {SyncStatusRole, "syncStatus"},
                  {HealthStatusRole, "healthStatus"},
                  {RepositoryRole, "repository"},
                  {ClusterRole, "cluster"},
                  {DestinationNamespaceRole, "destinationNamespace"},
                  {LabelsRole, "labels"},
                  {SortRole, "sortValue"},
                  {OperationRunningRole, "operationRunning"}});
    return names;
}

QList<ApplicationSummary> ApplicationsModel::applications(const QString &connectionId) const
{
    QList<ApplicationSummary> result;
    for (const Row &row : m_data) {
        if (row.connectionId == connectionId)
            result.append(row.application);
    }
    return result;
}

int ApplicationsModel::countOf(const QString &connectionId) const
{
    return int(std::count_if(m_data.cbegin(), m_data.cend(),
                             [&connectionId](const Row &row) { return row.connectionId == connectionId; }));
}

void ApplicationsModel::setApplications(const QString &connectionId, const QString &connectionName,
                                        const QList<ApplicationSummary> &applications)
{
    QHash<QString, const ApplicationSummary *> wanted;
    wanted.reserve(applications.size());
    for (const ApplicationSummary &application : applications)
        wanted.insert(keyOf(connectionId, application.key()), &application);

    QList<int> gone;
    for (int i = 0; i < m_data.size(); ++i) {
        Row &row = m_data[i];
        if (row.connectionId != connectionId)
            continue;
        const auto it = wanted.constFind(keyOf(connectionId, row.application.key()));
        if (it == wanted.cend()) {
            gone.append(i);
            continue;
        }
        if (!(row.application == **it) || row.connectionName != connectionName) {
            row.application = **it;
            row.connectionName = connectionName;
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        }
        wanted.erase(it);
    }
    removeRows(gone);

    QList<Row> added;
    for (const ApplicationSummary &application : applications) {
        if (wanted.contains(keyOf(connectionId, application.key())))
            added.append({connectionId, connectionName, application});
    }
    if (added.isEmpty())
        return;
    const int first = int(m_data.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_data.append(std::move(added));
    reindexFrom(first);
    endInsertRows();
}

void ApplicationsModel::upsert(const QString &connectionId, const QString &connectionName,
                               const ApplicationSummary &application)
{
    const QString key = keyOf(connectionId, application.key());
    if (const int i = rowOf(key); i >= 0) {
        Row &row = m_data[i];
        if (row.application == application && row.connectionName == connectionName)
            return;
        row.application = application;
        row.connectionName = connectionName;
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        return;
    }
    const int first = int(m_data.size());
    beginInsertRows({}, first, first);
    m_data.append({connectionId, connectionName, application});
    m_rows.insert(key, first);
    endInsertRows();
}

void ApplicationsModel::remove(const QString &connectionId, const QString &applicationKey)
{
    if (const int i = rowOf(keyOf(connectionId, applicationKey)); i >= 0)
        removeRows({i});
}

void ApplicationsModel::removeConnection(const QString &connectionId)
{
    QList<int> rows;
    for (int i = 0; i < m_data.size(); ++i) {
        if (m_data.at(i).connectionId == connectionId)
            rows.append(i);
    }
    removeRows(rows);
}

void ApplicationsModel::setConnectionName(const QString &connectionId, const QString &name)
{
    for (int i = 0; i < m_data.size(); ++i) {
        Row &row = m_data[i];
        if (row.connectionId == connectionId && row.connectionName != name) {
            row.connectionName = name;
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1), {ConnectionNameRole});
        }
    }
}

void ApplicationsModel::removeRows(QList<int> rows)
{
    forEachRunFromTheEnd(std::move(rows), [this](int first, int last) {
        beginRemoveRows({}, first, last);
        for (int i = first; i <= last; ++i)
            m_rows.remove(keyOf(m_data.at(i).connectionId, m_data.at(i).application.key()));
        m_data.remove(first, last - first + 1);
        // Views may map rows while the removal is announced: keep the index exact.
        reindexFrom(first);
        endRemoveRows();
    });
}

void ApplicationsModel::reindexFrom(int first)
{
    for (int i = first; i < m_data.size(); ++i)
        m_rows.insert(keyOf(m_data.at(i).connectionId, m_data.at(i).application.key()), i);
}

} // namespace Capstan
