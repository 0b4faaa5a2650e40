// SPDX-License-Identifier: Apache-2.0
// bench_resourcegraph [nodes] [runs]: the resource graph's layout (Graphviz
// dot, as the details view runs it off the GUI thread) of a tree of about
// 500 nodes, app → Deployments → ReplicaSets → Pods, and the whole path from
// an ApplicationTree to laid-out rows. Prints JSON.
#include "graphlayout.h"
#include "resourcegraph.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject ref(const QString &group, const QString &kind, const QString &name)
{
    return {{u"group"_s, group}, {u"kind"_s, kind}, {u"namespace"_s, u"shop"_s}, {u"name"_s, name}};
}

/// Deployments with two ReplicaSets of pods each, about @p count nodes in all.
QJsonObject tree(int count)
{
    QJsonArray nodes;
    int d = 0;
    while (nodes.size() < count - 1) {
        const QString deployment = u"web-%1"_s.arg(d++);
        nodes.append(ref(u"apps"_s, u"Deployment"_s, deployment));
        for (int r = 0; r < 2 && nodes.size() < count - 1; ++r) {
            const QString replicaSet = deployment + u"-rs%1"_s.arg(r);
            QJsonObject rs = ref(u"apps"_s, u"ReplicaSet"_s, replicaSet);
            rs.insert(u"parentRefs"_s, QJsonArray{ref(u"apps"_s, u"Deployment"_s, deployment)});
            nodes.append(rs);
            for (int p = 0; p < 4 && nodes.size() < count - 1; ++p) {
                QJsonObject pod = ref({}, u"Pod"_s, replicaSet + u"-%1"_s.arg(p));
                pod.insert(u"parentRefs"_s, QJsonArray{ref(u"apps"_s, u"ReplicaSet"_s, replicaSet)});
                nodes.append(pod);
            }
        }
    }
    return {{u"nodes"_s, nodes}};
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 500;
    const int runs = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 10;
    const QJsonObject applicationTree = tree(count);

    // The layout alone, as the worker runs it.
    QList<GraphLayout::Node> nodes{{u"app"_s, QSizeF(ResourceGraph::nodeWidth, ResourceGraph::nodeHeight)}};
    QList<GraphLayout::Edge> edges;
    for (const QJsonValue &value : applicationTree.value(u"nodes").toArray()) {
        const QJsonObject node = value.toObject();
        const QString id = node.value(u"kind").toString() + u'/' + node.value(u"name").toString();
        nodes.append({id, QSizeF(ResourceGraph::nodeWidth, ResourceGraph::nodeHeight)});
        const QJsonArray parents = node.value(u"parentRefs").toArray();
        edges.append({parents.isEmpty() ? u"app"_s
                                        : parents.first().toObject().value(u"kind").toString() + u'/'
                              + parents.first().toObject().value(u"name").toString(),
                      id});
    }
    QList<double> layouts;
    QElapsedTimer timer;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        const GraphLayout::Result result = GraphLayout::compute(nodes, edges);
        layouts.append(double(timer.nsecsElapsed()) / 1e6);
        if (!result.error.isEmpty() || result.centres.size() != nodes.size()) {
            std::fprintf(stderr, "bench_resourcegraph: %s\n", qPrintable(result.error));
            return 1;
        }
    }
    std::sort(layouts.begin(), layouts.end());

    // From the tree to laid-out rows, groups expanded so that every node is drawn.
    ResourceGraph graph;
    timer.start();
    graph.setApplication(QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, u"shop"_s}}}});
    graph.setTree(applicationTree);
    while (!graph.isLaidOut())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double endToEnd = double(timer.nsecsElapsed()) / 1e6;

    const QJsonObject result{{u"nodes"_s, int(nodes.size())},
                             {u"edges"_s, int(edges.size())},
                             {u"layoutMedianMs"_s, layouts.at(layouts.size() / 2)},
                             {u"layoutMaxMs"_s, layouts.last()},
                             {u"treeToRowsMs"_s, endToEnd},
                             {u"rowsShown"_s, graph.rowCount()}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
