/**
 * The working-day calendar as operated data. The calendar in force is the bundled official years
 * (chinese-days) plus the newest loaded version of each year in calendar_years; it is rebuilt when
 * the table changes (a cheap max(id) read per use, so every app instance behind a load balancer
 * follows a load at once). Loading a year stores the new version with its audit entry in one
 * transaction; the cases service then recomputes every open case computed with other calendar data
 * (their cached state and the due date the applicant's tracking page reads).
 */
import type { WorkCalendar, YearSchedule } from '../../shared/calendar'
import type { Db, Queryable } from '../platform/db'
import type { StaffUser } from '../staff/store'
import { defaultWorkCalendar, scheduleWarnings } from '../../shared/calendar'
import { audit } from '../staff/store'
import { calendarStamp, insertYear, latestSchedules } from './store'

const bundled = defaultWorkCalendar()
// Per database handle (tests open several in one process): the stamp it was built at and the result.
const cache = new WeakMap<object, { stamp: string, calendar: WorkCalendar }>()

/** The calendar in force: bundled years plus the newest loaded version of each year. */
export async function currentCalendar(db: Queryable): Promise<WorkCalendar> {
  const stamp = await calendarStamp(db)
  if (stamp === '0')
    return bundled
  const hit = cache.get(db)
  if (hit && hit.stamp === stamp)
    return hit.calendar
  const calendar = defaultWorkCalendar(await latestSchedules(db))
  cache.set(db, { stamp, calendar })
  return calendar
}

/** What loading a year did. */
export interface LoadYearResult {
  year: number
  version: number
  calendarVersion: string
  /** Open cases recomputed with the new calendar (their tracking due dates included). */
  recomputed: number
  warnings: string[]
}

/**
 * Stores a checked schedule as the year's next version, audited in the same transaction, then has
 * `recompute` bring every open case up to the new calendar.
 */
export async function loadYear(db: Db, s: YearSchedule, actor: StaffUser, ip: string, recompute: () => Promise<number>): Promise<LoadYearResult> {
  const { version, calendarVersion } = await db.transaction(async (tx) => {
    const version = await insertYear(tx, s, actor.id)
    const calendar = defaultWorkCalendar(await latestSchedules(tx))
    await audit(tx, {
      actor,
      action: 'calendar.load',
      targetType: 'calendarYear',
      targetId: String(s.year),
      ip,
      details: { version, source: s.source ?? null, holidays: Object.keys(s.holidays).length, makeUpWorkdays: Object.keys(s.makeUpWorkdays).length, calendarVersion: calendar.version },
    })
    return { version, calendarVersion: calendar.version }
  })
  const recomputed = await recompute()
  return { year: s.year, version, calendarVersion, recomputed, warnings: scheduleWarnings(s) }
}
