// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "applications/applicationfiltermodel.h"
#include "applications/applicationgroupmodel.h"
#include "applications/applicationsmodel.h"
#include "applications/deletedialog.h"
#include "applications/filterbar.h"
#include "applogging.h"
#include "base/buildinfo.h"
#include "client/apiclient.h"
#include "client/apipaths.h"
#include "clusters/clustersdialog.h"
#include "connections/connectiondialog.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionmanager.h"
#include "connections/credentialstore.h"
#include "details/applicationdetails.h"
#include "forms/applicationform.h"
#include "projects/projectsdialog.h"
#include "repositories/repositoriesdialog.h"
#include "samples/sampleapplications.h"
#include "serverstatus.h"
#include "sync/rollbackdialog.h"
#include "sync/syncdialog.h"
#include "widgets/messagearea.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWidget>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyleFactory>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtQml/QQmlExtensionPlugin>

// The QML module is a static plugin: link its types in wherever this window is.
Q_IMPORT_QML_PLUGIN(CapstanPlugin)

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

/// Argo CD's path of an app, in or outside the control plane's namespace.
QString appPath(const ApplicationSummary &application, const QString &query = {})
{
    return ApiPaths::application(application.name, application.ns, {}, query);
}

} // namespace

MainWindow::MainWindow(const LaunchOptions &options, CredentialStore *credentials, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_credentials(credentials ? credentials : new CredentialStore(CredentialStore::Backend::Keychain, this))
{
    setWindowTitle(tr("Capstan"));
    setWindowIcon(QIcon(u":/icons/capstan.svg"_s));
    resize(1280, 800);

    createModels();
    createCentralView();
    createSidebar();
    createActions();
    restoreSettings();

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    m_connectionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(u"busyLabel"_s);
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->addPermanentWidget(m_connectionLabel, 1);

    m_connections->start({!m_options.server.has_value(), m_options.dataDirectory, m_options.localCluster});
    if (m_options.server)
        m_connections->addTransient(*m_options.server);
    if (Connection *local = m_connections->local(); local && m_options.samples && m_options.localCluster) {
        // The samples deploy to the local control plane: they wait for it.
        const auto startSamples = [this, local] {
            if (m_samplesStarted || local->state() != Connection::State::Connected
                || m_connections->localKubeconfig().isEmpty())
                return;
            m_samplesStarted = true;
            auto *samples = new SampleApplications(local, m_options.dataDirectory, this);
            connect(samples, &SampleApplications::finished, this, [this, samples](const QString &error) {
                samples->deleteLater();
                if (!error.isEmpty())
                    showProblem(tr("The sample applications were not set up."), error);
            });
            samples->start();
        };
        connect(local, &Connection::stateChanged, this, startSamples);
        connect(m_connections, &ConnectionManager::localKubeconfigChanged, this, startSamples);
    }
    if (!m_connections->connections().isEmpty())
        m_sidebar->setCurrentIndex(m_connectionList->index(0));
    updateActions();
}

MainWindow::~MainWindow()
{
    // The views go before the models and connections they show.
    delete m_tree;
    m_tree = nullptr;
}

void MainWindow::createModels()
{
    m_applications = new ApplicationsModel(this);
    m_groups = new ApplicationGroupModel(this);
    m_groups->setSourceModel(m_applications);
    m_filter = new ApplicationFilterModel(this);
    m_filter->setSourceModel(m_groups);
    m_connections = new ConnectionManager(m_applications, m_credentials, this);
    m_connectionList = new ConnectionListModel(m_connections, this);
    connect(m_connections, &ConnectionManager::problem, this, &MainWindow::showProblem);
    connect(m_connections, &ConnectionManager::connectionChanged, this, [this](Connection *connection) {
        if (connection == currentConnection())
            updateStatusBar();
        updateActions();
    });
}

void MainWindow::createSidebar()
{
    auto *dock = new QDockWidget(tr("Servers"), this);
    dock->setObjectName(u"serversDock"_s);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto *panel = new QWidget(dock);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);

    m_sidebar = new QListView(panel);
    m_sidebar->setObjectName(u"connectionList"_s);
    m_sidebar->setModel(m_connectionList);
    m_sidebar->setIconSize({20, 20});
    m_sidebar->setSpacing(2);
    m_sidebar->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_sidebar->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_sidebar, 1);
    auto *add = new QPushButton(QIcon(u":/icons/connection.svg"_s), tr("&Add Server…"), panel);
    add->setObjectName(u"addServerButton"_s);
    connect(add, &QPushButton::clicked, this, &MainWindow::addServer);
    layout->addWidget(add);

    // The selected connection's state and version, in QML.
    m_status = new ServerStatus(this);
    m_overview = new QQuickWidget(panel);
    m_overview->setObjectName(u"serverOverview"_s);
    m_overview->setResizeMode(QQuickWidget::SizeRootObjectToView);
    m_overview->setMinimumHeight(340);
    m_overview->engine()->addImportPath(u"qrc:/"_s);
    m_overview->setSource(QUrl(u"qrc:/Capstan/ServerOverview.qml"_s));
    if (m_overview->status() != QQuickWidget::Ready) {
        const auto errors = m_overview->errors();
        for (const QQmlError &error : errors)
            qCWarning(lcApp).noquote() << error.toString();
    } else {
        m_overview->rootObject()->setProperty("status", QVariant::fromValue(m_status));
    }
    connect(m_status, &ServerStatus::retryRequested, this, [this] {
        if (Connection *connection = currentConnection())
            connection->connectNow();
    });
    layout->addWidget(m_overview);
    dock->setWidget(panel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    connect(m_sidebar->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showConnection(m_connectionList->connectionAt(current)); });
    connect(m_sidebar, &QListView::activated, this, [this](const QModelIndex &index) {
        Connection *connection = m_connectionList->connectionAt(index);
        if (!connection)
            return;
        if (connection->state() == Connection::State::NeedsLogin)
            signIn(connection);
        else if (connection->state() == Connection::State::Untrusted)
            trustCertificate(connection);
    });
}

