// SPDX-License-Identifier: Apache-2.0
#include "kube/labelselector.h"

#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

using Labels = QMap<QString, QString>;

class tst_LabelSelector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<Labels>("labels");
        QTest::addColumn<bool>("matched");
        const Labels shop{{u"app"_s, u"shop"_s}, {u"tier"_s, u"3"_s}, {u"example.com/owner"_s, u"ops"_s}};
        QTest::newRow("empty") << QString() << Labels() << true;
        QTest::newRow("blank") << u"  "_s << shop << true;
        QTest::newRow("equals") << u"app=shop"_s << shop << true;
        QTest::newRow("double equals") << u"app==shop"_s << shop << true;
        QTest::newRow("equals other") << u"app=cart"_s << shop << false;
        QTest::newRow("not equals") << u"app!=cart"_s << shop << true;
        QTest::newRow("not equals missing key") << u"team!=a"_s << shop << true;
        QTest::newRow("exists") << u"app"_s << shop << true;
        QTest::newRow("exists missing") << u"team"_s << shop << false;
        QTest::newRow("not exists") << u"!team"_s << shop << true;
        QTest::newRow("not exists present") << u"!app"_s << shop << false;
        QTest::newRow("in") << u"app in (cart, shop)"_s << shop << true;
        QTest::newRow("in none") << u"app in (cart)"_s << shop << false;
        QTest::newRow("notin") << u"app notin (cart)"_s << shop << true;
        QTest::newRow("notin missing key") << u"team notin (a)"_s << shop << true;
        QTest::newRow("greater") << u"tier>2"_s << shop << true;
        QTest::newRow("less") << u"tier<3"_s << shop << false;
        QTest::newRow("greater non-number label") << u"app>1"_s << shop << false;
        QTest::newRow("prefixed key") << u"example.com/owner=ops"_s << shop << true;
        QTest::newRow("all of several") << u"app=shop, tier in (3), !team"_s << shop << true;
        QTest::newRow("one of several fails") << u"app=shop,tier=4"_s << shop << false;
        QTest::newRow("empty value") << u"app="_s << Labels{{u"app"_s, QString()}} << true;
        QTest::newRow("empty value in set") << u"app in (,x)"_s << Labels{{u"app"_s, QString()}} << true;
    }

    void matches()
    {
        QFETCH(QString, selector);
        QFETCH(Labels, labels);
        QFETCH(bool, matched);
        const auto parsed = Kube::LabelSelector::parse(selector);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error()));
        QCOMPARE(parsed->matches(labels), matched);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("message");
        QTest::newRow("unclosed set") << u"app in (a"_s << u"unexpected end of the selector, expected ',' or ')'"_s;
        QTest::newRow("set without bracket") << u"app in a"_s << u"found “a”, expected '('"_s;
        QTest::newRow("trailing comma") << u"app=a,"_s << u"unexpected end of the selector, expected a label key"_s;
        QTest::newRow("two values") << u"app=a b"_s << u"found “b”, expected ','"_s;
        QTest::newRow("operator first") << u"=a"_s << u"found “=”, expected a label key"_s;
        QTest::newRow("not with value") << u"!app=a"_s << u"found “=”, expected ','"_s;
        QTest::newRow("bad key") << u"-app=a"_s << QString();
        QTest::newRow("long key") << QString(64, u'k') << QString();
        QTest::newRow("bad value") << u"app=a$"_s << QString();
        QTest::newRow("number expected") << u"tier>high"_s << u"“high” must be an integer to compare with >"_s;
    }

    void refuses()
    {
        QFETCH(QString, selector);
        QFETCH(QString, message);
        const auto parsed = Kube::LabelSelector::parse(selector);
        QVERIFY(!parsed.ok());
        if (!message.isEmpty())
            QCOMPARE(parsed.error(), message);
        else
            QVERIFY(parsed.error().contains(u"not a valid label"_s));
    }

    void fromObject()
    {
        const auto selector = Kube::LabelSelector::fromObject(QJsonDocument::fromJson(R"({
            "matchLabels": {"team": "a"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["1", "2"]},
                {"key": "legacy", "operator": "DoesNotExist"},
                {"key": "owner", "operator": "Exists"},
                {"key": "zone", "operator": "NotIn", "values": ["x"]}]})")
                                                                  .object());
        QVERIFY(selector.ok());
        const QMap<QString, QString> match{{u"team"_s, u"a"_s}, {u"tier"_s, u"2"_s}, {u"owner"_s, u"me"_s}};
        QVERIFY(selector->matches(match));
        QVERIFY(!selector->matches({{u"team"_s, u"a"_s}, {u"tier"_s, u"3"_s}, {u"owner"_s, u"me"_s}}));
        QMap<QString, QString> legacy = match;
        legacy.insert(u"legacy"_s, u"yes"_s);
        QVERIFY(!selector->matches(legacy));
        QMap<QString, QString> zoned = match;
        zoned.insert(u"zone"_s, u"x"_s);
        QVERIFY(!selector->matches(zoned));
        QVERIFY(Kube::LabelSelector::fromObject({})->matches({}));

        const auto badOperator = Kube::LabelSelector::fromObject(
            QJsonDocument::fromJson(R"({"matchExpressions": [{"key": "a", "operator": "Near"}]})").object());
        QCOMPARE(badOperator.error(), u"“Near” is not a label selector operator"_s);
        const auto noValues = Kube::LabelSelector::fromObject(
            QJsonDocument::fromJson(R"({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]})")
                .object());
        QCOMPARE(noValues.error(), u"the In requirement of “a” needs values"_s);
    }
};

QTEST_GUILESS_MAIN(tst_LabelSelector)
#include "tst_labelselector.moc"
