/** China's working-day calendar: date strings, year schedules as data, working-day counting. */
import type { WorkCalendar, YearSchedule } from './calendar'
import { createWorkCalendar } from './calendar'
import { chineseDaysSchedules } from './chinese-days'

export * from './calendar'
export { chineseDaysSchedules } from './chinese-days'
export * from './date'
export { lunarToSolar, solarTermDate } from './lunar'
export { parseScheduleCsv } from './schedule-csv'

/** The bundled calendar (chinese-days, 2004–2026) plus any extra year schedules, later ones winning. */
export function defaultWorkCalendar(extra: readonly YearSchedule[] = []): WorkCalendar {
  return createWorkCalendar([...chineseDaysSchedules(), ...extra])
}
export { scheduleWarnings, statutoryHolidays } from './statutory'
export * from './workdays'
