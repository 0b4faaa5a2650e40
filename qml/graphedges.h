// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "resourcegraph.h"

#include <QPointer>
#include <QQuickPaintedItem>
#include <QtQmlIntegration>

namespace Capstan {

/// The edges of a ResourceGraph, painted as the curves Graphviz laid out.
class GraphEdges : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Capstan::ResourceGraph *graph READ graph WRITE setGraph NOTIFY graphChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)

public:
    explicit GraphEdges(QQuickItem *parent = nullptr);

    ResourceGraph *graph() const { return m_graph; }
    void setGraph(ResourceGraph *graph);
    QColor color() const { return m_color; }
    void setColor(const QColor &color);

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void graphChanged();
    void colorChanged();

private:
    QPointer<ResourceGraph> m_graph;
    QColor m_color{0x8f, 0xa4, 0xb1};
};

} // namespace Capstan
