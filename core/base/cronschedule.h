// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QDateTime>
#include <QTimeZone>

#include <bitset>

namespace Capstan {

/// A standard five-field cron schedule ("minute hour day-of-month month
/// day-of-week"), read as robfig/cron's standard parser reads it, which is what
/// Argo CD's sync windows use: `*` and `?`, lists, ranges, `/step`, month
/// names (JAN…DEC) and day names (SUN…SAT), and the classic day rule: when
/// both day fields are restricted a time matches either of them.
class CronSchedule
{
public:
    static Result<CronSchedule> parse(const QString &expression);

    /// The first scheduled minute strictly after @p after, in @p zone's wall
    /// clock; an invalid QDateTime if none comes within five years.
    QDateTime next(const QDateTime &after, const QTimeZone &zone) const;
    bool matches(const QDateTime &local) const;

private:
    bool matchesDay(const QDate &date) const;

    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_daysOfMonth;
    std::bitset<13> m_months;
    std::bitset<7> m_daysOfWeek;
    bool m_dayOfMonthStar = false;
    bool m_dayOfWeekStar = false;
};

} // namespace Capstan
