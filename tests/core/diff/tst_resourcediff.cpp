// SPDX-License-Identifier: Apache-2.0
#include "diff/fieldpath.h"
#include "diff/quantity.h"
#include "diff/resourcediff.h"
#include "source/manifests/manifestparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Diff;
using namespace Qt::StringLiterals;

namespace {

QJsonObject yaml(const QByteArray &text)
{
    if (text.trimmed().isEmpty())
        return {};
    auto json = Source::ManifestParser::yamlToJson(text, u"test.yaml"_s);
    return json ? json->toObject() : QJsonObject();
}

/// live with kubectl's last-applied annotation holding @p applied.
QJsonObject withLastApplied(QJsonObject live, const QJsonObject &applied)
{
    QJsonObject metadata = live.value(u"metadata").toObject();
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    annotations.insert(u"kubectl.kubernetes.io/last-applied-configuration"_s,
                       QString::fromUtf8(QJsonDocument(applied).toJson(QJsonDocument::Compact)));
    metadata.insert(u"annotations"_s, annotations);
    live.insert(u"metadata"_s, metadata);
    return live;
}

const QByteArray deployment = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        env: [{name: MODE, value: prod}]
        resources: {limits: {cpu: 1000m, memory: 1Gi}}
)";

/// The same Deployment as the API server returns it: defaults, status and server metadata.
const QByteArray deploymentLive = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  uid: 0a1b
  resourceVersion: "812"
  generation: 1
  creationTimestamp: "2026-11-20T10:00:00Z"
  labels: {app: web}
  annotations: {deployment.kubernetes.io/revision: "1"}
  managedFields:
  - manager: kubectl-client-side-apply
    operation: Update
    fieldsType: FieldsV1
    fieldsV1: {"f:spec": {"f:replicas": {}}}
  - manager: hpa-controller
    operation: Update
    fieldsType: FieldsV1
    fieldsV1: {"f:spec": {"f:replicas": {}}}
spec:
  replicas: 2
  revisionHistoryLimit: 10
  progressDeadlineSeconds: 600
  selector: {matchLabels: {app: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        terminationMessagePath: /dev/termination-log
        ports: [{containerPort: 80, protocol: TCP}]
        env: [{name: MODE, value: prod}]
        resources: {limits: {cpu: "1", memory: 1Gi}}
      restartPolicy: Always
      dnsPolicy: ClusterFirst
status: {replicas: 2, readyReplicas: 2, observedGeneration: 1}
)";

} // namespace

class tst_ResourceDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diff_data();
    void diff();
    void goldenDiff();
    void missingSides();
    void jsonPointers_data();
    void jsonPointers();
    void jqPaths_data();
    void jqPaths();
    void invalidRulesAreReported();
    void quantities_data();
    void quantities();
};

