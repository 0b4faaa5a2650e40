// SPDX-License-Identifier: Apache-2.0
// The `fields` projection of Argo CD's lists and streams.
#include "http/fieldselection.h"

#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const char *list = R"({"metadata": {"resourceVersion": "5", "continue": ""},
    "items": [
        {"metadata": {"name": "a", "namespace": "argocd"}, "spec": {"project": "p"}, "status": {"sync": {"status": "Synced"}}},
        {"metadata": {"name": "b", "namespace": "argocd"}, "spec": {"project": "q"}, "status": {}}
    ]})";

} // namespace

class tst_FieldSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void projections_data()
    {
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QJsonObject>("expected");
        QTest::addRow("none: everything") << QString() << parse(list);
        QTest::addRow("through a list")
            << u"metadata.resourceVersion,items.metadata.name"_s
            << parse(R"({"metadata": {"resourceVersion": "5"}, "items": [{"metadata": {"name": "a"}},
                         {"metadata": {"name": "b"}}]})");
        QTest::addRow("a whole object")
            << u"items.status"_s << parse(R"({"items": [{"status": {"sync": {"status": "Synced"}}}, {"status": {}}]})");
        QTest::addRow("whole names, not prefixes")
            << u"items.metadata.namespace"_s
            << parse(R"({"items": [{"metadata": {"namespace": "argocd"}}, {"metadata": {"namespace": "argocd"}}]})");
        QTest::addRow("names nothing") << u"items.nothing.here,bogus"_s << parse(R"({"items": [{}, {}]})");
        QTest::addRow("spaces and empty parts")
            << u" items.spec.project , ,"_s
            << parse(R"({"items": [{"spec": {"project": "p"}}, {"spec": {"project": "q"}}]})");
        QTest::addRow("exclude") << u"-items.status,metadata.continue"_s
                                 << parse(R"({"metadata": {"resourceVersion": "5"}, "items": [
                         {"metadata": {"name": "a", "namespace": "argocd"}, "spec": {"project": "p"}},
                         {"metadata": {"name": "b", "namespace": "argocd"}, "spec": {"project": "q"}}]})");
    }

    void projections()
    {
        QFETCH(QString, fields);
        QFETCH(QJsonObject, expected);
        QCOMPARE(Http::FieldSelection::parse(fields).apply(parse(list)), expected);
    }

    void streamMessages()
    {
        const QJsonObject event = parse(R"({"result": {"type": "MODIFIED", "application": {"metadata": {"name": "a",
            "labels": {"x": "y"}}, "status": {"health": {"status": "Healthy"}}}}})");
        QCOMPARE(Http::FieldSelection::parse(u"result.type,result.application.metadata.name"_s).apply(event),
                 parse(R"({"result": {"type": "MODIFIED", "application": {"metadata": {"name": "a"}}}})"));
    }
};

QTEST_GUILESS_MAIN(tst_FieldSelection)
#include "tst_fieldselection.moc"
