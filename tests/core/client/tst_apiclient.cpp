// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"
#include "base/buildinfo.h"
#include "client/apiclient.h"
#include "client/apistream.h"
#include "support/loopback.h"

#include <QHttpServer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Test;
using namespace std::chrono_literals;

namespace {

/// Argo CD's NDJSON stream in awkward pieces, then an error. (Outside the
/// class: moc misreads raw strings there.)
QList<QByteArray> streamPieces()
{
    return {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            "{\"result\": {\"type\": \"ADDED\", \"application\": {\"metadata\": {\"name\": \"a\"}}}}"
            "\n{\"res",
            "ult\": {\"type\": \"DELETED\", \"application\": {\"metadata\": {\"name\": \"b\"}}}}"
            "\n\n",
            "{\"error\": {\"code\": 7, \"message\": \"permission denied\", \"error\": \"permission denied\"}}"
            "\n"};
}

} // namespace

class tst_ApiClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_server.setAccessToken(m_token);
        const Result<quint16> port = m_server.listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error()));
        m_url = m_server.url();
    }

    void connectsWithToken()
    {
        ApiClient client;
        QSignalSpy states(&client, &ApiClient::stateChanged);
        QSignalSpy versions(&client, &ApiClient::serverVersionChanged);
        client.setServer(m_url, m_token);
        client.connectToServer();
        QCOMPARE(client.state(), ApiClient::State::Connecting);
        QTRY_COMPARE(client.state(), ApiClient::State::Connected);
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(1).at(0).value<ApiClient::State>(), ApiClient::State::Connected);
        QCOMPARE(versions.size(), 1);
        QCOMPARE(client.serverVersion(), VersionMessage::forThisBuild());
        QVERIFY(client.errorString().isEmpty());
    }

    void connectsAnonymouslyWithTheVersionOnly()
    {
        ApiClient client;
        client.setServer(m_url);
        client.connectToServer();
        QTRY_COMPARE(client.state(), ApiClient::State::Connected);
        QCOMPARE(client.serverVersion().version, BuildInfo::displayVersion());
        QVERIFY(client.serverVersion().platform.isEmpty());
    }

    void unreachable()
    {
        ApiClient client;
        client.setServer(loopbackUrl(closedPort()), m_token);
        client.connectToServer();
        QTRY_COMPARE(client.state(), ApiClient::State::Failed);
        QVERIFY2(client.errorString().startsWith(u"Cannot reach http://127.0.0.1:"), qPrintable(client.errorString()));
        QVERIFY2(client.errorString().contains(u"refused"), qPrintable(client.errorString()));
    }

    void silentServerTimesOut()
    {
        // Accepts connections and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ApiClient client;
        client.setTimeout(300ms);
        client.setServer(loopbackUrl(silent.serverPort()));
        client.connectToServer();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), ApiClient::State::Failed, 5000);
        QVERIFY2(client.errorString().contains(u"no answer within"), qPrintable(client.errorString()));
    }

    void httpError()
    {
        ApiClient client;
        client.setServer(m_url, m_token);
        auto future = client.getJson(QStringLiteral("/api/v1/no-such-thing?x=1"));
        QTRY_VERIFY(future.isFinished());
        const Result<QJsonDocument, ApiError> result = future.result();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().httpStatus, 404);
        QCOMPARE(result.error().code, GrpcCode::NotFound);
        QVERIFY2(result.error().message.contains(u"HTTP 404"), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(u"Not Found"), qPrintable(result.error().message));
    }

    void serverThatIsNotArgoCd_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addRow("json without a version") << QByteArray("{}") << 200 << QStringLiteral("does not look like");
        QTest::addRow("html page") << QByteArray("<html></html>") << 200 << QStringLiteral("did not answer with JSON");
        QTest::addRow("login wall") << QByteArray("{\"error\":\"no session information\",\"code\":16}") << 401
                                    << QStringLiteral("requires a login (HTTP 401): no session information");
        QTest::addRow("forbidden") << QByteArray("{\"error\":\"permission denied\",\"code\":7}") << 403
                                   << QStringLiteral("denied access (HTTP 403)");
        QTest::addRow("server error") << QByteArray("oops") << 500 << QStringLiteral("answered with HTTP 500");
    }

    void serverThatIsNotArgoCd()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, message);
        QHttpServer other;
        other.route(QStringLiteral("/api/version"), [body, status] {
            return QHttpServerResponse(QByteArrayLiteral("application/json"), body,
                                       QHttpServerResponse::StatusCode(status));
        });
        const quint16 port = other.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port != 0);

        ApiClient client;
        client.setServer(loopbackUrl(port));
        client.connectToServer();
        QTRY_COMPARE(client.state(), ApiClient::State::Failed);
        QVERIFY2(client.errorString().contains(message), qPrintable(client.errorString()));
    }

    void staleAnswersAreDropped()
    {
        // Silent first server: its answer would come (as a timeout) after the switch.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ApiClient client;
        client.setTimeout(200ms);
        client.setServer(loopbackUrl(silent.serverPort()));
        client.connectToServer();
        client.setServer(m_url, m_token);
        client.connectToServer();
        QTRY_COMPARE(client.state(), ApiClient::State::Connected);
        QTest::qWait(400); // past the first request's timeout
        QCOMPARE(client.state(), ApiClient::State::Connected);
        QVERIFY(client.errorString().isEmpty());
    }

    void noServer()
    {
        ApiClient client;
        auto future = client.getJson(QStringLiteral("/api/version"));
        QVERIFY(future.isFinished());
        QVERIFY(!future.result().ok());
        QCOMPARE(future.result().error().code, GrpcCode::FailedPrecondition);
    }

    void streamReadsLinesInPieces()
    {
        // A server that sends Argo CD's NDJSON stream in awkward pieces, then an error.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QList<QByteArray> pieces = streamPieces();
        connect(&server, &QTcpServer::newConnection, this, [&server, pieces] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket, pieces] {
                socket->readAll();
                for (qsizetype i = 0; i < pieces.size(); ++i) {
                    const QByteArray &piece = pieces.at(i);
                    if (i == 0) {
                        socket->write(piece);
                    } else {
                        socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
                    }
                    socket->flush();
                    socket->waitForBytesWritten(1000);
                }
                socket->write("0\r\n\r\n");
                socket->flush();
            });
        });
        ApiClient client;
        client.setServer(loopbackUrl(server.serverPort()), m_token);
        ApiStream *stream = client.openStream(QStringLiteral("/api/v1/stream/applications"), this);
        QVERIFY(stream);
        QSignalSpy received(stream, &ApiStream::received);
        QSignalSpy finished(stream, &ApiStream::finished);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(received.size(), 2);
        QCOMPARE(received.at(0).at(0).toJsonObject().value(u"type").toString(), QStringLiteral("ADDED"));
        QCOMPARE(received.at(1).at(0).toJsonObject().value(u"type").toString(), QStringLiteral("DELETED"));
        const auto error = finished.at(0).at(0).value<ApiError>();
        QCOMPARE(error.code, GrpcCode::PermissionDenied);
        QCOMPARE(error.message, QStringLiteral("permission denied"));
        delete stream;
    }

    void streamRefused()
    {
        ApiClient client;
        client.setServer(m_url, "wrong-token");
        ApiStream *stream = client.openStream(QStringLiteral("/api/v1/no/such/stream"), this);
        QSignalSpy finished(stream, &ApiStream::finished);
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(finished.at(0).at(0).value<ApiError>().httpStatus >= 400);
        delete stream;
    }

    void sendsJsonBodies()
    {
        // The embedded server answers a login without accounts with Argo CD's error.
        ApiClient client;
        client.setServer(m_url, m_token);
        const auto login = client.login(QStringLiteral("admin"), QStringLiteral("x"));
        QTRY_VERIFY(login.isFinished());
        QVERIFY(!login.result().ok());
        QVERIFY(login.result().error().httpStatus >= 400);
    }

private:
    ApiServer m_server;
    QByteArray m_token = QByteArrayLiteral("test-token");
    QUrl m_url;
};

QTEST_GUILESS_MAIN(tst_ApiClient)
#include "tst_apiclient.moc"
