// SPDX-License-Identifier: Apache-2.0
#include "api/apierror.h"

#include <QJsonDocument>
#include <QTest>

using namespace Capstan;

class tst_ApiError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void httpStatus_data()
    {
        QTest::addColumn<GrpcCode>("code");
        QTest::addColumn<int>("status");
        QTest::addRow("invalid argument") << GrpcCode::InvalidArgument << 400;
        QTest::addRow("failed precondition") << GrpcCode::FailedPrecondition << 400;
        QTest::addRow("unauthenticated") << GrpcCode::Unauthenticated << 401;
        QTest::addRow("permission denied") << GrpcCode::PermissionDenied << 403;
        QTest::addRow("not found") << GrpcCode::NotFound << 404;
        QTest::addRow("already exists") << GrpcCode::AlreadyExists << 409;
        QTest::addRow("aborted") << GrpcCode::Aborted << 409;
        QTest::addRow("resource exhausted") << GrpcCode::ResourceExhausted << 429;
        QTest::addRow("internal") << GrpcCode::Internal << 500;
        QTest::addRow("unknown") << GrpcCode::Unknown << 500;
        QTest::addRow("unimplemented") << GrpcCode::Unimplemented << 501;
        QTest::addRow("unavailable") << GrpcCode::Unavailable << 503;
        QTest::addRow("deadline exceeded") << GrpcCode::DeadlineExceeded << 504;
    }

    void httpStatus()
    {
        QFETCH(GrpcCode, code);
        QFETCH(int, status);
        QCOMPARE(ApiError::httpStatusFor(code), status);
        QCOMPARE(ApiError::fromCode(code, QStringLiteral("m")).httpStatus, status);
    }

    void argoCdShape()
    {
        const ApiError error = ApiError::fromCode(GrpcCode::Unauthenticated, QStringLiteral("no session information"));
        QCOMPARE(QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact),
                 QByteArray(R"({"code":16,"error":"no session information","message":"no session information"})"));
    }

    void fromHttpReply_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<GrpcCode>("code");
        QTest::addColumn<QString>("message");
        QTest::addRow("argo cd json") << 404
                                      << QByteArray(
                                             R"({"error":"app 'x' not found","code":5,"message":"app 'x' not found"})")
                                      << GrpcCode::NotFound << QStringLiteral("app 'x' not found");
        QTest::addRow("only error") << 403 << QByteArray(R"({"error":"permission denied","code":7})")
                                    << GrpcCode::PermissionDenied << QStringLiteral("permission denied");
        QTest::addRow("html from a proxy") << 502 << QByteArray("<html>Bad Gateway</html>") << GrpcCode::Unavailable
                                           << QStringLiteral("the server answered with HTTP status 502");
        QTest::addRow("json without code") << 401 << QByteArray(R"({"message":"nope"})") << GrpcCode::Unauthenticated
                                           << QStringLiteral("the server answered with HTTP status 401");
        QTest::addRow("empty 500") << 500 << QByteArray() << GrpcCode::Internal
                                   << QStringLiteral("the server answered with HTTP status 500");
    }

    void fromHttpReply()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(GrpcCode, code);
        QFETCH(QString, message);
        const ApiError error = ApiError::fromHttpReply(status, body);
        QCOMPARE(error.code, code);
        QCOMPARE(error.message, message);
        QCOMPARE(error.httpStatus, status);
    }
};

QTEST_GUILESS_MAIN(tst_ApiError)
#include "tst_apierror.moc"
