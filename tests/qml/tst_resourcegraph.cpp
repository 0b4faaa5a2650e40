// SPDX-License-Identifier: Apache-2.0
// The resource graph: from Argo CD's ApplicationTree to laid-out nodes and
// edges (Graphviz dot), collapsed groups, and updates in place.
#include "graphlayout.h"
#include "resourcegraph.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

const QString dataDir = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/resourcegraph/");

/// An object from a file in dataDir; empty if it cannot be read.
QJsonObject readJson(const QString &name)
{
    QFile file(dataDir + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject guestbookApplication()
{
    return QJsonDocument::fromJson(R"({
        "metadata": {"name": "guestbook", "namespace": "argocd"},
        "status": {"sync": {"status": "Synced"}, "health": {"status": "Healthy"},
                   "resources": [
                       {"group": "apps", "version": "v1", "kind": "Deployment", "namespace": "guestbook",
                        "name": "guestbook-ui", "status": "Synced", "health": {"status": "Healthy"}},
                       {"version": "v1", "kind": "Service", "namespace": "guestbook", "name": "guestbook-ui",
                        "status": "Synced", "health": {"status": "Healthy"}},
                       {"version": "v1", "kind": "ConfigMap", "namespace": "guestbook", "name": "settings",
                        "status": "OutOfSync"}]}})")
        .object();
}

/// A tree of one Deployment with @p pods Pods under one ReplicaSet.
QJsonObject scaledTree(int pods)
{
    QJsonArray nodes{QJsonObject{{u"group"_s, u"apps"_s},
                                 {u"kind"_s, u"Deployment"_s},
                                 {u"namespace"_s, u"web"_s},
                                 {u"name"_s, u"web"_s},
                                 {u"version"_s, u"v1"_s}},
                     QJsonObject{{u"group"_s, u"apps"_s},
                                 {u"kind"_s, u"ReplicaSet"_s},
                                 {u"namespace"_s, u"web"_s},
                                 {u"name"_s, u"web-1"_s},
                                 {u"version"_s, u"v1"_s},
                                 {u"parentRefs"_s,
                                  QJsonArray{QJsonObject{{u"group"_s, u"apps"_s},
                                                         {u"kind"_s, u"Deployment"_s},
                                                         {u"namespace"_s, u"web"_s},
                                                         {u"name"_s, u"web"_s}}}}}};
    for (int i = 0; i < pods; ++i)
        nodes.append(QJsonObject{{u"kind"_s, u"Pod"_s},
                                 {u"namespace"_s, u"web"_s},
                                 {u"name"_s, u"web-1-%1"_s.arg(i)},
                                 {u"version"_s, u"v1"_s},
                                 {u"health"_s, QJsonObject{{u"status"_s, i == 3 ? u"Degraded"_s : u"Healthy"_s}}},
                                 {u"parentRefs"_s,
                                  QJsonArray{QJsonObject{{u"group"_s, u"apps"_s},
                                                         {u"kind"_s, u"ReplicaSet"_s},
                                                         {u"namespace"_s, u"web"_s},
                                                         {u"name"_s, u"web-1"_s}}}}});
    return {{u"nodes"_s, nodes}};
}

QStringList keys(const ResourceGraph &graph)
{
    QStringList result;
    for (int row = 0; row < graph.rowCount(); ++row)
        result.append(graph.index(row).data(ResourceGraph::KeyRole).toString());
    result.sort();
    return result;
}

} // namespace

