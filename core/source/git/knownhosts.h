// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Capstan::Source {

/// SSH host keys in OpenSSH's known_hosts format, as Argo CD keeps them in
/// argocd-ssh-known-hosts-cm.
///
/// Grammar, one entry per line ('#' starts a comment line):
///   [@revoked|@cert-authority] patterns keytype base64-key [comment]
/// where patterns is a comma-separated list of host names, "[host]:port"
/// forms, '*' and '?' wildcards, '!'-negations, or one hashed entry
/// "|1|base64-salt|base64-hmac-sha1". Certificate authorities are skipped.
class KnownHosts
{
public:
    enum class Verdict {
        /// A line for this host lists exactly this key.
        Trusted,
        /// No line names this host.
        Unknown,
        /// The host is listed with other keys only, or this key is revoked.
        Mismatch,
    };

    /// Reads known_hosts text; lines it cannot read are skipped, as ssh does.
    static KnownHosts parse(const QString &text);
    /// Appends another set, such as the user's ~/.ssh/known_hosts.
    void append(const KnownHosts &other);

    /// Checks a host's raw public key blob (the base64-decoded key field).
    Verdict verify(const QString &host, int port, const QByteArray &keyBlob) const;

    qsizetype size() const { return m_entries.size(); }

private:
    struct Entry
    {
        QStringList patterns;
        QByteArray hashSalt;
        QByteArray hash;
        QByteArray key;
        bool revoked = false;
    };
    static bool matches(const Entry &entry, const QString &hostName);

    QList<Entry> m_entries;
};

} // namespace Capstan::Source
