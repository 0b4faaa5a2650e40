// SPDX-License-Identifier: Apache-2.0
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Capstan;

namespace {

QString translate(const char *context, const char *source)
{
    return QCoreApplication::translate(context, source);
}

struct Coverage
{
    int messages = 0;
    QStringList untranslated;
};

Coverage coverage(const QString &tsFile)
{
    Coverage result;
    QFile file(tsFile);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement())
            continue;
        if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            ++result.messages;
            const bool unfinished = xml.attributes().value(QStringLiteral("type")) == u"unfinished";
            if (unfinished || xml.readElementText(QXmlStreamReader::IncludeChildElements).isEmpty())
                result.untranslated.append(source);
        }
    }
    return result;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsTheLocalesTranslation_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<bool>("translated");
        QTest::addColumn<QString>("connected");
        QTest::addRow("German") << QLocale(QLocale::German, QLocale::Germany) << true << QStringLiteral("Verbunden");
        QTest::addRow("Austrian German") << QLocale(QLocale::German, QLocale::Austria) << true
                                         << QStringLiteral("Verbunden");
        QTest::addRow("French") << QLocale(QLocale::French, QLocale::France) << true << QStringLiteral("Connecté");
        QTest::addRow("Canadian French") << QLocale(QLocale::French, QLocale::Canada) << true
                                         << QStringLiteral("Connecté");
        QTest::addRow("English") << QLocale(QLocale::English, QLocale::UnitedStates) << false
                                 << QStringLiteral("Connected");
        QTest::addRow("Japanese falls back to English")
            << QLocale(QLocale::Japanese) << false << QStringLiteral("Connected");
    }

    void loadsTheLocalesTranslation()
    {
        QFETCH(QLocale, locale);
        QFETCH(bool, translated);
        QFETCH(QString, connected);
        QCOMPARE(installTranslations(locale), translated);
        QCOMPARE(translate("Capstan::ServerStatus", "Connected"), connected);
    }

    void followsTheDefaultLocale()
    {
        QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
        QVERIFY(installTranslations(QLocale()));
        QCOMPARE(translate("Capstan::ServerStatus", "Cannot connect"), QStringLiteral("Connexion impossible"));
        QLocale::setDefault(QLocale::c());
        installTranslations(QLocale(QLocale::English));
    }

    // The real program, started in a German or French session.
    void theProgramFollowsTheSystemLocale_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("expected");
        QTest::addRow("de_DE") << QStringLiteral("de_DE.UTF-8")
                               << QStringLiteral("Eine Desktop-GitOps-Konsole für Kubernetes.");
        QTest::addRow("fr_FR") << QStringLiteral("fr_FR.UTF-8")
                               << QStringLiteral("Une console GitOps de bureau pour Kubernetes.");
        QTest::addRow("C") << QStringLiteral("C.UTF-8") << QStringLiteral("A desktop GitOps console for Kubernetes.");
    }

    void theProgramFollowsTheSystemLocale()
    {
        QFETCH(QString, lang);
        QFETCH(QString, expected);
        QProcess capstan;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"LANGUAGE", "LC_MESSAGES", "LC_ALL"})
            environment.remove(QLatin1String(name));
        environment.insert(QStringLiteral("LANG"), lang);
        capstan.setProcessEnvironment(environment);
        capstan.start(QStringLiteral(CAPSTAN_GUI_BINARY), {QStringLiteral("--help")});
        QVERIFY(capstan.waitForFinished(30000));
        const QString help = QString::fromUtf8(capstan.readAllStandardOutput());
        QVERIFY2(help.contains(expected), qPrintable(help));
    }

    // Every string in the sources, as lupdate finds them now, is translated.
    void complete_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addRow("German") << QStringLiteral("de");
        QTest::addRow("French") << QStringLiteral("fr");
    }

    void complete()
    {
        QFETCH(QString, language);
        const QDir source(QStringLiteral(CAPSTAN_SOURCE_DIR));
        const QString committed = source.filePath(QStringLiteral("translations/capstan_%1.ts").arg(language));
        QTemporaryDir work;
        const QString refreshed = work.filePath(QStringLiteral("capstan_%1.ts").arg(language));
        QVERIFY(QFile::copy(committed, refreshed));

        QProcess lupdate;
        lupdate.setWorkingDirectory(source.path());
        lupdate.start(QStringLiteral(CAPSTAN_LUPDATE),
                      {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                       QStringLiteral("none"), QStringLiteral("-extensions"), QStringLiteral("cpp,h,qml"),
                       QStringLiteral("core"), QStringLiteral("server"), QStringLiteral("qml"), QStringLiteral("app"),
                       QStringLiteral("-ts"), refreshed});
        QVERIFY(lupdate.waitForFinished(60000));
        QCOMPARE(lupdate.exitCode(), 0);

        const Coverage now = coverage(refreshed);
        QVERIFY(now.messages > 20);
        QVERIFY2(now.untranslated.isEmpty(),
                 qPrintable(u"untranslated (run the update_translations target, then translate): "
                            + now.untranslated.join(u" | ")));
    }
};

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
