// SPDX-License-Identifier: Apache-2.0
#include "source/git/knownhosts.h"

#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Capstan::Source;
using namespace Qt::StringLiterals;

namespace {
const QByteArray keyA = QByteArrayLiteral("\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20"
                                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
const QByteArray keyB = QByteArrayLiteral("\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20"
                                          "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");

QString hashed(const QString &host, const QByteArray &salt)
{
    const QByteArray mac = QMessageAuthenticationCode::hash(host.toUtf8(), salt, QCryptographicHash::Sha1);
    return u"|1|%1|%2"_s.arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(mac.toBase64()));
}
} // namespace

class tst_KnownHosts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verify_data()
    {
        const QString a = QString::fromLatin1(keyA.toBase64());
        const QString b = QString::fromLatin1(keyB.toBase64());
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<KnownHosts::Verdict>("verdict");
        QTest::addRow("listed") << u"github.com ssh-ed25519 %1"_s.arg(a) << u"github.com"_s << 22 << keyA
                                << KnownHosts::Verdict::Trusted;
        QTest::addRow("case-insensitive")
            << u"GitHub.com ssh-ed25519 %1"_s.arg(a) << u"github.COM"_s << 22 << keyA << KnownHosts::Verdict::Trusted;
        QTest::addRow("other key") << u"github.com ssh-ed25519 %1"_s.arg(b) << u"github.com"_s << 22 << keyA
                                   << KnownHosts::Verdict::Mismatch;
        QTest::addRow("unlisted") << u"gitlab.com ssh-ed25519 %1"_s.arg(a) << u"github.com"_s << 22 << keyA
                                  << KnownHosts::Verdict::Unknown;
        QTest::addRow("one of several names") << u"a.example,git.example,c.example ssh-ed25519 %1"_s.arg(a)
                                              << u"git.example"_s << 22 << keyA << KnownHosts::Verdict::Trusted;
        QTest::addRow("non-default port") << u"[git.example]:2222 ssh-ed25519 %1"_s.arg(a) << u"git.example"_s << 2222
                                          << keyA << KnownHosts::Verdict::Trusted;
        QTest::addRow("port must match") << u"[git.example]:2222 ssh-ed25519 %1"_s.arg(a) << u"git.example"_s << 22
                                         << keyA << KnownHosts::Verdict::Unknown;
        QTest::addRow("wildcard") << u"*.example.org ssh-ed25519 %1"_s.arg(a) << u"git.example.org"_s << 22 << keyA
                                  << KnownHosts::Verdict::Trusted;
        QTest::addRow("negated") << u"*.example.org,!evil.example.org ssh-ed25519 %1"_s.arg(a) << u"evil.example.org"_s
                                 << 22 << keyA << KnownHosts::Verdict::Unknown;
        QTest::addRow("hashed") << u"%1 ssh-ed25519 %2"_s.arg(hashed(u"git.example"_s, "salt-1234567890ab"), a)
                                << u"git.example"_s << 22 << keyA << KnownHosts::Verdict::Trusted;
        QTest::addRow("hashed, other host") << u"%1 ssh-ed25519 %2"_s.arg(hashed(u"git.example"_s, "salt"), a)
                                            << u"other.example"_s << 22 << keyA << KnownHosts::Verdict::Unknown;
        QTest::addRow("revoked") << u"git.example ssh-ed25519 %1\n@revoked * ssh-ed25519 %1"_s.arg(a)
                                 << u"git.example"_s << 22 << keyA << KnownHosts::Verdict::Mismatch;
        QTest::addRow("comments, blanks, CAs and junk skipped")
            << u"# comment\n\n@cert-authority * ssh-ed25519 %1\nbroken line\ngit.example ssh-ed25519 %1 me@host"_s.arg(
                   a)
            << u"git.example"_s << 22 << keyA << KnownHosts::Verdict::Trusted;
    }
    void verify()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QByteArray, key);
        QFETCH(KnownHosts::Verdict, verdict);
        QCOMPARE(KnownHosts::parse(text).verify(host, port, key), verdict);
    }
};

QTEST_GUILESS_MAIN(tst_KnownHosts)
#include "tst_knownhosts.moc"
