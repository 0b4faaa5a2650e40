// SPDX-License-Identifier: Apache-2.0
// What deleting an app with the resources finalizer deletes: which
// finalizers cascade and how, approvals (Delete=confirm), what is kept, and
// the order of waves.
#include "engine/cascadingdeletion.h"
#include "model/jsonfields.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;
namespace Deletion = Engine::CascadingDeletion;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

Model::Application withFinalizers(const QStringList &finalizers)
{
    Model::Application application;
    application.metadata.name = u"shop"_s;
    application.metadata.finalizers = finalizers;
    return application;
}

Kube::CachedObjectPtr cached(const Kube::ResourceKey &key, const QJsonObject &object)
{
    auto entry = std::make_shared<Kube::CachedObject>();
    entry->key = key;
    entry->json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return entry;
}

QJsonObject inWave(const QString &name, int wave, bool deleting = false)
{
    QJsonObject metadata{{u"name"_s, name},
                         {u"annotations"_s, QJsonObject{{u"argocd.argoproj.io/sync-wave"_s, QString::number(wave)}}}};
    if (deleting)
        metadata.insert(u"deletionTimestamp"_s, u"2026-12-07T10:00:00Z"_s);
    return {{u"kind"_s, u"ConfigMap"_s}, {u"metadata"_s, metadata}};
}

QStringList names(const QList<QJsonObject> &objects)
{
    QStringList result;
    for (const QJsonObject &object : objects)
        result.append(object.value(u"metadata").toObject().value(u"name").toString());
    return result;
}

} // namespace

class CascadingDeletionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finalizersAndPropagation()
    {
        const QString plain = Model::Application::resourcesFinalizer();
        const QString foreground = u"resources-finalizer.argocd.argoproj.io/foreground"_s;
        const QString background = u"resources-finalizer.argocd.argoproj.io/background"_s;
        QVERIFY(!Deletion::cascades(withFinalizers({})));
        QVERIFY(!Deletion::cascades(withFinalizers({u"example.com/other"_s})));
        for (const QString &finalizer : {plain, foreground, background})
            QVERIFY(Deletion::cascades(withFinalizers({finalizer})));
        QCOMPARE(Deletion::propagationOf(withFinalizers({plain})), Kube::PropagationPolicy::Foreground);
        QCOMPARE(Deletion::propagationOf(withFinalizers({background})), Kube::PropagationPolicy::Background);

        Model::Application application = withFinalizers({plain, u"example.com/other"_s, background});
        Deletion::removeFinalizers(application);
        QCOMPARE(application.metadata.finalizers, QStringList({u"example.com/other"_s}));
    }

    void approvals()
    {
        Model::Application application = withFinalizers({Model::Application::resourcesFinalizer()});
        const QDateTime deleted = QDateTime::fromString(u"2026-12-07T10:00:00Z"_s, Qt::ISODate);
        QVERIFY(!Deletion::isConfirmed(application, deleted));
        application.metadata.annotations.insert(u"argocd.argoproj.io/deletion-approved"_s, u"2026-12-07T09:59:00Z"_s);
        QVERIFY(!Deletion::isConfirmed(application, deleted)); // given before the deletion
        QVERIFY(Deletion::isConfirmed(application, std::nullopt));
        application.metadata.annotations.insert(u"argocd.argoproj.io/deletion-approved"_s, u"2026-12-07T10:01:00Z"_s);
        QVERIFY(Deletion::isConfirmed(application, deleted));

        const Kube::ResourceKey key{u"apps"_s, u"Deployment"_s, u"shop"_s, u"web"_s};
        const QJsonObject confirm = parse(
            R"({"metadata":{"name":"web","annotations":{"argocd.argoproj.io/sync-options":"Delete=confirm"}}})");
        QCOMPARE(Deletion::awaitingConfirmation(application, {cached(key, confirm)}), u"Deployment/shop/web"_s);
        QCOMPARE(Deletion::awaitingConfirmation(application, {cached(key, parse(R"({"metadata":{"name":"web"}})"))}),
                 QString());
        Model::ResourceStatus status;
        status.kind = u"Secret"_s;
        status.ns = u"shop"_s;
        status.name = u"keys"_s;
        status.requiresDeletionConfirmation = true;
        application.status.resources.append(status);
        QCOMPARE(Deletion::awaitingConfirmation(application, {cached(key, confirm)}), u"Secret/shop/keys"_s);
    }

    void whatIsKept()
    {
        const Kube::ResourceKey configMap{{}, u"ConfigMap"_s, u"shop"_s, u"settings"_s};
        QVERIFY(Deletion::isDeletable(configMap, parse(R"({"metadata":{"name":"settings"}})")));
        QVERIFY(!Deletion::isDeletable(configMap,
                                       parse(R"({"metadata":{"annotations":)"
                                             R"({"argocd.argoproj.io/sync-options":"Prune=false,Delete=false"}}})")));
        QVERIFY(!Deletion::isDeletable(configMap,
                                       parse(R"({"metadata":{"annotations":)"
                                             R"({"helm.sh/resource-policy":"keep"}}})")));
        const Kube::ResourceKey crd{u"apiextensions.k8s.io"_s, u"CustomResourceDefinition"_s, {}, u"x.example.com"_s};
        QVERIFY(!Deletion::isDeletable(crd, parse(R"({"metadata":{"name":"x.example.com"}})")));
    }

    void wavesFromTheHighest()
    {
        const QList<QJsonObject> objects{inWave(u"db"_s, -1), inWave(u"web"_s, 2), inWave(u"api"_s, 2),
                                         inWave(u"jobs"_s, 0)};
        QCOMPARE(names(Deletion::nextWave(objects)), QStringList({u"web"_s, u"api"_s}));
        QCOMPARE(names(Deletion::nextWave({inWave(u"db"_s, -1), inWave(u"jobs"_s, 0)})), QStringList({u"jobs"_s}));
        // Nothing more while a deletion is under way.
        QVERIFY(Deletion::nextWave({inWave(u"db"_s, -1), inWave(u"web"_s, 2, true)}).isEmpty());
        QVERIFY(Deletion::nextWave({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(CascadingDeletionTest)
#include "tst_cascadingdeletion.moc"
