// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"
#include "base/buildinfo.h"
#include "client/apiclient.h"
#include "mainwindow.h"
#include "quickgraphics.h"
#include "serverstatus.h"
#include "store/datadirectory.h"
#include "support/loopback.h"

#include <QLabel>
#include <QQuickItem>
#include <QQuickWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;

namespace {

QString qmlText(MainWindow &window, const char *objectName)
{
    auto *view = window.findChild<QQuickWidget *>(QStringLiteral("serverOverview"));
    if (!view || !view->rootObject())
        return QStringLiteral("<no QML view>");
    QObject *item = view->rootObject()->findChild<QObject *>(QLatin1String(objectName));
    return item ? item->property("text").toString() : QStringLiteral("<no %1>").arg(QLatin1String(objectName));
}

QString statusBarText(MainWindow &window)
{
    return window.findChild<QLabel *>(QStringLiteral("connectionLabel"))->text();
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { chooseQuickGraphicsApi(); }

    void showsTheEmbeddedServersVersion()
    {
        QTemporaryDir data;
        LaunchOptions options;
        options.dataDirectory = data.path();
        options.localCluster = false;
        MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QTRY_COMPARE(window.serverStatus()->phase(), ServerStatus::Phase::Connected);
        QCOMPARE(qmlText(window, "stateTitle"), QStringLiteral("Connected"));
        QCOMPARE(qmlText(window, "versionLabel"), BuildInfo::displayVersion());
        QVERIFY(qmlText(window, "serverLine").startsWith(u"This computer — http://127.0.0.1:"));
        QCOMPARE(statusBarText(window), u"This computer — connected, server version " + BuildInfo::displayVersion());
        // Through the token: the embedded server tells this client everything.
        QCOMPARE(window.client()->serverVersion(), VersionMessage::forThisBuild());
        QCOMPARE(window.client()->serverUrl().host(), QStringLiteral("127.0.0.1"));
    }

    void connectsToARemoteServer()
    {
        ApiServer remote;
        QVERIFY(remote.listen(QHostAddress::LocalHost, 0).ok());
        LaunchOptions options;
        options.server = remote.url();
        MainWindow window(options);
        window.show();
        QTRY_COMPARE(window.serverStatus()->phase(), ServerStatus::Phase::Connected);
        QCOMPARE(qmlText(window, "versionLabel"), BuildInfo::displayVersion());
        QCOMPARE(qmlText(window, "serverLine"), u"127.0.0.1 — " + remote.url().toDisplayString());
    }

    void unreachableServerThenRetry()
    {
        const quint16 port = closedPort();
        LaunchOptions options;
        options.server = loopbackUrl(port);
        MainWindow window(options);
        window.show();

        QTRY_COMPARE(window.serverStatus()->phase(), ServerStatus::Phase::Failed);
        QCOMPARE(qmlText(window, "stateTitle"), QStringLiteral("Cannot connect"));
        const QString message = qmlText(window, "errorMessage");
        QVERIFY2(message.startsWith(QStringLiteral("Cannot reach http://127.0.0.1:%1/api/version: ").arg(port)),
                 qPrintable(message));
        QCOMPARE(statusBarText(window), QStringLiteral("127.0.0.1 — not connected"));
        QVERIFY(qmlText(window, "versionLabel").isEmpty());

        // The server comes up; "Try Again" connects.
        ApiServer late;
        QVERIFY(late.listen(QHostAddress::LocalHost, port).ok());
        auto *view = window.findChild<QQuickWidget *>(QStringLiteral("serverOverview"));
        QObject *retry = view->rootObject()->findChild<QObject *>(QStringLiteral("retryButton"));
        QVERIFY(retry);
        QVERIFY(retry->property("visible").toBool());
        QMetaObject::invokeMethod(retry, "clicked");
        QTRY_COMPARE(window.serverStatus()->phase(), ServerStatus::Phase::Connected);
        QVERIFY(qmlText(window, "errorMessage").isEmpty());
    }

    void localServerThatCannotStart()
    {
        QTemporaryDir data;
        const Result<std::unique_ptr<DataDirectory>> taken = DataDirectory::open(data.path());
        QVERIFY(taken.ok());
        LaunchOptions options;
        options.dataDirectory = data.path();
        options.localCluster = false;
        MainWindow window(options);
        window.show();
        QTRY_COMPARE(window.serverStatus()->phase(), ServerStatus::Phase::Failed);
        const QString message = qmlText(window, "errorMessage");
        QVERIFY2(message.startsWith(u"The local server did not start: the data folder"), qPrintable(message));
        QVERIFY2(message.contains(u"is in use"), qPrintable(message));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
