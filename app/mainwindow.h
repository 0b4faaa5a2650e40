// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "launchoptions.h"

#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QListView;
class QQuickWidget;
class QStackedWidget;
class QTreeView;

namespace Capstan {

class ApiClient;
class ApplicationDetails;
class ApplicationFilterModel;
class ApplicationGroupModel;
class ApplicationsModel;
class Connection;
class ConnectionListModel;
class ConnectionManager;
class CredentialStore;
class FilterBar;
class MessageArea;
class ServerStatus;

/// Capstan's main window: the connections in a sidebar, every application of
/// every connection in one tree (grouped, filtered, sorted), the actions on
/// the selected applications, and a message area for what went wrong.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// @p credentials keeps tokens; the window makes a keychain store without one.
    explicit MainWindow(const LaunchOptions &options, CredentialStore *credentials = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    ConnectionManager *connections() const { return m_connections; }
    ApplicationsModel *applications() const { return m_applications; }
    ApplicationGroupModel *groups() const { return m_groups; }
    ApplicationFilterModel *filter() const { return m_filter; }
    QTreeView *tree() const { return m_tree; }
    MessageArea *messageArea() const { return m_messages; }
    /// The state of the connection selected in the sidebar.
    ServerStatus *serverStatus() const { return m_status; }
    Connection *currentConnection() const;
    /// The application open in the details page, if any.
    ApplicationDetails *details() const { return m_details; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createModels();
    void createSidebar();
    void createCentralView();
    void createActions();
    void restoreSettings();
    void saveSettings() const;
    void showConnection(Connection *connection);
    void updateStatusBar();
    void updateActions();
    void addServer();
    void signIn(Connection *connection);
    void trustCertificate(Connection *connection);
    void refreshSelected(bool hard);
    void deleteSelected();
    void syncSelected();
    void rollbackSelected();
    void editSelected();
    void newApplication();
    /// Enables @p action once can-i allows @p verb on every selected app;
    /// its tooltip says @p allowed, or @p denied with the refused apps (%1).
    void checkPermission(quint64 generation, QAction *action, const QString &verb, const QString &allowed,
                         const QString &denied);
    void openDetails();
    void closeDetails();
    void copyNames();
    void openInBrowser();
    void showAbout();
    void applyTheme(const QString &theme);
    void showProblem(const QString &text, const QString &details);
    void trackBusy(int delta);
    /// The selected applications: connection and `namespace/name`.
    QList<std::pair<Connection *, QModelIndex>> selectedApplications() const;

    LaunchOptions m_options;
    CredentialStore *m_credentials;
    ApplicationsModel *m_applications = nullptr;
    ApplicationGroupModel *m_groups = nullptr;
    ApplicationFilterModel *m_filter = nullptr;
    ConnectionManager *m_connections = nullptr;
    ConnectionListModel *m_connectionList = nullptr;
    ServerStatus *m_status = nullptr;
    QListView *m_sidebar = nullptr;
    QQuickWidget *m_overview = nullptr;
    QStackedWidget *m_pages = nullptr;
    QTreeView *m_tree = nullptr;
    ApplicationDetails *m_details = nullptr;
    FilterBar *m_filterBar = nullptr;
    MessageArea *m_messages = nullptr;
    QComboBox *m_grouping = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_busyLabel = nullptr;
    int m_busy = 0;
    bool m_samplesStarted = false;
    quint64 m_selectionGeneration = 0;

    QAction *m_detailsAction = nullptr;
    QAction *m_diffAction = nullptr;
    QAction *m_syncAction = nullptr;
    QAction *m_rollbackAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_repositoriesAction = nullptr;
    QAction *m_clustersAction = nullptr;
    QAction *m_projectsAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_hardRefreshAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_browserAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_addServerAction = nullptr;
    QAction *m_signInAction = nullptr;
    QAction *m_trustAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_removeServerAction = nullptr;
};

} // namespace Capstan
