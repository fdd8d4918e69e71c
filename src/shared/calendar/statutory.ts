// The rest days a year is known to have before the State Council publishes its schedule: the
// statutory holidays of 《全国年节及纪念日放假办法》 in the revision in force that year. The yearly
// notice only adds bridging days and the make-up working days (调休补班) that pay for them, and moves
// nothing the 办法 fixes, so a year without a published schedule skips these days and is still
// marked provisional. Lunar dates and 清明 are computed (./lunar).
import type { DateString } from './date'
import { addDays, weekday } from './date'
import { lunarToSolar, solarTermDate } from './lunar'

const pad = (n: number) => String(n).padStart(2, '0')
const fixed = (year: number, month: number, day: number): DateString => `${year}-${pad(month)}-${pad(day)}`

function run(out: Record<DateString, string>, first: DateString, days: number, name: string): void {
  for (let i = 0; i < days; i++)
    out[addDays(first, i)] = name
}

/**
 * The statutory rest days of `year`, date → holiday name, by the revision in force that year:
 * 1999 (春节 3 days, 劳动节 and 国庆 3 days), 2007 (清明, 端午, 中秋 added; 除夕 to 初二), 2013
 * (春节 初一 to 初三), 2024 (in force 2025-01-01: 春节 除夕 to 初三, 劳动节 2 days).
 */
export function statutoryHolidays(year: number): Record<DateString, string> {
  const out: Record<DateString, string> = {}
  if (!Number.isInteger(year) || year < 2000 || year > 2199)
    return out
  const newYear = lunarToSolar(year, 1, 1)
  out[fixed(year, 1, 1)] = '元旦'
  if (year >= 2025)
    run(out, addDays(newYear, -1), 4, '春节')
  else if (year >= 2014)
    run(out, newYear, 3, '春节')
  else if (year >= 2008)
    run(out, addDays(newYear, -1), 3, '春节')
  else
    run(out, newYear, 3, '春节')
  if (year >= 2008) {
    out[solarTermDate(year, 15)] = '清明节'
    out[lunarToSolar(year, 5, 5)] = '端午节'
  }
  run(out, fixed(year, 5, 1), year >= 2025 ? 2 : year >= 2008 ? 1 : 3, '劳动节')
  if (year >= 2008)
    out[lunarToSolar(year, 8, 15)] = '中秋节'
  run(out, fixed(year, 10, 1), 3, '国庆节')
  return out
}

/**
 * Plausibility notes on a schedule an operator loads (not errors: the State Council decides): the
 * statutory rest days on Monday–Friday that it does not list, and make-up working days that are not
 * on a weekend. A schedule typed for the wrong year shows up here at once.
 */
export function scheduleWarnings(s: { year: number, holidays: Readonly<Record<DateString, string>>, makeUpWorkdays: Readonly<Record<DateString, string>> }): string[] {
  const out: string[] = []
  for (const [date, name] of Object.entries(statutoryHolidays(s.year))) {
    const wd = weekday(date)
    if (wd !== 0 && wd !== 6 && !Object.hasOwn(s.holidays, date))
      out.push(`${date} ${name}: a statutory rest day is not listed as a rest day`)
  }
  for (const date of Object.keys(s.makeUpWorkdays)) {
    const wd = weekday(date)
    if (wd !== 0 && wd !== 6)
      out.push(`${date}: a make-up working day on a weekday`)
  }
  return out.sort()
}
