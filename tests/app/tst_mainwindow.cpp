// SPDX-License-Identifier: Apache-2.0
// The main window against real servers: the embedded one, and remote ones
// (a full API server on a loopback port) that are down, want a login, or list
// applications and stream their changes.
#include "apiserver.h"
#include "applications/applicationfiltermodel.h"
#include "applications/applicationgroupmodel.h"
#include "applications/applicationsmodel.h"
#include "auth/sessionmanager.h"
#include "base/buildinfo.h"
#include "client/apiclient.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionmanager.h"
#include "connections/credentialstore.h"
#include "forms/applicationform.h"
#include "mainwindow.h"
#include "projects/projectdialog.h"
#include "quickgraphics.h"
#include "serverconfiguration.h"
#include "serverservices.h"
#include "serverstatus.h"
#include "store/datadirectory.h"
#include "store/store.h"
#include "support/loopback.h"
#include "support/serversettings.h"
#include "sync/rollbackdialog.h"
#include "sync/syncdialog.h"
#include "translations.h"
#include "widgets/messagearea.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QQuickItem>
#include <QQuickWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace Capstan;
using namespace Capstan::Test;
using namespace Qt::StringLiterals;

namespace {

QString qmlText(MainWindow &window, const char *objectName)
{
    auto *view = window.findChild<QQuickWidget *>(u"serverOverview"_s);
    if (!view || !view->rootObject())
        return u"<no QML view>"_s;
    QObject *item = view->rootObject()->findChild<QObject *>(QLatin1String(objectName));
    return item ? item->property("text").toString() : u"<no %1>"_s.arg(QLatin1String(objectName));
}

QString statusBarText(MainWindow &window)
{
    return window.findChild<QLabel *>(u"connectionLabel"_s)->text();
}

/// An application as the store keeps it, for a server without a cluster.
Model::Application storedApplication(const QString &name, const QString &project = u"default"_s)
{
    auto app = Model::fromJson<Model::Application>(
        QJsonDocument::fromJson(
            u"{\"metadata\": {\"name\": \"%1\", \"namespace\": \"argocd\"}, \"spec\": {\"project\": "
            u"\"%2\", \"source\": {\"repoURL\": \"https://git.example.com/apps.git\", \"path\": "
            u"\"%1\"}, \"destination\": {\"server\": \"https://kubernetes.default.svc\", "
            u"\"namespace\": \"web\"}}}"_s.arg(name, project)
                .toUtf8())
            .object());
    if (!app)
        QTest::qFail(qPrintable(u"stored application %1: "_s.arg(name) + app.error().message()), __FILE__, __LINE__);
    return app ? app.value() : Model::Application();
}

/// The text of an application's cell in the window's tree.
QString cell(MainWindow &window, const QString &connectionId, const QString &name, int column)
{
    const QModelIndex grouped
        = window.groups()->indexOfKey(ApplicationsModel::keyOf(connectionId, u"argocd/"_s + name));
    const QModelIndex shown = window.filter()->mapFromSource(grouped.siblingAtColumn(column));
    return shown.isValid() ? shown.data().toString() : u"<not shown>"_s;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

    /// A full API server without a cluster.
    struct Remote
    {
        QTemporaryDir dir;
        std::unique_ptr<ServerServices> services;
        ApiServer server;
        QByteArray admin;

        /// Starts it; an empty string, or why it could not.
        QString start(quint16 port = 0)
        {
            auto opened = ServerServices::open(dir.path(), Test::withTemporaryRepositories());
            if (!opened)
                return opened.error();
            services = std::move(opened).value();
            services->addRoutes(server);
            const auto listening = server.listen(QHostAddress::LocalHost, port);
            if (!listening)
                return listening.error();
            // Signed in directly: the test's own caller does not speak TLS to self-signed servers.
            const auto session = services->sessions().login(u"admin"_s, services->initialAdminPassword());
            if (!session)
                return u"admin cannot sign in: "_s + session.error().message;
            admin = *session;
            return admin.isEmpty() ? u"admin got no token"_s : QString();
        }
    };

    static LaunchOptions localOnly(const QString &data)
    {
        LaunchOptions options;
        options.dataDirectory = data;
        options.localCluster = false;
        options.samples = false;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        installTranslations(QLocale(QLocale::English)); // English plurals
        chooseQuickGraphicsApi();
        // A platform style other than the themes' Fusion, to see it come back.
        QApplication::setStyle(QStyleFactory::create(u"Windows"_s));
    }

    void themes()
    {
        QTemporaryDir data;
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(localOnly(data.path()), &credentials);
        const auto theme = [&window](const QString &id) {
            for (QAction *action : window.findChildren<QAction *>()) {
                if (action->isCheckable() && action->data().toString() == id)
                    return action;
            }
            return static_cast<QAction *>(nullptr);
        };
        QCOMPARE(qApp->style()->name().toLower(), u"windows"_s);
        theme(u"dark"_s)->trigger();
        QCOMPARE(qApp->style()->name().toLower(), u"fusion"_s);
        QVERIFY(qApp->palette().color(QPalette::Window).lightness() < 80);
        QVERIFY(theme(u"dark"_s)->isChecked());
        QCOMPARE(QSettings().value(u"view/theme"_s).toString(), u"dark"_s);
        theme(u"light"_s)->trigger();
        QVERIFY(qApp->palette().color(QPalette::Window).lightness() > 180);
        // Following the desktop again brings its own style back, not Fusion.
        theme(u"system"_s)->trigger();
        QCOMPARE(qApp->style()->name().toLower(), u"windows"_s);
        QVERIFY(theme(u"system"_s)->isChecked());
    }

    void init() { QSettings().clear(); }

    void localServer()
    {
        QTemporaryDir data;
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(localOnly(data.path()), &credentials);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Connection *local = window.connections()->local();
        QVERIFY(local);
        QTRY_COMPARE(local->state(), Connection::State::Connected);
        QTRY_COMPARE(window.serverStatus()->phase(), ServerStatus::Phase::Connected);
        QCOMPARE(qmlText(window, "versionLabel"), BuildInfo::displayVersion());
        QCOMPARE(statusBarText(window), u"This computer — connected, server version "_s + BuildInfo::displayVersion());
        // Signed in as admin through the embedded server's token: nobody typed a password.
        QCOMPARE(local->username(), u"admin"_s);
        auto *sidebar = window.findChild<QListView *>(u"connectionList"_s);
        QCOMPARE(sidebar->model()->index(0, 0).data().toString(), u"This computer\nConnected, 0 applications"_s);
        QCOMPARE(window.filter()->rowCount(), 0);
    }

    void localServerThatCannotStart()
    {
        QTemporaryDir data;
        const Result<std::unique_ptr<DataDirectory>> taken = DataDirectory::open(data.path());
        QVERIFY2(taken.ok(), taken.ok() ? "" : qPrintable(taken.error()));
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(localOnly(data.path()), &credentials);
        window.show();
        Connection *local = window.connections()->local();
        QTRY_COMPARE(local->state(), Connection::State::Failed);
        QVERIFY2(local->message().startsWith(u"The local server did not start: the data folder"),
                 qPrintable(local->message()));
        QVERIFY(local->message().contains(u"is in use"));
        QVERIFY2(window.messageArea()->currentText().contains(u"is in use"_s),
                 qPrintable(window.messageArea()->currentText()));
        QVERIFY(window.messageArea()->isVisible());
    }

    void remoteServerDownThenUpThenSignedIn()
    {
        const quint16 port = closedPort();
        LaunchOptions options;
        options.server = loopbackUrl(port);
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(options, &credentials);
        window.show();
        QCOMPARE(window.connections()->connections().size(), 1);
        Connection *remote = window.connections()->connections().first();
        QTRY_COMPARE(remote->state(), Connection::State::Waiting);
        QVERIFY2(remote->message().startsWith(u"Cannot reach http://127.0.0.1:%1/api/version: "_s.arg(port)),
                 qPrintable(remote->message()));
        QVERIFY(ConnectionListModel::stateText(remote).startsWith(u"Error, retrying in"_s));

        // The server comes up: the connection finds it by itself, and asks for a login.
        Remote server;
        const QString error = server.start(port);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(remote->state(), Connection::State::NeedsLogin, 10000);
        window.connections()->setToken(remote, server.admin);
        QTRY_COMPARE(remote->state(), Connection::State::Connected);
        QCOMPARE(remote->username(), u"admin"_s);
    }

    void remoteApplicationsLive()
    {
        Remote server;
        const QString error = server.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString &name : {u"web"_s, u"api"_s, u"db"_s})
            QVERIFY(server.services->store().createApplication(storedApplication(name)).ok());

        QTemporaryDir data;
        CredentialStore credentials(CredentialStore::Backend::Memory);
        LaunchOptions options = localOnly(data.path());
        MainWindow window(options, &credentials);
        QAbstractItemModelTester tester(window.filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        Connection *remote
            = window.connections()->addRemote({{}, u"Team server"_s, server.server.url(), {}, {}}, server.admin);
        QTRY_COMPARE(remote->state(), Connection::State::Connected);
        const QString id = remote->id();
        QTRY_COMPARE(cell(window, id, u"api"_s, ApplicationsModel::NameColumn), u"api"_s);
        QCOMPARE(cell(window, id, u"web"_s, ApplicationsModel::DestinationColumn), u"in-cluster/web"_s);
        // The token is in the credential store, the server in the settings, without it.
        QCOMPARE(credentials.read(id).result().value(), server.admin);
        QSettings settings;
        QCOMPARE(settings.value(u"connections/1/name"_s).toString(), u"Team server"_s);
        QVERIFY(!settings.allKeys().join(u' ').contains(u"token"_s));

        // Select one app; then another changes on the server, live.
        QTreeView *tree = window.tree();
        const QModelIndex api = window.filter()->mapFromSource(
            window.groups()->indexOfKey(ApplicationsModel::keyOf(id, u"argocd/api"_s)));
        tree->selectionModel()->setCurrentIndex(api, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QSignalSpy resets(window.filter(), &QAbstractItemModel::modelReset);
        QVERIFY(server.services->store()
                    .editApplication(u"argocd"_s, u"web"_s,
                                     [](Model::Application &app) -> Result<void, Store::StoreError> {
                                         app.status.health.status = Model::HealthStatusCode::Degraded;
                                         return {};
                                     })
                    .ok());
        QTRY_COMPARE(cell(window, id, u"web"_s, ApplicationsModel::HealthColumn), u"Degraded"_s);
        QVERIFY(server.services->store().createApplication(storedApplication(u"cache"_s)).ok());
        QTRY_COMPARE(cell(window, id, u"cache"_s, ApplicationsModel::NameColumn), u"cache"_s);
        QVERIFY(server.services->store().deleteApplication(u"argocd"_s, u"db"_s).ok());
        QTRY_COMPARE(cell(window, id, u"db"_s, ApplicationsModel::NameColumn), u"<not shown>"_s);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(ApplicationGroupModel::keyOf(tree->currentIndex()), ApplicationsModel::keyOf(id, u"argocd/api"_s));

        // Filters: type, see fewer; one click shows everything again.
        auto *search = window.findChild<QLineEdit *>(u"searchField"_s);
        QTest::keyClicks(search, u"cac"_s);
        QTRY_COMPARE(window.filter()->visibleApplications(), 1);
        auto *summary = window.findChild<QLabel *>(u"filterSummary"_s);
        QTRY_VERIFY2(summary->text().startsWith(u"1 of 3 shown"_s), qPrintable(summary->text()));
        auto *clear = window.findChild<QToolButton *>(u"clearFilters"_s);
        QVERIFY(clear->isVisible());
        clear->click();
        QTRY_COMPARE(window.filter()->visibleApplications(), 3);
        QVERIFY(!clear->isVisible());

        // Grouping by health puts the degraded app apart; the selection stays.
        window.groups()->setGrouping(ApplicationGroupModel::Grouping::Health);
        QCOMPARE(window.groups()->indexOfKey(ApplicationsModel::keyOf(id, u"argocd/web"_s)).parent().data().toString(),
                 u"Degraded"_s);

        // Removing the server removes its applications.
        window.connections()->remove(id);
        QCOMPARE(window.applications()->countOf(id), 0);
    }

    /// A server removed while dialogs for its applications are open: they
    /// stay usable and say that the connection is gone (under ASan, any use
    /// of the deleted connection fails this test).
    void removingAServerWithItsDialogsOpen()
    {
        Remote server;
        const QString error = server.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(server.services->store().createApplication(storedApplication(u"web"_s)).ok());
        QTemporaryDir data;
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(localOnly(data.path()), &credentials);
        Connection *remote
            = window.connections()->addRemote({{}, u"Team server"_s, server.server.url(), {}, {}}, server.admin);
        QTRY_COMPARE(remote->state(), Connection::State::Connected);
        const QString id = remote->id();

        auto *sync = new SyncDialog({{remote, u"argocd"_s, u"web"_s}}, &window);
        auto *rollback = new RollbackDialog(remote, u"argocd"_s, u"web"_s, &window);
        auto *form = new ApplicationForm(remote, &window);
        auto *project = new ProjectDialog(remote, {}, &window);
        sync->show();
        auto *revision = sync->findChild<QComboBox *>(u"revision"_s);
        QVERIFY(revision);
        QTRY_COMPARE(revision->currentText(), u"HEAD"_s); // the app arrived

        window.connections()->remove(id);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(!window.connections()->connection(id));

        sync->preview();
        auto *syncError = sync->findChild<QLabel *>(u"syncError"_s);
        QTRY_VERIFY2(syncError->text().contains(u"The connection is gone."_s), qPrintable(syncError->text()));
        sync->synchronize();
        sync->terminate();
        QVERIFY(syncError->text().contains(u"The connection is gone."_s));
        rollback->rollback();
        rollback->terminate();
        form->save();
        project->save();
        QTest::qWait(50); // any answer that was on its way
        for (QWidget *dialog : std::initializer_list<QWidget *>{sync, rollback, form, project})
            QVERIFY(window.findChildren<QWidget *>().contains(dialog));
    }

    void untrustedCertificate()
    {
        // A server with its own certificate authority, as capstan-server makes
        // at first start: the user sees the fingerprint and decides.
        Remote server;
        QTemporaryDir tls;
        const auto configuration = ServerTls::selfSigned(tls.path());
        QVERIFY2(configuration.ok(), configuration.ok() ? "" : qPrintable(configuration.error()));
        server.server.setTlsConfiguration(*configuration);
        const QString error = server.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTemporaryDir data;
        CredentialStore credentials(CredentialStore::Backend::Memory);
        MainWindow window(localOnly(data.path()), &credentials);
        const QUrl url = server.server.url();
        QCOMPARE(url.scheme(), u"https"_s);
        Connection *remote = window.connections()->addRemote({{}, u"TLS"_s, url, {}, {}}, server.admin);
        QTRY_COMPARE(remote->state(), Connection::State::Untrusted);
        const QString fingerprint = ApiClient::fingerprint(configuration->localCertificate());
        QVERIFY2(remote->message().contains(fingerprint), qPrintable(remote->message()));
        remote->trustRefusedCertificate();
        QTRY_COMPARE(remote->state(), Connection::State::Connected);
        QCOMPARE(QSettings().value(u"connections/1/fingerprint"_s).toString(), fingerprint);

        // Another certificate later is refused, loudly.
        Connection::Settings changed = remote->settings();
        changed.trustedFingerprint = u"00:11:22"_s;
        Connection *second = window.connections()->addRemote(changed, server.admin);
        QTRY_COMPARE(second->state(), Connection::State::Untrusted);
        QVERIFY2(second->message().contains(u"has changed"_s), qPrintable(second->message()));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
