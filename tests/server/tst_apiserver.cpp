// SPDX-License-Identifier: Apache-2.0
#include "api/versionmessage.h"
#include "apiserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QStringList s_log;

void captureMessages(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "capstan.server.request") == 0)
        s_log.append(message);
}

} // namespace

class tst_ApiServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_server.setAccessToken(m_token);
        const Result<quint16> port = m_server.listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error()));
        QVERIFY(*port != 0);
        QCOMPARE(m_server.url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(*port)));
    }

    void routes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::addColumn<QJsonObject>("expected");

        const QJsonObject full = VersionMessage::forThisBuild().toJson();
        const QJsonObject versionOnly = VersionMessage::forThisBuild().publicSubset().toJson();
        const QJsonObject notFound{{u"error"_s, u"Not Found"_s}, {u"code"_s, 5}, {u"message"_s, u"Not Found"_s}};

        QTest::addRow("version, anonymous")
            << QByteArray("GET") << QStringLiteral("/api/version") << QByteArray() << 200 << versionOnly;
        QTest::addRow("version, with the token")
            << QByteArray("GET") << QStringLiteral("/api/version") << QByteArray("Bearer " + m_token) << 200 << full;
        QTest::addRow("version, lower-case scheme")
            << QByteArray("GET") << QStringLiteral("/api/version") << QByteArray("bearer " + m_token) << 200 << full;
        QTest::addRow("version, wrong token") << QByteArray("GET") << QStringLiteral("/api/version")
                                              << QByteArray("Bearer not-the-token") << 200 << versionOnly;
        QTest::addRow("version, token prefix") << QByteArray("GET") << QStringLiteral("/api/version")
                                               << QByteArray("Bearer " + m_token.left(4)) << 200 << versionOnly;
        QTest::addRow("version, with a query")
            << QByteArray("GET") << QStringLiteral("/api/version?x=1") << QByteArray() << 200 << versionOnly;
        QTest::addRow("version, POST") << QByteArray("POST") << QStringLiteral("/api/version") << QByteArray() << 405
                                       << QJsonObject{{u"error"_s, u"Method Not Allowed"_s},
                                                      {u"code"_s, 12},
                                                      {u"message"_s, u"Method Not Allowed"_s}};
        QTest::addRow("unknown api path") << QByteArray("GET") << QStringLiteral("/api/v1/nothing")
                                          << QByteArray("Bearer " + m_token) << 404 << notFound;
        QTest::addRow("root") << QByteArray("GET") << QStringLiteral("/") << QByteArray() << 404 << notFound;
        QTest::addRow("version with a trailing slash")
            << QByteArray("GET") << QStringLiteral("/api/version/") << QByteArray() << 404 << notFound;
    }

    void routes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        QFETCH(QJsonObject, expected);

        QNetworkRequest request(m_server.url().resolved(QUrl(path)));
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        QNetworkReply *reply = m_network.sendCustomRequest(request, method);
        QTRY_VERIFY(reply->isFinished());
        reply->deleteLater();

        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), QStringLiteral("application/json"));
        QJsonParseError error;
        const QJsonDocument body = QJsonDocument::fromJson(reply->readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(body.object(), expected);
    }

    void logsOneLinePerRequest()
    {
        s_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureMessages);
        QNetworkRequest request(m_server.url().resolved(QUrl(QStringLiteral("/api/version?refresh=1"))));
        request.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *ok = m_network.get(request);
        QNetworkReply *missing = m_network.get(QNetworkRequest(m_server.url().resolved(QUrl(QStringLiteral("/x")))));
        QTRY_VERIFY(ok->isFinished() && missing->isFinished());
        qInstallMessageHandler(previous);
        ok->deleteLater();
        missing->deleteLater();

        QCOMPARE(s_log.size(), 2);
        const QString *versionLine = s_log.at(0).contains(u"/api/version") ? &s_log.at(0) : &s_log.at(1);
        const QString *missingLine = versionLine == &s_log.at(0) ? &s_log.at(1) : &s_log.at(0);
        // Query values can be secrets: only the keys are logged.
        QVERIFY2(versionLine->startsWith(u"GET /api/version?refresh=… 200 "), qPrintable(*versionLine));
        QVERIFY2(versionLine->contains(u"ms user=admin client=127.0.0.1"), qPrintable(*versionLine));
        QVERIFY2(missingLine->startsWith(u"GET /x 404 "), qPrintable(*missingLine));
        QVERIFY2(missingLine->contains(u"user=- "), qPrintable(*missingLine));
        // The token itself is never logged.
        QVERIFY(!s_log.join(u'\n').contains(QString::fromLatin1(m_token)));
    }

    void busyPortIsAClearError()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        ApiServer second;
        const Result<quint16> port = second.listen(QHostAddress::LocalHost, occupant.serverPort());
        QVERIFY(!port.ok());
        QVERIFY2(port.error().startsWith(QStringLiteral("cannot listen on 127.0.0.1:%1: ").arg(occupant.serverPort())),
                 qPrintable(port.error()));
        QVERIFY(!second.url().isValid());
    }

private:
    ApiServer m_server;
    QByteArray m_token = QByteArrayLiteral("s3cret-token-for-tests");
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(tst_ApiServer)
#include "tst_apiserver.moc"
