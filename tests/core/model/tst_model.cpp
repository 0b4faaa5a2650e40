// SPDX-License-Identifier: Apache-2.0
#include "model/application.h"
#include "model/appproject.h"
#include "model/cluster.h"
#include "model/duration.h"
#include "model/jsonschema.h"
#include "model/repository.h"
#include "support/openapischema.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Capstan::Model;
using namespace Qt::StringLiterals;

namespace {

QJsonObject readJson(const QString &name)
{
    QFile file(QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/model/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class tst_Model : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyObjectsAsGoWritesThem();
    void roundTrip_data();
    void roundTrip();
    void writtenJsonConformsToTheSchema_data();
    void writtenJsonConformsToTheSchema();
    void schemaCheckerRejectsUnknownFields();
    void unknownFieldsAreNamed();
    void typeErrorsNameTheField_data();
    void typeErrorsNameTheField();
    void validation_data();
    void validation();
    void defaultProject();
    void projectValidation();
    void repositorySecretsStayApart();
    void clusterSecretsStayApart();
    void durations_data();
    void durations();
    void helpers();
};

void tst_Model::emptyObjectsAsGoWritesThem()
{
    // Argo CD's zero values: structs are never omitted, times are null.
    QCOMPARE(compact(toJson(Application{})),
             uR"({"metadata":{"creationTimestamp":null},"spec":{"destination":{},"project":""},)"
             uR"("status":{"health":{},"sourceHydrator":{},"summary":{},)"
             uR"("sync":{"comparedTo":{"destination":{},"source":{"repoURL":""}},"status":""}}})"_s);
    QCOMPARE(compact(toJson(Cluster{})),
             uR"({"config":{"tlsClientConfig":{"insecure":false}},)"
             uR"("connectionState":{"attemptedAt":null,"message":"","status":""},)"
             uR"("info":{"applicationsCount":0,"cacheInfo":{},)"
             uR"("connectionState":{"attemptedAt":null,"message":"","status":""}},"name":"","server":""})"_s);
    QCOMPARE(compact(toJson(Repository{})),
             uR"({"connectionState":{"attemptedAt":null,"message":"","status":""},"repo":""})"_s);
    QCOMPARE(compact(toJson(RevisionHistory{})),
             uR"({"deployedAt":null,"id":0,"initiatedBy":{},"source":{"repoURL":""}})"_s);
    QCOMPARE(compact(toJson(ResourceResult{})), uR"({"group":"","kind":"","name":"","namespace":"","version":""})"_s);
    QCOMPARE(compact(toJson(Operation{})), uR"({"initiatedBy":{},"retry":{}})"_s);
}

void tst_Model::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("type");
    QTest::addRow("application with status, history and operation")
        << u"application-guestbook.json"_s << u"Application"_s;
    QTest::addRow("multi-source Helm application") << u"application-helm-multisource.json"_s << u"Application"_s;
    QTest::addRow("Kustomize application") << u"application-kustomize.json"_s << u"Application"_s;
    QTest::addRow("restricted project") << u"appproject-restricted.json"_s << u"AppProject"_s;
}

void tst_Model::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(QString, type);
    const QJsonObject json = readJson(file);
    QVERIFY(!json.isEmpty());
    QJsonObject written;
    if (type == u"Application") {
        const auto app = fromJson<Application>(json);
        QVERIFY2(app, qPrintable(app ? QString() : app.error().message()));
        written = toJson(*app);
        QCOMPARE(fromJson<Application>(written).value(), *app);
    } else {
        const auto project = fromJson<AppProject>(json);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().message()));
        written = toJson(*project);
    }
    // Written back field for field, including what Go always writes.
    QCOMPARE(compact(written), compact(json));
}

void tst_Model::writtenJsonConformsToTheSchema_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<QString>("type");
    for (const char *file :
         {"application-guestbook.json", "application-helm-multisource.json", "application-kustomize.json"}) {
        QTest::addRow("%s", file) << fromJson<Application>(readJson(QString::fromLatin1(file)))->toKubernetesJson()
                                  << u"Application"_s;
    }
    Application empty;
    empty.metadata.name = u"empty"_s;
    QTest::addRow("zero application") << empty.toKubernetesJson() << u"Application"_s;
    QJsonObject project = toJson(*fromJson<AppProject>(readJson(u"appproject-restricted.json"_s)));
    project.insert(u"apiVersion"_s, u"argoproj.io/v1alpha1"_s);
    project.insert(u"kind"_s, u"AppProject"_s);
    QTest::addRow("restricted project") << project << u"AppProject"_s;
}

