// SPDX-License-Identifier: Apache-2.0
#include "graphlayout.h"

#include <QHash>
#include <QMutex>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace Capstan {

namespace {

constexpr double pointsPerInch = 72.0;
// Graphviz works in points; the view in pixels at the same scale.
constexpr double pixelsPerPoint = 1.0;

QMutex &graphvizMutex()
{
    static QMutex mutex;
    return mutex;
}

GVC_t *context()
{
    static GVC_t *gvc = gvContext();
    return gvc;
}

char *text(QByteArray &storage, const QString &value)
{
    storage = value.toUtf8();
    return storage.data();
}

} // namespace

GraphLayout::Result GraphLayout::compute(const QList<Node> &nodes, const QList<Edge> &edges)
{
    Result result;
    if (nodes.isEmpty())
        return result;
    QMutexLocker locker(&graphvizMutex());
    QByteArray name("capstan");
    Agraph_t *graph = agopen(name.data(), Agdirected, nullptr);
    QByteArray a, b;
    const auto graphAttribute = [&](const char *key, const char *value) {
        agattr(graph, AGRAPH, text(a, QString::fromLatin1(key)), text(b, QString::fromLatin1(value)));
    };
    graphAttribute("rankdir", "LR");
    graphAttribute("nodesep", "0.25");
    graphAttribute("ranksep", "0.9");
    graphAttribute("splines", "spline");
    graphAttribute("ordering", "out");
    agattr(graph, AGNODE, text(a, QStringLiteral("shape")), text(b, QStringLiteral("box")));
    agattr(graph, AGNODE, text(a, QStringLiteral("fixedsize")), text(b, QStringLiteral("true")));
    agattr(graph, AGNODE, text(a, QStringLiteral("width")), text(b, QStringLiteral("1")));
    agattr(graph, AGNODE, text(a, QStringLiteral("height")), text(b, QStringLiteral("1")));
    agattr(graph, AGNODE, text(a, QStringLiteral("label")), text(b, QString()));
    // No arrowheads: the curves end at the nodes, and the view draws its own.
    agattr(graph, AGEDGE, text(a, QStringLiteral("arrowhead")), text(b, QStringLiteral("none")));

    QHash<QString, Agnode_t *> byId;
    QList<Agnode_t *> graphNodes;
    graphNodes.reserve(nodes.size());
    for (const Node &node : nodes) {
        QByteArray id = node.id.toUtf8();
        Agnode_t *n = agnode(graph, id.data(), 1);
        QByteArray width = QString::number(node.size.width() / pixelsPerPoint / pointsPerInch).toUtf8();
        QByteArray height = QString::number(node.size.height() / pixelsPerPoint / pointsPerInch).toUtf8();
        QByteArray widthKey("width"), heightKey("height"), empty("");
        agsafeset(n, widthKey.data(), width.data(), empty.data());
        agsafeset(n, heightKey.data(), height.data(), empty.data());
        byId.insert(node.id, n);
        graphNodes.append(n);
    }
    QList<Agedge_t *> graphEdges;
    graphEdges.reserve(edges.size());
    for (const Edge &edge : edges) {
        Agnode_t *from = byId.value(edge.from);
        Agnode_t *to = byId.value(edge.to);
        graphEdges.append(from && to ? agedge(graph, from, to, nullptr, 1) : nullptr);
    }

    if (gvLayout(context(), graph, "dot") != 0) {
        result.error = QStringLiteral("Graphviz could not lay the graph out");
        agclose(graph);
        return result;
    }
    const boxf box = GD_bb(graph);
    const double height = box.UR.y * pixelsPerPoint;
    result.size = QSizeF((box.UR.x - box.LL.x) * pixelsPerPoint, (box.UR.y - box.LL.y) * pixelsPerPoint);
    const auto toView
        = [&](pointf p) { return QPointF((p.x - box.LL.x) * pixelsPerPoint, height - p.y * pixelsPerPoint); };
    for (Agnode_t *n : std::as_const(graphNodes))
        result.centres.append(toView(ND_coord(n)));
    for (Agedge_t *e : std::as_const(graphEdges)) {
        QPolygonF points;
        if (e && ED_spl(e) && ED_spl(e)->size > 0) {
            const bezier &curve = ED_spl(e)->list[0];
            for (int i = 0; i < curve.size; ++i)
                points.append(toView(curve.list[i]));
        }
        result.edges.append(points);
    }
    gvFreeLayout(context(), graph);
    agclose(graph);
    return result;
}

} // namespace Capstan
