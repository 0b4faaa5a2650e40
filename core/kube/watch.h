// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kubeerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkReply;

namespace Capstan::Kube {

class KubeClient;

/// One watch stream of a collection: the API server's newline-delimited
/// events, in order, as they arrive. A Watch ends in one of three ways:
/// closed() (the server ended the stream: watch again from resourceVersion()),
/// expired() (410: the version is too old, list again), or failed().
class Watch : public QObject
{
    Q_OBJECT

public:
    enum class EventType {
        Added,
        Modified,
        Deleted,
        Bookmark,
    };
    Q_ENUM(EventType)

    ~Watch() override;

    /// Ends the stream; no signal follows.
    void stop();
    /// The resourceVersion of the last event or bookmark.
    QString resourceVersion() const { return m_resourceVersion; }

Q_SIGNALS:
    void event(Capstan::Kube::Watch::EventType type, const QJsonObject &object);
    void closed();
    void expired();
    void failed(const Capstan::Kube::KubeError &error);

private:
    friend class KubeClient;
    Watch(KubeClient *client, const QUrl &url);
    void start();
    void readEvents();
    void handleLine(const QByteArray &line);
    void finish();

    QPointer<KubeClient> m_client;
    QUrl m_url;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    QString m_resourceVersion;
    bool m_done = false;
};

} // namespace Capstan::Kube
