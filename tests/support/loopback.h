// SPDX-License-Identifier: Apache-2.0
// Loopback addresses for tests that need a server, or the lack of one.
#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QUrl>

namespace Capstan::Test {

/// A loopback port that nothing listens on (it was free a moment ago).
inline quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// http://127.0.0.1:<port>
inline QUrl loopbackUrl(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

} // namespace Capstan::Test
