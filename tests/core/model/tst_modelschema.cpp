// SPDX-License-Identifier: Apache-2.0
// The model's schema, made from its own field lists, against Argo CD's types
// as tests/data/argocd/api.json keeps them: every field Capstan reads or
// writes is a field of Argo CD's of the same JSON type. The API suites check
// every answer against the model's schema, so what they check is Argo CD's.
#include "model/application.h"
#include "model/appproject.h"
#include "model/cluster.h"
#include "model/jsonschema.h"
#include "model/repository.h"
#include "model/resourcetree.h"
#include "support/argocdapi.h"
#include "support/openapischema.h"

#include <QTest>

#include <algorithm>

using namespace Capstan;
using namespace Capstan::Model;
using namespace Qt::StringLiterals;

namespace {

/// Go types that Argo CD embeds inline (`json:",inline"`): their fields are
/// the outer type's on the wire, where the swagger, made from protobuf,
/// shows them as a field of their own or not at all.
const QHash<QString, QStringList> inlined{
    {u"v1alpha1ResourceNode"_s, {u"v1alpha1ResourceRef"_s}},
    {u"v1alpha1KustomizeSelector"_s, {u"v1alpha1KustomizeResId"_s}},
    {u"v1alpha1KustomizeResId"_s, {u"v1alpha1KustomizeGvk"_s}},
    {u"v1alpha1SyncStrategyHook"_s, {u"v1alpha1SyncStrategyApply"_s}},
};

/// Where Capstan knowingly reads and writes more than Argo CD's swagger
/// says, each with its reason.
const QStringList knownDifferences{
    // One GroupKind type serves the cluster lists (Argo CD's
    // ClusterResourceRestrictionItem, with a name) and the namespace lists
    // (metav1.GroupKind, without).
    u"spec.namespaceResourceBlacklist[].name"_s,
    u"spec.namespaceResourceWhitelist[].name"_s,
    // Argo CD's ResourceActionParam has value, type and default in Go and in
    // what its actions send; the swagger lists only the name.
    u"params[].value"_s,
    u"params[].type"_s,
    u"params[].default"_s,
};

/// Compares one of Capstan's schemas with Argo CD's type; each difference
/// becomes one line.
class SchemaComparison
{
public:
    explicit SchemaComparison(const Tests::ArgoCdApi &api)
        : m_api(api)
    { }

    QStringList compare(const QJsonObject &ours, const QString &theirs)
    {
        m_problems.clear();
        check(ours, QJsonObject{{u"$ref"_s, theirs}}, theirs);
        return m_problems;
    }

private:
    static bool isAny(const QJsonObject &schema)
    {
        return !schema.contains(u"type") && schema.value(u"x-kubernetes-preserve-unknown-fields").toBool();
    }

    /// Argo CD's type behind @p schema, with the fields of what it embeds inline.
    QJsonObject resolved(const QJsonObject &schema) const
    {
        QJsonObject type = m_api.resolved(schema);
        const QStringList embedded = inlined.value(schema.value(u"$ref").toString());
        if (embedded.isEmpty())
            return type;
        QJsonObject properties = type.value(u"properties").toObject();
        for (const QString &name : embedded) {
            const QJsonObject inner = resolved(QJsonObject{{u"$ref"_s, name}});
            const QJsonObject fields = inner.value(u"properties").toObject();
            for (auto it = fields.begin(); it != fields.end(); ++it)
                properties.insert(it.key(), it.value());
            for (auto it = properties.begin(); it != properties.end();) {
                if (it.value().toObject().value(u"$ref").toString() == name)
                    it = properties.erase(it);
                else
                    ++it;
            }
        }
        type.insert(u"properties"_s, properties);
        return type;
    }

    void check(const QJsonObject &ours, const QJsonObject &schema, const QString &path)
    {
        const QJsonObject theirs = resolved(schema);
        if (isAny(ours) || theirs.isEmpty())
            return; // any value on our side, or a type Argo CD leaves open
        const QString type = ours.value(u"type").toString();
        const QString theirType = theirs.value(u"type").toString(u"object"_s);
        if (type == u"object" && ours.value(u"x-kubernetes-preserve-unknown-fields").toBool()) {
            if (theirType != u"object")
                m_problems.append(path + u": Capstan has an object where Argo CD has " + theirType);
            return;
        }
        if (type != theirType) {
            m_problems.append(path + u": Capstan has " + type + u" where Argo CD has " + theirType);
            return;
        }
        if (type == u"array")
            check(ours.value(u"items").toObject(), theirs.value(u"items").toObject(), path + u"[]");
        else if (type == u"object")
            checkObject(ours, theirs, path);
    }

    void checkObject(const QJsonObject &ours, const QJsonObject &theirs, const QString &path)
    {
        if (ours.contains(u"additionalProperties")) {
            if (!theirs.contains(u"additionalProperties"))
                m_problems.append(path + u": Capstan has a map where Argo CD has fixed fields");
            else
                check(ours.value(u"additionalProperties").toObject(), theirs.value(u"additionalProperties").toObject(),
                      path + u"{}");
            return;
        }
        const QJsonObject properties = ours.value(u"properties").toObject();
        const QJsonObject theirProperties = theirs.value(u"properties").toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const QString child = path + u'.' + it.key();
            if (isAny(it.value().toObject()))
                continue; // accepted and not kept, as TypeMeta's apiVersion and kind
            const bool known = std::any_of(knownDifferences.cbegin(), knownDifferences.cend(),
                                           [&child](const QString &known) { return child.endsWith(known); });
            if (!theirProperties.contains(it.key()) && !known)
                m_problems.append(child + u": not a field of Argo CD's");
            else if (!known)
                check(it.value().toObject(), theirProperties.value(it.key()).toObject(), child);
        }
    }

