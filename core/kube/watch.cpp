// SPDX-License-Identifier: Apache-2.0
#include "watch.h"

#include "base/logging.h"
#include "kubeclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace Capstan::Kube {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::Watch)
};
} // namespace

Watch::Watch(KubeClient *client, const QUrl &url)
    : m_client(client)
    , m_url(url)
{ }

Watch::~Watch()
{
    stop();
}

void Watch::start()
{
    m_client->prepare(m_url, [this, guard = QPointer<Watch>(this)](const Result<QNetworkRequest, KubeError> &request) {
        if (!guard || m_done)
            return;
        if (!request) {
            m_done = true;
            Q_EMIT failed(request.error());
            return;
        }
        QNetworkRequest networkRequest = *request;
        networkRequest.setTransferTimeout(0); // a watch may be quiet for a long time
        m_reply = m_client->m_network->get(networkRequest);
        connect(m_reply, &QNetworkReply::readyRead, this, &Watch::readEvents);
        connect(m_reply, &QNetworkReply::finished, this, &Watch::finish);
    });
}

void Watch::stop()
{
    m_done = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

void Watch::readEvents()
{
    if (!m_reply || m_done)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // the error comes whole with finished()
    m_buffer += m_reply->readAll();
    qsizetype newline;
    while (!m_done && (newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (!line.isEmpty())
            handleLine(line);
    }
}

void Watch::handleLine(const QByteArray &line)
{
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    const QString type = event.value(u"type").toString();
    const QJsonObject object = event.value(u"object").toObject();
    if (type == u"ERROR") {
        stop();
        const KubeError error = KubeError::fromStatus(object);
        if (error.reason == KubeError::Reason::Gone)
            Q_EMIT expired();
        else
            Q_EMIT failed(error);
        return;
    }
    const QString version = object.value(u"metadata").toObject().value(u"resourceVersion").toString();
    if (!version.isEmpty())
        m_resourceVersion = version;
    if (type == u"ADDED")
        Q_EMIT this->event(EventType::Added, object);
    else if (type == u"MODIFIED")
        Q_EMIT this->event(EventType::Modified, object);
    else if (type == u"DELETED")
        Q_EMIT this->event(EventType::Deleted, object);
    else if (type == u"BOOKMARK")
        Q_EMIT this->event(EventType::Bookmark, object);
    else
        qCWarning(lcKube).noquote() << "unknown watch event" << type << "from" << m_url.path();
}

void Watch::finish()
{
    if (!m_reply || m_done)
        return;
    readEvents();
    if (m_done)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_done = true;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200) {
        Q_EMIT closed();
        return;
    }
    if (status == 0) {
        KubeError error
            = KubeError::unavailable(Tr::tr("the watch of %1 broke off: %2").arg(m_url.path(), reply->errorString()));
        if (reply->error() == QNetworkReply::SslHandshakeFailedError)
            error.reason = KubeError::Reason::TlsFailure;
        Q_EMIT failed(error);
        return;
    }
    const KubeError error = KubeError::fromReply(status, reply->readAll());
    if (error.reason == KubeError::Reason::Gone)
        Q_EMIT expired();
    else
        Q_EMIT failed(error);
}

} // namespace Capstan::Kube