void MainWindow::createCentralView()
{
    auto *central = new QWidget(this);
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    m_pages = new QStackedWidget(central);
    auto *applicationsPage = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(applicationsPage);
    layout->setContentsMargins(4, 4, 4, 0);
    m_filterBar = new FilterBar(m_filter, m_applications, applicationsPage);
    layout->addWidget(m_filterBar);

    m_tree = new QTreeView(applicationsPage);
    m_tree->setObjectName(u"applicationTree"_s);
    m_tree->setModel(m_filter);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(ApplicationsModel::NameColumn, Qt::AscendingOrder);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setUniformRowHeights(true); // thousands of rows scroll smoothly
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(ApplicationsModel::NameColumn, 260);
    m_tree->header()->resizeSection(ApplicationsModel::SyncColumn, 110);
    m_tree->header()->resizeSection(ApplicationsModel::HealthColumn, 120);
    m_tree->header()->resizeSection(ApplicationsModel::RevisionColumn, 80);
    m_tree->header()->resizeSection(ApplicationsModel::LastSyncColumn, 130);
    m_tree->header()->resizeSection(ApplicationsModel::SourceColumn, 300);
    // New groups open; the user's closing of one is kept.
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        if (!parent.isValid() || m_tree->isExpanded(parent)) {
            for (int row = first; row <= last; ++row) {
                const QModelIndex index = m_filter->index(row, 0, parent);
                if (index.data(ApplicationGroupModel::IsGroupRole).toBool())
                    m_tree->expandRecursively(index);
            }
        }
    });
    connect(m_filter, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
    connect(m_filter, &ApplicationFilterModel::filtersChanged, m_tree, &QTreeView::expandAll);
    layout->addWidget(m_tree, 1);
    m_pages->addWidget(applicationsPage);
    outer->addWidget(m_pages, 1);
    // Enter or a double click opens an application.
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!index.data(ApplicationGroupModel::IsGroupRole).toBool())
            openDetails();
    });

    m_messages = new MessageArea(central);
    outer->addWidget(m_messages);
    setCentralWidget(central);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
}

