// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "applogging.h"
#include "base/buildinfo.h"
#include "client/apiclient.h"
#include "embeddedserver.h"
#include "serverstatus.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWidget>
#include <QStatusBar>
#include <QtQml/QQmlExtensionPlugin>

// The QML module is a static plugin: link its types in wherever this window is.
Q_IMPORT_QML_PLUGIN(CapstanPlugin)

namespace Capstan {

MainWindow::MainWindow(const LaunchOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_client(new ApiClient(this))
    , m_status(new ServerStatus(this))
{
    setWindowTitle(tr("Capstan"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/capstan.svg")));
    resize(960, 640);

    m_status->setClient(m_client);
    connect(m_status, &ServerStatus::changed, this, &MainWindow::updateStatusBar);
    connect(m_status, &ServerStatus::retryRequested, this, &MainWindow::connectToServer);

    createActions();
    createCentralView();

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_connectionLabel, 1);

    m_status->setServerName(m_options.server ? m_options.server->host() : tr("This computer"));
    connectToServer();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *connectionMenu = menuBar()->addMenu(tr("&Connection"));
    QAction *reconnect = connectionMenu->addAction(tr("&Reconnect"), this, &MainWindow::connectToServer);
    reconnect->setObjectName(QStringLiteral("reconnectAction"));
    reconnect->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Capstan"), this, &MainWindow::showAbout);
}

void MainWindow::createCentralView()
{
    m_overview = new QQuickWidget(this);
    m_overview->setObjectName(QStringLiteral("serverOverview"));
    m_overview->setResizeMode(QQuickWidget::SizeRootObjectToView);
    m_overview->engine()->addImportPath(QStringLiteral("qrc:/"));
    m_overview->setSource(QUrl(QStringLiteral("qrc:/Capstan/ServerOverview.qml")));
    if (m_overview->status() != QQuickWidget::Ready) {
        const auto errors = m_overview->errors();
        for (const QQmlError &error : errors)
            qCWarning(lcApp).noquote() << error.toString();
    } else {
        m_overview->rootObject()->setProperty("status", QVariant::fromValue(m_status));
    }
    setCentralWidget(m_overview);
}

void MainWindow::connectToServer()
{
    if (m_options.server) {
        m_client->setServer(*m_options.server);
        m_client->connectToServer();
        return;
    }
    if (m_embeddedServer && m_embeddedServer->isRunning()) {
        m_client->connectToServer();
        return;
    }
    startEmbeddedServer();
}

void MainWindow::startEmbeddedServer()
{
    m_status->setStarting();
    m_embeddedServer = std::make_unique<EmbeddedServer>();
    connect(m_embeddedServer.get(), &EmbeddedServer::started, this, [this](const QUrl &url, const QByteArray &token) {
        m_client->setServer(url, token);
        m_client->connectToServer();
    });
    connect(m_embeddedServer.get(), &EmbeddedServer::startFailed, this, [this](const QString &message) {
        qCWarning(lcApp).noquote() << "the local server did not start:" << message;
        m_status->setFailed(tr("The local server did not start: %1").arg(message));
    });
    m_embeddedServer->start(m_options.dataDirectory,
                            m_options.localCluster ? EmbeddedServer::LocalCluster::Start
                                                   : EmbeddedServer::LocalCluster::DoNotStart);
}

void MainWindow::updateStatusBar()
{
    const QString server = m_status->serverName();
    switch (m_status->phase()) {
    case ServerStatus::Phase::Connected:
        m_connectionLabel->setText(tr("%1 — connected, server version %2").arg(server, m_status->version()));
        break;
    case ServerStatus::Phase::Failed:
        m_connectionLabel->setText(tr("%1 — not connected").arg(server));
        break;
    default:
        m_connectionLabel->setText(m_status->title());
        break;
    }
    m_connectionLabel->setToolTip(m_status->message());
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