class tst_ResourceGraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void guestbook()
    {
        ResourceGraph graph;
        QAbstractItemModelTester tester(&graph, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy laidOut(&graph, &ResourceGraph::layoutChanged);
        graph.setApplication(guestbookApplication());
        const QJsonObject tree = readJson(u"guestbook-tree.json"_s);
        QVERIFY2(!tree.isEmpty(), qPrintable(u"cannot read a tree from "_s + dataDir + u"guestbook-tree.json"_s));
        graph.setTree(tree);
        QTRY_VERIFY(graph.isLaidOut());
        QTRY_COMPARE(
            keys(graph),
            QStringList({u"/ConfigMap/guestbook/settings"_s, u"/Endpoints/guestbook/guestbook-ui"_s,
                         u"/Pod/guestbook/guestbook-ui-7cdc4c9b5c-4mrj4"_s, u"/Service/guestbook/guestbook-ui"_s,
                         u"app"_s, u"apps/Deployment/guestbook/guestbook-ui"_s,
                         u"apps/ReplicaSet/guestbook/guestbook-ui-7cdc4c9b5c"_s}));
        QCOMPARE(graph.edges().size(), graph.rowCount() - 1);
        const auto x = [&graph](const QString &key) {
            return graph.index(graph.rowOf(key)).data(ResourceGraph::XRole).toDouble();
        };
        // Left to right: the app, what it manages, what that owns.
        QVERIFY(x(u"app"_s) < x(u"apps/Deployment/guestbook/guestbook-ui"_s));
        QVERIFY(x(u"apps/Deployment/guestbook/guestbook-ui"_s)
                < x(u"apps/ReplicaSet/guestbook/guestbook-ui-7cdc4c9b5c"_s));
        QVERIFY(x(u"apps/ReplicaSet/guestbook/guestbook-ui-7cdc4c9b5c"_s)
                < x(u"/Pod/guestbook/guestbook-ui-7cdc4c9b5c-4mrj4"_s));
        QCOMPARE(x(u"/Service/guestbook/guestbook-ui"_s), x(u"apps/Deployment/guestbook/guestbook-ui"_s));
        // What is wanted but not live is shown, as missing.
        const QModelIndex missing = graph.index(graph.rowOf(u"/ConfigMap/guestbook/settings"_s));
        QCOMPARE(missing.data(ResourceGraph::LiveRole).toBool(), false);
        QCOMPARE(missing.data(ResourceGraph::HealthRole).toString(), u"Missing"_s);
        QCOMPARE(missing.data(ResourceGraph::SyncRole).toString(), u"OutOfSync"_s);
        const QModelIndex pod = graph.index(graph.rowOf(u"/Pod/guestbook/guestbook-ui-7cdc4c9b5c-4mrj4"_s));
        QCOMPARE(pod.data(ResourceGraph::StatusRole).toString(), u"Running"_s);
        // Nodes do not overlap.
        for (int a = 0; a < graph.rowCount(); ++a)
            for (int b = a + 1; b < graph.rowCount(); ++b)
                QVERIFY(!graph.nodeRect(a).intersects(graph.nodeRect(b)));
    }

    void manySiblingsCollapse()
    {
        ResourceGraph graph;
        QAbstractItemModelTester tester(&graph, QAbstractItemModelTester::FailureReportingMode::QtTest);
        graph.setApplication(guestbookApplication());
        graph.setTree(scaledTree(12));
        QTRY_VERIFY(graph.isLaidOut());
        const QString group = u"group:apps/ReplicaSet/web/web-1|Pod"_s;
        QTRY_VERIFY(graph.rowOf(group) >= 0);
        const QModelIndex node = graph.index(graph.rowOf(group));
        QCOMPARE(node.data(ResourceGraph::CountRole).toInt(), 12);
        QCOMPARE(node.data(ResourceGraph::HealthRole).toString(), u"Degraded"_s); // the worst of them
        QVERIFY(!keys(graph).contains(u"/Pod/web/web-1-0"_s));

        // Expanding shows them under the group; collapsing hides them again.
        graph.toggleGroup(group);
        QTRY_VERIFY(graph.rowOf(u"/Pod/web/web-1-0"_s) >= 0);
        // app; the three wanted resources not live; Deployment, ReplicaSet, group; the pods
        QCOMPARE(graph.rowCount(), 1 + 3 + 3 + 12);
        graph.toggleGroup(group);
        QTRY_VERIFY(graph.rowOf(u"/Pod/web/web-1-0"_s) < 0);
        // A few siblings stay apart.
        graph.setTree(scaledTree(3));
        QTRY_VERIFY(graph.rowOf(u"/Pod/web/web-1-2"_s) >= 0);
        QVERIFY(graph.rowOf(group) < 0);
    }

    void updatesInPlace()
    {
        ResourceGraph graph;
        QAbstractItemModelTester tester(&graph, QAbstractItemModelTester::FailureReportingMode::QtTest);
        graph.setApplication(guestbookApplication());
        graph.setTree(scaledTree(2));
        QTRY_VERIFY(graph.rowOf(u"/Pod/web/web-1-1"_s) >= 0);
        QSignalSpy resets(&graph, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&graph, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&graph, &QAbstractItemModel::rowsInserted);
        graph.setTree(scaledTree(3));
        QTRY_VERIFY(graph.rowOf(u"/Pod/web/web-1-2"_s) >= 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(resets.size(), 0);
    }

    void layoutOf500Nodes()
    {
        // A tree of 500 nodes: 10 Deployments, each with 2 ReplicaSets of 24 Pods.
        QList<GraphLayout::Node> nodes{{u"app"_s, QSizeF(ResourceGraph::nodeWidth, ResourceGraph::nodeHeight)}};
        QList<GraphLayout::Edge> edges;
        for (int d = 0; d < 10; ++d) {
            const QString deployment = u"d%1"_s.arg(d);
            nodes.append({deployment, QSizeF(250, 58)});
            edges.append({u"app"_s, deployment});
            for (int r = 0; r < 2; ++r) {
                const QString replicaSet = deployment + u"r%1"_s.arg(r);
                nodes.append({replicaSet, QSizeF(250, 58)});
                edges.append({deployment, replicaSet});
                for (int p = 0; p < 24 && nodes.size() < 500; ++p) {
                    nodes.append({replicaSet + u"p%1"_s.arg(p), QSizeF(250, 58)});
                    edges.append({replicaSet, nodes.last().id});
                }
            }
        }
        const GraphLayout::Result layout = GraphLayout::compute(nodes, edges);
        QVERIFY2(layout.error.isEmpty(), qPrintable(layout.error));
        QCOMPARE(layout.centres.size(), nodes.size());
        QCOMPARE(layout.edges.size(), edges.size());
        for (const QPolygonF &edge : layout.edges)
            QVERIFY(edge.size() >= 4 && (edge.size() - 1) % 3 == 0);
    }
};

QTEST_MAIN(tst_ResourceGraph)
#include "tst_resourcegraph.moc"
