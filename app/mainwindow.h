// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "launchoptions.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QQuickWidget;

namespace Capstan {

class ApiClient;
class EmbeddedServer;
class ServerStatus;

/// Capstan's main window. It connects to one server (its own embedded server
/// or the remote one it was launched with) through the API client and shows
/// the connection's state and the server's version.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const LaunchOptions &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    ApiClient *client() const { return m_client; }
    ServerStatus *serverStatus() const { return m_status; }

private:
    void createActions();
    void createCentralView();
    void connectToServer();
    void startEmbeddedServer();
    void updateStatusBar();
    void showAbout();

    LaunchOptions m_options;
    ApiClient *m_client;
    ServerStatus *m_status;
    std::unique_ptr<EmbeddedServer> m_embeddedServer;
    QQuickWidget *m_overview = nullptr;
    QLabel *m_connectionLabel = nullptr;
};

} // namespace Capstan