void tst_Model::writtenJsonConformsToTheSchema()
{
    QFETCH(QJsonObject, object);
    QFETCH(QString, type);
    const auto schema = Capstan::Tests::OpenApiSchema::of(type == u"AppProject" ? openApiSchema<AppProject>()
                                                                                : openApiSchema<Application>());
    const QStringList errors = schema.validate(object);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
}

void tst_Model::schemaCheckerRejectsUnknownFields()
{
    const auto schema = Capstan::Tests::OpenApiSchema::of(openApiSchema<Application>());
    QJsonObject app = parse(R"({"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"a"},
        "spec":{"destination":{},"project":"","source":{"repoURL":"x","repoUrl":"y"}},
        "status":{"sync":{"status":"Synced","comparedTo":{"destination":{},"source":{"repoURL":""}}},
                  "history":[{"id":"one","deployedAt":"yesterday","revision":"r","source":{"repoURL":""}}]}})");
    const QStringList errors = schema.validate(app);
    QCOMPARE(
        errors,
        QStringList({u"spec.source.repoUrl: not in the schema"_s, u"status.history[0].deployedAt: not a date-time"_s,
                     u"status.history[0].id: string where integer is expected"_s}));
}

void tst_Model::typeErrorsNameTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::addRow("string expected") << QByteArray(R"({"spec":{"source":{"repoURL":5}}})")
                                     << u"spec.source.repoURL: must be a string"_s;
    QTest::addRow("list expected") << QByteArray(R"({"spec":{"sources":{"repoURL":"x"}}})")
                                   << u"spec.sources: must be a list"_s;
    QTest::addRow("inside a list") << QByteArray(
        R"({"spec":{"sources":[{"repoURL":"x"},{"helm":{"parameters":[{"name":1}]}}]}})")
                                   << u"spec.sources[1].helm.parameters[0].name: must be a string"_s;
    QTest::addRow("boolean") << QByteArray(R"({"spec":{"syncPolicy":{"automated":{"prune":"yes"}}}})")
                             << u"spec.syncPolicy.automated.prune: must be true or false"_s;
    QTest::addRow("whole number") << QByteArray(R"({"spec":{"revisionHistoryLimit":2.5}})")
                                  << u"spec.revisionHistoryLimit: must be a whole number"_s;
    QTest::addRow("enum") << QByteArray(R"({"status":{"sync":{"status":"Fine"}}})")
                          << uR"(status.sync.status: must be one of "Synced", "OutOfSync", "Unknown")"_s;
    QTest::addRow("time")
        << QByteArray(R"({"metadata":{"creationTimestamp":"last tuesday"}})")
        << u"metadata.creationTimestamp: must be a time in RFC 3339 format, such as 2024-05-01T12:00:00Z"_s;
    QTest::addRow("map of strings") << QByteArray(R"({"metadata":{"labels":{"a":1}}})")
                                    << u"metadata.labels.a: must be a string"_s;
    QTest::addRow("several at once") << QByteArray(R"({"metadata":{"name":7},"spec":{"project":false}})")
                                     << u"metadata.name: must be a string; spec.project: must be a string"_s;
}

void tst_Model::typeErrorsNameTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const auto app = fromJson<Application>(QJsonDocument::fromJson(json).object());
    QVERIFY(!app);
    QCOMPARE(app.error().message(), message);
}