void tst_ResourceDiff::diff_data()
{
    QTest::addColumn<QJsonObject>("desired");
    QTest::addColumn<QJsonObject>("live");
    QTest::addColumn<QList<Model::ResourceIgnoreDifferences>>("ignores");
    QTest::addColumn<bool>("modified");

    const QJsonObject desired = yaml(deployment);
    const QJsonObject live = yaml(deploymentLive);
    const QJsonObject applied = withLastApplied(live, desired);
    const auto edit = [](QJsonObject object, const QByteArray &pointer, const QJsonValue &value) {
        FieldPath path;
        for (const QByteArray &token : pointer.split('/').mid(1)) {
            bool index = false;
            const qsizetype i = token.toLongLong(&index);
            if (index)
                path.append(i);
            else
                path.append(QString::fromUtf8(token));
        }
        if (value.isUndefined())
            removeAt(object, path);
        else
            setAt(object, path, value);
        return object;
    };
    const QList<Model::ResourceIgnoreDifferences> none;

    QTest::addRow("server defaults, status and metadata are no difference") << desired << applied << none << false;
    QTest::addRow("the same without last-applied (two-way)") << desired << live << none << false;
    QTest::addRow("replicas changed in Git") << edit(desired, "/spec/replicas", 3) << applied << none << true;
    QTest::addRow("image changed live") << desired
                                        << edit(applied, "/spec/template/spec/containers/0/image", u"nginx:1.25"_s)
                                        << none << true;
    QTest::addRow("label added in Git") << edit(desired, "/metadata/labels/tier", u"front"_s) << applied << none
                                        << true;
    QTest::addRow("env removed from Git, three-way")
        << edit(desired, "/spec/template/spec/containers/0/env", QJsonValue::Undefined) << applied << none << true;
    QTest::addRow("env removed from Git, two-way")
        << edit(desired, "/spec/template/spec/containers/0/env", QJsonValue::Undefined) << live << none << false;
    QTest::addRow("label added live by someone else")
        << desired << edit(applied, "/metadata/labels/injected", u"yes"_s) << none << false;
    QTest::addRow("sidecar injected live") << desired
                                           << edit(applied, "/spec/template/spec/containers/1",
                                                   QJsonObject{{u"name"_s, u"proxy"_s}, {u"image"_s, u"envoy"_s}})
                                           << none << false;
    QTest::addRow("equal quantities written differently")
        << edit(edit(desired, "/spec/template/spec/containers/0/resources/limits/memory", u"1024Mi"_s),
                "/spec/template/spec/containers/0/resources/limits/cpu", 1)
        << applied << none << false;
    QTest::addRow("a different quantity")
        << edit(desired, "/spec/template/spec/containers/0/resources/limits/cpu", u"1500m"_s) << applied << none
        << true;
    QTest::addRow("int-or-string surge") << edit(
        desired, "/spec/strategy",
        QJsonObject{{u"type"_s, u"RollingUpdate"_s}, {u"rollingUpdate"_s, QJsonObject{{u"maxSurge"_s, 1}}}})
                                         << edit(applied, "/spec/strategy/rollingUpdate/maxSurge", u"1"_s) << none
                                         << false;
    QTest::addRow("empty annotations in Git")
        << edit(desired, "/spec/template/metadata/annotations", QJsonObject()) << applied << none << false;

    Model::ResourceIgnoreDifferences replicas;
    replicas.group = u"apps"_s;
    replicas.kind = u"Deployment"_s;
    replicas.jsonPointers = {u"/spec/replicas"_s};
    QTest::addRow("ignored by JSON pointer")
        << edit(desired, "/spec/replicas", 5) << applied << QList<Model::ResourceIgnoreDifferences>{replicas} << false;
    Model::ResourceIgnoreDifferences otherName = replicas;
    otherName.name = u"other"_s;
    QTest::addRow("a rule for another name")
        << edit(desired, "/spec/replicas", 5) << applied << QList<Model::ResourceIgnoreDifferences>{otherName} << true;
    Model::ResourceIgnoreDifferences anyKind;
    anyKind.group = u"*"_s;
    anyKind.kind = u"*"_s;
    anyKind.jqPathExpressions = {u".spec.template.spec.containers[] | select(.name == \"web\") | .image"_s};
    QTest::addRow("ignored by jq select") << edit(desired, "/spec/template/spec/containers/0/image", u"nginx:2"_s)
                                          << applied << QList<Model::ResourceIgnoreDifferences>{anyKind} << false;
    Model::ResourceIgnoreDifferences hpa;
    hpa.group = u"apps"_s;
    hpa.kind = u"Deployment"_s;
    hpa.managedFieldsManagers = {u"hpa-controller"_s};
    QTest::addRow("owned by a trusted manager")
        << desired << edit(applied, "/spec/replicas", 7) << QList<Model::ResourceIgnoreDifferences>{hpa} << false;
    QTest::addRow("without trusting the manager") << desired << edit(applied, "/spec/replicas", 7) << none << true;

    const QJsonObject secret = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\n"
                                    "type: Opaque\nstringData: {password: hunter2}");
    const QJsonObject secretLive = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop, uid: x}\n"
                                        "type: Opaque\ndata: {password: aHVudGVyMg==}");
    QTest::addRow("secret stringData equals data") << secret << secretLive << none << false;
    QTest::addRow("secret value changed")
        << secret << edit(secretLive, "/data/password", u"b3RoZXI="_s) << none << true;

    const QJsonObject withFinalizer = edit(desired, "/metadata/finalizers", QJsonArray{u"example.com/a"_s});
    QTest::addRow("finalizers of others stay")
        << withFinalizer
        << withLastApplied(edit(live, "/metadata/finalizers", QJsonArray{u"example.com/a"_s, u"other.io/b"_s}),
                           withFinalizer)
        << none << false;
}

