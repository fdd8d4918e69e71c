import type { YearSchedule } from './calendar'
import type { DateString } from './date'
// The bundled official schedules 2004–2026, read from the `chinese-days` package's data file rather than
// through its date functions, which parse dates in the host's time zone. Its entries look like
// "Spring Festival,春节,4"; we keep the Chinese name.
import data from 'chinese-days/dist/chinese-days.json'
import { isDateString, yearOf } from './date'

function holidayName(raw: string): string {
  const parts = raw.split(',')
  return (parts[1] ?? parts[0] ?? '').trim()
}

/** The year schedules shipped in `chinese-days`, one per year, ascending. */
export function chineseDaysSchedules(): YearSchedule[] {
  const years = new Map<number, { holidays: Record<DateString, string>, makeUpWorkdays: Record<DateString, string> }>()
  const slot = (date: DateString) => {
    const y = yearOf(date)
    let s = years.get(y)
    if (!s) {
      s = { holidays: {}, makeUpWorkdays: {} }
      years.set(y, s)
    }
    return s
  }
  for (const [date, raw] of Object.entries(data.holidays as Record<string, string>)) {
    if (isDateString(date))
      slot(date).holidays[date] = holidayName(raw)
  }
  for (const [date, raw] of Object.entries(data.workdays as Record<string, string>)) {
    if (isDateString(date))
      slot(date).makeUpWorkdays[date] = holidayName(raw)
  }
  return [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, s]) => ({ year, ...s, source: 'chinese-days' }))
}
