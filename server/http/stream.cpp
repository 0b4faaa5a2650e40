// SPDX-License-Identifier: Apache-2.0
#include "stream.h"

#include <QJsonDocument>
#include <QTcpSocket>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Capstan::Http {

namespace {
std::atomic<int> streams{0};
}

Stream::Stream(QHttpServerResponder &&responder)
    : m_responder(std::move(responder))
    , m_socket(m_responder.socket())
{
    ++streams;
    if (m_socket) {
        connect(m_socket, &QTcpSocket::disconnected, this, &Stream::markClosed);
        connect(m_socket, &QObject::destroyed, this, &Stream::markClosed);
    }
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        m_closed = true;
}

Stream::~Stream()
{
    close();
    --streams;
}

int Stream::liveCount()
{
    return streams.load();
}

bool Stream::isOpen() const
{
    return !m_closed && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

QObject *Stream::connection() const
{
    return m_socket;
}

void Stream::start()
{
    if (m_started || !isOpen())
        return;
    m_started = true;
    m_responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    m_responder.writeHeader("Content-Type", "application/json");
    m_responder.writeHeader("Transfer-Encoding", "chunked");
    m_responder.writeHeader("Cache-Control", "no-cache");
    m_responder.writeBody(QByteArray());
}

void Stream::writeChunk(const QByteArray &data)
{
    start();
    if (!isOpen())
        return;
    if (m_socket->bytesToWrite() > maximumBacklog()) {
        // The client stopped reading: let it go rather than hold its backlog.
        m_socket->abort();
        markClosed();
        return;
    }
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void Stream::send(const QJsonObject &message)
{
    writeChunk(QJsonDocument(QJsonObject{{u"result"_s, message}}).toJson(QJsonDocument::Compact) + '\n');
}

void Stream::fail(const ApiError &error)
{
    if (!m_started) {
        if (isOpen()) {
            const QByteArray body = QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact);
            m_responder.writeStatusLine(QHttpServerResponder::StatusCode(ApiError::httpStatusFor(error.code)));
            m_responder.writeHeader("Content-Type", "application/json");
            m_responder.writeHeader("Content-Length", QByteArray::number(body.size()));
            m_responder.writeBody(body);
        }
        m_started = true;
        markClosed();
        return;
    }
    const QJsonObject body{{u"grpc_code"_s, int(error.code)},
                           {u"http_code"_s, ApiError::httpStatusFor(error.code)},
                           {u"message"_s, error.message},
                           {u"http_status"_s, QString()}};
    writeChunk(QJsonDocument(QJsonObject{{u"error"_s, body}}).toJson(QJsonDocument::Compact));
    close();
}

void Stream::close()
{
    start();
    if (isOpen()) {
        m_socket->write("0\r\n\r\n");
        m_socket->flush();
    }
    markClosed();
}

void Stream::markClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    Q_EMIT closed();
}

} // namespace Capstan::Http
