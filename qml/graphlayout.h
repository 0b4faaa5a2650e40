// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPointF>
#include <QPolygonF>
#include <QSizeF>
#include <QString>

namespace Capstan {

/// A layered left-to-right layout by Graphviz's dot (libgvc), for a graph of
/// boxes of given sizes. Thread-safe: Graphviz keeps global state, so calls
/// are serialised; run it off the GUI thread.
class GraphLayout
{
public:
    struct Node
    {
        QString id;
        QSizeF size; // pixels
    };
    struct Edge
    {
        QString from;
        QString to;
    };
    struct Result
    {
        /// Node centres, in pixels from the top left, in the order given.
        QList<QPointF> centres;
        /// Each edge as cubic Bézier control points (p0, c1, c2, p1, c1, c2, p2 …), in the order given.
        QList<QPolygonF> edges;
        QSizeF size;
        QString error;
    };

    static Result compute(const QList<Node> &nodes, const QList<Edge> &edges);
};

} // namespace Capstan
