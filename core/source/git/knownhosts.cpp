// SPDX-License-Identifier: Apache-2.0
#include "knownhosts.h"

#include <QMessageAuthenticationCode>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

/// OpenSSH's host patterns know only '*' and '?'; brackets are literal.
bool wildcardMatch(const QString &pattern, const QString &host)
{
    QString expression;
    for (const QChar c : pattern) {
        if (c == u'*')
            expression += u".*"_s;
        else if (c == u'?')
            expression += u'.';
        else
            expression += QRegularExpression::escape(c);
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(expression)).match(host).hasMatch();
}

} // namespace

KnownHosts KnownHosts::parse(const QString &text)
{
    KnownHosts hosts;
    static const QRegularExpression spaces(u"\\s+"_s);
    for (QString line : text.split(u'\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        QStringList fields = line.split(spaces, Qt::SkipEmptyParts);
        Entry entry;
        if (fields.first().startsWith(u'@')) {
            if (fields.first() == u"@cert-authority")
                continue;
            entry.revoked = fields.first() == u"@revoked";
            if (!entry.revoked)
                continue;
            fields.removeFirst();
        }
        if (fields.size() < 3)
            continue;
        entry.key = QByteArray::fromBase64(fields.at(2).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (entry.key.isEmpty())
            continue;
        const QString &patterns = fields.at(0);
        if (patterns.startsWith(u"|1|")) {
            const QStringList parts = patterns.split(u'|');
            if (parts.size() != 4)
                continue;
            entry.hashSalt = QByteArray::fromBase64(parts.at(2).toLatin1());
            entry.hash = QByteArray::fromBase64(parts.at(3).toLatin1());
        } else {
            entry.patterns = patterns.toLower().split(u',', Qt::SkipEmptyParts);
        }
        hosts.m_entries.append(entry);
    }
    return hosts;
}

void KnownHosts::append(const KnownHosts &other)
{
    m_entries.append(other.m_entries);
}

bool KnownHosts::matches(const Entry &entry, const QString &hostName)
{
    if (!entry.hash.isEmpty()) {
        return QMessageAuthenticationCode::hash(hostName.toUtf8(), entry.hashSalt, QCryptographicHash::Sha1)
            == entry.hash;
    }
    bool matched = false;
    for (const QString &pattern : entry.patterns) {
        if (pattern.startsWith(u'!')) {
            if (wildcardMatch(pattern.mid(1), hostName))
                return false;
        } else if (wildcardMatch(pattern, hostName)) {
            matched = true;
        }
    }
    return matched;
}

KnownHosts::Verdict KnownHosts::verify(const QString &host, int port, const QByteArray &keyBlob) const
{
    // known_hosts names non-default ports as "[host]:port".
    const QString name = port > 0 && port != 22 ? u"[%1]:%2"_s.arg(host.toLower()).arg(port) : host.toLower();
    bool listed = false;
    bool trusted = false;
    for (const Entry &entry : m_entries) {
        if (!matches(entry, name))
            continue;
        if (entry.revoked) {
            if (entry.key == keyBlob)
                return Verdict::Mismatch;
            continue;
        }
        listed = true;
        trusted = trusted || entry.key == keyBlob;
    }
    if (trusted)
        return Verdict::Trusted;
    return listed ? Verdict::Mismatch : Verdict::Unknown;
}

} // namespace Capstan::Source
