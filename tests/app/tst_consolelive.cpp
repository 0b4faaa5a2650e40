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
#include "clusters/clusterdialog.h"
#include "clusters/clustersdialog.h"
#include "clusters/clustersmodel.h"
#include "connections/connectionmanager.h"
#include "connections/credentialstore.h"
#include "details/applicationdetails.h"
#include "diff/applicationdiff.h"
#include "diff/diffpane.h"
#include "diff/diffview.h"
#include "forms/applicationform.h"
#include "mainwindow.h"
#include "projects/projectdialog.h"
#include "projects/projectsdialog.h"
#include "projects/projectsmodel.h"
#include "quickgraphics.h"
#include "repositories/repositoriesdialog.h"
#include "repositories/repositoriesmodel.h"
#include "repositories/repositorydialog.h"
#include "resourcegraph.h"
#include "samples/sampleapplications.h"
#include "support/controlplane.h"
#include "sync/historymodel.h"
#include "sync/operationview.h"
#include "sync/rollbackdialog.h"
#include "sync/syncdialog.h"
#include "sync/syncresourcesmodel.h"
#include "translations.h"
#include "widgets/rowseditor.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
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

/// Shows the tree and selects @p name in it.
void select(MainWindow &window, const QString &name)
{
    if (window.details())
        QTest::keyClick(window.details(), Qt::Key_Escape);
    QTRY_VERIFY(!window.details());
    const QModelIndex index = window.filter()->mapFromSource(
        window.groups()->indexOfKey(ApplicationsModel::keyOf(u"local"_s, u"argocd/"_s + name)));
    QVERIFY(index.isValid());
    window.tree()->selectionModel()->setCurrentIndex(index,
                                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    window.tree()->setFocus();
}

QAction *action(MainWindow &window, const QString &name)
{
    return window.findChild<QAction *>(name);
}

void git(const QString &repository, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(repository);
    process.start(u"git"_s,
                  QStringList{u"-c"_s, u"user.name=Capstan Test"_s, u"-c"_s, u"user.email=test@capstan.dev"_s}
                      + arguments);
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
}

/// What a sync or rollback dialog shows: its error and its operation.
QByteArray describe(QDialog *dialog)
{
    QStringList parts;
    for (const char *name : {"syncError", "rollbackError", "operationPhase", "operationSummary"}) {
        if (auto *label = dialog->findChild<QLabel *>(QString::fromLatin1(name)))
            parts << QString::fromLatin1(name) + u": "_s + label->text();
    }
    return parts.join(u" | "_s).toUtf8();
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

    // One window with the local control plane for the whole scenario: each
    // test function goes on from where the one before it stopped.
    QTemporaryDir m_data;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<MainWindow> m_window;
    /// The first test function that failed: those after it have nothing to go on from.
    QString m_failedStep;

private Q_SLOTS:
    void initTestCase()
    {
        CAPSTAN_REQUIRE_CONTROL_PLANE();
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        installTranslations(QLocale(QLocale::English));
        chooseQuickGraphicsApi();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_credentials.reset();
    }

    void init()
    {
        if (!m_failedStep.isEmpty())
            QFAIL(qPrintable(u"goes on from %1, which failed"_s.arg(m_failedStep)));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed() && m_failedStep.isEmpty())
            m_failedStep = QString::fromLatin1(QTest::currentTestFunction());
    }

    void consoleWithTheLocalControlPlane()
    {
        QTemporaryDir &data = m_data;
        LaunchOptions options;
        options.dataDirectory = data.path();
        m_credentials = std::make_unique<CredentialStore>(CredentialStore::Backend::Memory);
        m_window = std::make_unique<MainWindow>(options, m_credentials.get());
        MainWindow &window = *m_window;
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
    }

    void diffViewerShowsDrift()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        ApiClient *client = window.connections()->local()->client();

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

    void syncDialogWithPreview()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        // payments-3 drifted (3 replicas live, 1 in Git): Sync… (Ctrl+S).
        select(window, u"payments-3"_s);
        QTRY_VERIFY(action(window, u"syncAction"_s)->isEnabled()); // can-i answered
        QTest::keyClick(window.tree(), Qt::Key_S, Qt::ControlModifier);
        SyncDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<SyncDialog *>()));
        QTRY_COMPARE(dialog->resources()->rowCount(), 2);
        QTRY_VERIFY(dialog->isVisible());

        // The checklist: out of sync is the Deployment, and its diff is beside it.
        dialog->resources()->checkOutOfSync();
        QCOMPARE(dialog->resources()->checkedCount(), 1);
        QCOMPARE(dialog->request().resources.size(), 1);
        QCOMPARE(dialog->request().resources.first().kind, u"Deployment"_s);
        for (int row = 0; row < dialog->resources()->rowCount(); ++row) {
            const QModelIndex index = dialog->resources()->index(row, 0);
            if (index.data(SyncResourcesModel::OutOfSyncRole).toBool())
                dialog->checklist()->setCurrentIndex(index);
        }
        QTRY_COMPARE_WITH_TIMEOUT(dialog->diffView()->diff().changes().size(), 1, 30000);
        dialog->resources()->checkNone();
        QVERIFY(dialog->formErrors().contains(u"resources"_s));
        QVERIFY(!dialog->findChild<QPushButton *>(u"synchronizeButton"_s)->isEnabled());
        dialog->findChild<QPushButton *>(u"checkAll"_s)->click();
        QVERIFY(dialog->request().resources.isEmpty()); // all: no list, so pruning sees everything

        // Preview: a dry run that changes nothing.
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"previewButton"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog->isFinished(), describe(dialog).constData(), 60000);
        QVERIFY(dialog->isPreviewing());
        auto progress = dialog->progress();
        QVERIFY(progress && progress->dryRun);
        QVERIFY2(progress->succeeded(), qPrintable(progress->message));
        const auto result = [](const SyncProgress &p, const QString &kind) {
            for (const SyncResult &r : p.results) {
                if (r.kind == kind)
                    return r;
            }
            return SyncResult();
        };
        QCOMPARE(result(*progress, u"Deployment"_s).message, u"deployment.apps/guestbook-ui configured (dry run)"_s);
        QCOMPARE(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"OutOfSync"_s);

        // Then for real, from the preview.
        auto *now = dialog->findChild<QPushButton *>(u"synchronizeButton"_s);
        QVERIFY(now->isVisible() && now->isEnabled());
        QTest::mouseClick(now, Qt::LeftButton);
        QVERIFY(!dialog->isPreviewing());
        QTRY_VERIFY2_WITH_TIMEOUT(dialog->isFinished(), describe(dialog).constData(), 60000);
        progress = dialog->progress();
        QVERIFY2(progress->succeeded(), qPrintable(progress->message));
        QVERIFY(!progress->dryRun);
        QCOMPARE(result(*progress, u"Deployment"_s).message, u"deployment.apps/guestbook-ui configured"_s);
        QVERIFY(dialog->operationView()->summaryLabel()->text().contains(u"succeeded"_s));
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"Synced"_s, 60000);
        dialog->close();
        QTRY_VERIFY(!window.findChild<SyncDialog *>()); // deleted on close
    }

    void syncDialogWhileItRuns()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        // sync-waves: a PreSync Job that runs a few seconds, then three waves.
        select(window, u"sync-waves"_s);
        QTRY_VERIFY(action(window, u"syncAction"_s)->isEnabled());
        action(window, u"syncAction"_s)->trigger();
        SyncDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<SyncDialog *>()));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resources()->rowCount() > 0, 30000);
        QTest::qWait(300);
        save(dialog, u"sync-dialog-options.png"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"synchronizeButton"_s), Qt::LeftButton);
        // Caught while the PreSync hook runs.
        QTRY_VERIFY2_WITH_TIMEOUT(dialog->progress() && dialog->progress()->phase == u"Running"
                                      && dialog->progress()->count(SyncResult::Outcome::Running) > 0,
                                  describe(dialog).constData(), 60000);
        QVERIFY(dialog->findChild<QPushButton *>(u"terminateButton"_s)->isEnabled());
        QTest::qWait(200);
        save(dialog, u"sync-dialog-running.png"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog->isFinished(), describe(dialog).constData(), 180000);
        QVERIFY2(dialog->progress()->succeeded(), qPrintable(dialog->progress()->message));
        QVERIFY(dialog->progress()->results.size() >= 4);
        QTest::qWait(200);
        save(dialog, u"sync-dialog-finished.png"_s);
        dialog->close();
    }

    void applicationForm()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        const int before = window.applications()->countOf(u"local"_s);
        select(window, u"guestbook"_s);
        action(window, u"newApplicationAction"_s)->trigger();
        ApplicationForm *form = nullptr;
        QTRY_VERIFY((form = window.findChild<ApplicationForm *>()));
        QVERIFY(!form->isEditing());

        // A wrong name is pointed out as it is typed, and nothing is sent.
        auto *name = form->findChild<QLineEdit *>(u"name"_s);
        name->setText(u"Bad_Name"_s);
        QVERIFY(!form->errorShown(u"metadata.name"_s).isEmpty());
        QVERIFY(!form->errorShown(u"spec.source.repoURL"_s).isEmpty());
        auto *saveButton = form->findChild<QPushButton *>(u"saveButton"_s);
        QVERIFY(!saveButton->isEnabled());
        form->save();
        QTest::qWait(500);
        QCOMPARE(window.applications()->countOf(u"local"_s), before);
        QVERIFY(form->isVisible());

        // The sample repository offers its folders, with their types.
        const QString repository
            = QUrl::fromLocalFile(QDir(m_data.path()).filePath(u"samples/repository"_s)).toString();
        name->setText(u"form-guestbook"_s);
        form->findChild<QComboBox *>(u"repository"_s)->setCurrentText(repository);
        auto *path = form->findChild<QComboBox *>(u"path"_s);
        QTRY_VERIFY_WITH_TIMEOUT(path->findText(u"kustomize-guestbook"_s) >= 0, 30000);
        QCOMPARE(path->itemData(path->findText(u"kustomize-guestbook"_s)).toString(), u"Kustomize"_s);
        QTRY_VERIFY(form->findChild<QComboBox *>(u"revision"_s)->findText(u"main"_s) >= 0); // from the refs
        path->setCurrentText(u"guestbook"_s);
        form->findChild<QLineEdit *>(u"namespace"_s)->setText(u"form"_s);
        form->findChild<QCheckBox *>(u"optionCreateNamespace"_s)->setChecked(true);
        QVERIFY2(form->errors().isEmpty(), qPrintable(QStringList(form->errors().values()).join(u'\n')));
        QTest::qWait(300);
        save(form, u"application-form.png"_s);

        // The YAML tab is the same application, and edits there come back.
        form->tabs()->setCurrentIndex(1);
        QString yaml = form->yamlEditor()->toPlainText();
        QVERIFY2(yaml.contains(u"path: guestbook"_s) && yaml.contains(u"CreateNamespace=true"_s), qPrintable(yaml));
        form->yamlEditor()->setPlainText(yaml.replace(u"namespace: form\n"_s, u"namespace: form-yaml\n"_s));
        form->tabs()->setCurrentIndex(0);
        QCOMPARE(form->findChild<QLineEdit *>(u"namespace"_s)->text(), u"form-yaml"_s);
        // YAML that cannot be read is pointed out by line and kept.
        form->tabs()->setCurrentIndex(1);
        const QString good = form->yamlEditor()->toPlainText();
        form->yamlEditor()->setPlainText(good + u"spec: [unclosed\n"_s);
        form->tabs()->setCurrentIndex(0);
        QCOMPARE(form->tabs()->currentIndex(), 1);
        QVERIFY(form->errorShown(u"yaml"_s).contains(u"line"_s, Qt::CaseInsensitive)
                || form->errorShown(u"yaml"_s).contains(u":"_s));
        QVERIFY(form->yamlEditor()->toPlainText().endsWith(u"spec: [unclosed\n"_s));
        form->yamlEditor()->setPlainText(good);
        form->tabs()->setCurrentIndex(0);
        QCOMPARE(form->tabs()->currentIndex(), 0);

        // Created: it appears in the tree.
        QVERIFY(saveButton->isEnabled());
        QTest::mouseClick(saveButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.applications()->countOf(u"local"_s), before + 1, 30000);
        QTRY_VERIFY(cell(window, u"form-guestbook"_s, ApplicationsModel::NameColumn) == u"form-guestbook"_s);
        QTRY_VERIFY(!window.findChild<ApplicationForm *>());
        const auto created
            = call(window.connections()->local()->client(), "GET", u"/api/v1/applications/form-guestbook"_s);
        QVERIFY(created.ok());
        QCOMPARE(created->object()[u"spec"_s][u"destination"_s][u"namespace"_s].toString(), u"form-yaml"_s);
        QCOMPARE(created->object()[u"spec"_s][u"source"_s][u"path"_s].toString(), u"guestbook"_s);

        // Edit (Ctrl+E) opens it as the server has it.
        select(window, u"form-guestbook"_s);
        QTRY_VERIFY(action(window, u"editAction"_s)->isEnabled());
        QTest::keyClick(window.tree(), Qt::Key_E, Qt::ControlModifier);
        QTRY_VERIFY((form = window.findChild<ApplicationForm *>()));
        QVERIFY(form->isEditing());
        QTRY_COMPARE(form->findChild<QLineEdit *>(u"namespace"_s)->text(), u"form-yaml"_s);
        QVERIFY(form->findChild<QLineEdit *>(u"name"_s)->isReadOnly());
        form->findChild<QCheckBox *>(u"automated"_s)->setChecked(true);
        form->save();
        QTRY_VERIFY_WITH_TIMEOUT(!window.findChild<ApplicationForm *>(), 30000);
        const auto edited
            = call(window.connections()->local()->client(), "GET", u"/api/v1/applications/form-guestbook"_s);
        QVERIFY(edited->object()[u"spec"_s][u"syncPolicy"_s].toObject().contains(u"automated"_s));
    }

    void repositories()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        Connection *local = window.connections()->local();
        action(window, u"repositoriesAction"_s)->trigger();
        RepositoriesDialog *list = nullptr;
        QTRY_VERIFY((list = window.findChild<RepositoriesDialog *>()));
        QSignalSpy reloaded(list, &RepositoriesDialog::reloaded);
        QTRY_VERIFY(reloaded.size() >= 1 || list->model()->rowCount() >= 0);

        // A URL that is none is pointed out; nothing can be sent.
        RepositoryDialog add(local, {}, list);
        add.findChild<QLineEdit *>(u"url"_s)->setText(u"not a url"_s);
        QVERIFY(!add.errorShown(u"repo"_s).isEmpty());
        QVERIFY(!add.findChild<QPushButton *>(u"saveButton"_s)->isEnabled());

        // Test Connection asks the server to reach it.
        QSignalSpy tested(&add, &RepositoryDialog::tested);
        add.findChild<QLineEdit *>(u"url"_s)->setText(u"file:///nonexistent/repository"_s);
        add.testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 30000);
        QCOMPARE(tested.first().first().toBool(), false);
        QVERIFY(add.testResult()->text().startsWith(u"✘"_s));
        const QString repository
            = QUrl::fromLocalFile(QDir(m_data.path()).filePath(u"samples/repository"_s)).toString();
        add.findChild<QLineEdit *>(u"url"_s)->setText(repository);
        add.findChild<QLineEdit *>(u"name"_s)->setText(u"samples"_s);
        add.testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 30000);
        QVERIFY2(tested.last().first().toBool(), qPrintable(add.testResult()->text()));

        // Added: listed with its connection state.
        QSignalSpy saved(&add, &RepositoryDialog::saved);
        add.save();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
        list->reload();
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowOf(repository) >= 0, 30000);
        const int row = list->model()->rowOf(repository);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->index(row, RepositoriesModel::ConnectionColumn).data().toString(),
                                  u"Successful"_s, 30000);
        QCOMPARE(list->model()->index(row, RepositoriesModel::NameColumn).data().toString(), u"samples"_s);
        QTest::qWait(200);
        save(list, u"repositories.png"_s);

        // Secrets are write-only: an edit shows none and keeps them.
        RepositoryDialog edit(local, list->model()->item(row), list);
        QVERIFY(edit.findChild<QLineEdit *>(u"url"_s)->isReadOnly());
        QVERIFY(edit.findChild<QLineEdit *>(u"password"_s)->text().isEmpty());
        QVERIFY(!edit.repository().contains(u"password"_s));
        edit.findChild<QLineEdit *>(u"name"_s)->setText(u"samples-renamed"_s);
        QSignalSpy edited(&edit, &RepositoryDialog::saved);
        edit.save();
        QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 1, 30000);
        list->reload();
        QTRY_COMPARE_WITH_TIMEOUT(
            list->model()->index(list->model()->rowOf(repository), RepositoriesModel::NameColumn).data().toString(),
            u"samples-renamed"_s, 30000);

        list->view()->setCurrentIndex(list->model()->index(list->model()->rowOf(repository), 0));
        list->deleteCurrent(true);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowOf(repository), -1, 30000);
        list->close();
    }

    void clusters()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        Connection *local = window.connections()->local();
        action(window, u"clustersAction"_s)->trigger();
        ClustersDialog *list = nullptr;
        QTRY_VERIFY((list = window.findChild<ClustersDialog *>()));
        const QString inCluster = u"https://kubernetes.default.svc"_s;
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowOf(inCluster) >= 0, 30000);
        const int row = list->model()->rowOf(inCluster);
        const QString version = list->model()->index(row, ClustersModel::VersionColumn).data().toString();
        QVERIFY2(QRegularExpression(u"^1\\.\\d+"_s).match(version).hasMatch(),
                 qPrintable(version)); // "1.20", as Argo CD writes it
        QVERIFY(list->model()->index(row, ClustersModel::ApplicationsColumn).data().toInt() >= 20);

        // A kubeconfig without contexts says so.
        ClusterDialog empty(local, {}, list);
        empty.loadKubeconfig(QDir(m_data.path()).filePath(u"no-such-kubeconfig"_s));
        QVERIFY(!empty.errorShown().isEmpty());

        // One click on a context registers its cluster with its credentials.
        ClusterDialog add(local, {}, list);
        add.loadKubeconfig(window.connections()->localKubeconfig());
        QVERIFY(add.contexts()->count() >= 1);
        const QJsonObject cluster = add.cluster();
        const QString server = cluster.value(u"server"_s).toString();
        QVERIFY2(server.startsWith(u"https://127.0.0.1:"_s), qPrintable(server));
        QVERIFY(!cluster[u"config"_s][u"tlsClientConfig"_s][u"caData"_s].toString().isEmpty());
        add.findChild<QLineEdit *>(u"name"_s)->setText(u"local-again"_s);
        QSignalSpy saved(&add, &ClusterDialog::saved);
        add.save();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
        list->reload();
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowOf(server) >= 0, 30000);
        QCOMPARE(list->model()->index(list->model()->rowOf(server), ClustersModel::NameColumn).data().toString(),
                 u"local-again"_s);
        QTest::qWait(200);
        save(list, u"clusters.png"_s);
        list->view()->setCurrentIndex(list->model()->index(list->model()->rowOf(server), 0));
        list->deleteCurrent(true);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowOf(server), -1, 30000);
        list->close();
    }

    void projects()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        Connection *local = window.connections()->local();
        action(window, u"projectsAction"_s)->trigger();
        ProjectsDialog *list = nullptr;
        QTRY_VERIFY((list = window.findChild<ProjectsDialog *>()));
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowOf(u"default"_s) >= 0, 30000);

        // A policy that is not one is pointed out at its row; nothing is sent.
        ProjectDialog add(local, {}, list);
        add.findChild<QLineEdit *>(u"name"_s)->setText(u"team"_s);
        add.findChild<QLineEdit *>(u"description"_s)->setText(u"The team's applications"_s);
        const QString repository
            = QUrl::fromLocalFile(QDir(m_data.path()).filePath(u"samples/repository"_s)).toString();
        add.sourceRepos()->addRow({repository});
        add.destinations()->addRow({u"https://kubernetes.default.svc"_s, QString(), u"team-*"_s});
        add.resources(u"clusterResourceWhitelist"_s)->addRow({QString(), u"Namespace"_s});
        add.roles()->addRow({u"ci"_s, u"Pipelines"_s, u"team-ci"_s});
        add.policies()->addRow({u"applications"_s, u"sync"_s, u"other/*"_s, u"allow"_s});
        QCOMPARE(add.errorShown(u"spec.roles[0].policies[0]"_s),
                 u"the object must be 'team/*' or 'team/<application>', not 'other/*'"_s);
        QVERIFY(!add.findChild<QPushButton *>(u"saveButton"_s)->isEnabled());
        add.tabs()->setCurrentIndex(3);
        add.show();
        QTest::qWait(200);
        save(&add, u"project-dialog-error.png"_s);
        add.save();
        QTest::qWait(300);
        ApiClient *client = local->client();
        QCOMPARE(call(client, "GET", u"/api/v1/projects/team"_s).error().httpStatus, 404);
        add.policies()->setRows({});
        add.policies()->addRow({u"applications"_s, u"sync"_s, u"team/*"_s, u"allow"_s});
        add.policies()->addRow({u"applications"_s, u"get"_s, u"team/*"_s, u"allow"_s});
        QVERIFY(add.errors().isEmpty());
        QTest::qWait(200);
        save(&add, u"project-dialog.png"_s);

        // Created: the server has exactly what the dialog showed.
        QSignalSpy saved(&add, &ProjectDialog::saved);
        add.save();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
        const auto created = call(client, "GET", u"/api/v1/projects/team"_s);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        const QJsonObject spec = created->object().value(u"spec"_s).toObject();
        QCOMPARE(spec.value(u"sourceRepos"_s).toArray(), QJsonArray({repository}));
        QCOMPARE(spec[u"destinations"_s][0][u"namespace"_s].toString(), u"team-*"_s);
        QCOMPARE(spec[u"roles"_s][0][u"policies"_s].toArray(),
                 QJsonArray({u"p, proj:team:ci, applications, sync, team/*, allow"_s,
                             u"p, proj:team:ci, applications, get, team/*, allow"_s}));
        list->reload();
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowOf(u"team"_s) >= 0, 30000);
        const int row = list->model()->rowOf(u"team"_s);
        QCOMPARE(list->model()->index(row, ProjectsModel::RolesColumn).data().toString(), u"ci"_s);
        QTest::qWait(200);
        save(list, u"projects.png"_s);

        // Edited: a second destination; the token the server made for the
        // role stays.
        QVERIFY(call(client, "POST", u"/api/v1/projects/team/roles/ci/token"_s, {{u"id"_s, u"pipeline"_s}}));
        const auto withToken = call(client, "GET", u"/api/v1/projects/team"_s);
        QVERIFY(withToken);
        ProjectDialog edit(local, withToken->object(), list);
        QVERIFY(edit.findChild<QLabel *>(u"tokens"_s)->text().contains(u"Tokens issued for this role: 1"_s));
        edit.destinations()->addRow({u"https://kubernetes.default.svc"_s, QString(), u"team-extra"_s});
        QSignalSpy edited(&edit, &ProjectDialog::saved);
        edit.save();
        QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 1, 30000);
        const auto updated = call(client, "GET", u"/api/v1/projects/team"_s);
        QVERIFY(updated);
        QCOMPARE(updated->object()[u"spec"_s][u"destinations"_s].toArray().size(), 2);
        QCOMPARE(updated->object()[u"spec"_s][u"roles"_s][0][u"jwtTokens"_s].toArray().size(), 1);

        // An edit of an older version is refused by the server, and said so.
        ProjectDialog stale(local, withToken->object(), list);
        stale.findChild<QLineEdit *>(u"description"_s)->setText(u"stale"_s);
        stale.save();
        QTRY_VERIFY_WITH_TIMEOUT(!stale.errorShown(QString()).isEmpty(), 30000);
        QVERIFY2(stale.errorShown(QString()).contains(u"modified"_s), qPrintable(stale.errorShown(QString())));

        // The default project cannot be deleted; the team's can.
        list->view()->setCurrentIndex(list->model()->index(list->model()->rowOf(u"default"_s), 0));
        list->deleteCurrent(true);
        auto *listError = list->findChild<QLabel *>(u"listError"_s);
        QTRY_VERIFY_WITH_TIMEOUT(listError->isVisible(), 30000);
        QVERIFY2(listError->text().contains(u"reserved"_s), qPrintable(listError->text()));
        list->view()->setCurrentIndex(list->model()->index(list->model()->rowOf(u"team"_s), 0));
        list->deleteCurrent(true);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowOf(u"team"_s), -1, 30000);
        list->close();
    }

    void multiAppSync()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        // Two apps selected in the tree: confirmed once, followed one row each.
        select(window, u"search-1"_s);
        const QModelIndex second = window.filter()->mapFromSource(
            window.groups()->indexOfKey(ApplicationsModel::keyOf(u"local"_s, u"argocd/checkout-2"_s)));
        QVERIFY(second.isValid());
        window.tree()->selectionModel()->select(second, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QTRY_VERIFY(action(window, u"syncAction"_s)->isEnabled());
        QVERIFY(!action(window, u"rollbackAction"_s)->isEnabled()); // one app at a time
        action(window, u"syncAction"_s)->trigger();
        SyncDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<SyncDialog *>()));
        QCOMPARE(dialog->runs()->rowCount(), 2);
        QVERIFY(!dialog->findChild<QWidget *>(u"resourceChecklist"_s)->isVisible());
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"synchronizeButton"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog->isFinished(), describe(dialog).constData(), 60000);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(dialog->runs()->index(row, 1).data().toString(), u"Succeeded"_s);
            QVERIFY(dialog->progress(row)->succeeded());
        }
        QVERIFY(dialog->findChild<QLabel *>(u"syncOverall"_s)->text().contains(u"for all 2 applications"_s));
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"search-1"_s, ApplicationsModel::SyncColumn), u"Synced"_s, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"checkout-2"_s, ApplicationsModel::SyncColumn), u"Synced"_s, 60000);
        dialog->close();
        QTRY_VERIFY(!window.findChild<SyncDialog *>());
    }

    void rollbackDialog()
    {
        QVERIFY(m_window);
        MainWindow &window = *m_window;
        ApiClient *client = window.connections()->local()->client();
        // A second commit: guestbook-ui with two replicas, synced to payments-3.
        const QString repository = QDir(m_data.path()).filePath(u"samples/repository"_s);
        QFile file(QDir(repository).filePath(u"guestbook/guestbook-ui-deployment.yaml"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray yaml = file.readAll();
        file.close();
        QVERIFY(yaml.contains("replicas: 1"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray(yaml).replace("replicas: 1", "replicas: 2"));
        file.close();
        git(repository, {u"commit"_s, u"--quiet"_s, u"-am"_s, u"Two replicas for the guestbook"_s});
        QVERIFY(call(client, "GET", u"/api/v1/applications/payments-3?refresh=hard"_s).ok());
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"OutOfSync"_s, 60000);
        const auto app = [client] {
            const auto answer = call(client, "GET", u"/api/v1/applications/payments-3"_s);
            return answer ? answer->object() : QJsonObject();
        };
        // What is deployed: the newest entry of the history.
        const auto deployed = [&app] {
            const QJsonArray history = app().value(u"status"_s).toObject().value(u"history"_s).toArray();
            return history.isEmpty() ? QString() : history.last().toObject().value(u"revision"_s).toString();
        };
        const QString before = deployed();
        QVERIFY(call(client, "POST", u"/api/v1/applications/payments-3/sync"_s, QJsonObject()).ok());
        QTRY_COMPARE_WITH_TIMEOUT(cell(window, u"payments-3"_s, ApplicationsModel::SyncColumn), u"Synced"_s, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(deployed() != before, 30000);

        // Roll back (Ctrl+R): the entry before the newest is offered, with its diff.
        select(window, u"payments-3"_s);
        QTRY_VERIFY(action(window, u"rollbackAction"_s)->isEnabled());
        QTest::keyClick(window.tree(), Qt::Key_R, Qt::ControlModifier);
        RollbackDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<RollbackDialog *>()));
        QTRY_VERIFY(dialog->history()->rowCount() >= 2);
        QVERIFY(!dialog->isAutomated());
        QTRY_VERIFY(dialog->selectedId() > 0);
        QCOMPARE(dialog->historyView()->currentIndex().data(HistoryModel::RevisionRole).toString(), before);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->history()->index(1, HistoryModel::MessageColumn).data().toString(),
                                  u"Sample applications"_s, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->history()->index(0, HistoryModel::MessageColumn).data().toString(),
                                  u"Two replicas for the guestbook"_s, 30000);
        QCOMPARE(dialog->history()->index(0, HistoryModel::AuthorColumn).data().toString(),
                 u"Capstan Test <test@capstan.dev>"_s);
        const QString deployment = u"apps/Deployment/payments/guestbook-ui"_s;
        QTRY_VERIFY_WITH_TIMEOUT(dialog->preview()->diffOf(deployment), 30000);
        const ManagedDiff preview = *dialog->preview()->diffOf(deployment);
        QCOMPARE(preview.state, ManagedDiff::State::Modified);
        QVERIFY2(preview.diff.changes().size() == 1, qPrintable(preview.diff.unified(u"live"_s, u"revision"_s, 1)));
        const Diff::TextDiff::Row &row = preview.diff.rows().at(preview.diff.changes().first().firstRow);
        QCOMPARE(preview.diff.oldLines().at(row.left), u"  replicas: 2"_s);
        QCOMPARE(preview.diff.newLines().at(row.right), u"  replicas: 1"_s);
        QTest::qWait(300);
        save(dialog, u"rollback-dialog.png"_s);

        QTest::mouseClick(dialog->findChild<QPushButton *>(u"rollbackButton"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog->isFinished(), describe(dialog).constData(), 60000);
        QVERIFY2(dialog->progress()->succeeded(), qPrintable(dialog->progress()->message));
        QTRY_COMPARE_WITH_TIMEOUT(deployed(), before, 60000);
        // The earlier revision is live: one replica again.
        const auto live = call(client, "GET",
                               u"/api/v1/applications/payments-3/resource?namespace=payments&resourceName=guestbook-ui"
                               "&version=v1&group=apps&kind=Deployment"_s);
        QVERIFY(live.ok());
        const QJsonObject deploymentObject
            = QJsonDocument::fromJson(live->object().value(u"manifest"_s).toString().toUtf8()).object();
        QCOMPARE(deploymentObject.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 1);
        dialog->close();
        QTRY_VERIFY(!window.findChild<RollbackDialog *>()); // deleted on close

        // guestbook syncs itself: rollback says why it cannot, and turns auto-sync off when asked.
        select(window, u"guestbook"_s);
        QTRY_VERIFY(action(window, u"rollbackAction"_s)->isEnabled());
        action(window, u"rollbackAction"_s)->trigger();
        QTRY_VERIFY((dialog = window.findChild<RollbackDialog *>()));
        QTRY_VERIFY(dialog->isAutomated());
        QVERIFY(dialog->findChild<QWidget *>(u"autoSyncBanner"_s)->isVisible());
        QVERIFY(!dialog->findChild<QPushButton *>(u"rollbackButton"_s)->isEnabled());
        dialog->turnOffAutoSync(true);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isAutomated(), 30000);
        QVERIFY(!dialog->findChild<QWidget *>(u"autoSyncBanner"_s)->isVisible());
        dialog->close();
    }
};

QTEST_MAIN(tst_ConsoleLive)
#include "tst_consolelive.moc"
