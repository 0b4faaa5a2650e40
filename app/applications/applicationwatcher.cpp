// SPDX-License-Identifier: Apache-2.0
#include "applicationwatcher.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "client/apistream.h"
#include "connections/connection.h"

#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Capstan {

ApplicationWatcher::ApplicationWatcher(Connection *connection, const QString &ns, const QString &name, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_ns(ns)
    , m_name(name)
{
    open();
}

ApplicationWatcher::~ApplicationWatcher()
{
    delete m_stream;
}

void ApplicationWatcher::open()
{
    if (!m_connection)
        return;
    m_stream = m_connection->client()->openStream(u"/api/v1/stream/applications?name=%1&appNamespace=%2"_s.arg(
                                                      ApiPaths::encoded(m_name), ApiPaths::encoded(m_ns)),
                                                  this);
    if (!m_stream)
        return;
    connect(m_stream, &ApiStream::received, this, [this](const QJsonObject &result) {
        if (result.value(u"type").toString() == u"DELETED") {
            Q_EMIT deleted();
            return;
        }
        m_application = result.value(u"application").toObject();
        Q_EMIT changed(m_application);
    });
    connect(m_stream, &ApiStream::finished, this, [this](const ApiError &error) {
        if (error.code != GrpcCode::Ok)
            Q_EMIT interrupted(error);
        QTimer::singleShot(2000, this, [this] {
            delete m_stream;
            open();
        });
    });
}

} // namespace Capstan
