// SPDX-License-Identifier: Apache-2.0
// The Namespace a sync creates with CreateNamespace=true, with and without
// managedNamespaceMetadata.
#include "engine/managednamespace.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;

namespace {

Model::SyncOperation withOptions(const QStringList &options)
{
    Model::SyncOperation sync;
    sync.syncOptions = options;
    return sync;
}

QString json(const std::optional<QJsonObject> &object)
{
    return object ? QString::fromUtf8(QJsonDocument(*object).toJson(QJsonDocument::Compact)) : u"none"_s;
}

} // namespace

class ManagedNamespaceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createdOnlyWhenAskedAndMissing()
    {
        const Model::SyncOperation create = withOptions({u"CreateNamespace=true"_s});
        QCOMPARE(json(Engine::namespaceToCreate(create, u"shop"_s, std::nullopt, false)),
                 uR"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}})"_s);
        QCOMPARE(json(Engine::namespaceToCreate(create, u"shop"_s, std::nullopt, true)), u"none"_s);
        QCOMPARE(json(Engine::namespaceToCreate(create, {}, std::nullopt, false)), u"none"_s);
        QCOMPARE(json(Engine::namespaceToCreate(withOptions({u"PruneLast=true"_s}), u"shop"_s, std::nullopt, false)),
                 u"none"_s);
    }

    void managedMetadataIsAppliedEvenWhenItExists()
    {
        Model::ManagedNamespaceMetadata metadata;
        metadata.labels = {{u"team"_s, u"shop"_s}};
        metadata.annotations = {{u"owner"_s, u"alice"_s}};
        const auto created
            = Engine::namespaceToCreate(withOptions({u"CreateNamespace=true"_s}), u"shop"_s, metadata, true);
        QCOMPARE(
            json(created),
            uR"({"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{"argocd.argoproj.io/sync-options":"ServerSideApply=true","owner":"alice"},"labels":{"team":"shop"},"name":"shop"}})"_s);
    }
};

QTEST_GUILESS_MAIN(ManagedNamespaceTest)
#include "tst_managednamespace.moc"
