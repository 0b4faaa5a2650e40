// SPDX-License-Identifier: Apache-2.0
// Which repositories on this machine a server may read.
#include "source/localrepositories.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan::Source;
using namespace Qt::StringLiterals;

class tst_LocalRepositories : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_root.isValid(), qPrintable(m_root.errorString()));
        for (const char *folder : {"allowed/repo", "allowed/deep/er", "outside/repo"})
            QVERIFY(QDir().mkpath(m_root.filePath(QString::fromLatin1(folder))));
        QVERIFY(QFile::link(m_root.filePath(u"outside"_s), m_root.filePath(u"allowed/escape"_s)));
        QVERIFY(QFile::link(m_root.filePath(u"allowed/repo"_s), m_root.filePath(u"outside/into"_s)));
    }

    void whatIsLocal_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("path");
        QTest::addRow("file URL") << u"file:///srv/git/apps"_s << u"/srv/git/apps"_s;
        QTest::addRow("file URL, upper case") << u"FILE:///srv/git"_s << u"/srv/git"_s;
        QTest::addRow("absolute path") << u"/srv/git/apps"_s << u"/srv/git/apps"_s;
        QTest::addRow("home") << u"~/src/apps"_s << QDir::homePath() + u"/src/apps"_s;
        QTest::addRow("https") << u"https://example.org/apps.git"_s << QString();
        QTest::addRow("ssh") << u"git@example.org:team/apps.git"_s << QString();
        QTest::addRow("relative") << u"apps"_s << QString();
    }

    void whatIsLocal()
    {
        QFETCH(QString, url);
        QFETCH(QString, path);
        QCOMPARE(LocalRepositories::isLocal(url), !path.isEmpty());
        QCOMPARE(LocalRepositories::pathOf(url), path);
    }

    void judgedByWhereItLeads_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<bool>("allowed");
        QTest::addRow("inside") << u"allowed/repo"_s << true;
        QTest::addRow("the folder itself") << u"allowed"_s << true;
        QTest::addRow("deeper, not there yet") << u"allowed/deep/er/new"_s << true;
        QTest::addRow("outside") << u"outside/repo"_s << false;
        QTest::addRow("a sibling's name that starts the same") << u"allowedx"_s << false;
        QTest::addRow("a .. that climbs out") << u"allowed/repo/../../outside/repo"_s << false;
        QTest::addRow("a link out") << u"allowed/escape/repo"_s << false;
        QTest::addRow("a link and a .. after it") << u"allowed/escape/../outside"_s << false;
        QTest::addRow("a link in, from outside") << u"outside/into"_s << true;
        QTest::addRow("a missing folder, then ..") << u"allowed/missing/../../outside"_s << false;
    }

    void judgedByWhereItLeads()
    {
        QFETCH(QString, relative);
        QFETCH(bool, allowed);
        const auto policy = LocalRepositories::within({m_root.filePath(u"allowed"_s)}, u"use the flag"_s);
        const QString path = m_root.path() + u'/' + relative;
        for (const QString &url : QStringList{path, u"file://"_s + path}) {
            const auto checked = policy.check(url);
            QVERIFY2(checked.ok() == allowed, qPrintable(url));
            if (!checked) {
                QCOMPARE(checked.error().reason, SourceError::Reason::NotAllowed);
                QVERIFY(checked.error().message.endsWith(u"; use the flag"_s));
                QVERIFY(checked.error().message.contains(url));
            }
        }
    }

    void noFolderAllowsNone()
    {
        const auto none = LocalRepositories::within({});
        QVERIFY(!none.allowsAny());
        QVERIFY(!none.check(m_root.path()).ok());
        QVERIFY(none.check(u"https://example.org/apps.git"_s).ok());
        QVERIFY(LocalRepositories::any().check(m_root.path()).ok());
        QVERIFY(LocalRepositories::within({u"/"_s}).check(m_root.path()).ok());
    }

private:
    QTemporaryDir m_root;
};

QTEST_GUILESS_MAIN(tst_LocalRepositories)
#include "tst_localrepositories.moc"
