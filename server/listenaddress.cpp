// SPDX-License-Identifier: Apache-2.0
#include "listenaddress.h"

#include <QCoreApplication>

namespace Capstan {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::ListenAddress)
};
} // namespace

Result<ListenAddress> ListenAddress::parse(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return Failure(Tr::tr("\"%1\" has no port: expected ADDR:PORT, as 127.0.0.1:8080").arg(text));

    QString host = text.left(colon);
    const QString portText = text.mid(colon + 1);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(u':'))
        return Failure(Tr::tr("\"%1\": write an IPv6 address in brackets, as [::1]:8080").arg(text));

    ListenAddress result;
    if (host.isEmpty())
        return Failure(Tr::tr("\"%1\" has no address: expected ADDR:PORT, as 127.0.0.1:8080").arg(text));
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        result.address = QHostAddress(QHostAddress::LocalHost);
    else if (!result.address.setAddress(host))
        return Failure(Tr::tr("\"%1\" is not an IP address").arg(host));

    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return Failure(Tr::tr("\"%1\" is not a port number from 0 to 65535").arg(portText));
    result.port = quint16(port);
    return result;
}

QString ListenAddress::toString() const
{
    const QString host
        = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']' : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace Capstan