void MainWindow::createActions()
{
    const auto make
        = [this](const QString &icon, const QString &text, const QKeySequence &shortcut, const char *name, auto slot) {
              auto *action = new QAction(icon.isEmpty() ? QIcon() : QIcon(icon), text, this);
              action->setObjectName(QString::fromLatin1(name));
              if (!shortcut.isEmpty())
                  action->setShortcut(shortcut);
              connect(action, &QAction::triggered, this, slot);
              return action;
          };
    m_refreshAction = make(u":/icons/sync-running.svg"_s, tr("&Refresh"), QKeySequence::Refresh, "refreshAction",
                           [this] { refreshSelected(false); });
    m_hardRefreshAction = make({}, tr("&Hard Refresh"), QKeySequence(Qt::SHIFT | Qt::Key_F5), "hardRefreshAction",
                               [this] { refreshSelected(true); });
    m_hardRefreshAction->setToolTip(tr("Generate the manifests again, ignoring the cache"));
    m_deleteAction = make(u":/icons/health-degraded.svg"_s, tr("&Delete…"), QKeySequence::Delete, "deleteAction",
                          &MainWindow::deleteSelected);
    m_copyAction = make({}, tr("&Copy Name"), QKeySequence::Copy, "copyNameAction", &MainWindow::copyNames);
    m_browserAction = make({}, tr("Open in &Browser"), QKeySequence(Qt::CTRL | Qt::Key_B), "openInBrowserAction",
                           &MainWindow::openInBrowser);
    m_detailsAction
        = make({}, tr("&Open"), QKeySequence(Qt::CTRL | Qt::Key_O), "openDetailsAction", &MainWindow::openDetails);
    m_detailsAction->setToolTip(tr("Show the application's details and resources (Enter)"));
    m_diffAction = make({}, tr("&Diff"), QKeySequence(Qt::CTRL | Qt::Key_D), "diffAction", [this] {
        openDetails();
        if (m_details)
            m_details->showDiff();
    });
    m_diffAction->setToolTip(tr("Compare the application's live resources with the desired ones (Ctrl+D)"));
    m_syncAction = make(u":/icons/sync-running.svg"_s, tr("&Sync…"), QKeySequence(Qt::CTRL | Qt::Key_S), "syncAction",
                        &MainWindow::syncSelected);
    m_rollbackAction = make({}, tr("Roll&back…"), QKeySequence(Qt::CTRL | Qt::Key_R), "rollbackAction",
                            &MainWindow::rollbackSelected);
    m_editAction = make({}, tr("&Edit…"), QKeySequence(Qt::CTRL | Qt::Key_E), "editAction", &MainWindow::editSelected);
    m_newAction = make({}, tr("&New Application…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                       "newApplicationAction", &MainWindow::newApplication);
    m_newAction->setToolTip(tr("Create an application on the selected server"));
    // Lists of the selected server (or this computer's).
    const auto serverList = [this]<typename Dialog>() {
        Connection *connection = currentConnection();
        if (!connection)
            connection = m_connections->local();
        if (connection)
            (new Dialog(connection, this))->show();
    };
    m_repositoriesAction = make(u":/icons/repository.svg"_s, tr("&Repositories…"), {}, "repositoriesAction",
                                [serverList] { serverList.template operator()<RepositoriesDialog>(); });
    m_clustersAction = make(u":/icons/destination.svg"_s, tr("C&lusters…"), {}, "clustersAction",
                            [serverList] { serverList.template operator()<ClustersDialog>(); });
    m_projectsAction = make(u":/icons/project.svg"_s, tr("&Projects…"), {}, "projectsAction",
                            [serverList] { serverList.template operator()<ProjectsDialog>(); });
    m_findAction = make({}, tr("&Find…"), QKeySequence::Find, "findAction", [this] {
        if (m_details && m_pages->currentWidget() == m_details) {
            m_details->find();
            return;
        }
        m_filterBar->searchField()->setFocus(Qt::ShortcutFocusReason);
        m_filterBar->searchField()->selectAll();
    });
    for (QAction *action : {m_refreshAction, m_hardRefreshAction, m_deleteAction, m_copyAction, m_browserAction,
                            m_diffAction, m_syncAction, m_rollbackAction, m_editAction, m_newAction})
        action->setShortcutContext(Qt::WindowShortcut);
    m_tree->addActions({m_detailsAction, m_syncAction, m_rollbackAction, m_diffAction, m_editAction, m_refreshAction,
                        m_hardRefreshAction, m_copyAction, m_browserAction, m_deleteAction});

    m_addServerAction = make(u":/icons/connection.svg"_s, tr("&Add Server…"), QKeySequence(Qt::CTRL | Qt::Key_N),
                             "addServerAction", &MainWindow::addServer);
    m_signInAction = make({}, tr("&Sign In…"), {}, "signInAction", [this] {
        if (Connection *connection = currentConnection())
            signIn(connection);
    });
    m_trustAction = make({}, tr("&Trust Certificate…"), {}, "trustCertificateAction", [this] {
        if (Connection *connection = currentConnection())
            trustCertificate(connection);
    });
    m_reconnectAction
        = make({}, tr("&Reconnect"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), "reconnectAction", [this] {
              if (Connection *connection = currentConnection())
                  connection->connectNow();
          });
    m_removeServerAction = make({}, tr("Re&move Server"), {}, "removeServerAction", [this] {
        Connection *connection = currentConnection();
        if (!connection || connection->kind() == Connection::Kind::Local)
            return;
        if (QMessageBox::question(this, tr("Remove Server"),
                                  tr("Remove %1 from Capstan? Its saved sign-in is forgotten; nothing changes on "
                                     "the server.")
                                      .arg(connection->name()))
            == QMessageBox::Yes)
            m_connections->remove(connection->id());
    });
    m_sidebar->addActions({m_reconnectAction, m_signInAction, m_trustAction, m_removeServerAction});

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addServerAction);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_copyAction);
    edit->addAction(m_findAction);

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addActions({m_reconnectAction, m_signInAction, m_trustAction});
    server->addSeparator();
    server->addActions({m_projectsAction, m_repositoriesAction, m_clustersAction});
    server->addSeparator();
    server->addAction(m_removeServerAction);

    QMenu *application = menuBar()->addMenu(tr("&Application"));
    application->addAction(m_newAction);
    application->addSeparator();
    application->addActions({m_detailsAction, m_syncAction, m_rollbackAction, m_diffAction, m_editAction});
    application->addActions({m_refreshAction, m_hardRefreshAction});
    application->addSeparator();
    application->addActions({m_copyAction, m_browserAction});
    application->addSeparator();
    application->addAction(m_deleteAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *groupBy = view->addMenu(tr("&Group By"));
    m_grouping = new QComboBox(this);
    m_grouping->setObjectName(u"groupingBox"_s);
    const QList<std::pair<ApplicationGroupModel::Grouping, QString>> groupings{
        {ApplicationGroupModel::Grouping::Project, tr("Project and destination")},
        {ApplicationGroupModel::Grouping::Health, tr("Health")},
        {ApplicationGroupModel::Grouping::Sync, tr("Sync status")},
        {ApplicationGroupModel::Grouping::Repository, tr("Repository")},
        {ApplicationGroupModel::Grouping::Flat, tr("Nothing (flat)")},
    };
    auto *groupActions = new QActionGroup(this);
    for (const auto &[grouping, title] : groupings) {
        m_grouping->addItem(title, QVariant::fromValue(grouping));
        QAction *action = groupBy->addAction(title);
        action->setCheckable(true);
        action->setData(QVariant::fromValue(grouping));
        groupActions->addAction(action);
        connect(action, &QAction::triggered, this,
                [this, grouping] { m_grouping->setCurrentIndex(m_grouping->findData(QVariant::fromValue(grouping))); });
    }
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this, groupActions] {
        const auto grouping = m_grouping->currentData().value<ApplicationGroupModel::Grouping>();
        const QString current
            = m_tree->currentIndex().isValid() ? ApplicationGroupModel::keyOf(m_tree->currentIndex()) : QString();
        m_groups->setGrouping(grouping);
        m_tree->expandAll();
        // The selection survives the new arrangement.
        const QModelIndex again = m_filter->mapFromSource(m_groups->indexOfKey(current));
        if (again.isValid())
            m_tree->setCurrentIndex(again);
        for (QAction *action : groupActions->actions())
            action->setChecked(action->data().value<ApplicationGroupModel::Grouping>() == grouping);
    });
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    for (const auto &[id, title] : {std::pair{u"system"_s, tr("Follow the &Desktop")},
                                    std::pair{u"light"_s, tr("&Light")}, std::pair{u"dark"_s, tr("&Dark")}}) {
        QAction *action = theme->addAction(title);
        action->setCheckable(true);
        action->setData(id);
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, id] { applyTheme(id); });
    }
    view->addSeparator();
    view->addAction(findChild<QDockWidget *>(u"serversDock"_s)->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Capstan"), this, &MainWindow::showAbout);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolBar"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_addServerAction);
    toolbar->addSeparator();
    toolbar->addActions(
        {m_newAction, m_syncAction, m_refreshAction, m_hardRefreshAction, m_diffAction, m_deleteAction});
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("Group by:"), toolbar));
    toolbar->addWidget(m_grouping);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_tree->header()->restoreState(settings.value(u"tree/header"_s).toByteArray());
    const int grouping = m_grouping->findData(
        QVariant::fromValue(ApplicationGroupModel::Grouping(settings.value(u"tree/grouping"_s, 0).toInt())));
    m_grouping->setCurrentIndex(grouping < 0 ? 0 : grouping);
    Q_EMIT m_grouping->currentIndexChanged(m_grouping->currentIndex());
    ApplicationFilters filters;
    filters.text = settings.value(u"filters/text"_s).toString();
    const auto set = [&settings](const QString &key) {
        const QStringList values = settings.value(key).toStringList();
        return QSet<QString>(values.cbegin(), values.cend());
    };
    filters.syncStatuses = set(u"filters/sync"_s);
    filters.healthStatuses = set(u"filters/health"_s);
    filters.projects = set(u"filters/projects"_s);
    filters.clusters = set(u"filters/clusters"_s);
    filters.namespaces = set(u"filters/namespaces"_s);
    filters.labels = settings.value(u"filters/labels"_s).toStringList();
    m_filter->setFilters(filters);
    m_filterBar->searchField()->setText(filters.text);
    applyTheme(settings.value(u"view/theme"_s, u"system"_s).toString());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"tree/header"_s, m_tree->header()->saveState());
    settings.setValue(u"tree/grouping"_s, int(m_groups->grouping()));
    const ApplicationFilters &f = m_filter->filters();
    settings.setValue(u"filters/text"_s, f.text);
    settings.setValue(u"filters/sync"_s, QStringList(f.syncStatuses.cbegin(), f.syncStatuses.cend()));
    settings.setValue(u"filters/health"_s, QStringList(f.healthStatuses.cbegin(), f.healthStatuses.cend()));
    settings.setValue(u"filters/projects"_s, QStringList(f.projects.cbegin(), f.projects.cend()));
    settings.setValue(u"filters/clusters"_s, QStringList(f.clusters.cbegin(), f.clusters.cend()));
    settings.setValue(u"filters/namespaces"_s, QStringList(f.namespaces.cbegin(), f.namespaces.cend()));
    settings.setValue(u"filters/labels"_s, f.labels);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::applyTheme(const QString &theme)
{
    QSettings().setValue(u"view/theme"_s, theme);
    for (QAction *action : findChildren<QAction *>()) {
        if (action->isCheckable() && action->data().typeId() == QMetaType::QString
            && QStringList{u"system"_s, u"light"_s, u"dark"_s}.contains(action->data().toString()))
            action->setChecked(action->data().toString() == theme);
    }
    // The style the platform chose, before any theme replaced it.
    static const QString platformStyle = qApp->style()->name();
    if (theme == u"system") {
        // The platform's own style and palette follow the desktop's light or dark scheme.
        if (qApp->style()->name() != platformStyle)
            qApp->setStyle(QStyleFactory::create(platformStyle));
        qApp->setPalette(QPalette());
        return;
    }
    qApp->setStyle(QStyleFactory::create(u"Fusion"_s));
    QPalette palette = qApp->style()->standardPalette();
    if (theme == u"dark") {
        const QColor window(0x2b, 0x2d, 0x30), base(0x1f, 0x21, 0x24), text(0xe8, 0xea, 0xed);
        palette.setColor(QPalette::Window, window);
        palette.setColor(QPalette::WindowText, text);
        palette.setColor(QPalette::Base, base);
        palette.setColor(QPalette::AlternateBase, window);
        palette.setColor(QPalette::Text, text);
        palette.setColor(QPalette::Button, window);
        palette.setColor(QPalette::ButtonText, text);
        palette.setColor(QPalette::ToolTipBase, base);
        palette.setColor(QPalette::ToolTipText, text);
        palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::Link, QColor(0x7a, 0xb7, 0xff));
        palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
        palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x86, 0x8b));
        palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x86, 0x8b));
        palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x86, 0x8b));
    }
    qApp->setPalette(palette);
}

