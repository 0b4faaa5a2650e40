// SPDX-License-Identifier: Apache-2.0
// Manifest generation for sock-shop (29 files, 29 objects), cold and warm.
//
// Builds a Git repository from the reference example apps, then times
//  - the floor: reading sock-shop/base's files from disk and parsing them
//    with yaml-cpp alone;
//  - cold directory generation: the commit's tree read from the object
//    database, every file parsed and converted to JSON objects;
//  - cold Kustomize generation of the same app through kubectl kustomize
//    (or kustomize), when installed;
//  - warm refreshes: generateManifests on an unchanged commit, 1,000 times,
//    each one asking the repository for its branch first, as a refresh does;
//  - the cache lookup alone.
// Medians of repeated runs; JSON on stdout.
//
// Usage: bench_sources [refreshes]   (default 1000)
#include "source/git/gitrepository.h"
#include "source/manifestcache.h"
#include "source/manifests/manifestgenerator.h"
#include "source/sourceservice.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

using namespace Capstan;
using namespace Capstan::Source;
using namespace Qt::StringLiterals;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

template<typename F>
double timeMs(F &&work)
{
    QElapsedTimer clock;
    clock.start();
    work();
    return double(clock.nsecsElapsed()) / 1e6;
}

bool git(const QString &folder, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(folder);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
        environment.insert(QString::fromLatin1(name), u"Bench"_s);
    for (const char *name : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
        environment.insert(QString::fromLatin1(name), u"bench@example.org"_s);
    process.setProcessEnvironment(environment);
    process.start(u"git"_s, arguments);
    return process.waitForFinished(60'000) && process.exitCode() == 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"capstan.source.info=false"_s);
    const int refreshes = argc > 1 ? std::max(1, atoi(argv[1])) : 1000;
    const QString examples = QStringLiteral(CAPSTAN_SOURCE_DIR "/resources/samples/sock-shop");
    if (!QFileInfo::exists(examples)) {
        std::fprintf(stderr, "bench_sources: no sample app in %s\n", qPrintable(examples));
        return 1;
    }

    // The repository: sock-shop as committed in the sample apps.
    QTemporaryDir origin;
    QDirIterator files(examples, QDir::Files, QDirIterator::Subdirectories);
    QStringList baseFiles;
    while (files.hasNext()) {
        const QString file = files.next();
        const QString target = origin.filePath(u"sock-shop/"_s + QDir(examples).relativeFilePath(file));
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile::copy(file, target);
        if (file.contains(u"/base/"))
            baseFiles.append(file);
    }
    if (!git(origin.path(), {u"init"_s, u"--quiet"_s, u"--initial-branch=main"_s})
        || !git(origin.path(), {u"add"_s, u"--all"_s})
        || !git(origin.path(), {u"commit"_s, u"--quiet"_s, u"-m"_s, u"sock-shop"_s})) {
        std::fprintf(stderr, "bench_sources: git failed\n");
        return 1;
    }
    std::sort(baseFiles.begin(), baseFiles.end());

    constexpr int rounds = 21;
    // Floor: read and parse with yaml-cpp alone.
    std::vector<double> floor;
    size_t floorDocuments = 0;
    for (int i = 0; i < rounds; ++i) {
        floor.push_back(timeMs([&] {
            floorDocuments = 0;
            for (const QString &path : std::as_const(baseFiles)) {
                QFile file(path);
                file.open(QIODevice::ReadOnly);
                floorDocuments += YAML::LoadAll(file.readAll().toStdString()).size();
            }
        }));
    }

    QTemporaryDir cache;
    auto mirror = GitRepository::openMirror(cache.filePath(u"mirror"_s));
    const auto commit = mirror.value().resolveRevision({origin.path(), {}, {}}, u"main"_s);
    if (!commit) {
        std::fprintf(stderr, "bench_sources: %s\n", qPrintable(commit.error().message));
        return 1;
    }
    const ManifestGenerator generator;
    const auto request = [&](const QJsonObject &extra) {
        QJsonObject source{{u"repoURL"_s, origin.path()}, {u"targetRevision"_s, u"main"_s}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            source.insert(it.key(), *it);
        return ManifestRequest::forSource(source, u"sock-shop"_s, u"sock-shop"_s);
    };
    const ManifestRequest directory = request({{u"path"_s, u"sock-shop/base"_s}});
    std::vector<double> cold;
    qsizetype objects = 0;
    for (int i = 0; i < rounds; ++i) {
        cold.push_back(timeMs([&] {
            const auto tree = mirror->tree(*commit);
            const auto response = generator.generate(*tree, directory);
            objects = response ? response->manifests.size() : -1;
        }));
    }

    std::vector<double> kustomizeCold;
    qsizetype kustomizeObjects = 0;
    const bool kustomize = generator.tools().find(u"kustomize"_s) || generator.tools().find(u"kubectl"_s);
    const ManifestRequest kustomization = request({{u"path"_s, u"sock-shop"_s}});
    for (int i = 0; kustomize && i < 5; ++i) {
        kustomizeCold.push_back(timeMs([&] {
            const auto tree = mirror->tree(*commit);
            const auto response = generator.generate(*tree, kustomization);
            kustomizeObjects = response ? response->manifests.size() : -1;
        }));
    }

    // Warm: the service, as a refresh calls it.
    SourceService service({cache.filePath(u"service"_s), {}, {}, false});
    (void)service.generateManifestsNow(directory);
    std::vector<double> warm;
    warm.reserve(size_t(refreshes));
    bool allCached = true;
    for (int i = 0; i < refreshes; ++i) {
        warm.push_back(timeMs([&] { allCached = service.generateManifestsNow(directory)->cached && allCached; }));
    }
    std::vector<double> lookups;
    ManifestCache memory({}, 1000);
    const QByteArray key = ManifestCache::key(directory, *commit);
    memory.insert(key, service.generateManifestsNow(directory).value());
    for (int i = 0; i < refreshes; ++i)
        lookups.push_back(timeMs([&] { (void)memory.find(key); }));

    const double floorMs = median(floor);
    const double coldMs = median(cold);
    QJsonObject result{
        {u"benchmark"_s, u"sources"_s},
        {u"files"_s, baseFiles.size()},
        {u"documents"_s, qint64(floorDocuments)},
        {u"objects"_s, objects},
        {u"floorYamlCppMs"_s, floorMs},
        {u"coldDirectoryMs"_s, coldMs},
        {u"coldToFloorRatio"_s, coldMs / floorMs},
        {u"coldTargetRatio"_s, 3},
        {u"refreshes"_s, refreshes},
        {u"refreshAllCached"_s, allCached},
        {u"warmRefreshMedianMs"_s, median(warm)},
        {u"warmRefreshP99Ms"_s, percentile(warm, 0.99)},
        {u"warmRefreshTotalMs"_s, std::accumulate(warm.begin(), warm.end(), 0.0)},
        {u"cacheLookupMedianMs"_s, median(lookups)},
        {u"warmTargetMs"_s, 1},
        {u"generations"_s, qint64(service.statistics().generations)},
    };
    if (kustomize) {
        result.insert(u"coldKustomizeMs"_s, median(kustomizeCold));
        result.insert(u"kustomizeObjects"_s, kustomizeObjects);
    }
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
