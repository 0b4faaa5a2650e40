// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"

#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>

namespace Capstan {

class ApiClient;

/// One of Argo CD's watch streams: a GET that stays open and sends one JSON
/// object per line, as grpc-gateway writes server streams:
/// `{"result": {...}}` for each message and `{"error": {...}}` when the
/// server gives up. Lines may arrive in any pieces.
class ApiStream : public QObject
{
    Q_OBJECT

public:
    ~ApiStream() override;

    bool isRunning() const { return m_reply != nullptr; }

Q_SIGNALS:
    /// The server accepted the stream (its answer's headers came, status 200):
    /// from now on no change is missed.
    void opened();
    /// The content of one `result`.
    void received(const QJsonObject &result);
    /// The stream is over: cleanly (@p error has code Ok) or not.
    void finished(const Capstan::ApiError &error);

private:
    friend class ApiClient;
    ApiStream(ApiClient *client, QNetworkReply *reply, QObject *parent);
    void readLines();
    void end();

    ApiClient *m_client;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    bool m_sawError = false;
    bool m_opened = false;
    ApiError m_error{GrpcCode::Ok, {}, 0};
};

} // namespace Capstan
