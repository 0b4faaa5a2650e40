// SPDX-License-Identifier: Apache-2.0
// The repo-server's caching: a refresh of the same commit generates nothing,
// a new commit or a hard refresh does, and the disk cache outlives the
// process.
#include "source/sourceservice.h"
#include "support/gitfixture.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Source;
using namespace Qt::StringLiterals;

namespace {

ManifestRequest requestFor(const QString &url, const QString &path = u"app"_s)
{
    return ManifestRequest::forSource({{u"repoURL"_s, url}, {u"path"_s, path}, {u"targetRevision"_s, u"main"_s}},
                                      u"demo"_s, u"default"_s);
}

QByteArray configMap(const QByteArray &name)
{
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
}

} // namespace

class tst_SourceService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refreshOfTheSameCommitGeneratesNothing()
    {
        Test::GitFixture origin;
        origin.write(u"app/a.yaml"_s, configMap("one"));
        const QString first = origin.commit(u"one"_s);
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});

        auto response = service.generateManifestsNow(requestFor(origin.path()));
        QVERIFY(response);
        QVERIFY(!response->cached);
        QCOMPARE(response->revision, first);
        QCOMPARE(service.statistics().generations, 1u);

        for (int i = 0; i < 5; ++i) {
            response = service.generateManifestsNow(requestFor(origin.path()));
            QVERIFY(response);
            QVERIFY(response->cached);
            QCOMPARE(response->manifests.size(), 1);
        }
        QCOMPARE(service.statistics().generations, 1u);
        QCOMPARE(service.statistics().cacheHits, 5u);

        // Other options are another entry.
        ManifestRequest recursive = requestFor(origin.path());
        recursive.source.insert(u"directory"_s, QJsonObject{{u"recurse"_s, true}});
        QVERIFY(service.generateManifestsNow(recursive));
        QCOMPARE(service.statistics().generations, 2u);

        // A hard refresh generates again.
        ManifestRequest hard = requestFor(origin.path());
        hard.noCache = true;
        QVERIFY(!service.generateManifestsNow(hard)->cached);
        QCOMPARE(service.statistics().generations, 3u);

        // A new commit: the branch stays resolved as it was for a while (the
        // revision cache), and a refresh asks Git again and generates.
        origin.write(u"app/b.yaml"_s, configMap("two"));
        const QString second = origin.commit(u"two"_s);
        response = service.generateManifestsNow(requestFor(origin.path()));
        QVERIFY(response);
        QVERIFY(response->revision != second);
        ManifestRequest refresh = requestFor(origin.path());
        refresh.noRevisionCache = true;
        response = service.generateManifestsNow(refresh);
        QVERIFY(response);
        QCOMPARE(response->revision, second);
        QCOMPARE(response->manifests.size(), 2);
        QCOMPARE(service.statistics().generations, 4u);
    }

    void diskCacheOutlivesTheService()
    {
        Test::GitFixture origin;
        origin.write(u"app/a.yaml"_s, configMap("one"));
        origin.commit(u"one"_s);
        QTemporaryDir cache;
        {
            SourceService service({cache.path(), {}, {}, false});
            QVERIFY(service.generateManifestsNow(requestFor(origin.path())));
        }
        SourceService again({cache.path(), {}, {}, false});
        const auto response = again.generateManifestsNow(requestFor(origin.path()));
        QVERIFY(response);
        QVERIFY(response->cached);
        QCOMPARE(again.statistics().generations, 0u);
        QCOMPARE(response->manifests.first().value(u"metadata").toObject().value(u"name").toString(), u"one"_s);
    }

    void errorsAreNotCached()
    {
        Test::GitFixture origin;
        origin.write(u"app/a.yaml"_s, "not: an object\n");
        origin.commit(u"bad"_s);
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        QVERIFY(!service.generateManifestsNow(requestFor(origin.path())));
        QVERIFY(!service.generateManifestsNow(requestFor(origin.path())));
        QCOMPARE(service.statistics().generations, 2u);
        QCOMPARE(service.statistics().cacheHits, 0u);
    }

    void asynchronousResultsArriveOnTheCallersThread()
    {
        Test::GitFixture origin;
        origin.write(u"app/a.yaml"_s, configMap("one"));
        origin.commit(u"one"_s);
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        QObject context;
        QThread *seenOn = nullptr;
        int objects = 0;
        service.generateManifests(requestFor(origin.path()))
            .then(&context, [&](const Result<ManifestResponse, SourceError> &response) {
                seenOn = QThread::currentThread();
                objects = response ? int(response->manifests.size()) : -1;
            });
        QTRY_COMPARE_WITH_TIMEOUT(objects, 1, 30'000);
        QCOMPARE(seenOn, QThread::currentThread());
    }

    void warmHitsAreFast()
    {
        Test::GitFixture origin;
        for (int i = 0; i < 30; ++i)
            origin.write(u"app/cm-%1.yaml"_s.arg(i), configMap("cm-" + QByteArray::number(i)));
        origin.commit(u"thirty"_s);
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        QVERIFY(service.generateManifestsNow(requestFor(origin.path())));
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 100; ++i)
            QVERIFY(service.generateManifestsNow(requestFor(origin.path()))->cached);
        // Generous for sanitizer builds; the benchmark holds the real target.
        QVERIFY2(clock.elapsed() < 5'000, qPrintable(QString::number(clock.elapsed())));
    }
};

QTEST_GUILESS_MAIN(tst_SourceService)
#include "tst_sourceservice.moc"