Connection *MainWindow::currentConnection() const
{
    return m_connectionList->connectionAt(m_sidebar->currentIndex());
}

void MainWindow::showConnection(Connection *connection)
{
    if (!connection)
        return;
    m_status->setServerName(connection->name());
    if (connection->state() == Connection::State::Starting)
        m_status->setStarting();
    m_status->setClient(connection->client());
    updateStatusBar();
    updateActions();
}

void MainWindow::updateStatusBar()
{
    Connection *connection = currentConnection();
    if (!connection) {
        m_connectionLabel->clear();
        return;
    }
    switch (connection->state()) {
    case Connection::State::Connected:
        m_connectionLabel->setText(tr("%1 — connected, server version %2")
                                       .arg(connection->name(), connection->client()->serverVersion().version));
        break;
    case Connection::State::Starting:
        m_status->setStarting();
        m_connectionLabel->setText(tr("%1 — %2").arg(connection->name(), connection->message()));
        break;
    case Connection::State::Failed:
        m_status->setFailed(connection->message());
        m_connectionLabel->setText(tr("%1 — not connected").arg(connection->name()));
        break;
    default:
        m_connectionLabel->setText(
            tr("%1 — %2").arg(connection->name(), ConnectionListModel::stateText(connection).toLower()));
        break;
    }
    m_connectionLabel->setToolTip(connection->message());
}

