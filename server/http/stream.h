// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace Capstan::Http {

/// A long-lived answer of newline-delimited JSON, as grpc-gateway streams:
/// one `{"result": …}` line per message, in HTTP/1.1 chunks. closed() comes
/// once, when the client goes away or the stream ends; after it nothing is
/// written, so whoever feeds the stream can drop it at once.
class Stream : public QObject
{
    Q_OBJECT

public:
    explicit Stream(QHttpServerResponder &&responder);
    ~Stream() override;

    bool isOpen() const;
    /// Writes `{"result": message}` and a newline.
    void send(const QJsonObject &message);
    /// Writes grpc-gateway's stream error and ends the stream.
    void fail(const ApiError &error);
    /// Ends the stream (the last chunk).
    void close();

Q_SIGNALS:
    void closed();

private:
    void writeChunk(const QByteArray &data);
    void markClosed();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_closed = false;
};

} // namespace Capstan::Http
