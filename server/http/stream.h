// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QTcpSocket;

namespace Capstan::Http {

/// A long-lived answer of newline-delimited JSON, as grpc-gateway streams:
/// one `{"result": …}` line per message, in HTTP/1.1 chunks. For browsers'
/// EventSource (a request that accepts `text/event-stream`) each message is
/// a server-sent event with the same JSON as its `data:`, and a comment
/// keeps an idle connection from being closed by proxies. closed() comes
/// once, when the client goes away or the stream ends; after it nothing is
/// written, so whoever feeds the stream can drop it at once.
///
/// The status line goes out with start() or the first message. A stream that
/// fails before that answers as any request does, with the error's HTTP
/// status and Argo CD's error JSON. A client that stops reading while more
/// than maximumBacklog() bytes wait for it is disconnected rather than
/// buffered without end.
class Stream : public QObject
{
    Q_OBJECT

public:
    enum class Format {
        /// application/json, one message a line (grpc-gateway, Argo CD's CLI).
        JsonLines,
        /// text/event-stream, one `data:` event a message (EventSource).
        EventStream,
    };

    explicit Stream(QHttpServerResponder &&responder, Format format = Format::JsonLines);
    ~Stream() override;

    /// The format a request asks for with its Accept header.
    static Format formatFor(QByteArrayView accept);
    Format format() const { return m_format; }
    /// How long an event stream may stay silent before a keep-alive comment.
    void setKeepAliveInterval(std::chrono::milliseconds interval);

    bool isOpen() const;
    /// Sends the status line and headers, so that the client knows the
    /// stream is there before its first message.
    void start();
    /// Writes `{"result": message}` and a newline.
    void send(const QJsonObject &message);
    /// Ends the stream with an error: before start(), a plain error answer;
    /// after it, grpc-gateway's `{"error": …}` chunk.
    void fail(const ApiError &error);
    /// Ends the stream (the last chunk).
    void close();
    /// The connection the stream writes to, for objects that should live no
    /// longer than it; null once it is gone.
    QObject *connection() const;

    static constexpr qint64 maximumBacklog() { return 16 * 1024 * 1024; }
    /// How many streams exist in this process, for tests and diagnostics.
    static int liveCount();

Q_SIGNALS:
    void closed();

private:
    void writeChunk(const QByteArray &data);
    /// One message in the stream's format: a JSON line or an event.
    QByteArray frame(const QJsonObject &message) const;
    void markClosed();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    Format m_format;
    QTimer m_keepAlive;
    bool m_started = false;
    bool m_closed = false;
};

} // namespace Capstan::Http
