// SPDX-License-Identifier: Apache-2.0
#include "applicationgroupmodel.h"

#include <QIcon>

#include <algorithm>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace Capstan {

struct ApplicationGroupModel::Node
{
    Node *parent = nullptr;
    int row = 0;
    GroupKind kind = GroupKind::Application;
    /// Groups: the path of ids from the root; leaves: the application's key.
    QString key;
    QString id;
    QString label;
    QString icon;
    QVariant sortValue;
    int leafCount = 0;
    std::vector<std::unique_ptr<Node>> children;
    QHash<QString, Node *> groups;

    bool isGroup() const { return kind != GroupKind::Application; }
};

ApplicationGroupModel::ApplicationGroupModel(QObject *parent)
    : QAbstractProxyModel(parent)
    , m_root(std::make_unique<Node>())
{ }

ApplicationGroupModel::~ApplicationGroupModel() = default;

void ApplicationGroupModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    auto *applications = qobject_cast<ApplicationsModel *>(sourceModel);
    Q_ASSERT_X(applications || !sourceModel, "ApplicationGroupModel", "the source must be an ApplicationsModel");
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(applications);
    m_applications = applications;
    if (applications) {
        m_connections = {
            connect(applications, &QAbstractItemModel::rowsInserted, this,
                    [this](const QModelIndex &, int first, int last) { addLeaves(first, last); }),
            connect(applications, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    [this](const QModelIndex &, int first, int last) { removeLeaves(first, last); }),
            connect(applications, &QAbstractItemModel::dataChanged, this, &ApplicationGroupModel::updateLeaves),
            connect(applications, &QAbstractItemModel::modelReset, this,
                    [this] {
                        beginResetModel();
                        rebuild();
                        endResetModel();
                    }),
        };
    }
    rebuild();
    endResetModel();
}

void ApplicationGroupModel::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping)
        return;
    beginResetModel();
    m_grouping = grouping;
    rebuild();
    endResetModel();
}

QList<ApplicationGroupModel::Level> ApplicationGroupModel::pathOf(int sourceRow) const
{
    const ApplicationsModel::Row &row = m_applications->row(sourceRow);
    const ApplicationSummary &a = row.application;
    QList<Level> path;
    if (m_grouping == Grouping::Flat)
        return path;
    path.append({GroupKind::Connection, row.connectionId, row.connectionName, u":/icons/connection.svg"_s,
                 row.connectionName.toLower()});
    const QModelIndex health = m_applications->index(sourceRow, ApplicationsModel::HealthColumn);
    switch (m_grouping) {
    case Grouping::Project:
        path.append({GroupKind::Project, a.project, a.project, u":/icons/project.svg"_s, a.project.toLower()});
        path.append({GroupKind::Destination, a.destinationServer + u'\n' + a.destinationNamespace,
                     a.destinationCluster() + u'/' + a.destinationNamespace, u":/icons/destination.svg"_s,
                     (a.destinationCluster() + u'/' + a.destinationNamespace).toLower()});
        break;
    case Grouping::Health:
        path.append({GroupKind::Health, a.healthStatus, health.data().toString(),
                     ApplicationsModel::healthIconName(a.healthStatus),
                     ApplicationsModel::healthSeverity(a.healthStatus)});
        break;
    case Grouping::Sync:
        // An operation in progress does not move the app: its status does.
        path.append({GroupKind::Sync, a.syncStatus,
                     a.syncStatus == u"Synced"          ? tr("Synced")
                         : a.syncStatus == u"OutOfSync" ? tr("OutOfSync")
                                                        : tr("Unknown"),
                     ApplicationsModel::syncIconName(a.syncStatus), ApplicationsModel::syncSeverity(a.syncStatus)});
        break;
    case Grouping::Repository:
        path.append({GroupKind::Repository, a.repoUrl,
                     m_applications->index(sourceRow, ApplicationsModel::SourceColumn)
                         .data()
                         .toString()
                         .section(u" · "_s, 0, 0),
                     u":/icons/repository.svg"_s, a.repoUrl.toLower()});
        break;
    case Grouping::Flat:
        break;
    }
    return path;
}

