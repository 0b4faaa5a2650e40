// SPDX-License-Identifier: Apache-2.0
// The Git layer against repositories built on the fly: revision resolution,
// fetching, pruning, metadata, reading trees, local paths and concurrency.
#include "source/git/gitrepository.h"
#include "source/git/repositorycredentials.h"
#include "source/sourceservice.h"
#include "support/gitfixture.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Capstan;
using namespace Capstan::Source;
using namespace Qt::StringLiterals;

namespace {

template<typename T>
T valueOf(const Result<T, SourceError> &result)
{
    if (!result)
        qWarning("unexpected error: %s", qPrintable(result.error().message));
    return result ? result.value() : T{};
}

template<typename T>
SourceError errorOf(const Result<T, SourceError> &result)
{
    return result ? SourceError{SourceError::Reason::Internal, u"(no error)"_s} : result.error();
}

GitRemote remote(const QString &url)
{
    return GitRemote{url, {}, {}};
}

} // namespace

class tst_GitRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolvesRevisions_data()
    {
        QTest::addColumn<QString>("revision");
        QTest::addColumn<QString>("expected"); // "first", "second" or "third"
        QTest::addRow("empty means HEAD") << u""_s << u"second"_s;
        QTest::addRow("HEAD") << u"HEAD"_s << u"second"_s;
        QTest::addRow("branch") << u"main"_s << u"second"_s;
        QTest::addRow("other branch") << u"feature"_s << u"third"_s;
        QTest::addRow("full branch ref") << u"refs/heads/feature"_s << u"third"_s;
        QTest::addRow("lightweight tag") << u"v1"_s << u"first"_s;
        QTest::addRow("annotated tag, peeled") << u"v2"_s << u"second"_s;
        QTest::addRow("full SHA") << u"first-sha"_s << u"first"_s;
        QTest::addRow("abbreviated SHA") << u"first-short"_s << u"first"_s;
        QTest::addRow("SHA of an unadvertised commit") << u"third-sha"_s << u"third"_s;
    }
    void resolvesRevisions()
    {
        QFETCH(QString, revision);
        QFETCH(QString, expected);
        Test::GitFixture origin;
        origin.write(u"a.txt"_s, "1");
        const QString first = origin.commit(u"first"_s);
        origin.git({u"tag"_s, u"v1"_s});
        origin.write(u"a.txt"_s, "2");
        const QString second = origin.commit(u"second"_s);
        origin.git({u"tag"_s, u"-a"_s, u"v2"_s, u"-m"_s, u"release two"_s});
        origin.git({u"checkout"_s, u"--quiet"_s, u"-b"_s, u"feature"_s});
        origin.write(u"a.txt"_s, "3");
        const QString third = origin.commit(u"third"_s);
        origin.git({u"checkout"_s, u"--quiet"_s, u"main"_s});
        const QHash<QString, QString> commits{{u"first"_s, first}, {u"second"_s, second}, {u"third"_s, third}};
        if (revision == u"first-sha")
            revision = first;
        else if (revision == u"first-short")
            revision = first.left(8);
        else if (revision == u"third-sha")
            revision = third;

        QTemporaryDir cache;
        auto mirror = GitRepository::openMirror(cache.filePath(u"mirror"_s));
        QVERIFY(mirror);
        QCOMPARE(valueOf(mirror.value().resolveRevision(remote(origin.fileUrl()), revision)), commits[expected]);
        QVERIFY(mirror->hasCommit(commits[expected]));
    }

    void unknownRevisionIsAnError()
    {
        Test::GitFixture origin;
        origin.commit(u"only"_s);
        QTemporaryDir cache;
        auto mirror = GitRepository::openMirror(cache.filePath(u"m"_s));
        QVERIFY(mirror);
        for (const QString &revision : {u"no-such-branch"_s, u"deadbeef"_s}) {
            const SourceError error = errorOf(mirror.value().resolveRevision(remote(origin.fileUrl()), revision));
            QCOMPARE(error.reason, SourceError::Reason::RevisionNotFound);
            QVERIFY2(error.message.contains(u"Unable to resolve '%1'"_s.arg(revision)), qPrintable(error.message));
        }
    }

    void localPathsWork_data()
    {
        QTest::addColumn<QString>("form");
        QTest::addRow("file URL") << u"file"_s;
        QTest::addRow("absolute path") << u"path"_s;
        QTest::addRow("path with .git suffix folder") << u"dotgit"_s;
    }
    void localPathsWork()
    {
        QFETCH(QString, form);
        Test::GitFixture origin;
        origin.write(u"x.yaml"_s, "a: 1\n");
        const QString commit = origin.commit(u"c"_s);
        const QString url = form == u"file" ? origin.fileUrl()
            : form == u"path"               ? origin.path()
                                            : origin.path() + u"/.git"_s;
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        QCOMPARE(valueOf(service.resolveRevisionNow(url, {}, u"main"_s)), commit);
    }

    void relativePathIsRefused()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        const SourceError error = errorOf(service.resolveRevisionNow(u"some/relative/repo"_s, {}, u"HEAD"_s));
        QCOMPARE(error.reason, SourceError::Reason::InvalidRequest);
        QVERIFY(error.message.contains(u"absolute path"_s));
    }

    void missingRepositoryIsUnavailable()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        const SourceError error = errorOf(service.resolveRevisionNow(cache.filePath(u"nothing-here"_s), {}, u"HEAD"_s));
        QCOMPARE(error.reason, SourceError::Reason::RepositoryUnavailable);
        QVERIFY2(error.message.contains(u"nothing-here"_s), qPrintable(error.message));
    }

    void fetchFollowsTheRemote()
    {
        Test::GitFixture origin;
        origin.write(u"a"_s, "1");
        const QString first = origin.commit(u"one"_s);
        origin.git({u"branch"_s, u"doomed"_s});
        QTemporaryDir cache;
        auto opened = GitRepository::openMirror(cache.filePath(u"m"_s));
        QVERIFY(opened);
        GitRepository mirror = opened.value();
        QCOMPARE(valueOf(mirror.resolveRevision(remote(origin.path()), u"main"_s)), first);

        // The branch moves on and another is deleted: the next resolution
        // sees the new commit and fetches it; the deleted branch goes.
        origin.write(u"a"_s, "2");
        const QString second = origin.commit(u"two"_s);
        origin.git({u"branch"_s, u"-D"_s, u"doomed"_s});
        QVERIFY(!mirror.hasCommit(second));
        QCOMPARE(valueOf(mirror.resolveRevision(remote(origin.path()), u"main"_s)), second);
        QVERIFY(mirror.hasCommit(second));
        QCOMPARE(errorOf(mirror.resolveRevision(remote(origin.path()), u"doomed"_s)).reason,
                 SourceError::Reason::RevisionNotFound);
        Test::GitFixture probe;
        QVERIFY(probe.git({u"--git-dir="_s + mirror.folder(), u"show-ref"_s}).contains(u"refs/heads/main"_s));
        QVERIFY(!probe.git({u"--git-dir="_s + mirror.folder(), u"show-ref"_s}).contains(u"doomed"_s));
        QCOMPARE(probe.git({u"--git-dir="_s + mirror.folder(), u"rev-parse"_s, u"--is-bare-repository"_s}), u"true"_s);
    }

    void cachedCommitWorksOffline()
    {
        QTemporaryDir cache;
        QString commit;
        QString url;
        {
            Test::GitFixture origin;
            origin.write(u"a"_s, "1");
            commit = origin.commit(u"one"_s);
            url = origin.path();
            SourceService service({cache.path(), {}, {}, false});
            QCOMPARE(valueOf(service.resolveRevisionNow(url, {}, u"main"_s)), commit);
        }
        // The origin is gone; a full SHA we hold still resolves, a branch cannot.
        SourceService service({cache.path(), {}, {}, false});
        QCOMPARE(valueOf(service.resolveRevisionNow(url, {}, commit)), commit);
        QCOMPARE(errorOf(service.resolveRevisionNow(url, {}, u"main"_s)).reason,
                 SourceError::Reason::RepositoryUnavailable);
    }

    void metadata()
    {
        Test::GitFixture origin;
        origin.write(u"a"_s, "1");
        const QString commit
            = origin.commit(u"Add the guestbook\n\nWith a longer body."_s, u"2026-03-04T05:06:07+02:00"_s);
        origin.git({u"tag"_s, u"v1.0"_s});
        origin.git({u"tag"_s, u"-a"_s, u"release"_s, u"-m"_s, u"annotated"_s});
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        const RevisionMetadata metadata = valueOf(service.revisionMetadataNow(origin.path(), {}, u"v1.0"_s));
        QCOMPARE(metadata.author, u"Ada Lovelace <ada@example.org>"_s);
        QCOMPARE(metadata.date, QDateTime::fromString(u"2026-03-04T05:06:07+02:00"_s, Qt::ISODate));
        QCOMPARE(metadata.date.offsetFromUtc(), 7200);
        QCOMPARE(metadata.message, u"Add the guestbook\n\nWith a longer body."_s);
        QCOMPARE(metadata.tags, (QStringList{u"release"_s, u"v1.0"_s}));
        // By SHA, once fetched, without asking the origin.
        QCOMPARE(valueOf(service.revisionMetadataNow(origin.path(), {}, commit)).message, metadata.message);
    }

    void listsRefs()
    {
        Test::GitFixture origin;
        const QString commit = origin.commit(u"one"_s);
        origin.git({u"tag"_s, u"v1"_s});
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        QStringList names;
        for (const RemoteRef &ref : valueOf(service.listRefsNow(origin.path(), {}))) {
            names.append(ref.name);
            QCOMPARE(ref.commit, commit);
        }
        QCOMPARE(names, (QStringList{u"HEAD"_s, u"refs/heads/main"_s, u"refs/tags/v1"_s}));
    }

    void readsTreesWithoutAWorkTree()
    {
        Test::GitFixture origin;
        origin.write(u"apps/web/deploy.yaml"_s, "kind: Deployment\n");
        origin.write(u"apps/web/b.yaml"_s, "kind: Service\n");
        origin.symlink(u"apps/link"_s, u"web"_s);
        const QString commit = origin.commit(u"c"_s);
        QTemporaryDir cache;
        auto mirror = GitRepository::openMirror(cache.filePath(u"m"_s));
        QVERIFY(mirror);
        QCOMPARE(valueOf(mirror.value().resolveRevision(remote(origin.path()), u"HEAD"_s)), commit);
        const auto tree = mirror->tree(commit);
        QVERIFY(tree);
        QCOMPARE(tree->children(u"apps/web"_s), (QStringList{u"b.yaml"_s, u"deploy.yaml"_s}));
        QVERIFY(tree->isDirectory(u"apps"_s));
        QCOMPARE(valueOf(tree->read(u"apps/link/deploy.yaml"_s)), QByteArray("kind: Deployment\n"));
        QCOMPARE(valueOf(tree->resolve(u"apps/link/../link/./b.yaml"_s)), u"apps/web/b.yaml"_s);
        QCOMPARE(errorOf(tree->read(u"apps/none.yaml"_s)).reason, SourceError::Reason::PathNotFound);
        QCOMPARE(errorOf(tree->read(u"../etc/passwd"_s)).reason, SourceError::Reason::OutsideRepository);
        QCOMPARE(errorOf(tree->read(u"/etc/passwd"_s)).reason, SourceError::Reason::OutsideRepository);
        QVERIFY(tree->checkSymlinks());

        QTemporaryDir out;
        QVERIFY(tree->materialize(out.path()));
        QCOMPARE(QFileInfo(out.filePath(u"apps/link"_s)).symLinkTarget(), out.filePath(u"apps/web"_s));
        QFile file(out.filePath(u"apps/link/b.yaml"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("kind: Service\n"));
    }

    void credentialTemplates_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expectedUser");
        QTest::addRow("longest prefix wins") << u"https://git.example.org/team/app.git"_s << u"team"_s;
        QTest::addRow("shorter prefix") << u"https://git.example.org/other/app.git"_s << u"org"_s;
        QTest::addRow("no template") << u"https://elsewhere.example.org/app.git"_s << QString();
    }
    void credentialTemplates()
    {
        QFETCH(QString, url);
        QFETCH(QString, expectedUser);
        const QList<CredentialTemplate> templates{
            {u"https://git.example.org"_s, {u"org"_s, u"org-secret"_s, {}, {}, false}},
            {u"https://git.example.org/team"_s, {u"team"_s, u"team-secret"_s, {}, {}, false}},
        };
        QCOMPARE(credentialsFor(url, {}, templates).username, expectedUser);
        // A repository's own credentials always win.
        const RepositoryCredentials own{u"me"_s, u"mine"_s, {}, {}, false};
        QCOMPARE(credentialsFor(url, own, templates).username, u"me"_s);
    }

    void secretsAreRedacted()
    {
        const RepositoryCredentials credentials{u"me"_s, u"hunter2"_s, u"bearer-xyz"_s, u"-----KEY-----"_s, false};
        const QString text = credentials.redact(
            u"fetch https://me:hunter2@example.org/x failed; token bearer-xyz; key -----KEY-----"_s);
        QVERIFY(!text.contains(u"hunter2"_s));
        QVERIFY(!text.contains(u"bearer-xyz"_s));
        QVERIFY(!text.contains(u"-----KEY-----"_s));
        QVERIFY2(text.contains(u"https://me:******@example.org/x"_s), qPrintable(text));
    }

    void fetchesOfOneRepositoryAreSerialised()
    {
        // Eight parallel resolutions of two repositories: every one succeeds
        // and each mirror is consistent afterwards.
        Test::GitFixture a;
        Test::GitFixture b;
        a.write(u"f"_s, "a");
        b.write(u"f"_s, "b");
        const QString commitA = a.commit(u"a"_s);
        const QString commitB = b.commit(u"b"_s);
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false, 1000, 8});
        QList<QFuture<Result<QString, SourceError>>> futures;
        for (int i = 0; i < 8; ++i)
            futures.append(service.resolveRevision(i % 2 ? a.path() : b.path(), {}, u"main"_s));
        for (int i = 0; i < futures.size(); ++i) {
            futures[i].waitForFinished();
            QCOMPARE(valueOf(futures[i].result()), i % 2 ? commitA : commitB);
        }
        QVERIFY(service.mirrorFolder(a.path()) != service.mirrorFolder(b.path()));
        QCOMPARE(service.mirrorFolder(u"https://Example.org/Team/App.git/"_s),
                 service.mirrorFolder(u"https://example.org/team/app"_s));
    }
};

QTEST_GUILESS_MAIN(tst_GitRepository)
#include "tst_gitrepository.moc"
