// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace Capstan {

class ApiStream;
class Connection;

/// Follows one application through Argo CD's watch stream
/// (/api/v1/stream/applications?name=…): the current state first, then every
/// change. A stream that ends is opened again after a pause.
class ApplicationWatcher : public QObject
{
    Q_OBJECT

public:
    ApplicationWatcher(Connection *connection, const QString &ns, const QString &name, QObject *parent = nullptr);
    ~ApplicationWatcher() override;

    Connection *connection() const { return m_connection; }
    QString ns() const { return m_ns; }
    QString name() const { return m_name; }
    /// The last state seen, empty before the first.
    QJsonObject application() const { return m_application; }

Q_SIGNALS:
    void changed(const QJsonObject &application);
    void deleted();
    void interrupted(const Capstan::ApiError &error);

private:
    void open();

    QPointer<Connection> m_connection;
    QString m_ns;
    QString m_name;
    QJsonObject m_application;
    QPointer<ApiStream> m_stream;
};

} // namespace Capstan
