// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"
#include "base/buildinfo.h"
#include "serverstatus.h"
#include "support/loopback.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QSignalSpy>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(CapstanPlugin)

using namespace Capstan;
using namespace Capstan::Test;

class tst_ServerStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_server.setAccessToken("t");
        const auto listening = m_server.listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error()));
    }

    void followsTheClient()
    {
        ApiClient client;
        ServerStatus status;
        status.setServerName(QStringLiteral("This computer"));
        status.setClient(&client);
        QCOMPARE(status.phase(), ServerStatus::Phase::Idle);

        client.setServer(m_server.url(), "t");
        QList<ServerStatus::Phase> phases;
        connect(&status, &ServerStatus::changed, this, [&] {
            if (phases.isEmpty() || phases.constLast() != status.phase())
                phases.append(status.phase());
        });
        client.connectToServer();
        QTRY_COMPARE(status.phase(), ServerStatus::Phase::Connected);
        QCOMPARE(phases, (QList<ServerStatus::Phase>{ServerStatus::Phase::Connecting, ServerStatus::Phase::Connected}));
        QCOMPARE(status.title(), QStringLiteral("Connected"));
        QCOMPARE(status.version(), BuildInfo::displayVersion());
        QCOMPARE(status.serverAddress(), m_server.url().toDisplayString());
        QVERIFY(status.details()->rowCount() >= 5);
        QVERIFY(status.message().isEmpty());
    }

    void failureKeepsTheMessage()
    {
        ApiClient client;
        ServerStatus status;
        status.setClient(&client);
        client.setServer(loopbackUrl(closedPort()));
        client.connectToServer();
        QTRY_COMPARE(status.phase(), ServerStatus::Phase::Failed);
        QCOMPARE(status.title(), QStringLiteral("Cannot connect"));
        QVERIFY(status.message().contains(u"Cannot reach"));
        QVERIFY(status.version().isEmpty());
        QCOMPARE(status.details()->rowCount(), 0);

        QSignalSpy retry(&status, &ServerStatus::retryRequested);
        status.retry();
        QCOMPARE(retry.size(), 1);
    }

    void phasesBeforeAClient()
    {
        ServerStatus status;
        status.setStarting();
        QCOMPARE(status.phase(), ServerStatus::Phase::Starting);
        QCOMPARE(status.title(), QStringLiteral("Starting the local server…"));
        status.setFailed(QStringLiteral("no port"));
        QCOMPARE(status.phase(), ServerStatus::Phase::Failed);
        QCOMPARE(status.message(), QStringLiteral("no port"));
    }

    void overviewShowsTheStatus()
    {
        QQmlEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent component(&engine, QUrl(QStringLiteral("qrc:/Capstan/ServerOverview.qml")));
        QVERIFY2(component.isReady(), qPrintable(component.errorString()));
        std::unique_ptr<QObject> root(component.create());
        QVERIFY(root);

        ApiClient client;
        ServerStatus status;
        status.setServerName(QStringLiteral("This computer"));
        status.setClient(&client);
        root->setProperty("status", QVariant::fromValue(&status));
        client.setServer(m_server.url(), "t");
        client.connectToServer();

        auto text = [&root](const char *name) {
            QObject *item = root->findChild<QObject *>(QLatin1String(name));
            return item ? item->property("text").toString() : QStringLiteral("<missing %1>").arg(QLatin1String(name));
        };
        QTRY_COMPARE(text("stateTitle"), QStringLiteral("Connected"));
        QCOMPARE(text("versionLabel"), BuildInfo::displayVersion());
        QCOMPARE(text("serverLine"), u"This computer — " + m_server.url().toDisplayString());
        QVERIFY(!root->findChild<QObject *>(QStringLiteral("retryButton"))->property("visible").toBool());
    }

private:
    ApiServer m_server;
};

QTEST_MAIN(tst_ServerStatus)
#include "tst_serverstatus.moc"
