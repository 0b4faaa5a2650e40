// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "applicationsmodel.h"

#include <QAbstractProxyModel>
#include <QPointer>

#include <memory>
#include <vector>

namespace Capstan {

/// Arranges the flat ApplicationsModel as a tree: applications under group
/// rows, by connection, then project and destination (or health, sync status
/// or repository), or flat. Source changes are applied where they happen: a
/// new application is inserted into its group (made if needed), a removed one
/// takes its group with it when the group empties, and one whose status
/// changes its group moves there with beginMoveRows, so that selections
/// follow it. Only switching the grouping resets the model.
class ApplicationGroupModel : public QAbstractProxyModel
{
    Q_OBJECT

public:
    enum class Grouping { Project, Health, Sync, Repository, Flat };
    Q_ENUM(Grouping)
    enum class GroupKind { Application, Connection, Project, Destination, Health, Sync, Repository };
    Q_ENUM(GroupKind)
    enum Role {
        IsGroupRole = ApplicationsModel::OperationRunningRole + 1,
        GroupKindRole,
        /// Applications below a group, unfiltered.
        LeafCountRole,
    };

    explicit ApplicationGroupModel(QObject *parent = nullptr);
    ~ApplicationGroupModel() override;

    /// Must be an ApplicationsModel.
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    ApplicationsModel *applications() const { return m_applications; }

    Grouping grouping() const { return m_grouping; }
    void setGrouping(Grouping grouping);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// A stable key for any row: the application's key, or a group's path.
    static QString keyOf(const QModelIndex &index) { return index.data(ApplicationsModel::KeyRole).toString(); }
    /// The row of a key (as keyOf() gives), or an invalid index.
    QModelIndex indexOfKey(const QString &key) const;

private:
    struct Node;
    struct Level
    {
        GroupKind kind;
        QString id;
        QString label;
        QString icon;
        QVariant sortValue;
    };

    QList<Level> pathOf(int sourceRow) const;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column = 0) const;
    Node *makeGroup(Node *parent, const Level &level) const;
    void rebuild();
    void addLeaves(int first, int last);
    void removeLeaves(int first, int last);
    void updateLeaves(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void moveLeaf(Node *leaf, const QList<Level> &path);
    void pruneEmpty(Node *group);
    void renumber(Node *parent, int from);
    void adjustCounts(Node *from, int delta);

    QPointer<ApplicationsModel> m_applications;
    Grouping m_grouping = Grouping::Project;
    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_leaves;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace Capstan