void tst_ResourceDiff::diff()
{
    QFETCH(QJsonObject, desired);
    QFETCH(QJsonObject, live);
    QFETCH(QList<Model::ResourceIgnoreDifferences>, ignores);
    QFETCH(bool, modified);
    QVERIFY(!desired.isEmpty() && !live.isEmpty());
    DiffSettings settings;
    settings.ignoreDifferences = ignores;
    const ResourceDiff result = diffResource(desired, live, settings);
    if (result.modified != modified) {
        qWarning().noquote() << "predicted:" << QJsonDocument(result.predictedLive).toJson();
        qWarning().noquote() << "live:" << QJsonDocument(result.normalizedLive).toJson();
    }
    QCOMPARE(result.modified, modified);
    // Never any server metadata or status in what is shown.
    const QJsonObject metadata = result.normalizedLive.value(u"metadata").toObject();
    QVERIFY(!metadata.contains(u"managedFields") && !metadata.contains(u"resourceVersion") && !metadata.contains(u"uid")
            && !result.normalizedLive.contains(u"status"));
}

void tst_ResourceDiff::goldenDiff()
{
    // The predicted and normalised live objects of a typical change, in full.
    QJsonObject desired = yaml(deployment);
    const QJsonObject live = withLastApplied(yaml(deploymentLive), desired);
    setAt(desired, {u"spec"_s, u"replicas"_s}, 4);
    removeAt(desired, {u"spec"_s, u"template"_s, u"spec"_s, u"containers"_s, qsizetype(0), u"env"_s});
    const ResourceDiff result = diffResource(desired, live, {});
    QVERIFY(result.modified);
    const QByteArray actual = QJsonDocument(QJsonObject{{u"modified"_s, result.modified},
                                                        {u"normalizedLive"_s, result.normalizedLive},
                                                        {u"predictedLive"_s, result.predictedLive}})
                                  .toJson();
    const QString golden = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/diff/deployment-replicas-env.json");
    if (qEnvironmentVariableIsSet("CAPSTAN_UPDATE_GOLDEN")) {
        QDir().mkpath(QFileInfo(golden).path());
        QFile out(golden);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(actual);
    }
    QFile expected(golden);
    QVERIFY2(expected.open(QIODevice::ReadOnly), "run with CAPSTAN_UPDATE_GOLDEN=1 to create the golden file");
    QCOMPARE(QJsonDocument::fromJson(actual), QJsonDocument::fromJson(expected.readAll()));
}

void tst_ResourceDiff::missingSides()
{
    const QJsonObject desired = yaml(deployment);
    const QJsonObject live = yaml(deploymentLive);
    const ResourceDiff create = diffResource(desired, {}, {});
    QVERIFY(create.modified);
    QVERIFY(create.normalizedLive.isEmpty());
    QCOMPARE(create.predictedLive.value(u"spec").toObject().value(u"replicas"), QJsonValue(2));
    const ResourceDiff prune = diffResource({}, live, {});
    QVERIFY(!prune.modified);
    QVERIFY(prune.predictedLive.isEmpty());
    QVERIFY(!prune.normalizedLive.contains(u"status"));
}

void tst_ResourceDiff::jsonPointers_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QStringList>("paths");
    QTest::addRow("field") << u"/spec/replicas"_s << QStringList{u"spec.replicas"_s};
    QTest::addRow("index") << u"/spec/template/spec/containers/0/image"_s
                           << QStringList{u"spec.template.spec.containers[0].image"_s};
    QTest::addRow("escaped") << u"/metadata/annotations/example.com~1note"_s
                             << QStringList{u"metadata.annotations.example.com/note"_s};
    QTest::addRow("missing") << u"/spec/nothing"_s << QStringList();
}

void tst_ResourceDiff::jsonPointers()
{
    QFETCH(QString, pointer);
    QFETCH(QStringList, paths);
    QJsonObject object = yaml(deployment);
    QJsonObject metadata = object.value(u"metadata").toObject();
    metadata.insert(u"annotations"_s, QJsonObject{{u"example.com/note"_s, u"x"_s}});
    object.insert(u"metadata"_s, metadata);
    auto parsed = JsonPointer::parse(pointer);
    QVERIFY(parsed);
    QStringList actual;
    for (const FieldPath &path : parsed->resolve(object))
        actual.append(toString(path));
    QCOMPARE(actual, paths);
}