void tst_Model::validation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("errors");
    const QByteArray valid = R"({"metadata":{"name":"guestbook"},"spec":{"project":"default",
        "destination":{"server":"https://kubernetes.default.svc","namespace":"gb"},
        "source":{"repoURL":"https://example.com/r.git","path":"guestbook"}}})";
    QTest::addRow("valid") << valid << QStringList();
    QTest::addRow("bad name and no destination")
        << QByteArray(R"({"metadata":{"name":"Guest_Book"},"spec":{"source":{"repoURL":"r","path":"."}}})")
        << QStringList{u"metadata.name: \"Guest_Book\" is not a valid name: use at most 253 lowercase letters, "
                       u"digits, '-' and '.', starting and ending with a letter or digit"_s,
                       u"spec.destination: needs a server or a cluster name"_s};
    QTest::addRow("both server and name")
        << QByteArray(R"({"metadata":{"name":"a"},"spec":{"destination":{"server":"https://x","name":"x"},
                       "source":{"repoURL":"r","path":"."}}})")
        << QStringList{u"spec.destination: can't have both name and server defined: x https://x"_s};
    QTest::addRow("no source") << QByteArray(R"({"metadata":{"name":"a"},"spec":{"destination":{"name":"x"}}})")
                               << QStringList{u"spec.source: is required"_s};
    QTest::addRow("source problems")
        << QByteArray(R"({"metadata":{"name":"a"},"spec":{"destination":{"name":"x"},
                       "source":{"repoURL":"","path":"../up","helm":{},"kustomize":{}}}})")
        << QStringList{u"spec.source.repoURL: is required"_s,
                       u"spec.source.path: must be a relative path inside the repository"_s,
                       u"spec.source: can have only one of helm, kustomize, directory and plugin"_s};
    QTest::addRow("chart without version")
        << QByteArray(R"({"metadata":{"name":"a"},"spec":{"destination":{"name":"x"},
                       "source":{"repoURL":"https://charts.example.com","chart":"nginx"}}})")
        << QStringList{u"spec.source.targetRevision: is required for a Helm chart"_s};
    QTest::addRow("multi-source entry without path")
        << QByteArray(R"({"metadata":{"name":"a"},"spec":{"destination":{"name":"x"},
                       "sources":[{"repoURL":"r","path":"p"},{"repoURL":"r2"}]}})")
        << QStringList{u"spec.sources[1]: needs a path, a chart or a ref"_s};
    QTest::addRow("sync policy")
        << QByteArray(R"({"metadata":{"name":"a"},"spec":{"destination":{"name":"x"},
                       "source":{"repoURL":"r","path":"."},"revisionHistoryLimit":-1,
                       "syncPolicy":{"syncOptions":["CreateNamespace=true","Prune"],
                                     "retry":{"limit":3,"backoff":{"duration":"5 parsecs","factor":0,"maxDuration":"3m"}}}}})")
        << QStringList{u"spec.revisionHistoryLimit: must not be negative"_s,
                       u"spec.syncPolicy.syncOptions[1]: \"Prune\" is not of the form Name=value"_s,
                       u"spec.syncPolicy.retry.backoff.duration: \"5 parsecs\" is not a duration: use seconds (\"30\") "
                       u"or units such as \"30s\", \"5m\" or \"1h\""_s,
                       u"spec.syncPolicy.retry.backoff.factor: must be at least 1"_s};
}

void tst_Model::validation()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, errors);
    const auto app = fromJson<Application>(QJsonDocument::fromJson(json).object());
    QVERIFY(app);
    QStringList actual;
    for (const FieldError &error : app->validate())
        actual.append(error.toString());
    QCOMPARE(actual, errors);
}

void tst_Model::defaultProject()
{
    QCOMPARE(compact(toJson(AppProject::defaultProject())),
             uR"({"metadata":{"creationTimestamp":null,"name":"default"},)"
             uR"("spec":{"clusterResourceWhitelist":[{"group":"*","kind":"*"}],)"
             uR"("destinations":[{"namespace":"*","server":"*"}],"sourceRepos":["*"]},"status":{}})"_s);
    QVERIFY(AppProject::defaultProject().validate().isEmpty());
    // Absent and empty namespace lists differ, and both survive a round trip.
    const auto restricted = fromJson<AppProject>(readJson(u"appproject-restricted.json"_s));
    QVERIFY(restricted->spec.namespaceResourceWhitelist.has_value());
    QVERIFY(restricted->spec.namespaceResourceWhitelist->isEmpty());
    QVERIFY(!AppProject::defaultProject().spec.namespaceResourceWhitelist.has_value());
}

