// SPDX-License-Identifier: Apache-2.0
#include "graphedges.h"

#include "resourcegraph.h"

#include <QPainter>
#include <QPainterPath>

namespace Capstan {

GraphEdges::GraphEdges(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAntialiasing(true);
}

void GraphEdges::setGraph(ResourceGraph *graph)
{
    if (graph == m_graph)
        return;
    if (m_graph)
        disconnect(m_graph, nullptr, this, nullptr);
    m_graph = graph;
    if (m_graph)
        connect(m_graph, &ResourceGraph::edgesChanged, this, [this] { update(); });
    Q_EMIT graphChanged();
    update();
}

void GraphEdges::setColor(const QColor &color)
{
    if (color == m_color)
        return;
    m_color = color;
    Q_EMIT colorChanged();
    update();
}

void GraphEdges::paint(QPainter *painter)
{
    if (!m_graph)
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(m_color, 1.5));
    for (const QPolygonF &curve : m_graph->edges()) {
        if (curve.size() < 4)
            continue;
        QPainterPath path(curve.first());
        for (qsizetype i = 1; i + 2 < curve.size(); i += 3)
            path.cubicTo(curve.at(i), curve.at(i + 1), curve.at(i + 2));
        painter->drawPath(path);
        // A small dot where the edge enters its node.
        painter->setBrush(m_color);
        painter->drawEllipse(curve.last(), 2.5, 2.5);
        painter->setBrush(Qt::NoBrush);
    }
}

} // namespace Capstan
