// SPDX-License-Identifier: Apache-2.0
#include "apistream.h"

#include "base/logging.h"
#include "client/apiclient.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace Capstan {

ApiStream::ApiStream(ApiClient *client, QNetworkReply *reply, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_reply(reply)
{
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (!m_opened && m_reply && m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
            m_opened = true;
            Q_EMIT opened();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, &ApiStream::readLines);
    connect(reply, &QNetworkReply::finished, this, &ApiStream::end);
}

ApiStream::~ApiStream()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ApiStream::readLines()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // the whole error body is read when the reply finishes
    m_buffer += m_reply->readAll();
    qsizetype start = 0;
    for (qsizetype end = m_buffer.indexOf('\n'); end >= 0; end = m_buffer.indexOf('\n', start)) {
        const QByteArray line = m_buffer.mid(start, end - start).trimmed();
        start = end + 1;
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonObject message = QJsonDocument::fromJson(line, &error).object();
        if (error.error != QJsonParseError::NoError) {
            qCWarning(lcClient).noquote() << "a stream line is not JSON:" << error.errorString();
            continue;
        }
        if (message.contains(QStringLiteral("error"))) {
            const QJsonObject body = message.value(QStringLiteral("error")).toObject();
            m_error = ApiError::fromJson(body).value_or(
                ApiError::fromCode(GrpcCode::Unknown, body.value(QStringLiteral("message")).toString()));
            m_sawError = true;
            continue;
        }
        Q_EMIT received(message.value(QStringLiteral("result")).toObject());
        if (!m_reply)
            return; // a receiver deleted or ended the stream
    }
    m_buffer.remove(0, start);
}

void ApiStream::end()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200) {
        readLines();
        if (!m_reply)
            return;
        if (!m_sawError && reply->error() != QNetworkReply::NoError
            && reply->error() != QNetworkReply::RemoteHostClosedError)
            m_error = m_client->transportError(reply);
    } else {
        const auto answer = m_client->readReply(reply);
        m_error
            = answer ? ApiError::fromCode(GrpcCode::Unknown, tr("the stream ended without an answer")) : answer.error();
    }
    m_reply = nullptr;
    reply->deleteLater();
    Q_EMIT finished(m_error);
}

} // namespace Capstan