void tst_Model::projectValidation()
{
    auto project = fromJson<AppProject>(parse(R"({"metadata":{"name":"p"},"spec":{
        "sourceRepos":[" "],"destinations":[{"server":"!*","namespace":"a"},{"namespace":"b"},
        {"server":"!*","namespace":"a"}],"roles":[{"name":"bad role"},{"name":"ci","groups":["a,b","\"a,b\"",""],
        "policies":["p, proj:p:ci, applications, get, p/*, allow","p, proj:p:ci, applications, get, p/*, allow",
        "p, proj:q:ci, applications, get, p/*, allow","p, proj:p:ci, secrets, get, p/*, allow",
        "p, proj:p:ci, applications, fly, p/*, allow","p, proj:p:ci, applications, sync, q/*, allow",
        "p, proj:p:ci, applications, action/apps/Deployment/restart, p/web, maybe","g, proj:p:ci, admin"]},
        {"name":"ci"}]}})"));
    QVERIFY(project);
    QStringList errors;
    for (const FieldError &error : project->validate())
        errors.append(error.toString());
    QCOMPARE(errors,
             QStringList({
                 u"spec.sourceRepos[0]: must not be empty"_s,
                 u"spec.destinations[0].server: \"!*\" would match nothing"_s,
                 u"spec.destinations[1]: needs a server or a cluster name (\"*\" for any)"_s,
                 u"spec.destinations[2].server: \"!*\" would match nothing"_s,
                 u"spec.destinations[2]: destination '!*' already added"_s,
                 u"spec.roles[0].name: \"bad role\" is not a valid role name: use letters, digits, '-' and '_'"_s,
                 u"spec.roles[1].policies[1]: policy 'p, proj:p:ci, applications, get, p/*, allow' already exists "
                 "for role 'ci'"_s,
                 u"spec.roles[1].policies[2]: the policy's subject must be 'proj:p:ci', not 'proj:q:ci'"_s,
                 u"spec.roles[1].policies[3]: the resource must be one of applications, repositories, clusters, not "
                 "'secrets'"_s,
                 u"spec.roles[1].policies[4]: 'fly' is not an action: use get, create, update, delete, sync, "
                 "override, * or action/<group>/<kind>/<name>"_s,
                 u"spec.roles[1].policies[5]: the object must be 'p/*' or 'p/<application>', not 'q/*'"_s,
                 u"spec.roles[1].policies[6]: the effect must be 'allow' or 'deny', not 'maybe'"_s,
                 u"spec.roles[1].policies[7]: must be of the form 'p, proj:p:ci, applications, <action>, "
                 "p/<application>, allow|deny'"_s,
                 u"spec.roles[1].groups[0]: group 'a,b' must be quoted"_s,
                 u"spec.roles[1].groups[2]: group must not be empty"_s,
                 u"spec.roles[2].name: role 'ci' already exists"_s,
             }));
}

void tst_Model::repositorySecretsStayApart()
{
    Repository repository;
    repository.repo = u"https://git.example.com/shop.git"_s;
    repository.username = u"ci"_s;
    repository.password = u"hunter2"_s;
    repository.sshPrivateKey = u"-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----"_s;
    repository.project = u"shop"_s;

    const QJsonObject secrets = repository.secrets();
    QCOMPARE(secrets.keys(), QStringList({u"password"_s, u"sshPrivateKey"_s}));
    const Repository stripped = repository.withoutSecrets();
    QVERIFY(stripped.password.isEmpty());
    QVERIFY(stripped.sshPrivateKey.isEmpty());
    QCOMPARE(stripped.username, u"ci"_s);
    QVERIFY(!compact(toJson(stripped)).contains(u"hunter2"_s));

    Repository restored = stripped;
    restored.restoreSecrets(secrets);
    QCOMPARE(restored, repository);
    QVERIFY(repository.validate().isEmpty());

    Repository bad;
    bad.repo = u"not a url"_s;
    bad.type = u"svn"_s;
    bad.password = u"x"_s;
    QCOMPARE(bad.validate().size(), 3);
    bad.repo = u"git@github.com:example/shop.git"_s;
    QCOMPARE(bad.validate().first().path, u"type"_s);
}

void tst_Model::clusterSecretsStayApart()
{
    Cluster cluster;
    cluster.server = u"https://10.0.0.1:6443"_s;
    cluster.name = u"prod"_s;
    cluster.config.bearerToken = u"token-123"_s;
    cluster.config.tlsClientConfig.caData = QString::fromLatin1(QByteArray("-----BEGIN CERTIFICATE-----").toBase64());
    cluster.config.tlsClientConfig.keyData
        = QString::fromLatin1(QByteArray("-----BEGIN EC PRIVATE KEY-----").toBase64());
    cluster.config.execProviderConfig = ExecProviderConfig{
        u"aws"_s, {u"--token"_s}, {{u"SECRET"_s, u"1"_s}}, u"client.authentication.k8s.io/v1"_s, {}};

    const QJsonObject secrets = cluster.secrets();
    QCOMPARE(compact(secrets),
             uR"({"config":{"bearerToken":"token-123","execProviderConfig":{"args":["--token"],"env":{"SECRET":"1"}},)"
             uR"("tlsClientConfig":{"keyData":"LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t"}}})"_s);
    const Cluster stripped = cluster.withoutSecrets();
    QCOMPARE(stripped.config.tlsClientConfig.caData, cluster.config.tlsClientConfig.caData);
    QVERIFY(stripped.config.tlsClientConfig.keyData.isEmpty());
    QCOMPARE(stripped.config.execProviderConfig->command, u"aws"_s);
    QVERIFY(stripped.config.execProviderConfig->args.isEmpty());
    Cluster restored = stripped;
    restored.restoreSecrets(secrets);
    QCOMPARE(restored, cluster);
    QVERIFY(cluster.validate().isEmpty());

    Cluster bad;
    bad.server = u"ftp://x"_s;
    bad.config.tlsClientConfig.caData = u"not base64!"_s;
    QStringList errors;
    for (const FieldError &error : bad.validate())
        errors.append(error.toString());
    QCOMPARE(errors,
             QStringList({u"server: \"ftp://x\" is not an http(s) URL"_s,
                          u"config.tlsClientConfig.caData: must be base64 of PEM data"_s}));
}

