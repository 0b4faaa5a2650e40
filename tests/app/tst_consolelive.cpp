// SPDX-License-Identifier: Apache-2.0
// The console as a user meets it, under Xvfb: "This computer" with the local
// control plane and the sample applications, about twenty apps in the tree,
// one synced through the API and watched going Synced and Healthy live, and
// its details with the resource graph (Deployment → ReplicaSet → Pod), then
// drift made through the API and seen in the diff viewer exactly. The main
// window, the details view and the diff viewer are saved as PNG artifacts.
#include "applications/applicationfiltermodel.h"
#include "applications/applicationgroupmodel.h"
#include "applications/applicationsmodel.h"
#include "client/apiclient.h"
#include "connections/connectionmanager.h"
#include "connections/credentialstore.h"
#include "details/applicationdetails.h"
#include "diff/applicationdiff.h"
#include "diff/diffpane.h"
#include "diff/diffview.h"
#include "mainwindow.h"
#include "quickgraphics.h"
#include "resourcegraph.h"
#include "samples/sampleapplications.h"
#include "support/controlplane.h"
#include "translations.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTreeView>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QString cell(MainWindow &window, const QString &name, int column)
{
    const QModelIndex grouped = window.groups()->indexOfKey(ApplicationsModel::keyOf(u"local"_s, u"argocd/"_s + name));
    const QModelIndex shown = window.filter()->mapFromSource(grouped.siblingAtColumn(column));
    return shown.isValid() ? shown.data().toString() : u"<not shown>"_s;
}

Result<QJsonDocument, ApiError> call(ApiClient *client, const QByteArray &method, const QString &path,
                                     const QJsonObject &body = {})
{
    return Test::await(client->send(method, path, body.isEmpty() ? QJsonDocument() : QJsonDocument(body)));
}

void save(QWidget *window, const QString &name)
{
    const QString folder = QStringLiteral(CAPSTAN_ARTIFACTS_DIR);
    QDir().mkpath(folder);
    const QString file = QDir(folder).filePath(name);
    QVERIFY2(window->grab().save(file), qPrintable(file));
    qInfo("screenshot: %s", qPrintable(file));
}

} // namespace