QList<std::pair<Connection *, QModelIndex>> MainWindow::selectedApplications() const
{
    QList<std::pair<Connection *, QModelIndex>> result;
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        if (index.data(ApplicationGroupModel::IsGroupRole).toBool())
            continue;
        const QModelIndex source = m_groups->mapToSource(m_filter->mapToSource(index));
        Connection *connection = m_connections->connection(source.data(ApplicationsModel::ConnectionIdRole).toString());
        if (connection)
            result.append({connection, source});
    }
    return result;
}

void MainWindow::updateActions()
{
    const auto selected = selectedApplications();
    const bool any = !selected.isEmpty();
    for (QAction *action : {m_detailsAction, m_diffAction, m_refreshAction, m_hardRefreshAction, m_copyAction}) {
        action->setEnabled(any);
        action->setToolTip(any ? action->text().remove(u'&').remove(u"…"_s) : tr("Select an application first"));
    }
    const bool web = any
        && std::all_of(selected.cbegin(), selected.cend(), [](const auto &s) { return s.first->hasWebInterface(); });
    m_browserAction->setEnabled(web);
    m_browserAction->setToolTip(web ? tr("Open in Argo CD's web interface")
                                    : tr("Only applications of a remote Argo CD have a web interface"));

    // Sync, rollback and delete: allowed only if can-i says so for every selected app.
    const quint64 generation = ++m_selectionGeneration;
    checkPermission(generation, m_syncAction, u"sync"_s, tr("Synchronize the selected applications"),
                    tr("You may not sync %1 (applications, sync)"));
    checkPermission(generation, m_deleteAction, u"delete"_s, tr("Delete the selected applications"),
                    tr("You may not delete %1 (applications, delete)"));
    if (selected.size() > 1) {
        m_rollbackAction->setEnabled(false);
        m_rollbackAction->setToolTip(tr("Roll back one application at a time"));
        m_editAction->setEnabled(false);
        m_editAction->setToolTip(tr("Edit one application at a time"));
    } else {
        checkPermission(generation, m_rollbackAction, u"sync"_s, tr("Roll the application back to an earlier sync"),
                        tr("You may not roll back %1 (applications, sync)"));
        checkPermission(generation, m_editAction, u"update"_s,
                        tr("Edit the application's source, destination "
                           "and sync policy"),
                        tr("You may not edit %1 (applications, update)"));
    }

    Connection *connection = currentConnection();
    const bool remote = connection && connection->kind() == Connection::Kind::Remote;
    m_signInAction->setEnabled(remote);
    m_trustAction->setEnabled(connection && connection->state() == Connection::State::Untrusted);
    m_removeServerAction->setEnabled(remote);
    m_reconnectAction->setEnabled(connection && connection->state() != Connection::State::Starting);
}