void tst_Model::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("milliseconds");
    QTest::addRow("plain seconds") << u"5"_s << qint64(5000);
    QTest::addRow("seconds") << u"30s"_s << qint64(30000);
    QTest::addRow("minutes") << u"3m"_s << qint64(180000);
    QTest::addRow("combined") << u"1h2m3s"_s << qint64(3723000);
    QTest::addRow("fraction") << u"1.5m"_s << qint64(90000);
    QTest::addRow("milliseconds") << u"250ms"_s << qint64(250);
    QTest::addRow("unknown unit") << u"5d"_s << qint64(-1);
    QTest::addRow("negative") << u"-5"_s << qint64(-1);
    QTest::addRow("empty") << QString() << qint64(-1);
    QTest::addRow("no number") << u"s"_s << qint64(-1);
}

void tst_Model::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, milliseconds);
    const auto parsed = parseDuration(text);
    QCOMPARE(parsed ? parsed->count() : qint64(-1), milliseconds);
}

void tst_Model::helpers()
{
    const auto app = fromJson<Application>(readJson(u"application-helm-multisource.json"_s));
    QVERIFY(app);
    QCOMPARE(app->spec.allSources().size(), 2);
    QVERIFY(app->spec.hasMultipleSources());
    QVERIFY(!app->spec.isAutomated()); // automated.enabled: false
    QCOMPARE(app->spec.historyLimit(), qint64(10));
    const auto guestbook = fromJson<Application>(readJson(u"application-guestbook.json"_s));
    QVERIFY(guestbook->spec.isAutomated());
    QCOMPARE(guestbook->spec.historyLimit(), qint64(3));
    QVERIFY(guestbook->status.operationState->isCompleted());
    QVERIFY(!guestbook->status.conditions.first().isError());
    const auto kustomize = fromJson<Application>(readJson(u"application-kustomize.json"_s));
    QCOMPARE(kustomize->spec.projectName(), u"default"_s);
    QVERIFY(kustomize->status.conditions.first().isError());
    QCOMPARE(kustomize->spec.source->kustomize->replicas.at(1).count, QJsonValue(u"2"_s));
}

void tst_Model::unknownFieldsAreNamed()
{
    // What kubectl writes of an Application, with two typos.
    const QJsonObject json = QJsonDocument::fromJson(R"({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": {"name": "web", "namespace": "argocd", "managedFields": [{"manager": "kubectl"}],
                     "ownerReferences": [], "labels": {"team": "a"}},
        "spec": {"project": "default",
                 "sources": [{"repoURL": "https://example.com/a.git"},
                             {"repoURL": "https://example.com/b.git", "pathh": "x"}],
                 "destination": {"server": "https://kubernetes.default.svc", "namespce": "web"},
                 "syncPolicy": {"automated": {"prune": true, "selfHeal": true}}},
        "status": {"whatever": 1}
    })")
                                 .object();
    QStringList errors;
    for (const FieldError &error : unknownFields<Application>(json, {u"status"_s}))
        errors.append(error.toString());
    errors.sort();
    QCOMPARE(errors,
             QStringList({u"spec.destination.namespce: unknown field"_s, u"spec.sources[1].pathh: unknown field"_s}));
    // Without skipping it, status is checked too.
    QCOMPARE(unknownFields<Application>(json).size(), 3);
}

QTEST_GUILESS_MAIN(tst_Model)
#include "tst_model.moc"
