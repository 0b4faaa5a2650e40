// SPDX-License-Identifier: Apache-2.0
#include "resourcegraph.h"

#include <QJsonArray>
#include <QtConcurrent>

#include <map>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

int healthRank(const QString &health)
{
    static const QStringList order{u"Degraded"_s,    u"Missing"_s,   u"Unknown"_s,
                                   u"Progressing"_s, u"Suspended"_s, u"Healthy"_s};
    const qsizetype index = order.indexOf(health);
    return index < 0 ? int(order.size()) : int(index);
}

} // namespace

QString ResourceGraph::keyOf(const QJsonObject &reference)
{
    return reference.value(u"group").toString() + u'/' + reference.value(u"kind").toString() + u'/'
        + reference.value(u"namespace").toString() + u'/' + reference.value(u"name").toString();
}

ResourceGraph::ResourceGraph(QObject *parent)
    : QAbstractListModel(parent)
{ }

int ResourceGraph::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ResourceGraph::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Vertex &v = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return v.name;
    case KeyRole:
        return v.key;
    case KindRole:
        return v.kind;
    case NamespaceRole:
        return v.ns;
    case GroupRole:
        return v.group;
    case VersionRole:
        return v.version;
    case HealthRole:
        return v.health;
    case HealthMessageRole:
        return v.healthMessage;
    case SyncRole:
        return v.sync;
    case StatusRole:
        return v.status;
    case XRole:
        return v.centre.x() - nodeWidth / 2;
    case YRole:
        return v.centre.y() - nodeHeight / 2;
    case WidthRole:
        return nodeWidth;
    case HeightRole:
        return nodeHeight;
    case CountRole:
        return v.count;
    case IsGroupRole:
        return v.isGroup;
    case IsApplicationRole:
        return v.isApplication;
    case ExpandedRole:
        return v.expanded;
    case LiveRole:
        return v.live;
    }
    return {};
}

QHash<int, QByteArray> ResourceGraph::roleNames() const
{
    return {{KeyRole, "key"},
            {KindRole, "kind"},
            {NameRole, "name"},
            {NamespaceRole, "namespace"},
            {GroupRole, "group"},
            {VersionRole, "version"},
            {HealthRole, "health"},
            {HealthMessageRole, "healthMessage"},
            {SyncRole, "sync"},
            {StatusRole, "status"},
            {XRole, "nodeX"},
            {YRole, "nodeY"},
            {WidthRole, "nodeWidth"},
            {HeightRole, "nodeHeight"},
            {CountRole, "count"},
            {IsGroupRole, "isGroup"},
            {IsApplicationRole, "isApplication"},
            {ExpandedRole, "expanded"},
            {LiveRole, "live"}};
}

void ResourceGraph::setApplication(const QJsonObject &application)
{
    if (application == m_application)
        return;
    m_application = application;
    relayout();
}

void ResourceGraph::setTree(const QJsonObject &tree)
{
    if (tree == m_tree)
        return;
    m_tree = tree;
    relayout();
}

void ResourceGraph::toggleGroup(const QString &key)
{
    if (!m_expanded.remove(key))
        m_expanded.insert(key);
    relayout();
}