    const Tests::ArgoCdApi &m_api;
    QStringList m_problems;
};

} // namespace

class tst_ModelSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_api.isValid(), qPrintable(u"cannot read "_s + m_api.fileName())); }

    void fieldsAreArgoCdsFields_data()
    {
        QTest::addColumn<QJsonObject>("schema");
        QTest::addColumn<QString>("argoCdType");
        QTest::addRow("Application") << openApiSchema<Application>() << u"v1alpha1Application"_s;
        QTest::addRow("AppProject") << openApiSchema<AppProject>() << u"v1alpha1AppProject"_s;
        QTest::addRow("Cluster") << openApiSchema<Cluster>() << u"v1alpha1Cluster"_s;
        QTest::addRow("Repository") << openApiSchema<Repository>() << u"v1alpha1Repository"_s;
        QTest::addRow("RepoCreds") << openApiSchema<RepoCreds>() << u"v1alpha1RepoCreds"_s;
        QTest::addRow("ApplicationTree") << openApiSchema<ApplicationTree>() << u"v1alpha1ApplicationTree"_s;
        QTest::addRow("ResourceDiff") << openApiSchema<ResourceDiff>() << u"v1alpha1ResourceDiff"_s;
        QTest::addRow("ResourceAction") << openApiSchema<ResourceAction>() << u"v1alpha1ResourceAction"_s;
    }

    void fieldsAreArgoCdsFields()
    {
        QFETCH(QJsonObject, schema);
        QFETCH(QString, argoCdType);
        QVERIFY2(!m_api.definition(argoCdType).isEmpty(), qPrintable(argoCdType + u" is not in "_s + m_api.fileName()));
        const QStringList problems = SchemaComparison(m_api).compare(schema, argoCdType);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void comparisonFindsDifferences()
    {
        // A schema with a misspelt field and a wrong type is not Argo CD's.
        QJsonObject destination = openApiSchema<ApplicationDestination>();
        QJsonObject properties = destination.value(u"properties").toObject();
        properties.insert(u"nameSpace"_s, Json::typed("string"));
        properties.insert(u"server"_s, Json::typed("integer"));
        destination.insert(u"properties"_s, properties);
        QCOMPARE(
            SchemaComparison(m_api).compare(destination, u"v1alpha1ApplicationDestination"_s),
            QStringList({u"v1alpha1ApplicationDestination.nameSpace: not a field of Argo CD's"_s,
                         u"v1alpha1ApplicationDestination.server: Capstan has integer where Argo CD has string"_s}));
        // Inline embeddings count as the outer type's fields.
        QCOMPARE(SchemaComparison(m_api).compare(openApiSchema<ResourceNode>(), u"v1alpha1ResourceNode"_s),
                 QStringList());
    }

    void schemaDescribesTheModel()
    {
        const QJsonObject schema = openApiSchema<Application>();
        const QJsonObject spec = schema[u"properties"][u"spec"].toObject();
        QCOMPARE(spec[u"type"].toString(), u"object"_s);
        QCOMPARE(spec[u"properties"][u"sources"][u"type"].toString(), u"array"_s);
        QCOMPARE(spec[u"properties"][u"sources"][u"items"][u"properties"][u"repoURL"][u"type"].toString(), u"string"_s);
        QCOMPARE(schema[u"properties"][u"metadata"][u"properties"][u"labels"][u"additionalProperties"][u"type"],
                 u"string"_s);
        QCOMPARE(schema[u"properties"][u"status"][u"properties"][u"reconciledAt"][u"format"].toString(),
                 u"date-time"_s);
        const QJsonArray syncCodes
            = schema[u"properties"][u"status"][u"properties"][u"sync"][u"properties"][u"status"][u"enum"].toArray();
        QVERIFY(syncCodes.contains(u"OutOfSync"_s));
        QCOMPARE(schema[u"properties"][u"status"][u"properties"][u"history"][u"items"][u"properties"][u"id"][u"format"]
                     .toString(),
                 u"int64"_s);
    }

    void validatorUsesTheSchema()
    {
        // What the API suites do with every Application they receive.
        const auto schema = Tests::OpenApiSchema::of(openApiSchema<Application>());
        Application app;
        app.metadata.name = u"a"_s;
        QVERIFY2(schema.validate(app.toKubernetesJson()).isEmpty(),
                 qPrintable(schema.validate(app.toKubernetesJson()).join(u'\n')));
        QJsonObject wrong = app.toKubernetesJson();
        QJsonObject spec = wrong.value(u"spec").toObject();
        spec.insert(u"revisionHistoryLimit"_s, u"ten"_s);
        spec.insert(u"sourcez"_s, QJsonArray());
        wrong.insert(u"spec"_s, spec);
        QCOMPARE(schema.validate(wrong),
                 QStringList({u"spec.revisionHistoryLimit: string where integer is expected"_s,
                              u"spec.sourcez: not in the schema"_s}));
    }

private:
    const Tests::ArgoCdApi m_api = Tests::ArgoCdApi::load();
};

QTEST_GUILESS_MAIN(tst_ModelSchema)
#include "tst_modelschema.moc"
