// SPDX-License-Identifier: Apache-2.0
// Manifest generation from real Git repositories: golden output for every
// source type, every escape attempt refused, and the tools' sandbox limits.
//
// Golden files live in tests/data/manifests/; CAPSTAN_UPDATE_GOLDEN=1
// rewrites them from the current output for review.
#include "source/manifests/manifestgenerator.h"
#include "source/sourceservice.h"
#include "support/gitfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace Capstan;
using namespace Capstan::Source;
using namespace Qt::StringLiterals;

namespace {

const QString examples = QStringLiteral(CAPSTAN_SOURCE_DIR "/resources/samples");
const QString fixtures = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/sources");
const QString golden = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/manifests");

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

/// A repository with every sample app and fixture, each in its own folder.
struct Repository
{
    Test::GitFixture git;
    QString commit;

    Repository()
    {
        for (const QString &app : {u"guestbook"_s, u"kustomize-guestbook"_s, u"pre-post-sync"_s, u"sock-shop"_s,
                                   u"sync-waves"_s, u"helm-hooks"_s})
            git.copyTree(examples + u'/' + app, app);
        for (const QString &fixture : {u"jsonnet"_s, u"helm-chart"_s, u"mixed"_s})
            git.copyTree(fixtures + u'/' + fixture, fixture);
        commit = git.commit(u"fixtures"_s);
    }
};

QString writeScript(const QTemporaryDir &folder, const QString &name, const QByteArray &body)
{
    const QString path = folder.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body);
    file.setPermissions(file.permissions() | QFile::ExeOwner);
    return path;
}

/// Kustomize and Helm order objects their own way across versions; golden
/// files for them are compared in a stable order.
QJsonArray sortedByIdentity(QList<QJsonObject> objects)
{
    const auto identity = [](const QJsonObject &o) -> QString {
        const QJsonObject metadata = o.value(u"metadata").toObject();
        return o.value(u"apiVersion").toString() + u'/' + o.value(u"kind").toString() + u'/'
            + metadata.value(u"namespace").toString() + u'/' + metadata.value(u"name").toString();
    };
    std::sort(objects.begin(), objects.end(),
              [&](const QJsonObject &a, const QJsonObject &b) { return identity(a) < identity(b); });
    QJsonArray array;
    for (const QJsonObject &o : objects)
        array.append(o);
    return array;
}

} // namespace

class tst_ManifestGenerator : public QObject
{
    Q_OBJECT

    std::unique_ptr<Repository> m_repository;
    QTemporaryDir m_cache;

