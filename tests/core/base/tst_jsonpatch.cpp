// SPDX-License-Identifier: Apache-2.0
#include "base/jsonpatch.h"

#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class tst_JsonPatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apply_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("add") << QByteArray(R"([{"op":"add","path":"/spec/b","value":2}])")
                             << QByteArray(R"({"spec":{"a":1,"b":2,"list":[1,2]}})");
        QTest::newRow("replace") << QByteArray(R"([{"op":"replace","path":"/spec/a","value":"x"}])")
                                 << QByteArray(R"({"spec":{"a":"x","list":[1,2]}})");
        QTest::newRow("remove") << QByteArray(R"([{"op":"remove","path":"/spec/a"}])")
                                << QByteArray(R"({"spec":{"list":[1,2]}})");
        QTest::newRow("append") << QByteArray(R"([{"op":"add","path":"/spec/list/-","value":3}])")
                                << QByteArray(R"({"spec":{"a":1,"list":[1,2,3]}})");
        QTest::newRow("test then move") << QByteArray(
            R"([{"op":"test","path":"/spec/a","value":1},{"op":"move","from":"/spec/a","path":"/a"}])")
                                        << QByteArray(R"({"a":1,"spec":{"list":[1,2]}})");
        QTest::newRow("nothing") << QByteArray("[]") << QByteArray(R"({"spec":{"a":1,"list":[1,2]}})");
    }

    void apply()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QByteArray, expected);
        const auto patched = JsonPatch::apply(object(R"({"spec":{"a":1,"list":[1,2]}})"), patch);
        QVERIFY2(patched.ok(), patched.ok() ? "" : qPrintable(patched.error()));
        QCOMPARE(*patched, object(expected));
    }

    void applyRefuses_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::newRow("not json") << QByteArray("[{");
        QTest::newRow("not a list") << QByteArray(R"({"op":"add"})");
        QTest::newRow("unknown op") << QByteArray(R"([{"op":"frob","path":"/a"}])");
        QTest::newRow("missing path") << QByteArray(R"([{"op":"remove","path":"/spec/none"}])");
        QTest::newRow("failed test") << QByteArray(R"([{"op":"test","path":"/spec/a","value":2}])");
        QTest::newRow("replace the root with a list") << QByteArray(R"([{"op":"replace","path":"","value":[]}])");
    }

    void applyRefuses()
    {
        QFETCH(QByteArray, patch);
        const auto patched = JsonPatch::apply(object(R"({"spec":{"a":1}})"), patch);
        QVERIFY(!patched.ok());
        QVERIFY(!patched.error().isEmpty());
        QVERIFY2(!patched.error().startsWith(u"[json.exception"_s), qPrintable(patched.error()));
    }

    void merge_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("add and replace") << QByteArray(R"({"spec":{"b":2,"a":"x"}})")
                                         << QByteArray(R"({"spec":{"a":"x","b":2,"list":[1,2]},"keep":true})");
        QTest::newRow("null removes") << QByteArray(R"({"spec":{"a":null},"keep":null})")
                                      << QByteArray(R"({"spec":{"list":[1,2]}})");
        QTest::newRow("lists replace") << QByteArray(R"({"spec":{"list":[3]}})")
                                       << QByteArray(R"({"spec":{"a":1,"list":[3]},"keep":true})");
        QTest::newRow("empty") << QByteArray("{}") << QByteArray(R"({"spec":{"a":1,"list":[1,2]},"keep":true})");
    }

    void merge()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QByteArray, expected);
        const auto merged = JsonPatch::merge(object(R"({"spec":{"a":1,"list":[1,2]},"keep":true})"), patch);
        QVERIFY2(merged.ok(), merged.ok() ? "" : qPrintable(merged.error()));
        QCOMPARE(*merged, object(expected));
    }

    void mergeRefuses()
    {
        QVERIFY(!JsonPatch::merge(object(R"({"a":1})"), "{").ok());
        // A patch that is not an object replaces the document: not an object any more.
        const auto replaced = JsonPatch::merge(object(R"({"a":1})"), "[1]");
        QVERIFY(!replaced.ok());
        QCOMPARE(replaced.error(), u"the patched document is not a JSON object"_s);
    }
};

QTEST_GUILESS_MAIN(tst_JsonPatch)
#include "tst_jsonpatch.moc"
