// SPDX-License-Identifier: Apache-2.0
// Argo CD's HideSecretData: no value of a Secret, wherever the object or a
// copy of it sits, and masks that agree across both sides.
#include "diff/resourcediff.h"
#include "diff/secretmask.h"
#include "source/manifests/manifestparser.h"

#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Diff;
using namespace Qt::StringLiterals;

namespace {

QJsonObject yaml(const QByteArray &text)
{
    auto json = Source::ManifestParser::yamlToJson(text, u"test.yaml"_s);
    return json ? json->toObject() : QJsonObject();
}

QString annotation(const QJsonObject &object, const QString &name)
{
    return object[u"metadata"][u"annotations"][name].toString();
}

QJsonObject withAnnotation(QJsonObject object, const QString &name, const QString &value)
{
    QJsonObject metadata = object.value(u"metadata").toObject();
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    annotations.insert(name, value);
    metadata.insert(u"annotations"_s, annotations);
    object.insert(u"metadata"_s, metadata);
    return object;
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject withLastApplied(const QJsonObject &object, const QJsonObject &applied)
{
    return withAnnotation(object, u"kubectl.kubernetes.io/last-applied-configuration"_s, compact(applied));
}

/// Whether any of @p values is in either object, in clear or base64.
QStringList leaked(const QJsonObject &a, const QJsonObject &b, const QStringList &values)
{
    const QString all = compact(a) + compact(b);
    QStringList found;
    for (const QString &value : values) {
        if (all.contains(value) || all.contains(QString::fromLatin1(value.toUtf8().toBase64())))
            found.append(value);
    }
    return found;
}

} // namespace

class tst_SecretMask : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valuesAreMaskedConsistently()
    {
        const QJsonObject desired = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                         "stringData: {password: new, user: admin}\ndata: {token: dG9r}");
        const QJsonObject applied = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                         "data: {password: b2xk, user: YWRtaW4=}");
        const QJsonObject live = withLastApplied(yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: "
                                                      "{password: b2xk, user: YWRtaW4=, extra: eA==}"),
                                                 applied);
        const auto [maskedDesired, maskedLive] = maskSecrets(desired, live);

        const QJsonObject desiredData = maskedDesired.value(u"data").toObject();
        const QJsonObject liveData = maskedLive.value(u"data").toObject();
        QVERIFY(!maskedDesired.contains(u"stringData"));
        // A changed value gets another mask; an equal one the same.
        QCOMPARE(desiredData.value(u"password").toString(), u"++++++++"_s);
        QCOMPARE(liveData.value(u"password").toString(), u"++++++++++++"_s);
        QCOMPARE(desiredData.value(u"user").toString(), u"++++++++"_s);
        QCOMPARE(liveData.value(u"user").toString(), u"++++++++"_s);
        QCOMPARE(liveData.value(u"extra").toString(), u"++++++++"_s);
        QCOMPARE(desiredData.value(u"token").toString(), u"++++++++"_s);
        QCOMPARE(
            annotation(maskedLive, u"kubectl.kubernetes.io/last-applied-configuration"_s),
            uR"({"apiVersion":"v1","data":{"password":"++++++++++++","user":"++++++++"},"kind":"Secret","metadata":{"name":"s"}})"_s);
        // No value in clear or base64 anywhere ("tok" would match the key "token").
        const QString all = compact(maskedDesired) + compact(maskedLive);
        for (const QString &value : {u"b2xk"_s, u"YWRtaW4="_s, u"bmV3"_s, u"new"_s, u"dG9r"_s, u"eA=="_s})
            QVERIFY2(!all.contains(value), qPrintable(value));
        // Other kinds are untouched.
        const QJsonObject config = yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}");
        QCOMPARE(maskSecrets(config, config).first, config);
    }

    void stringDataInTheDesiredSidesAnnotation()
    {
        // The predicted live state is the live object with Git's changes: it
        // carries the last-applied annotation too, written with stringData.
        const QJsonObject applied
            = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}");
        const QJsonObject live = withLastApplied(
            yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: aHVudGVyMg==}"), applied);
        const auto [predicted, normalized] = maskSecrets(live, live);
        QCOMPARE(leaked(predicted, normalized, {u"hunter2"_s}), QStringList());
        // The same value has the same mask in every copy of either side.
        const QString expected
            = uR"({"apiVersion":"v1","data":{"password":"++++++++"},"kind":"Secret","metadata":{"name":"s"}})"_s;
        QCOMPARE(annotation(predicted, u"kubectl.kubernetes.io/last-applied-configuration"_s), expected);
        QCOMPARE(annotation(normalized, u"kubectl.kubernetes.io/last-applied-configuration"_s), expected);
        QCOMPARE(predicted[u"data"][u"password"].toString(), u"++++++++"_s);
    }

    void otherAnnotationsThatEmbedTheSecret()
    {
        const QJsonObject copy = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {key: abc123}");
        QJsonObject object = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {key: YWJjMTIz}");
        object = withAnnotation(object, u"example.org/original"_s, compact(copy));
        object = withAnnotation(object, u"example.org/note"_s, u"not JSON: abc"_s);
        const QJsonObject masked = maskSecret(object);
        QCOMPARE(leaked(masked, {}, {u"abc123"_s}), QStringList());
        QCOMPARE(annotation(masked, u"example.org/note"_s), u"not JSON: abc"_s);
        QVERIFY(annotation(masked, u"example.org/original"_s).contains(u"\"key\":\"++++++++\""_s));
    }

    void unreadableLastAppliedIsNotPassedOn()
    {
        QJsonObject object = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {key: YWJjMTIz}");
        object = withAnnotation(object, u"kubectl.kubernetes.io/last-applied-configuration"_s,
                                u"{\"stringData\": {\"key\": \"abc123\"}"_s);
        const QJsonObject masked = maskSecret(object);
        QCOMPARE(leaked(masked, {}, {u"abc123"_s}), QStringList());
    }

    void oneSidedSecrets()
    {
        // A Secret only in Git (to be created) or only live (to be pruned).
        const QJsonObject secret = yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v4lue}");
        const auto [desired, live] = maskSecrets(secret, {});
        QVERIFY(live.isEmpty());
        QCOMPARE(leaked(desired, live, {u"v4lue"_s}), QStringList());
        const auto [none, current] = maskSecrets({}, secret);
        QVERIFY(none.isEmpty());
        QCOMPARE(leaked(none, current, {u"v4lue"_s}), QStringList());
    }
};

QTEST_GUILESS_MAIN(tst_SecretMask)
#include "tst_secretmask.moc"