ResourceGraph::Graph ResourceGraph::build() const
{
    Graph graph;
    const QJsonObject metadata = m_application.value(u"metadata").toObject();
    const QJsonObject status = m_application.value(u"status").toObject();
    Vertex app;
    app.key = u"app"_s;
    app.kind = u"Application"_s;
    app.name = metadata.value(u"name").toString();
    app.ns = metadata.value(u"namespace").toString();
    app.group = u"argoproj.io"_s;
    app.health = status.value(u"health").toObject().value(u"status").toString();
    app.healthMessage = status.value(u"health").toObject().value(u"message").toString();
    app.sync = status.value(u"sync").toObject().value(u"status").toString();
    app.isApplication = true;

    // What Argo CD manages (with sync status), and what lives.
    std::map<QString, QJsonObject> managed;
    for (const QJsonValue &value : status.value(u"resources").toArray())
        managed.emplace(keyOf(value.toObject()), value.toObject());
    QHash<QString, Vertex> vertices;
    QHash<QString, QStringList> children;
    QStringList order;
    const auto vertexOf = [&](const QJsonObject &node, bool live) {
        Vertex v;
        v.key = keyOf(node);
        v.kind = node.value(u"kind").toString();
        v.name = node.value(u"name").toString();
        v.ns = node.value(u"namespace").toString();
        v.group = node.value(u"group").toString();
        v.version = node.value(u"version").toString();
        const QJsonObject health = node.value(u"health").toObject();
        v.health = health.value(u"status").toString();
        v.healthMessage = health.value(u"message").toString();
        v.live = live;
        for (const QJsonValue &info : node.value(u"info").toArray()) {
            if (info.toObject().value(u"name").toString() == u"Status Reason")
                v.status = info.toObject().value(u"value").toString();
        }
        if (const auto it = managed.find(v.key); it != managed.end())
            v.sync = it->second.value(u"status").toString();
        return v;
    };
    for (const QJsonValue &value : m_tree.value(u"nodes").toArray()) {
        const QJsonObject node = value.toObject();
        Vertex v = vertexOf(node, true);
        const QJsonArray parents = node.value(u"parentRefs").toArray();
        // Managed objects hang from the app, whatever else owns them.
        const QString parent = parents.isEmpty() || managed.count(v.key) ? u"app"_s : keyOf(parents.first().toObject());
        children[parent].append(v.key);
        order.append(v.key);
        vertices.insert(v.key, v);
    }
    // Wanted but not in the cluster: shown, as Argo CD does, hanging from the app.
    for (const auto &[key, resource] : managed) {
        if (vertices.contains(key))
            continue;
        Vertex v = vertexOf(resource, false);
        if (v.health.isEmpty())
            v.health = u"Missing"_s;
        children[u"app"_s].append(key);
        vertices.insert(key, v);
    }

    graph.vertices.append(app);
    // Breadth first from the app; many siblings of a kind become one group.
    QStringList queue{u"app"_s};
    QSet<QString> seen{u"app"_s};
    while (!queue.isEmpty()) {
        const QString parent = queue.takeFirst();
        std::map<QString, QStringList> byKind;
        for (const QString &child : children.value(parent)) {
            if (!seen.contains(child) && vertices.contains(child))
                byKind[vertices.value(child).kind].append(child);
        }
        for (const auto &[kind, keys] : byKind) {
            QString from = parent;
            // What the app manages is always shown; what those own is grouped.
            if (keys.size() > collapseAbove && parent != u"app") {
                Vertex group;
                group.key = u"group:"_s + parent + u'|' + kind;
                group.kind = kind;
                group.isGroup = true;
                group.count = int(keys.size());
                group.expanded = m_expanded.contains(group.key);
                group.health = u"Healthy"_s;
                bool allSynced = true;
                for (const QString &key : keys) {
                    const Vertex &member = vertices.value(key);
                    if (healthRank(member.health) < healthRank(group.health))
                        group.health = member.health;
                    allSynced = allSynced && (member.sync.isEmpty() || member.sync == u"Synced");
                }
                group.sync = allSynced ? QString() : u"OutOfSync"_s;
                group.name = group.kind;
                graph.vertices.append(group);
                graph.edges.append({parent, group.key});
                if (!group.expanded)
                    continue;
                from = group.key;
            }
            for (const QString &key : keys) {
                seen.insert(key);
                graph.vertices.append(vertices.value(key));
                graph.edges.append({from, key});
                queue.append(key);
            }
        }
    }
    return graph;
}

void ResourceGraph::relayout()
{
    const quint64 generation = ++m_generation;
    const Graph graph = build();
    QList<GraphLayout::Node> nodes;
    nodes.reserve(graph.vertices.size());
    for (const Vertex &v : graph.vertices)
        nodes.append({v.key, QSizeF(nodeWidth, nodeHeight)});
    QtConcurrent::run([nodes, edges = graph.edges] {
        return GraphLayout::compute(nodes, edges);
    }).then(this, [this, generation, graph](const GraphLayout::Result &layout) { apply(generation, graph, layout); });
}

void ResourceGraph::apply(quint64 generation, const Graph &graph, const GraphLayout::Result &layout)
{
    if (generation != m_generation)
        return; // a newer tree is being laid out
    m_error = layout.error;
    QHash<QString, int> wanted;
    for (int i = 0; i < graph.vertices.size(); ++i)
        wanted.insert(graph.vertices.at(i).key, i);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!wanted.contains(m_rows.at(row).key)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    QHash<QString, int> present;
    for (int row = 0; row < m_rows.size(); ++row)
        present.insert(m_rows.at(row).key, row);
    QList<Vertex> added;
    for (int i = 0; i < graph.vertices.size(); ++i) {
        Vertex v = graph.vertices.at(i);
        v.centre = layout.centres.value(i);
        if (const auto it = present.constFind(v.key); it != present.cend()) {
            m_rows[*it] = v;
            Q_EMIT dataChanged(index(*it), index(*it));
        } else {
            added.append(v);
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
    m_edges = layout.edges;
    m_size = layout.size;
    m_laidOut = true;
    Q_EMIT layoutChanged();
    Q_EMIT edgesChanged();
}

int ResourceGraph::rowOf(const QString &key) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).key == key)
            return row;
    }
    return -1;
}

QRectF ResourceGraph::nodeRect(int row) const
{
    const QPointF centre = m_rows.at(row).centre;
    return {centre.x() - nodeWidth / 2, centre.y() - nodeHeight / 2, nodeWidth, nodeHeight};
}

QRectF ResourceGraph::boundsOf(const QString &key) const
{
    const int row = rowOf(key);
    return row < 0 ? QRectF() : nodeRect(row);
}

void ResourceGraph::select(const QString &key)
{
    if (key == m_selected)
        return;
    m_selected = key;
    Q_EMIT selectionChanged();
}

QVariantMap ResourceGraph::selectedResource() const
{
    const int row = rowOf(m_selected);
    if (row < 0)
        return {};
    const Vertex &v = m_rows.at(row);
    if (v.isGroup)
        return {};
    return {{u"group"_s, v.group}, {u"version"_s, v.version},           {u"kind"_s, v.kind}, {u"namespace"_s, v.ns},
            {u"name"_s, v.name},   {u"application"_s, v.isApplication}, {u"live"_s, v.live}};
}

} // namespace Capstan
