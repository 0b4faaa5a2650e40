// SPDX-License-Identifier: Apache-2.0
#include "api/versionmessage.h"
#include "base/buildinfo.h"
#include "support/argocdapi.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

class tst_VersionMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thisBuild()
    {
        const VersionMessage v = VersionMessage::forThisBuild();
        QVERIFY(v.version.startsWith(u'v' + BuildInfo::version()));
        QCOMPARE(v.buildDate, BuildInfo::buildDate());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"))
                    .match(v.buildDate)
                    .hasMatch());
        QVERIFY(QRegularExpression(QStringLiteral("^linux/(amd64|arm64|386|arm|.+)$")).match(v.platform).hasMatch());
        QVERIFY(v.compiler.startsWith(u"gcc ") || v.compiler.startsWith(u"clang "));
        QVERIFY(v.jsonnetVersion.startsWith(u'v'));
        QVERIFY(v.extraBuildInfo.contains(QString::fromLatin1(qVersion())));
        QVERIFY(v.goVersion.isEmpty()); // Capstan is not written in Go
        if (!v.gitCommit.isEmpty()) {
            QCOMPARE(v.gitCommit.size(), 40);
            QVERIFY(v.version.endsWith(u'+' + v.gitCommit.left(7)));
            QVERIFY(v.gitTreeState == u"clean" || v.gitTreeState == u"dirty");
        }
    }

    void emptyFieldsAreLeftOut()
    {
        VersionMessage v;
        v.version = QStringLiteral("v1.2.3");
        v.platform = QStringLiteral("linux/amd64");
        const QJsonObject json = v.toJson();
        QCOMPARE(json.keys(), (QStringList{QStringLiteral("Platform"), QStringLiteral("Version")}));
        QCOMPARE(json.value(u"Version").toString(), QStringLiteral("v1.2.3"));
    }

    void publicSubsetHasOnlyTheVersion()
    {
        const QJsonObject json = VersionMessage::forThisBuild().publicSubset().toJson();
        QCOMPARE(json.keys(), QStringList{QStringLiteral("Version")});
    }

    void roundTrip()
    {
        const VersionMessage v = VersionMessage::forThisBuild();
        const Result<VersionMessage> back = VersionMessage::fromJson(v.toJson());
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error()));
        QCOMPARE(*back, v);
    }

    void fromJsonRejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::addRow("no version") << QByteArray(R"({"Platform":"linux/amd64"})") << QStringLiteral("\"Version\"");
        QTest::addRow("empty object") << QByteArray("{}") << QStringLiteral("\"Version\"");
        QTest::addRow("version not a string") << QByteArray(R"({"Version":3})") << QStringLiteral("\"Version\"");
        QTest::addRow("other field not a string")
            << QByteArray(R"({"Version":"v1","BuildDate":[]})") << QStringLiteral("\"BuildDate\"");
    }

    void fromJsonRejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const Result<VersionMessage> v = VersionMessage::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!v.ok());
        QVERIFY2(v.error().contains(error), qPrintable(v.error()));
    }

    void fromJsonReadsArgoCd()
    {
        // What Argo CD 2.x answers to a logged-in client.
        const QByteArray json = R"({"Version":"v2.13.1+af54ef8","BuildDate":"2024-11-20T15:56:46Z",
            "GitCommit":"af54ef8db5adfa77a08d4d05b1e2b1d6e0a0b1c2","GitTreeState":"clean",
            "GoVersion":"go1.23.1","Compiler":"gc","Platform":"linux/amd64",
            "KustomizeVersion":"v5.4.3 2024-07-19T16:40:33Z","HelmVersion":"v3.15.4+gfa9efb0",
            "KubectlVersion":"v0.31.0","JsonnetVersion":"v0.20.0"})";
        const Result<VersionMessage> v = VersionMessage::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(v.ok());
        QCOMPARE(v->version, QStringLiteral("v2.13.1+af54ef8"));
        QCOMPARE(v->goVersion, QStringLiteral("go1.23.1"));
        QCOMPARE(v->helmVersion, QStringLiteral("v3.15.4+gfa9efb0"));
        QVERIFY(v->extraBuildInfo.isEmpty());
    }

    void fieldsAreArgoCdsFields()
    {
        const auto api = Capstan::Tests::ArgoCdApi::load();
        QVERIFY2(api.isValid(), qPrintable(u"cannot read "_s + api.fileName()));
        const QJsonObject properties = api.definition(u"versionVersionMessage"_s).value(u"properties").toObject();
        QVERIFY(!properties.isEmpty());

        // Fill every field, so that toJson() names them all.
        VersionMessage all;
        for (QString *field : {&all.version, &all.buildDate, &all.gitCommit, &all.gitTag, &all.gitTreeState,
                               &all.goVersion, &all.compiler, &all.platform, &all.kustomizeVersion, &all.helmVersion,
                               &all.kubectlVersion, &all.jsonnetVersion, &all.extraBuildInfo})
            *field = QStringLiteral("x");
        QStringList ours = all.toJson().keys();
        QStringList theirs = properties.keys();
        ours.sort();
        theirs.sort();
        QCOMPARE(ours, theirs);
    }
};

QTEST_GUILESS_MAIN(tst_VersionMessage)
#include "tst_versionmessage.moc"