ApplicationGroupModel::Node *ApplicationGroupModel::makeGroup(Node *parent, const Level &level) const
{
    auto node = std::make_unique<Node>();
    node->parent = parent;
    node->kind = level.kind;
    node->id = level.id;
    node->key = (parent->key.isEmpty() ? u"group:"_s : parent->key + u'\t') + level.id;
    node->label = level.label;
    node->icon = level.icon;
    node->sortValue = level.sortValue;
    return node.release();
}

void ApplicationGroupModel::rebuild()
{
    m_root = std::make_unique<Node>();
    m_leaves.clear();
    if (!m_applications)
        return;
    const int rows = m_applications->rowCount();
    for (int r = 0; r < rows; ++r) {
        Node *parent = m_root.get();
        for (const Level &level : pathOf(r)) {
            Node *group = parent->groups.value(level.id);
            if (!group) {
                group = makeGroup(parent, level);
                group->row = int(parent->children.size());
                parent->children.emplace_back(group);
                parent->groups.insert(level.id, group);
            }
            parent = group;
        }
        auto leaf = std::make_unique<Node>();
        leaf->parent = parent;
        leaf->row = int(parent->children.size());
        leaf->key = m_applications->index(r, 0).data(ApplicationsModel::KeyRole).toString();
        m_leaves.insert(leaf->key, leaf.get());
        parent->children.push_back(std::move(leaf));
        adjustCounts(parent, 1);
    }
}

void ApplicationGroupModel::adjustCounts(Node *from, int delta)
{
    for (Node *node = from; node; node = node->parent)
        node->leafCount += delta;
}

void ApplicationGroupModel::renumber(Node *parent, int from)
{
    for (int i = from; i < int(parent->children.size()); ++i)
        parent->children[size_t(i)]->row = i;
}

void ApplicationGroupModel::addLeaves(int first, int last)
{
    // New children are appended to existing nodes, whole new groups included:
    // one insertion per existing parent, announced before it happens.
    struct Staged
    {
        std::vector<std::unique_ptr<Node>> children;
    };
    std::unordered_map<Node *, Staged> staged;
    QList<Node *> order;
    QSet<Node *> fresh;
    QList<Node *> newLeaves;
    const auto append = [&](Node *parent, Node *child) {
        if (fresh.contains(parent)) {
            child->row = int(parent->children.size());
            parent->children.emplace_back(child);
            return;
        }
        auto [it, added] = staged.try_emplace(parent);
        if (added)
            order.append(parent);
        child->row = int(parent->children.size() + it->second.children.size());
        it->second.children.emplace_back(child);
    };
    for (int r = first; r <= last; ++r) {
        Node *parent = m_root.get();
        for (const Level &level : pathOf(r)) {
            Node *group = parent->groups.value(level.id);
            if (!group) {
                group = makeGroup(parent, level);
                append(parent, group);
                parent->groups.insert(level.id, group);
                fresh.insert(group);
            }
            parent = group;
        }
        auto *leaf = new Node;
        leaf->parent = parent;
        leaf->key = m_applications->index(r, 0).data(ApplicationsModel::KeyRole).toString();
        append(parent, leaf);
        newLeaves.append(leaf);
    }
    for (Node *parent : std::as_const(order)) {
        Staged &children = staged[parent];
        const int begin = int(parent->children.size());
        beginInsertRows(parent == m_root.get() ? QModelIndex() : indexOf(parent), begin,
                        begin + int(children.children.size()) - 1);
        for (auto &child : children.children)
            parent->children.push_back(std::move(child));
        endInsertRows();
    }
    // Counts and the leaf index, now that every node is in place.
    for (Node *leaf : std::as_const(newLeaves)) {
        m_leaves.insert(leaf->key, leaf);
        adjustCounts(leaf->parent, 1);
    }
}

