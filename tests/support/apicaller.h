// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QUrl>

#include <functional>

namespace Capstan::Test {

/// Calls a server's API as Argo CD's clients do: one request at a time,
/// waiting for its answer, with a bearer token and no cookies.
class ApiCaller
{
public:
    struct Answer
    {
        int status = 0;
        QJsonObject body;

        QString message() const { return body.value(QStringLiteral("message")).toString(); }
    };

    /// @p base gives the server's address when a call is made.
    explicit ApiCaller(std::function<QUrl()> base)
        : m_base(std::move(base))
    { }

    QNetworkAccessManager &network() { return m_network; }

    /// A request with @p token alone: cookies a login set are not sent.
    QNetworkRequest requestFor(const QString &path, const QByteArray &token) const
    {
        QNetworkRequest request(m_base().resolved(QUrl(path)));
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        return request;
    }

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body = {})
    {
        QNetworkRequest request = requestFor(path, token);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 90000))
            qWarning() << "no answer to" << method << path;
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                QJsonDocument::fromJson(reply->readAll()).object()};
    }

    Answer call(const QByteArray &method, const QString &path, const QByteArray &token, const QJsonObject &body)
    {
        return call(method, path, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    /// A session token for @p username (POST /api/v1/session); empty when refused.
    QByteArray login(const QString &username, const QString &password)
    {
        const Answer answer
            = call("POST", QStringLiteral("/api/v1/session"), {},
                   QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
        return answer.body.value(QStringLiteral("token")).toString().toLatin1();
    }

    /// A new API key of @p account, made with @p token; empty when refused.
    QByteArray apiKey(const QString &account, const QByteArray &token)
    {
        const Answer answer = call("POST", QStringLiteral("/api/v1/account/%1/token").arg(account), token,
                                   QJsonObject{{QStringLiteral("name"), account}});
        return answer.body.value(QStringLiteral("token")).toString().toLatin1();
    }

private:
    std::function<QUrl()> m_base;
    QNetworkAccessManager m_network;
};

} // namespace Capstan::Test
