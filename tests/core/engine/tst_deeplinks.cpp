// SPDX-License-Identifier: Apache-2.0
// Argo CD's deep links: argocd-cm's link lists, their URL templates and conditions.
#include "engine/deeplinks.h"

#include <QJsonDocument>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject objects()
{
    return QJsonDocument::fromJson(R"({
        "app": {"metadata": {"name": "guestbook", "labels": {"team": "web", "app.kubernetes.io/part-of": "shop"}},
                "spec": {"project": "default", "destination": {"namespace": "prod", "server": "https://k"}}},
        "cluster": {"name": "in-cluster", "server": "https://k"},
        "project": {"metadata": {"name": "default"}}
    })")
        .object();
}

// Outside the class: moc misreads "//" in raw strings there.
const QByteArray twoLinks = R"(
- url: https://logs.example.com/?ns={{.app.spec.destination.namespace}}
  title: Logs
  description: The namespace's logs
  icon.class: fa-book
  if: app.spec.project == "default"
- url: https://wiki.example.com
  title: Wiki
)";

} // namespace

class tst_DeepLinks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse()
    {
        const auto links = Engine::parseDeepLinks(twoLinks);
        QVERIFY2(links.ok(), links.ok() ? "" : qPrintable(links.error()));
        QCOMPARE(links->size(), 2);
        QCOMPARE(links->at(0).iconClass, u"fa-book"_s);
        QCOMPARE(links->at(0).condition, u"app.spec.project == \"default\""_s);
        QVERIFY(Engine::parseDeepLinks("").ok());
        QVERIFY(!Engine::parseDeepLinks("title: x").ok());
        QVERIFY(!Engine::parseDeepLinks("- title: no url").ok());
    }

    void templates_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"https://x"_s << u"https://x"_s;
        QTest::newRow("fields") << u"https://x/{{.app.metadata.name}}/{{ .cluster.name }}"_s
                                << u"https://x/guestbook/in-cluster"_s;
        QTest::newRow("index") << u"https://x/{{index .app.metadata.labels \"app.kubernetes.io/part-of\"}}"_s
                               << u"https://x/shop"_s;
        QTest::newRow("missing field") << u"https://x/{{.app.metadata.nope}}"_s << u"https://x/<no value>"_s;
        QTest::newRow("unsupported") << u"https://x/{{ .app.metadata.name | upper }}"_s << QString();
    }
    void templates()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QStringList problems;
        const auto links = Engine::evaluateDeepLinks({{u"L"_s, url, {}, {}, {}}}, objects(), &problems);
        if (expected.isEmpty()) {
            QVERIFY(links.isEmpty());
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.first().contains(u"not supported"_s), qPrintable(problems.first()));
        } else {
            QCOMPARE(links.size(), 1);
            QCOMPARE(links.first().url, expected);
        }
    }

    void conditions_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<int>("result"); // 1 shown, 0 hidden, -1 an error
        QTest::newRow("equal") << u"app.spec.destination.namespace == \"prod\""_s << 1;
        QTest::newRow("not equal") << u"app.spec.destination.namespace != 'prod'"_s << 0;
        QTest::newRow("label by key") << u"app.metadata.labels[\"team\"] == \"web\""_s << 1;
        QTest::newRow("and, or, not") << u"(cluster.name == \"x\" || project.metadata.name == \"default\") && !false"_s
                                      << 1;
        QTest::newRow("words") << u"not (cluster.name == 'x') and true"_s << 1;
        QTest::newRow("in a list") << u"app.spec.destination.namespace in [\"dev\", \"prod\"]"_s << 1;
        QTest::newRow("startsWith") << u"app.metadata.name startsWith \"guest\""_s << 1;
        QTest::newRow("contains") << u"cluster.server contains \"nope\""_s << 0;
        QTest::newRow("missing is nil") << u"app.metadata.missing == nil"_s << 1;
        QTest::newRow("not a boolean") << u"app.metadata.name"_s << -1;
        QTest::newRow("unclosed") << u"(true"_s << -1;
        QTest::newRow("trailing") << u"true false"_s << -1;
    }
    void conditions()
    {
        QFETCH(QString, condition);
        QFETCH(int, result);
        QStringList problems;
        const auto links
            = Engine::evaluateDeepLinks({{u"L"_s, u"https://x"_s, {}, {}, condition}}, objects(), &problems);
        QCOMPARE(links.size(), result == 1 ? 1 : 0);
        QCOMPARE(problems.size(), result == -1 ? 1 : 0);
    }
};

QTEST_GUILESS_MAIN(tst_DeepLinks)
#include "tst_deeplinks.moc"