void ApplicationGroupModel::removeLeaves(int first, int last)
{
    QHash<Node *, int> removedBelow;
    for (int r = first; r <= last; ++r) {
        Node *leaf = m_leaves.value(m_applications->index(r, 0).data(ApplicationsModel::KeyRole).toString());
        if (!leaf)
            continue;
        for (Node *node = leaf; node && node != m_root.get(); node = node->parent)
            ++removedBelow[node];
    }
    const auto gone = [&](Node *node) {
        return node->isGroup() ? removedBelow.value(node) == node->leafCount : removedBelow.contains(node);
    };
    // The highest nodes that go entirely, by parent.
    QHash<Node *, QList<int>> rowsByParent;
    for (auto it = removedBelow.cbegin(); it != removedBelow.cend(); ++it) {
        Node *node = it.key();
        if (gone(node) && (node->parent == m_root.get() || !gone(node->parent)))
            rowsByParent[node->parent].append(node->row);
    }
    for (auto it = rowsByParent.begin(); it != rowsByParent.end(); ++it) {
        Node *parent = it.key();
        ApplicationsModel::forEachRunFromTheEnd(it.value(), [this, parent](int firstRow, int lastRow) {
            beginRemoveRows(parent == m_root.get() ? QModelIndex() : indexOf(parent), firstRow, lastRow);
            int leaves = 0;
            for (int row = firstRow; row <= lastRow; ++row) {
                Node *node = parent->children[size_t(row)].get();
                // Forget every leaf below.
                QList<Node *> stack{node};
                while (!stack.isEmpty()) {
                    Node *n = stack.takeLast();
                    if (!n->isGroup()) {
                        m_leaves.remove(n->key);
                        ++leaves;
                    }
                    for (const auto &child : n->children)
                        stack.append(child.get());
                }
                if (node->isGroup())
                    parent->groups.remove(node->id);
            }
            parent->children.erase(parent->children.begin() + firstRow, parent->children.begin() + lastRow + 1);
            renumber(parent, firstRow);
            adjustCounts(parent, -leaves);
            endRemoveRows();
        });
    }
}

void ApplicationGroupModel::updateLeaves(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                         const QList<int> &roles)
{
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        Node *leaf = m_leaves.value(m_applications->index(r, 0).data(ApplicationsModel::KeyRole).toString());
        if (!leaf)
            continue;
        const QList<Level> path = pathOf(r);
        // Where the leaf is now, level by level from the top.
        QList<Node *> ancestors;
        for (Node *node = leaf->parent; node != m_root.get(); node = node->parent)
            ancestors.prepend(node);
        bool same = ancestors.size() == path.size();
        for (qsizetype i = 0; same && i < path.size(); ++i)
            same = ancestors.at(i)->id == path.at(i).id;
        if (!same) {
            moveLeaf(leaf, path);
            continue;
        }
        // Group labels follow renamed connections.
        for (qsizetype i = 0; i < path.size(); ++i) {
            Node *group = ancestors.at(i);
            if (group->label != path.at(i).label) {
                group->label = path.at(i).label;
                const QModelIndex index = indexOf(group);
                Q_EMIT dataChanged(index, index);
            }
        }
        Q_EMIT dataChanged(indexOf(leaf, 0), indexOf(leaf, ApplicationsModel::ColumnCount - 1), roles);
    }
}

void ApplicationGroupModel::moveLeaf(Node *leaf, const QList<Level> &path)
{
    // Make the missing part of the new path as one new subtree.
    Node *target = m_root.get();
    for (qsizetype i = 0; i < path.size(); ++i) {
        Node *group = target->groups.value(path.at(i).id);
        if (!group) {
            std::unique_ptr<Node> top(makeGroup(target, path.at(i)));
            Node *deepest = top.get();
            for (qsizetype j = i + 1; j < path.size(); ++j) {
                Node *child = makeGroup(deepest, path.at(j));
                child->row = 0;
                deepest->children.emplace_back(child);
                deepest->groups.insert(child->id, child);
                deepest = child;
            }
            const int row = int(target->children.size());
            beginInsertRows(target == m_root.get() ? QModelIndex() : indexOf(target), row, row);
            top->row = row;
            target->groups.insert(top->id, top.get());
            target->children.push_back(std::move(top));
            endInsertRows();
            target = deepest;
            break;
        }
        target = group;
    }
    Node *from = leaf->parent;
    const int fromRow = leaf->row;
    const int toRow = int(target->children.size());
    const QModelIndex fromIndex = from == m_root.get() ? QModelIndex() : indexOf(from);
    const QModelIndex toIndex = target == m_root.get() ? QModelIndex() : indexOf(target);
    if (!beginMoveRows(fromIndex, fromRow, fromRow, toIndex, toRow))
        return; // cannot happen: a leaf is never its own ancestor
    std::unique_ptr<Node> moving = std::move(from->children[size_t(fromRow)]);
    from->children.erase(from->children.begin() + fromRow);
    renumber(from, fromRow);
    adjustCounts(from, -1);
    moving->parent = target;
    moving->row = toRow;
    target->children.push_back(std::move(moving));
    adjustCounts(target, 1);
    endMoveRows();
    pruneEmpty(from);
}