class tst_ConsoleLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        installTranslations(QLocale(QLocale::English));
        chooseQuickGraphicsApi();
    }

    void consoleWithTheLocalControlPlane()
    {
        QTemporaryDir data;
        LaunchOptions options;
        options.dataDirectory = data.path();
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(options, &credentials);
        window.resize(1500, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts need the active window
        Connection *local = window.connections()->local();
        QTRY_COMPARE_WITH_TIMEOUT(local->state(), Connection::State::Connected, 60000);

        // The six samples arrive once the control plane runs; guestbook syncs itself.
        QTRY_COMPARE_WITH_TIMEOUT(window.applications()->countOf(u"local"_s), 6, 120000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"guestbook"_s, ApplicationsModel::HealthColumn), u"Healthy"_s, 120000);

        // Fourteen more through the API, in three projects' worth of namespaces.
        ApiClient *client = local->client();
        const QString repository = QUrl::fromLocalFile(QDir(data.path()).filePath(u"samples/repository"_s)).toString();
        for (int i = 1; i <= 14; ++i) {
            const QString folder = i % 2 ? u"guestbook"_s : u"kustomize-guestbook"_s;
            const QString team = QStringList{u"payments"_s, u"search"_s, u"checkout"_s}.at(i % 3);
            const QJsonObject app = SampleApplications::application(u"%1-%2"_s.arg(team).arg(i), repository, folder,
                                                                    team, false, QJsonObject{{u"team"_s, team}});
            const auto created = call(client, "POST", u"/api/v1/applications"_s, app);
            QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        }
        QTRY_COMPARE_WITH_TIMEOUT(window.applications()->countOf(u"local"_s), 20, 30000);

        // Sync one and watch it go Synced and Healthy in the tree, live.
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"OutOfSync"_s, 60000);
        const auto synced = call(client, "POST", u"/api/v1/applications/payments-3/sync"_s, QJsonObject());
        QVERIFY2(synced.ok(), synced.ok() ? "" : qPrintable(synced.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"Synced"_s, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::HealthColumn), u"Healthy"_s, 60000);
        QVERIFY(call(client, "POST", u"/api/v1/applications/sock-shop/sync"_s, QJsonObject()).ok());
        window.tree()->expandAll();
        QTest::qWait(1000);
        save(&window, u"main-window.png"_s);

        // Open guestbook: the graph shows the app, its Deployment, the ReplicaSet and the Pod.
        const QModelIndex guestbook = window.filter()->mapFromSource(
            window.groups()->indexOfKey(ApplicationsModel::keyOf(u"local"_s, u"argocd/guestbook"_s)));
        QVERIFY(guestbook.isValid());
        window.tree()->setCurrentIndex(guestbook);
        window.tree()->setFocus();
        QTest::keyClick(window.tree(), Qt::Key_Return);
        QTRY_VERIFY(window.details());
        ApplicationDetails *details = window.details();
        details->tabs()->setCurrentIndex(1);
        ResourceGraph *graph = details->graph();
        QTRY_VERIFY_WITH_TIMEOUT(graph->isLaidOut() && graph->rowOf(u"apps/Deployment/guestbook/guestbook-ui"_s) >= 0,
                                 30000);
        const auto kindRow = [graph](const QString &kind) {
            for (int row = 0; row < graph->rowCount(); ++row) {
                if (graph->index(row).data(ResourceGraph::KindRole).toString() == kind)
                    return row;
            }
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(kindRow(u"Pod"_s) >= 0, 30000);
        QVERIFY(kindRow(u"ReplicaSet"_s) >= 0);
        QVERIFY(kindRow(u"Service"_s) >= 0);
        QVERIFY(graph->rowOf(u"app"_s) >= 0);
        // Left to right: app, Deployment, ReplicaSet, Pod.
        const auto x = [graph](int row) { return graph->index(row).data(ResourceGraph::XRole).toDouble(); };
        QVERIFY(x(graph->rowOf(u"app"_s)) < x(graph->rowOf(u"apps/Deployment/guestbook/guestbook-ui"_s)));
        QVERIFY(x(graph->rowOf(u"apps/Deployment/guestbook/guestbook-ui"_s)) < x(kindRow(u"ReplicaSet"_s)));
        QVERIFY(x(kindRow(u"ReplicaSet"_s)) < x(kindRow(u"Pod"_s)));
        QCOMPARE(graph->edges().size(), graph->rowCount() - 1);

        // Selecting the Pod shows its live manifest.
        graph->select(graph->index(kindRow(u"Pod"_s)).data(ResourceGraph::KeyRole).toString());
        QTRY_VERIFY_WITH_TIMEOUT(details->manifestView()->toPlainText().contains(u"kind: Pod"_s), 30000);
        QTest::qWait(800); // the first layout is fitted and animated
        save(&window, u"details-graph.png"_s);

        // sock-shop, synced meanwhile: many pods, grouped.
        QTest::keyClick(details->manifestView(), Qt::Key_Escape);
        QTRY_VERIFY(!window.details());
        const QModelIndex sockShop = window.filter()->mapFromSource(
            window.groups()->indexOfKey(ApplicationsModel::keyOf(u"local"_s, u"argocd/sock-shop"_s)));
        window.tree()->setCurrentIndex(sockShop);
        QTest::keyClick(window.tree(), Qt::Key_Return);
        QTRY_VERIFY(window.details());
        window.details()->tabs()->setCurrentIndex(1);
        ResourceGraph *shop = window.details()->graph();
        QTRY_VERIFY2_WITH_TIMEOUT(shop->isLaidOut() && shop->rowCount() > 20,
                                  qPrintable(u"laid out %1, %2 rows, error '%3', name %4"_s.arg(shop->isLaidOut())
                                                 .arg(shop->rowCount())
                                                 .arg(shop->error(), window.details()->name())),
                                  60000);
        QTest::qWait(1500);
        save(&window, u"details-sock-shop.png"_s);

        // Drift: payments-3's Deployment scaled behind Capstan's back, through the API.
        QTest::keyClick(window.details(), Qt::Key_Escape);
        QTRY_VERIFY(!window.details());
        const auto patched = Test::await(client->sendValue(
            "POST",
            u"/api/v1/applications/payments-3/resource?namespace=payments&resourceName=guestbook-ui&version=v1"
            "&group=apps&kind=Deployment&patchType=application%2Fmerge-patch%2Bjson"_s,
            u"{\"spec\":{\"replicas\":3}}"_s));
        QVERIFY2(patched.ok(), patched.ok() ? "" : qPrintable(patched.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"OutOfSync"_s, 60000);

        // Diff (Ctrl+D) shows exactly that change: the Deployment, replicas 3 → 1.
        window.tree()->setCurrentIndex(window.filter()->mapFromSource(
            window.groups()->indexOfKey(ApplicationsModel::keyOf(u"local"_s, u"argocd/payments-3"_s))));
        window.tree()->setFocus();
        QTest::keyClick(window.tree(), Qt::Key_D, Qt::ControlModifier);
        QTRY_VERIFY(window.details());
        ApplicationDiff *diff = window.details()->diff();
        QCOMPARE(window.details()->tabs()->currentWidget(), diff);
        const QString deployment = u"apps/Deployment/payments/guestbook-ui"_s;
        QTRY_VERIFY_WITH_TIMEOUT(diff->isLoaded() && diff->diffOf(deployment), 30000);
        const ManagedDiff drift = *diff->diffOf(deployment); // a copy: the diffs follow the app
        QCOMPARE(drift.state, ManagedDiff::State::Modified);
        QCOMPARE(drift.diff.changes().size(), 1);
        const Diff::TextDiff::Row &row = drift.diff.rows().at(drift.diff.changes().first().firstRow);
        QCOMPARE(row.kind, Diff::TextDiff::RowKind::Changed);
        QCOMPARE(drift.diff.oldLines().at(row.left), u"  replicas: 3"_s);
        QCOMPARE(drift.diff.newLines().at(row.right), u"  replicas: 1"_s);
        QCOMPARE(diff->diffOf(u"/Service/payments/guestbook-ui"_s)->state, ManagedDiff::State::Synced);
        QCOMPARE(diff->list()->model()->rowCount(), 1); // out of sync only
        QCOMPARE(diff->view()->diff().rows().size(), drift.diff.rows().size());
        QCOMPARE(diff->view()->currentChange(), 0);
        QVERIFY(diff->view()->leftPane()->textCursor().block().text().contains(u"replicas: 3"_s));
        QVERIFY(diff->patch().contains(u"-  replicas: 3\n+  replicas: 1\n"_s));
        diff->setOutOfSyncOnly(false);
        diff->selectResource(deployment);
        diff->view()->setContext(-1);
        diff->view()->setMode(DiffView::Mode::SideBySide);
        diff->view()->goToChange(0);
        QTest::qWait(500);
        save(&window, u"diff-side-by-side.png"_s);
        diff->view()->setContext(3);
        diff->view()->setMode(DiffView::Mode::Unified);
        QTest::qWait(300);
        save(&window, u"diff-unified.png"_s);

        // The same diff beside the graph, for the selected node.
        window.details()->tabs()->setCurrentIndex(1);
        window.details()->graph()->select(deployment);
        auto *side = qobject_cast<QTabWidget *>(window.details()->resourceDiff()->parentWidget()->parentWidget());
        QVERIFY(side);
        side->setCurrentWidget(window.details()->resourceDiff());
        QTRY_COMPARE(window.details()->resourceDiff()->diff().changes().size(), 1);
        QCOMPARE(window.details()->resourceDiff()->diff().oldLines(), drift.diff.oldLines());
    }
};

QTEST_MAIN(tst_ConsoleLive)
#include "tst_consolelive.moc"
