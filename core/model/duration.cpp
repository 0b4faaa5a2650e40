// SPDX-License-Identifier: Apache-2.0
#include "duration.h"

#include <cmath>

namespace Capstan::Model {

std::optional<std::chrono::milliseconds> parseDuration(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool plain = false;
    const qint64 seconds = trimmed.toLongLong(&plain);
    if (plain)
        return seconds < 0 ? std::nullopt : std::optional(std::chrono::milliseconds(seconds * 1000));

    double total = 0;
    qsizetype i = 0;
    while (i < trimmed.size()) {
        const qsizetype numberStart = i;
        while (i < trimmed.size() && (trimmed.at(i).isDigit() || trimmed.at(i) == u'.'))
            ++i;
        if (i == numberStart)
            return std::nullopt;
        bool ok = false;
        const double number = QStringView(trimmed).mid(numberStart, i - numberStart).toDouble(&ok);
        if (!ok)
            return std::nullopt;
        const qsizetype unitStart = i;
        while (i < trimmed.size() && trimmed.at(i).isLetter())
            ++i;
        const QStringView unit = QStringView(trimmed).mid(unitStart, i - unitStart);
        double factor = 0;
        if (unit == u"h")
            factor = 3'600'000;
        else if (unit == u"m")
            factor = 60'000;
        else if (unit == u"s")
            factor = 1000;
        else if (unit == u"ms")
            factor = 1;
        else if (unit == u"us" || unit == u"\u00b5s")
            factor = 0.001;
        else if (unit == u"ns")
            factor = 0.000001;
        else
            return std::nullopt;
        total += number * factor;
    }
    return std::chrono::milliseconds(static_cast<qint64>(std::llround(total)));
}

} // namespace Capstan::Model