void ApplicationGroupModel::pruneEmpty(Node *group)
{
    if (group == m_root.get() || group->leafCount > 0)
        return;
    // The highest empty group goes, and everything below it.
    Node *top = group;
    while (top->parent != m_root.get() && top->parent->leafCount == 0)
        top = top->parent;
    Node *parent = top->parent;
    const int row = top->row;
    beginRemoveRows(parent == m_root.get() ? QModelIndex() : indexOf(parent), row, row);
    parent->groups.remove(top->id);
    parent->children.erase(parent->children.begin() + row);
    renumber(parent, row);
    endRemoveRows();
}

ApplicationGroupModel::Node *ApplicationGroupModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ApplicationGroupModel::indexOf(Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, node);
}

QModelIndex ApplicationGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return {};
    const Node *node = nodeOf(parent);
    if (row < 0 || row >= int(node->children.size()) || column < 0 || column >= ApplicationsModel::ColumnCount)
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex ApplicationGroupModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int ApplicationGroupModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ApplicationGroupModel::columnCount(const QModelIndex &) const
{
    return ApplicationsModel::ColumnCount;
}

bool ApplicationGroupModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant ApplicationGroupModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeOf(index);
    if (!node->isGroup()) {
        if (role == IsGroupRole)
            return false;
        if (role == GroupKindRole)
            return QVariant::fromValue(GroupKind::Application);
        if (role == LeafCountRole)
            return 1;
        return mapToSource(index).data(role);
    }
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? QVariant(node->label) : QVariant();
    case Qt::DecorationRole:
        return index.column() == 0 ? QVariant(QIcon(node->icon)) : QVariant();
    case ApplicationsModel::SortRole:
        return index.column() == 0 ? node->sortValue : QVariant();
    case ApplicationsModel::KeyRole:
        return node->key;
    case IsGroupRole:
        return true;
    case GroupKindRole:
        return QVariant::fromValue(node->kind);
    case LeafCountRole:
        return node->leafCount;
    }
    return {};
}

Qt::ItemFlags ApplicationGroupModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ApplicationGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_applications ? m_applications->headerData(section, orientation, role) : QVariant();
}

QModelIndex ApplicationGroupModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_applications)
        return {};
    const Node *node = nodeOf(proxyIndex);
    if (node->isGroup())
        return {};
    const int row = m_applications->rowOf(node->key);
    return row < 0 ? QModelIndex() : m_applications->index(row, proxyIndex.column());
}

QModelIndex ApplicationGroupModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid())
        return {};
    Node *leaf = m_leaves.value(sourceIndex.data(ApplicationsModel::KeyRole).toString());
    return leaf ? indexOf(leaf, sourceIndex.column()) : QModelIndex();
}

QHash<int, QByteArray> ApplicationGroupModel::roleNames() const
{
    QHash<int, QByteArray> names = m_applications ? m_applications->roleNames() : QAbstractProxyModel::roleNames();
    names.insert({{IsGroupRole, "isGroup"}, {GroupKindRole, "groupKind"}, {LeafCountRole, "leafCount"}});
    return names;
}

QModelIndex ApplicationGroupModel::indexOfKey(const QString &key) const
{
    if (Node *leaf = m_leaves.value(key))
        return indexOf(leaf);
    if (!key.startsWith(u"group:"_s))
        return {};
    Node *node = m_root.get();
    for (const QString &id : key.mid(6).split(u'\t')) {
        node = node->groups.value(id);
        if (!node)
            return {};
    }
    return indexOf(node);
}

} // namespace Capstan
