// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QHostAddress>
#include <QString>

namespace Capstan {

/// Where a server listens, from a command line's "ADDR:PORT".
///
/// Grammar: `host ":" port`, where host is an IPv4 address, `[` IPv6 `]`, or
/// `localhost`, and port is 0 (any free port) to 65535.
struct ListenAddress
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;

    static Result<ListenAddress> parse(const QString &text);
    QString toString() const;
};

} // namespace Capstan
