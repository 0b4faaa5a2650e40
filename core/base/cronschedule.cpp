// SPDX-License-Identifier: Apache-2.0
#include "cronschedule.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::CronSchedule)
};

struct FieldSpec
{
    const char *name;
    int minimum;
    int maximum;
    QStringList names; // index 0 is `minimum`
};

/// Reads one field into @p bits; sets @p star when it starts with `*` or `?`.
template<size_t N>
Result<void> parseField(const QString &text, const FieldSpec &spec, std::bitset<N> &bits, bool &star)
{
    const auto value = [&](const QString &token) -> std::optional<int> {
        bool ok = false;
        const int number = token.toInt(&ok);
        if (ok)
            return number;
        const qsizetype index = spec.names.indexOf(token.toUpper());
        if (index >= 0)
            return spec.minimum + int(index);
        return std::nullopt;
    };
    const auto invalid = [&](const QString &why) {
        return Failure(Tr::tr("the %1 field '%2' is not valid: %3").arg(QString::fromLatin1(spec.name), text, why));
    };
    star = text.startsWith(u'*') || text.startsWith(u'?');
    for (const QString &part : text.split(u',')) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(u'/'); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step <= 0)
                return invalid(Tr::tr("the step must be a positive number"));
            range = part.left(slash);
        }
        int low = 0;
        int high = 0;
        if (range == u"*" || range == u"?") {
            low = spec.minimum;
            high = spec.maximum;
        } else if (const qsizetype dash = range.indexOf(u'-'); dash > 0) {
            const auto first = value(range.left(dash));
            const auto last = value(range.mid(dash + 1));
            if (!first || !last)
                return invalid(Tr::tr("'%1' is not a range").arg(range));
            low = *first;
            high = *last;
        } else {
            const auto single = value(range);
            if (!single)
                return invalid(Tr::tr("'%1' is not a number").arg(range));
            low = *single;
            // robfig/cron: "n/step" runs from n to the end of the field.
            high = part.contains(u'/') ? spec.maximum : *single;
        }
        if (low < spec.minimum || high > spec.maximum)
            return invalid(Tr::tr("values run from %1 to %2").arg(spec.minimum).arg(spec.maximum));
        if (low > high)
            return invalid(Tr::tr("the range %1 runs backwards").arg(range));
        for (int v = low; v <= high; v += step)
            bits.set(size_t(v));
    }
    return {};
}

} // namespace

Result<CronSchedule> CronSchedule::parse(const QString &expression)
{
    const QStringList fields = expression.simplified().split(u' ', Qt::SkipEmptyParts);
    if (fields.size() != 5)
        return Failure(Tr::tr("the schedule '%1' needs five fields (minute, hour, day of month, month, day of "
                              "week); it has %2")
                           .arg(expression)
                           .arg(fields.size()));
    static const FieldSpec minute{"minute", 0, 59, {}};
    static const FieldSpec hour{"hour", 0, 23, {}};
    static const FieldSpec dayOfMonth{"day-of-month", 1, 31, {}};
    static const FieldSpec month{"month",
                                 1,
                                 12,
                                 {u"JAN"_s, u"FEB"_s, u"MAR"_s, u"APR"_s, u"MAY"_s, u"JUN"_s, u"JUL"_s, u"AUG"_s,
                                  u"SEP"_s, u"OCT"_s, u"NOV"_s, u"DEC"_s}};
    static const FieldSpec dayOfWeek{
        "day-of-week", 0, 6, {u"SUN"_s, u"MON"_s, u"TUE"_s, u"WED"_s, u"THU"_s, u"FRI"_s, u"SAT"_s}};
    CronSchedule schedule;
    bool ignored = false;
    if (auto r = parseField(fields.at(0), minute, schedule.m_minutes, ignored); !r)
        return Failure(r.error());
    if (auto r = parseField(fields.at(1), hour, schedule.m_hours, ignored); !r)
        return Failure(r.error());
    if (auto r = parseField(fields.at(2), dayOfMonth, schedule.m_daysOfMonth, schedule.m_dayOfMonthStar); !r)
        return Failure(r.error());
    if (auto r = parseField(fields.at(3), month, schedule.m_months, ignored); !r)
        return Failure(r.error());
    if (auto r = parseField(fields.at(4), dayOfWeek, schedule.m_daysOfWeek, schedule.m_dayOfWeekStar); !r)
        return Failure(r.error());
    return schedule;
}

bool CronSchedule::matchesDay(const QDate &date) const
{
    if (!m_months.test(size_t(date.month())))
        return false;
    const bool dom = m_daysOfMonth.test(size_t(date.day()));
    const bool dow = m_daysOfWeek.test(size_t(date.dayOfWeek() % 7));
    // robfig/cron's dayMatches: either restricted field may match when both are.
    if (m_dayOfMonthStar || m_dayOfWeekStar)
        return dom && dow;
    return dom || dow;
}

bool CronSchedule::matches(const QDateTime &local) const
{
    const QTime time = local.time();
    return matchesDay(local.date()) && m_hours.test(size_t(time.hour())) && m_minutes.test(size_t(time.minute()));
}

QDateTime CronSchedule::next(const QDateTime &after, const QTimeZone &zone) const
{
    const QDateTime local = after.toTimeZone(zone);
    // The first whole minute after `after`.
    QDateTime start(local.date(), QTime(local.time().hour(), local.time().minute()), zone);
    start = start.addSecs(60);
    QDate date = start.date();
    const QDate limit = date.addYears(5);
    for (bool firstDay = true; date <= limit; date = date.addDays(1), firstDay = false) {
        if (!matchesDay(date))
            continue;
        for (int h = firstDay ? start.time().hour() : 0; h < 24; ++h) {
            if (!m_hours.test(size_t(h)))
                continue;
            const bool firstHour = firstDay && h == start.time().hour();
            for (int m = firstHour ? start.time().minute() : 0; m < 60; ++m) {
                if (!m_minutes.test(size_t(m)))
                    continue;
                const QDateTime candidate(date, QTime(h, m), zone);
                // A wall-clock time a DST change skips is moved forward by
                // QDateTime; it still has to come after `after`.
                if (candidate > after)
                    return candidate;
            }
        }
    }
    return {};
}

} // namespace Capstan