void MainWindow::checkPermission(quint64 generation, QAction *action, const QString &verb, const QString &allowed,
                                 const QString &denied)
{
    const auto selected = selectedApplications();
    action->setEnabled(false);
    action->setToolTip(selected.isEmpty() ? tr("Select an application first") : tr("Checking your permissions…"));
    if (selected.isEmpty())
        return;
    auto remaining = std::make_shared<int>(int(selected.size()));
    auto refused = std::make_shared<QStringList>();
    for (const auto &[connection, source] : selected) {
        const ApplicationSummary &a = m_applications->row(source.row()).application;
        const QString object = a.project + u'/' + a.name;
        connection->canI(u"applications"_s, verb, object).then(this, [=, this](bool ok) {
            if (generation != m_selectionGeneration)
                return;
            if (!ok)
                refused->append(object);
            if (--*remaining > 0)
                return;
            action->setEnabled(refused->isEmpty());
            action->setToolTip(refused->isEmpty() ? allowed : denied.arg(refused->join(u", "_s)));
        });
    }
}

void MainWindow::trackBusy(int delta)
{
    m_busy += delta;
    m_busyLabel->setText(m_busy > 0 ? tr("%n request(s) running…", nullptr, m_busy) : QString());
    if (m_busy > 0)
        QApplication::setOverrideCursor(Qt::BusyCursor);
    else
        QApplication::restoreOverrideCursor();
}

