// SPDX-License-Identifier: Apache-2.0
// The credentials a repository is reached with: its own before a template's,
// the longest matching template, secrets looked up once until forgotten,
// and lookups from several threads at once.
#include "source/credentialresolver.h"

#include <QTest>
#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Capstan;

class CredentialResolverTest : public QObject
{
    Q_OBJECT

    struct Backend
    {
        std::atomic<int> lookups = 0;
        QString ownPassword = u"own"_s;

        Source::CredentialResolver::Lookup lookup()
        {
            Source::CredentialResolver::Lookup lookup;
            lookup.repository = [this](const QString &url) -> std::optional<Source::RepositoryCredentials> {
                ++lookups;
                if (url != u"https://git.example.com/team/registered.git")
                    return std::nullopt;
                Source::RepositoryCredentials own;
                own.username = u"bot"_s;
                own.password = ownPassword;
                return own;
            };
            lookup.templates = [](const QString &url) {
                QList<Source::CredentialTemplate> templates;
                for (const QString &prefix : {u"https://git.example.com/"_s, u"https://git.example.com/team/"_s}) {
                    if (url.startsWith(prefix))
                        templates.append({prefix, {u"user"_s, u"from "_s + prefix, {}, {}, false}});
                }
                return templates;
            };
            return lookup;
        }
    };

private Q_SLOTS:
    void ownThenLongestTemplate()
    {
        Backend backend;
        const Source::CredentialResolver resolver(backend.lookup());
        QCOMPARE(resolver.credentialsFor(u"https://git.example.com/team/registered.git"_s).password, u"own"_s);
        QCOMPARE(resolver.credentialsFor(u"https://git.example.com/team/other.git"_s).password,
                 u"from https://git.example.com/team/"_s);
        QCOMPARE(resolver.credentialsFor(u"https://git.example.com/misc.git"_s).password,
                 u"from https://git.example.com/"_s);
        QVERIFY(!resolver.credentialsFor(u"https://elsewhere.example.org/a.git"_s).hasSecrets());
    }

    void lookedUpOnceUntilForgotten()
    {
        Backend backend;
        Source::CredentialResolver resolver(backend.lookup());
        const QString url = u"https://git.example.com/team/registered.git"_s;
        QCOMPARE(resolver.credentialsFor(url).password, u"own"_s);
        backend.ownPassword = u"rotated"_s;
        QCOMPARE(resolver.credentialsFor(url).password, u"own"_s);
        QCOMPARE(backend.lookups.load(), 1);
        resolver.forget();
        QCOMPARE(resolver.credentialsFor(url).password, u"rotated"_s);
        QCOMPARE(backend.lookups.load(), 2);
    }

    void fromSeveralThreads()
    {
        Backend backend;
        Source::CredentialResolver resolver(backend.lookup());
        // Standard threads: ThreadSanitizer sees their joins.
        std::vector<std::thread> threads;
        std::vector<QString> passwords(64);
        for (int round = 0; round < 64; ++round) {
            threads.emplace_back([&resolver, &passwords, round] {
                if (round % 16 == 0)
                    resolver.forget();
                passwords[round]
                    = resolver.credentialsFor(u"https://git.example.com/team/r%1.git"_s.arg(round % 4)).password;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (const QString &password : passwords)
            QCOMPARE(password, u"from https://git.example.com/team/"_s);
    }
};

QTEST_GUILESS_MAIN(CredentialResolverTest)
#include "tst_credentialresolver.moc"