    Result<ManifestResponse, SourceError> generate(const QJsonObject &source, const ToolSettings &tools = {},
                                                   const QString &url = {})
    {
        SourceService service({m_cache.path(), tools, {}, false});
        QJsonObject full = source;
        full.insert(u"repoURL"_s, url.isEmpty() ? m_repository->git.path() : url);
        ManifestRequest request = ManifestRequest::forSource(full, u"demo"_s, u"demo-ns"_s);
        request.noCache = true;
        return service.generateManifestsNow(request);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(examples + u"/sock-shop"_s), qPrintable(u"no sample apps in "_s + examples));
        m_repository = std::make_unique<Repository>();
        QVERIFY(!m_repository->commit.isEmpty());
    }

    void goldenOutput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("tool"); // needed on PATH, or empty
        QTest::addRow("directory: guestbook")
            << u"directory-guestbook"_s << QByteArray(R"({"path": "guestbook"})") << QString();
        QTest::addRow("directory: sync-waves")
            << u"directory-sync-waves"_s << QByteArray(R"({"path": "sync-waves"})") << QString();
        QTest::addRow("directory: helm-hooks")
            << u"directory-helm-hooks"_s << QByteArray(R"({"path": "helm-hooks"})") << QString();
        QTest::addRow("directory: top level only")
            << u"directory-mixed"_s << QByteArray(R"({"path": "mixed"})") << QString();
        QTest::addRow("directory: recurse, include, exclude")
            << u"directory-mixed-recurse"_s
            << QByteArray(R"({"path": "mixed", "directory": {"recurse": true, "include": "{*.yaml,*.yml,*.json}",
                              "exclude": "*skip-*"}})")
            << QString();
        QTest::addRow("jsonnet: ext vars, TLAs, libs")
            << u"jsonnet"_s << QByteArray(R"({"path": "jsonnet/app", "directory": {"jsonnet": {
                    "extVars": [{"name": "env", "value": "prod"}],
                    "tlas": [{"name": "replicas", "value": "3", "code": true}],
                    "libs": ["jsonnet/vendor/k8s"]}}})")
            << QString();
        QTest::addRow("kustomize: guestbook")
            << u"kustomize-guestbook"_s << QByteArray(R"({"path": "kustomize-guestbook"})") << u"kubectl"_s;
        QTest::addRow("kustomize: bases outside the app folder")
            << u"kustomize-pre-post-sync"_s << QByteArray(R"({"path": "pre-post-sync"})") << u"kubectl"_s;
        QTest::addRow("kustomize: sock-shop")
            << u"kustomize-sock-shop"_s << QByteArray(R"({"path": "sock-shop"})") << u"kubectl"_s;
        QTest::addRow("kustomize: spec overrides")
            << u"kustomize-overrides"_s << QByteArray(R"({"path": "kustomize-guestbook", "kustomize": {
                    "namePrefix": "staging-", "nameSuffix": "-v2", "namespace": "staging",
                    "images": ["gcr.io/google-samples/gb-frontend=registry.example.org/guestbook:0.3"],
                    "commonLabels": {"team": "web"}, "commonAnnotations": {"owner": "ada"}}})")
            << u"kubectl"_s;
        QTest::addRow("explicit directory beats detection")
            << u"explicit-directory"_s
            << QByteArray(R"({"path": "kustomize-guestbook", "directory": {"include": "*-ui-*.yaml"}})") << QString();
        QTest::addRow("helm: value files, values, parameters")
            << u"helm"_s << QByteArray(R"({"path": "helm-chart", "helm": {"valueFiles": ["values-prod.yaml"],
                    "values": "greeting: hi", "releaseName": "web",
                    "parameters": [{"name": "image", "value": "registry.example.org/web:2.0"},
                                   {"name": "extra", "value": "a,b", "forceString": true}]}})")
            << u"helm"_s;
        QTest::addRow("helm: valuesObject wins over values")
            << u"helm-values-object"_s << QByteArray(R"({"path": "helm-chart", "helm": {"values": "greeting: from-text",
                    "valuesObject": {"greeting": "from-object"}}})")
            << u"helm"_s;
    }
    void goldenOutput()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, source);
        QFETCH(QString, tool);
        if (!tool.isEmpty() && QStandardPaths::findExecutable(tool).isEmpty())
            QSKIP(qPrintable(u"%1 is not installed"_s.arg(tool)));
        const QJsonObject sourceJson = json(source);
        QVERIFY(!sourceJson.isEmpty());
        const auto response = generate(sourceJson);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->revision, m_repository->commit);
        const bool stableOrder = response->sourceType == SourceType::Directory;
        QJsonArray manifests;
        if (stableOrder) {
            for (const QJsonObject &o : response->manifests)
                manifests.append(o);
        } else {
            manifests = sortedByIdentity(response->manifests);
        }
        const QJsonObject actual{{u"sourceType"_s, sourceTypeName(response->sourceType)}, {u"manifests"_s, manifests}};
        const QString file = golden + u'/' + name + u".json"_s;
        if (qEnvironmentVariableIsSet("CAPSTAN_UPDATE_GOLDEN")) {
            QDir().mkpath(golden);
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QJsonDocument(actual).toJson(QJsonDocument::Indented));
        }
        QFile expectedFile(file);
        QVERIFY2(expectedFile.open(QIODevice::ReadOnly), qPrintable(file));
        const QJsonObject expected = json(expectedFile.readAll());
        if (actual != expected) {
            qWarning().noquote() << QJsonDocument(actual).toJson();
            QFAIL(qPrintable(u"output differs from %1"_s.arg(file)));
        }
    }

    void escapesAreRefused_data()
    {
        QTest::addColumn<QString>("setup"); // '|'-separated "path=content" files and "path->target" symlinks
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("message");
        QTest::addRow("app path with ../")
            << u""_s << QByteArray(R"({"path": "../outside"})") << u"leads outside the repository"_s;
        QTest::addRow("app path escaping midway")
            << u""_s << QByteArray(R"({"path": "guestbook/../../etc"})") << u"leads outside the repository"_s;
        QTest::addRow("absolute app path")
            << u""_s << QByteArray(R"({"path": "/etc"})") << u"absolute path '/etc' is not allowed"_s;
        QTest::addRow("app path is a symlink out") << u"app->../../../../etc"_s << QByteArray(R"({"path": "app"})")
                                                   << u"symlink that points outside it: 'app'"_s;
        QTest::addRow("absolute symlink in the app")
            << u"app/a.yaml=kind: x|app/passwd.yaml->/etc/passwd"_s << QByteArray(R"({"path": "app"})")
            << u"symlink that points outside it: 'app/passwd.yaml'"_s;
        QTest::addRow("relative symlink out, elsewhere in the repository")
            << u"app/a.yaml=kind: x|other/leak.yaml->../../leak"_s << QByteArray(R"({"path": "app"})")
            << u"'other/leak.yaml'"_s;
        QTest::addRow("symlink escaping through another symlink")
            << u"app/a.yaml=kind: x|app/deep/root->../..|app/deep/leak->root/../x"_s << QByteArray(R"({"path": "app"})")
            << u"'app/deep/leak'"_s;
        QTest::addRow("helm value file with ../")
            << u"chart/Chart.yaml=apiVersion: v2\nname: c\nversion: 0.1.0|secret.yaml=a: b"_s
            << QByteArray(R"({"path": "chart", "helm": {"valueFiles": ["../../secret.yaml"]}})")
            << u"valueFiles[0]: '../../secret.yaml' is outside the repository"_s;
        QTest::addRow("absolute helm value file")
            << u"chart/Chart.yaml=apiVersion: v2\nname: c\nversion: 0.1.0"_s
            << QByteArray(R"({"path": "chart", "helm": {"valueFiles": ["/etc/passwd"]}})")
            << u"valueFiles[0]: the absolute path '/etc/passwd' is not allowed"_s;
        QTest::addRow("helm value file symlinked out")
            << u"chart/Chart.yaml=apiVersion: v2\nname: c\nversion: 0.1.0|chart/values-x.yaml->/etc/passwd"_s
            << QByteArray(R"({"path": "chart", "helm": {"valueFiles": ["values-x.yaml"]}})")
            << u"'chart/values-x.yaml'"_s;
        QTest::addRow("helm file parameter with ../")
            << u"chart/Chart.yaml=apiVersion: v2\nname: c\nversion: 0.1.0"_s
            << QByteArray(R"({"path": "chart", "helm": {"fileParameters": [{"name": "x", "path": "../../../k"}]}})")
            << u"fileParameters[0].path: '../../../k' is outside the repository"_s;
        QTest::addRow("kustomize resource with ../")
            << u"k/kustomization.yaml=resources:\n- ../../../../etc/passwd"_s << QByteArray(R"({"path": "k"})")
            << u"k/kustomization.yaml: resources refers to '../../../../etc/passwd'"_s;
        QTest::addRow("kustomize absolute resource")
            << u"k/kustomization.yaml=resources:\n- /etc/passwd"_s << QByteArray(R"({"path": "k"})")
            << u"resources refers to the absolute path '/etc/passwd'"_s;
        QTest::addRow("kustomize base escaping from a nested kustomization")
            << u"k/kustomization.yaml=resources:\n- ../base|base/kustomization.yaml=bases:\n- ../../outside"_s
            << QByteArray(R"({"path": "k"})") << u"base/kustomization.yaml: bases refers to '../../outside'"_s;
        QTest::addRow("kustomize generator file")
            << u"k/kustomization.yaml=configMapGenerator:\n- name: x\n  files:\n  - key=../../../etc/hostname"_s
            << QByteArray(R"({"path": "k"})") << u"configMapGenerator refers to '../../../etc/hostname'"_s;
        QTest::addRow("kustomize resource symlinked out")
            << u"k/kustomization.yaml=resources:\n- leak.yaml|k/leak.yaml->/etc/passwd"_s
            << QByteArray(R"({"path": "k"})") << u"'k/leak.yaml'"_s;
        QTest::addRow("jsonnet import with ../")
            << u"j/main.jsonnet=import '../../../etc/passwd'"_s << QByteArray(R"({"path": "j"})")
            << u"import '../../../etc/passwd' leads outside the repository"_s;
        QTest::addRow("jsonnet absolute import")
            << u"j/main.jsonnet=import '/etc/passwd'"_s << QByteArray(R"({"path": "j"})")
            << u"absolute import '/etc/passwd' is not allowed"_s;
        QTest::addRow("jsonnet import symlinked out")
            << u"j/main.jsonnet=import 'lib.libsonnet'|j/lib.libsonnet->/etc/passwd"_s << QByteArray(R"({"path": "j"})")
            << u"'j/lib.libsonnet'"_s;
        QTest::addRow("jsonnet library path out")
            << u"j/main.jsonnet={}"_s << QByteArray(R"({"path": "j", "directory": {"jsonnet": {"libs": ["../.."]}}})")
            << u"library path '../..' is not usable"_s;
    }
    void escapesAreRefused()
    {
        QFETCH(QString, setup);
        QFETCH(QByteArray, source);
        QFETCH(QString, message);
        Test::GitFixture repository;
        repository.write(u"guestbook/x.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        for (const QString &entry : setup.split(u'|', Qt::SkipEmptyParts)) {
            const qsizetype arrow = entry.indexOf(u"->");
            const qsizetype equals = entry.indexOf(u'=');
            if (arrow > 0 && (equals < 0 || arrow < equals))
                repository.symlink(entry.left(arrow), entry.mid(arrow + 2));
            else
                repository.write(entry.left(equals), entry.mid(equals + 1).toUtf8());
        }
        repository.commit(u"escape attempt"_s);
        const auto response = generate(json(source), {}, repository.path());
        QVERIFY2(!response, "generation must fail");
        QVERIFY2(response.error().message.contains(message), qPrintable(response.error().message));
        QVERIFY2(response.error().reason == SourceError::Reason::OutsideRepository,
                 qPrintable(response.error().message));
    }

    void helmMissingIsAClearError()
    {
        ToolSettings tools;
        tools.helmPath = m_cache.filePath(u"no-helm-here/helm"_s);
        const auto response = generate(json(R"({"path": "helm-chart"})"), tools);
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::ToolMissing);
        QVERIFY2(response.error().message.startsWith(u"helm is not installed"_s), qPrintable(response.error().message));
    }

    void helmCommandLine()
    {
        // A stand-in helm reports how it was called, so the command line is
        // checked whether or not the real helm is installed.
        QTemporaryDir scripts;
        ToolSettings tools;
        tools.helmPath = writeScript(scripts, u"helm"_s,
                                     R"sh(printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: args\ndata:\n'
printf "  pwd: '%s'\n" "$PWD"
printf "  args: '%s'\n" "$*"
printf "  inline: '%s'\n" "$(cat "$HOME/inline-values.yaml")"
)sh");
        const auto response = generate(json(R"({"path": "helm-chart", "helm": {
                "valueFiles": ["values-prod.yaml", "missing.yaml"], "ignoreMissingValueFiles": true,
                "valuesObject": {"greeting": "from-object"}, "skipCrds": true, "skipTests": true,
                "namespace": "override-ns", "kubeVersion": "1.20.2", "apiVersions": ["example.org/v1"],
                "parameters": [{"name": "a", "value": "1,2"}, {"name": "b", "value": "{x,y}"},
                               {"name": "c", "value": "007", "forceString": true}],
                "fileParameters": [{"name": "config", "path": "values.yaml"}]}})"),
                                       tools);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->sourceType, SourceType::Helm);
        const QJsonObject data = response->manifests.value(0).value(u"data").toObject();
        const QString pwd = data.value(u"pwd").toString();
        QVERIFY2(pwd.endsWith(u"/repo/helm-chart"_s), qPrintable(pwd));
        const QString root = pwd.chopped(u"/helm-chart"_s.size());
        QString args = data.value(u"args").toString();
        args.replace(root, u"<repo>"_s);
        QCOMPARE(args,
                 u"template . --name-template demo --namespace override-ns --kube-version 1.20.2 --api-versions "
                 "example.org/v1 --skip-tests --values <repo>/helm-chart/values-prod.yaml --values "_s
                     + QFileInfo(root).absolutePath()
                     + u"/home/inline-values.yaml --set a=1\\,2 --set b={x,y} "
                       "--set-string c=007 --set-file config=<repo>/helm-chart/values.yaml"_s);
        QCOMPARE(data.value(u"inline").toString(), u"{\"greeting\":\"from-object\"}"_s);
    }

    void notAKubernetesObject_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::addRow("values file") << u"app/values.yaml"_s << QByteArray("replicas: 3\n")
                                     << u"app/values.yaml:1: not a Kubernetes object: 'apiVersion' is missing"_s;
        QTest::addRow("second document without kind")
            << u"app/two.yaml"_s
            << QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                          "# second\napiVersion: v1\nmetadata: {name: b}\n")
            << u"app/two.yaml:6: not a Kubernetes object: 'kind' is missing"_s;
        QTest::addRow("YAML syntax error")
            << u"app/bad.yaml"_s << QByteArray("apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n")
            << u"app/bad.yaml:4:"_s;
        QTest::addRow("JSON syntax error")
            << u"app/bad.json"_s << QByteArray("{\n\"apiVersion\": \"v1\",\n}\n") << u"app/bad.json:3:"_s;
        QTest::addRow("a list at the top")
            << u"app/list.yaml"_s << QByteArray("- a\n- b\n") << u"app/list.yaml:1: not a Kubernetes object"_s;
        QTest::addRow("jsonnet error")
            << u"app/broken.jsonnet"_s << QByteArray("{ a: error 'custom failure' }")
            << u"app/broken.jsonnet:1:6-28: Jsonnet evaluation failed: RUNTIME ERROR: custom failure"_s;
    }
    void notAKubernetesObject()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        Test::GitFixture repository;
        repository.write(file, content);
        repository.commit(u"bad file"_s);
        const auto response = generate(json(R"({"path": "app"})"), {}, repository.path());
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::InvalidManifest);
        QVERIFY2(response.error().message.contains(message), qPrintable(response.error().message));
    }

    void missingAppPath()
    {
        const auto response = generate(json(R"({"path": "no/such/app"})"));
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::PathNotFound);
        QVERIFY2(response.error().message.contains(u"'no/such/app' is not a folder"_s),
                 qPrintable(response.error().message));
    }

    void invalidSpecNamesTheField()
    {
        const auto response = generate(json(R"({"path": "helm-chart", "helm": {"parameters": [{"value": "x"}]}})"));
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::InvalidRequest);
        QCOMPARE(response.error().message, u"spec.source.helm.parameters[0].name: is required"_s);
        const auto two = generate(json(R"({"path": "x", "helm": {}, "kustomize": {}})"));
        QVERIFY(!two);
        QVERIFY2(two.error().message.startsWith(u"spec.source: only one of"_s), qPrintable(two.error().message));
    }

    void toolTimeOutKillsTheTool()
    {
        QTemporaryDir scripts;
        const QString pidFile = scripts.filePath(u"pid"_s);
        ToolSettings tools;
        tools.timeout = std::chrono::seconds(1);
        // The tool starts a child, which must die with it.
        tools.kustomizePath
            = writeScript(scripts, u"kustomize"_s, "sleep 60 &\necho $! > " + pidFile.toUtf8() + "\nwait\n");
        QElapsedTimer clock;
        clock.start();
        const auto response = generate(json(R"({"path": "kustomize-guestbook"})"), tools);
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::ToolTimedOut);
        QCOMPARE(response.error().message, u"kustomize build did not finish within 1 s and was stopped."_s);
        QVERIFY(clock.elapsed() < 10'000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const pid_t child = pid_t(file.readAll().trimmed().toInt());
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(child, 0) != 0, 5000);
    }

    void toolOutputIsLimited()
    {
        QTemporaryDir scripts;
        ToolSettings tools;
        tools.maxOutputBytes = 1024 * 1024;
        tools.kustomizePath = writeScript(scripts, u"kustomize"_s, "exec yes 'apiVersion: v1'\n");
        const auto response = generate(json(R"({"path": "kustomize-guestbook"})"), tools);
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::OutputTooLarge);
        QVERIFY2(response.error().message.contains(u"more than 1 MB"_s), qPrintable(response.error().message));
    }

    void toolEnvironmentIsScrubbed()
    {
        qputenv("CAPSTAN_TEST_SECRET", "do-not-leak");
        QTemporaryDir scripts;
        ToolSettings tools;
        tools.kustomizePath
            = writeScript(scripts, u"kustomize"_s,
                          "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: env\\ndata:\\n'\n"
                          "printf '  names: \"%s\"\\n' \"$(env | cut -d= -f1 | grep -v '^PWD$' | grep -v '^SHLVL$' | "
                          "grep -v '^_$' | sort | tr '\\n' ' ')\"\n"
                          "printf '  args: \"%s\"\\n' \"$*\"\n");
        const auto response = generate(json(R"({"path": "kustomize-guestbook"})"), tools);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->manifests.size(), 1);
        const QJsonObject data = response->manifests.first().value(u"data").toObject();
        QCOMPARE(data.value(u"names").toString(), u"HOME KUBECONFIG LANG PATH TMPDIR "_s);
        QVERIFY(data.value(u"args").toString().startsWith(u"build /"_s));
    }

    void toolFailureShowsRepositoryPaths()
    {
        QTemporaryDir scripts;
        ToolSettings tools;
        tools.kustomizePath = writeScript(scripts, u"kustomize"_s,
                                          "echo \"Error: missing resource in $2/kustomization.yaml\" >&2\nexit 1\n");
        const auto response = generate(json(R"({"path": "kustomize-guestbook"})"), tools);
        QVERIFY(!response);
        QCOMPARE(response.error().reason, SourceError::Reason::ToolFailed);
        QCOMPARE(response.error().message,
                 u"kustomize build failed: Error: missing resource in kustomize-guestbook/kustomization.yaml"_s);
    }

    void workspacesAreRemoved()
    {
        if (QStandardPaths::findExecutable(u"kubectl"_s).isEmpty())
            QSKIP("kubectl is not installed");
        const auto before = QDir::temp().entryList({u"capstan-source-*"_s}, QDir::Dirs);
        const auto response = generate(json(R"({"path": "kustomize-guestbook"})"));
        QVERIFY(response);
        QCOMPARE(QDir::temp().entryList({u"capstan-source-*"_s}, QDir::Dirs), before);
    }
};

QTEST_GUILESS_MAIN(tst_ManifestGenerator)
#include "tst_manifestgenerator.moc"