void tst_ResourceDiff::jqPaths_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QStringList>("paths");
    QTest::addRow("field path") << u".spec.replicas"_s << QStringList{u"spec.replicas"_s};
    QTest::addRow("quoted key") << u".metadata.labels.\"app\""_s << QStringList{u"metadata.labels.app"_s};
    QTest::addRow("bracket key") << u".metadata[\"labels\"].app"_s << QStringList{u"metadata.labels.app"_s};
    QTest::addRow("iterate") << u".spec.template.spec.containers[].name"_s
                             << QStringList{u"spec.template.spec.containers[1].name"_s,
                                            u"spec.template.spec.containers[0].name"_s};
    QTest::addRow("optional iterate") << u".spec.missing[]?.x"_s << QStringList();
    QTest::addRow("select item") << u".spec.template.spec.containers[] | select(.name == \"sidecar\")"_s
                                 << QStringList{u"spec.template.spec.containers[1]"_s};
    QTest::addRow("select then field")
        << u".spec.template.spec.containers[] | select(.name != \"sidecar\") | .env[] | select(.name == \"MODE\")"_s
        << QStringList{u"spec.template.spec.containers[0].env[0]"_s};
    QTest::addRow("select with and") << u".spec.template.spec.containers[] | select(.name == \"web\" and .image)"_s
                                     << QStringList{u"spec.template.spec.containers[0]"_s};
    QTest::addRow("index") << u".spec.template.spec.containers[-1].image"_s
                           << QStringList{u"spec.template.spec.containers[1].image"_s};
}

void tst_ResourceDiff::jqPaths()
{
    QFETCH(QString, expression);
    QFETCH(QStringList, paths);
    QJsonObject object = yaml(deployment);
    setAt(object, {u"spec"_s, u"template"_s, u"spec"_s, u"containers"_s, qsizetype(1)},
          QJsonObject{{u"name"_s, u"sidecar"_s}, {u"image"_s, u"envoy"_s}});
    auto parsed = JqPath::parse(expression);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
    QStringList actual;
    for (const FieldPath &path : parsed->resolve(object))
        actual.append(toString(path));
    QCOMPARE(actual, paths);
}

void tst_ResourceDiff::invalidRulesAreReported()
{
    DiffSettings settings;
    Model::ResourceIgnoreDifferences rule;
    rule.kind = u"Deployment"_s;
    rule.jsonPointers = {u"spec/replicas"_s};
    rule.jqPathExpressions = {u".spec.containers[] | select(.name == )"_s};
    settings.ignoreDifferences = {rule};
    QStringList errors;
    for (const auto &error : settings.validate())
        errors.append(error.toString());
    QCOMPARE(errors,
             QStringList({
                 u"spec.ignoreDifferences[0].jsonPointers[0]: JSON pointer \"spec/replicas\" must start with '/'"_s,
                 u"spec.ignoreDifferences[0].jqPathExpressions[0]: jq path \".spec.containers[] | select(.name "
                 u"== )\": expected a string, number, true, false or null at position 38"_s,
             }));
}

void tst_ResourceDiff::quantities_data()
{
    QTest::addColumn<QJsonValue>("a");
    QTest::addColumn<QJsonValue>("b");
    QTest::addColumn<bool>("equal");
    QTest::addRow("milli") << QJsonValue(u"1000m"_s) << QJsonValue(u"1"_s) << true;
    QTest::addRow("number") << QJsonValue(2) << QJsonValue(u"2000m"_s) << true;
    QTest::addRow("binary") << QJsonValue(u"1Gi"_s) << QJsonValue(u"1024Mi"_s) << true;
    QTest::addRow("decimal") << QJsonValue(u"0.5"_s) << QJsonValue(u"500m"_s) << true;
    QTest::addRow("exponent") << QJsonValue(u"1e3"_s) << QJsonValue(u"1k"_s) << true;
    QTest::addRow("different") << QJsonValue(u"1G"_s) << QJsonValue(u"1Gi"_s) << false;
    QTest::addRow("not a quantity") << QJsonValue(u"lots"_s) << QJsonValue(u"lots"_s) << false;
}

void tst_ResourceDiff::quantities()
{
    QFETCH(QJsonValue, a);
    QFETCH(QJsonValue, b);
    QFETCH(bool, equal);
    QCOMPARE(sameQuantity(a, b), equal);
}

QTEST_GUILESS_MAIN(tst_ResourceDiff)
#include "tst_resourcediff.moc"