void MainWindow::showProblem(const QString &text, const QString &details)
{
    m_messages->showMessage(text, details);
}

void MainWindow::addServer()
{
    ConnectionDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Connection *connection = m_connections->addRemote(dialog.settings(), dialog.token());
    m_sidebar->setCurrentIndex(m_connectionList->indexOf(connection));
}

void MainWindow::signIn(Connection *connection)
{
    ConnectionDialog dialog(this, connection);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.settings().trustedFingerprint != connection->settings().trustedFingerprint) {
        connection->client()->setTrustedFingerprint(dialog.settings().trustedFingerprint);
    }
    m_connections->setToken(connection, dialog.token());
}

void MainWindow::trustCertificate(Connection *connection)
{
    const QSslCertificate certificate = connection->refusedCertificate();
    if (certificate.isNull())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Trust Certificate"),
                    tr("The certificate of %1 is not trusted by this computer.").arg(connection->url().host()),
                    QMessageBox::Cancel, this);
    box.setInformativeText(tr("Issued to: %1\nIssued by: %2\nSHA-256: %3\n\nTrust it only if this is the "
                              "fingerprint the server's administrator gave you.")
                               .arg(certificate.subjectDisplayName(), certificate.issuerDisplayName(),
                                    ApiClient::fingerprint(certificate)));
    QPushButton *trust = box.addButton(tr("&Trust"), QMessageBox::AcceptRole);
    box.exec();
    if (box.clickedButton() == trust)
        connection->trustRefusedCertificate();
}

void MainWindow::refreshSelected(bool hard)
{
    for (const auto &[connection, source] : selectedApplications()) {
        const ApplicationSummary a = m_applications->row(source.row()).application;
        trackBusy(1);
        connection->client()
            ->getJson(appPath(a, hard ? u"refresh=hard"_s : u"refresh=normal"_s))
            .then(this, [this, a](const Result<QJsonDocument, ApiError> &answer) {
                trackBusy(-1);
                if (!answer)
                    showProblem(tr("%1 was not refreshed.").arg(a.name), answer.error().message);
            });
    }
}

