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

Stream::Stream(QHttpServerResponder &&responder, Format format)
    : m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_format(format)
{
    ++streams;
    if (m_format == Format::EventStream) {
        m_keepAlive.setInterval(std::chrono::seconds(15));
        connect(&m_keepAlive, &QTimer::timeout, this, [this] { writeChunk(": keep-alive\n\n"_ba); });
    }
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

Stream::Format Stream::formatFor(QByteArrayView accept)
{
    for (const QByteArray &type : accept.toByteArray().split(',')) {
        if (type.split(';').first().trimmed().toLower() == "text/event-stream")
            return Format::EventStream;
    }
    return Format::JsonLines;
}

void Stream::setKeepAliveInterval(std::chrono::milliseconds interval)
{
    m_keepAlive.setInterval(interval);
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
    if (m_format == Format::EventStream) {
        m_responder.writeHeader("Content-Type", "text/event-stream");
        // Proxies such as nginx would otherwise hold events back.
        m_responder.writeHeader("X-Accel-Buffering", "no");
        m_keepAlive.start();
    } else {
        m_responder.writeHeader("Content-Type", "application/json");
    }
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
    if (m_keepAlive.isActive())
        m_keepAlive.start(); // silent for a whole interval from now on
}

QByteArray Stream::frame(const QJsonObject &message) const
{
    const QByteArray json = QJsonDocument(message).toJson(QJsonDocument::Compact);
    if (m_format == Format::EventStream)
        return QByteArray("data: " + json + "\n\n");
    return json + '\n';
}

void Stream::send(const QJsonObject &message)
{
    writeChunk(frame(QJsonObject{{u"result"_s, message}}));
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
    writeChunk(frame(QJsonObject{{u"error"_s, body}}));
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
    m_keepAlive.stop();
    if (m_closed)
        return;
    m_closed = true;
    Q_EMIT closed();
}

} // namespace Capstan::Http
