// SPDX-License-Identifier: Apache-2.0
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcTranslations, "capstan.translations", QtInfoMsg)

namespace Capstan {

bool installTranslations(const QLocale &locale)
{
    auto *app = QCoreApplication::instance();
    // Replace what an earlier call installed, so the language can change.
    const auto installed = app->findChildren<QTranslator *>(QStringLiteral("capstanTranslator"));
    for (QTranslator *old : installed) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }

    auto *qt = new QTranslator(app);
    qt->setObjectName(QStringLiteral("capstanTranslator"));
    if (qt->load(locale, QStringLiteral("qt"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    // English plural forms under everything: what a language lacks reads as English.
    auto *english = new QTranslator(app);
    english->setObjectName(QStringLiteral("capstanTranslator"));
    if (english->load(QStringLiteral(":/i18n/capstan_en.qm")))
        QCoreApplication::installTranslator(english);
    else
        delete english;

    auto *capstan = new QTranslator(app);
    capstan->setObjectName(QStringLiteral("capstanTranslator"));
    if (locale.language() != QLocale::English
        && capstan->load(locale, QStringLiteral("capstan"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(capstan);
        qCDebug(lcTranslations) << "translation" << capstan->filePath() << "for" << locale.uiLanguages();
        return true;
    }
    delete capstan;
    qCDebug(lcTranslations) << "no translation for" << locale.uiLanguages();
    return false;
}

} // namespace Capstan