void MainWindow::deleteSelected()
{
    const auto selected = selectedApplications();
    if (selected.isEmpty() || !m_deleteAction->isEnabled())
        return;
    QStringList names;
    for (const auto &[connection, source] : selected)
        names.append(m_applications->row(source.row()).application.name);
    DeleteDialog dialog(names, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString query = DeleteDialog::query(dialog.cascade());
    for (const auto &[connection, source] : selected) {
        const ApplicationSummary a = m_applications->row(source.row()).application;
        trackBusy(1);
        connection->client()
            ->send("DELETE", appPath(a, query))
            .then(this, [this, a](const Result<QJsonDocument, ApiError> &answer) {
                trackBusy(-1);
                if (!answer)
                    showProblem(tr("%1 was not deleted.").arg(a.name), answer.error().message);
            });
    }
}

void MainWindow::syncSelected()
{
    const auto selected = selectedApplications();
    if (selected.isEmpty() || !m_syncAction->isEnabled())
        return;
    QList<SyncDialog::Target> targets;
    for (const auto &[connection, source] : selected) {
        const ApplicationSummary &a = m_applications->row(source.row()).application;
        targets.append({connection, a.ns, a.name});
    }
    auto *dialog = new SyncDialog(targets, this);
    dialog->show();
}

void MainWindow::rollbackSelected()
{
    const auto selected = selectedApplications();
    if (selected.size() != 1 || !m_rollbackAction->isEnabled())
        return;
    const auto &[connection, source] = selected.first();
    const ApplicationSummary &a = m_applications->row(source.row()).application;
    auto *dialog = new RollbackDialog(connection, a.ns, a.name, this);
    dialog->show();
}

void MainWindow::newApplication()
{
    Connection *connection = currentConnection();
    if (!connection)
        connection = m_connections->local();
    if (!connection)
        return;
    auto *form = new ApplicationForm(connection, this);
    form->show();
}

void MainWindow::editSelected()
{
    const auto selected = selectedApplications();
    if (selected.size() != 1 || !m_editAction->isEnabled())
        return;
    const auto &[connection, source] = selected.first();
    const ApplicationSummary a = m_applications->row(source.row()).application;
    trackBusy(1);
    // The whole application, as the server has it: the form keeps what it does not show.
    connection->client()
        ->getJson(appPath(a))
        .then(this,
              [this, connection = QPointer<Connection>(connection), a](const Result<QJsonDocument, ApiError> &answer) {
                  trackBusy(-1);
                  if (!answer) {
                      showProblem(tr("%1 cannot be edited.").arg(a.name), answer.error().message);
                      return;
                  }
                  if (!connection)
                      return;
                  auto *form = new ApplicationForm(connection, answer->object(), this);
                  form->show();
              });
}

void MainWindow::openDetails()
{
    const auto selected = selectedApplications();
    if (selected.isEmpty())
        return;
    const auto &[connection, source] = selected.first();
    const ApplicationSummary &a = m_applications->row(source.row()).application;
    closeDetails();
    m_details = new ApplicationDetails(connection, a.ns, a.name, m_pages);
    connect(m_details, &ApplicationDetails::closeRequested, this, &MainWindow::closeDetails);
    connect(m_details, &ApplicationDetails::problem, this, &MainWindow::showProblem);
    m_pages->addWidget(m_details);
    m_pages->setCurrentWidget(m_details);
    setWindowTitle(tr("%1 — Capstan").arg(a.name));
}

void MainWindow::closeDetails()
{
    if (!m_details)
        return;
    m_pages->setCurrentIndex(0);
    m_pages->removeWidget(m_details);
    m_details->deleteLater();
    m_details = nullptr;
    setWindowTitle(tr("Capstan"));
    m_tree->setFocus();
}

void MainWindow::copyNames()
{
    QStringList names;
    for (const auto &[connection, source] : selectedApplications())
        names.append(m_applications->row(source.row()).application.name);
    if (!names.isEmpty())
        QGuiApplication::clipboard()->setText(names.join(u'\n'));
}

void MainWindow::openInBrowser()
{
    for (const auto &[connection, source] : selectedApplications()) {
        if (!connection->hasWebInterface())
            continue;
        const ApplicationSummary &a = m_applications->row(source.row()).application;
        QUrl url = connection->url();
        url.setPath(url.path() + u"/applications/%1/%2"_s.arg(a.ns, a.name));
        QDesktopServices::openUrl(url);
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Capstan"),
                       tr("<h3>Capstan %1</h3><p>A desktop GitOps console for Kubernetes.</p>"
                          "<p>Built %2 with %3 and Qt %4.</p>")
                           .arg(BuildInfo::displayVersion(), BuildInfo::buildDate(), BuildInfo::compiler(),
                                QString::fromLatin1(qVersion())));
}

} // namespace Capstan
