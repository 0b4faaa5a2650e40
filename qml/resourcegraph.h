// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "graphlayout.h"

#include <QAbstractListModel>
#include <QJsonObject>
#include <QPolygonF>
#include <QSet>
#include <QtQmlIntegration>

namespace Capstan {

/// An application's resource tree as a layered graph, as Argo CD's tree view
/// draws it: the application, its managed resources, and what they own
/// (ReplicaSets, Pods, Endpoints, …). More than a few owned siblings of one
/// kind (Pods of a ReplicaSet) collapse into one node ("12 × Pod") until it is
/// expanded; what the application manages is always shown. Each tree update
/// is laid out again off the GUI thread (GraphLayout, Graphviz dot); the rows
/// are then updated in place, by key, so that the view can animate.
class ResourceGraph : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A ResourceGraph comes from the application's details")
    Q_PROPERTY(qreal contentWidth READ contentWidth NOTIFY layoutChanged)
    Q_PROPERTY(qreal contentHeight READ contentHeight NOTIFY layoutChanged)
    Q_PROPERTY(QString selectedKey READ selectedKey WRITE select NOTIFY selectionChanged)
    Q_PROPERTY(bool laidOut READ isLaidOut NOTIFY layoutChanged)
    Q_PROPERTY(QString error READ error NOTIFY layoutChanged)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        KindRole,
        NameRole,
        NamespaceRole,
        GroupRole,
        VersionRole,
        HealthRole,
        HealthMessageRole,
        SyncRole,
        /// The status Argo CD shows under a Pod's name ("Running", "CrashLoopBackOff").
        StatusRole,
        XRole,
        YRole,
        WidthRole,
        HeightRole,
        /// A collapsed group of siblings: how many.
        CountRole,
        IsGroupRole,
        IsApplicationRole,
        ExpandedRole,
        /// Whether the resource is in the cluster (not only wanted).
        LiveRole,
    };
    Q_ENUM(Role)

    /// Siblings of one kind above this many collapse into one node.
    static constexpr int collapseAbove = 4;
    static constexpr qreal nodeWidth = 250;
    static constexpr qreal nodeHeight = 58;

    explicit ResourceGraph(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The application (for its own node and the resources' sync status) and
    /// its resource tree (Argo CD's ApplicationTree JSON).
    void setApplication(const QJsonObject &application);
    void setTree(const QJsonObject &tree);

    qreal contentWidth() const { return m_size.width(); }
    qreal contentHeight() const { return m_size.height(); }
    bool isLaidOut() const { return m_laidOut; }
    QString error() const { return m_error; }
    const QList<QPolygonF> &edges() const { return m_edges; }
    /// A resource's key, "group/kind/namespace/name", from any of Argo CD's
    /// references to it (ResourceNode, ResourceStatus, ResourceRef).
    static QString keyOf(const QJsonObject &reference);
    /// The node of a key (as keyOf() gives, "app", or "group:…"), or -1.
    int rowOf(const QString &key) const;
    QRectF nodeRect(int row) const;

    QString selectedKey() const { return m_selected; }
    void select(const QString &key);
    /// The selected resource: group, version, kind, namespace and name, or empty.
    Q_INVOKABLE QVariantMap selectedResource() const;
    Q_INVOKABLE void toggleGroup(const QString &key);
    Q_INVOKABLE QRectF boundsOf(const QString &key) const;

Q_SIGNALS:
    void layoutChanged();
    void edgesChanged();
    void selectionChanged();

private:
    struct Vertex
    {
        QString key;
        QString kind;
        QString name;
        QString ns;
        QString group;
        QString version;
        QString health;
        QString healthMessage;
        QString sync;
        QString status;
        int count = 0;
        bool isGroup = false;
        bool isApplication = false;
        bool expanded = false;
        bool live = true;
        QPointF centre;
    };
    struct Graph
    {
        QList<Vertex> vertices;
        QList<GraphLayout::Edge> edges;
    };

    Graph build() const;
    void relayout();
    void apply(quint64 generation, const Graph &graph, const GraphLayout::Result &layout);

    QJsonObject m_application;
    QJsonObject m_tree;
    QSet<QString> m_expanded;
    QList<Vertex> m_rows;
    QList<QPolygonF> m_edges;
    QSizeF m_size;
    QString m_selected;
    QString m_error;
    bool m_laidOut = false;
    quint64 m_generation = 0;
};

} // namespace Capstan
