// SPDX-License-Identifier: Apache-2.0
// YAML and JSON manifests into objects, with kubectl's scalar rules.
#include "base/glob.h"
#include "source/manifests/manifestparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Capstan::Source;
using namespace Qt::StringLiterals;

class tst_ManifestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scalars_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QJsonValue>("expected");
        QTest::addRow("string") << QByteArray("hello") << QJsonValue(u"hello"_s);
        QTest::addRow("quoted number") << QByteArray("\"42\"") << QJsonValue(u"42"_s);
        QTest::addRow("single-quoted bool") << QByteArray("'true'") << QJsonValue(u"true"_s);
        QTest::addRow("int") << QByteArray("42") << QJsonValue(42);
        QTest::addRow("negative int") << QByteArray("-7") << QJsonValue(-7);
        QTest::addRow("hex") << QByteArray("0x1F") << QJsonValue(31);
        QTest::addRow("octal, YAML 1.1") << QByteArray("0755") << QJsonValue(493);
        QTest::addRow("octal, 0o") << QByteArray("0o17") << QJsonValue(15);
        QTest::addRow("binary") << QByteArray("0b101") << QJsonValue(5);
        QTest::addRow("underscores") << QByteArray("1_000") << QJsonValue(1000);
        QTest::addRow("big int") << QByteArray("9007199254740993") << QJsonValue(qint64(9007199254740993LL));
        QTest::addRow("float") << QByteArray("1.50") << QJsonValue(1.5);
        QTest::addRow("exponent") << QByteArray("1e3") << QJsonValue(1000.0);
        QTest::addRow("version-like string") << QByteArray("1.2.3") << QJsonValue(u"1.2.3"_s);
        QTest::addRow("true") << QByteArray("true") << QJsonValue(true);
        QTest::addRow("yes, YAML 1.1") << QByteArray("yes") << QJsonValue(true);
        QTest::addRow("Off, YAML 1.1") << QByteArray("Off") << QJsonValue(false);
        QTest::addRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
        QTest::addRow("tilde") << QByteArray("~") << QJsonValue(QJsonValue::Null);
        QTest::addRow("empty") << QByteArray("") << QJsonValue(QJsonValue::Null);
        QTest::addRow("explicit string tag") << QByteArray("!!str 12") << QJsonValue(u"12"_s);
        QTest::addRow("colon inside") << QByteArray("\"a: b\"") << QJsonValue(u"a: b"_s);
        QTest::addRow("timestamp stays text") << QByteArray("2026-01-02") << QJsonValue(u"2026-01-02"_s);
        QTest::addRow("inf is text") << QByteArray(".inf") << QJsonValue(u".inf"_s);
    }
    void scalars()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QJsonValue, expected);
        const auto parsed = ManifestParser::parse("apiVersion: v1\nkind: X\nvalue: " + yaml + "\n", u"f.yaml"_s,
                                                  ManifestParser::Format::Yaml);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
        QCOMPARE(parsed->first().value(u"value"), expected);
    }

    void documentsAndLists()
    {
        const auto parsed = ManifestParser::parse("---\n# only a comment\n---\napiVersion: v1\nkind: A\n---\n\n---\n"
                                                  "apiVersion: v1\nkind: ConfigMapList\nitems:\n"
                                                  "- {apiVersion: v1, kind: B}\n- {apiVersion: v1, kind: C}\n",
                                                  u"f.yaml"_s, ManifestParser::Format::Yaml);
        QVERIFY(parsed);
        QStringList kinds;
        for (const QJsonObject &o : *parsed)
            kinds.append(o.value(u"kind").toString());
        QCOMPARE(kinds, (QStringList{u"A"_s, u"B"_s, u"C"_s}));
    }

    void keysAreStrings()
    {
        const auto parsed = ManifestParser::parse("apiVersion: v1\nkind: X\ndata:\n  true: a\n  1: b\n  on: c\n",
                                                  u"f.yaml"_s, ManifestParser::Format::Yaml);
        QVERIFY(parsed);
        const QJsonObject data = parsed->first().value(u"data").toObject();
        QCOMPARE(data.keys(), (QStringList{u"1"_s, u"true"_s}));
        QCOMPARE(data.value(u"true").toString(), u"c"_s); // "on" is true too; the later key wins
    }

    void jsonArrays()
    {
        const auto parsed
            = ManifestParser::parse(R"([{"apiVersion": "v1", "kind": "A"}, {"apiVersion": "v1", "kind": "B"}])",
                                    u"f.json"_s, ManifestParser::Format::Json);
        QVERIFY(parsed);
        QCOMPARE(parsed->size(), 2);
    }

    void globs_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("matches");
        QTest::addRow("star crosses folders") << u"*.yaml"_s << u"a/b/c.yaml"_s << true;
        QTest::addRow("star") << u"*.yaml"_s << u"c.yml"_s << false;
        QTest::addRow("alternatives") << u"{*.yaml,*.json}"_s << u"x.json"_s << true;
        QTest::addRow("nested alternatives") << u"{a/{b,c}/*,d}"_s << u"a/c/x"_s << true;
        QTest::addRow("question mark") << u"v?.yaml"_s << u"v1.yaml"_s << true;
        QTest::addRow("class") << u"[ab].yaml"_s << u"b.yaml"_s << true;
        QTest::addRow("negated class") << u"[!ab].yaml"_s << u"b.yaml"_s << false;
        QTest::addRow("escaped star") << u"a\\*.yaml"_s << u"ab.yaml"_s << false;
        QTest::addRow("dots are literal") << u"a.yaml"_s << u"aXyaml"_s << false;
        QTest::addRow("whole path") << u"prod"_s << u"prod/x.yaml"_s << false;
    }
    void globs()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, path);
        QFETCH(bool, matches);
        const Capstan::Glob glob(pattern);
        QVERIFY(glob.isValid());
        QCOMPARE(glob.matches(path), matches);
    }

    void jsonToYamlRoundTrips()
    {
        const QJsonObject object
            = QJsonDocument::fromJson(
                  "{"
                  "\"status\": {\"phase\": \"Running\"},"
                  "\"spec\": {\"replicas\": 2, \"paused\": false, \"ratio\": 0.5, \"items\": [], \"labels\": {},"
                  "\"strings\": [\"true\", \"0755\", \"1e3\", \"null\", \"~\", \"yes\", \"plain\", \"\"],"
                  "\"script\": \"line one\\nline two\\n\"},"
                  "\"metadata\": {\"name\": \"web\", \"annotations\": {\"note\": \"a: b # c\"}},"
                  "\"kind\": \"ConfigMap\", \"apiVersion\": \"v1\"}")
                  .object();
        const QString yaml = Capstan::Source::ManifestParser::jsonToYaml(object);
        QVERIFY2(yaml.startsWith(u"apiVersion: v1\nkind: ConfigMap\nmetadata:"_s), qPrintable(yaml));
        QVERIFY(yaml.trimmed().endsWith(u"phase: Running"_s));
        const auto parsed = Capstan::Source::ManifestParser::yamlToJson(yaml.toUtf8(), u"round-trip"_s);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->toObject(), object);
    }

    void invalidGlob() { QVERIFY(!Capstan::Glob(u"{unclosed"_s).isValid()); }
};

QTEST_GUILESS_MAIN(tst_ManifestParser)
#include "tst_manifestparser.moc"
