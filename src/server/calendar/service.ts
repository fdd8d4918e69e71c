/**
 * The working-day calendar as operated data. The calendar in force is the bundled official years
 * (chinese-days) plus the newest loaded version of each year in calendar_years; it is rebuilt when
 * the table changes (a cheap max(id) read per use, so every app instance behind a load balancer
 * follows a load at once). Loading a year is one transaction: the new version, its audit entry, and
 * every open case's applicant-visible due date recomputed with the new calendar.
 */
import type { WorkCalendar, YearSchedule } from '../../shared/calendar'
import type { Db, Queryable } from '../db'
import type { StaffUser } from '../staff/store'
import { chinaDate, defaultWorkCalendar, scheduleWarnings } from '../../shared/calendar'
import { caseView, loadApplications, loadEvents } from '../staff/cases'
import { readSettings } from '../staff/settings'
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
  /** Open cases whose tracking record was recomputed, and how many of them got a new due date. */
  recomputed: number
  changed: number
  warnings: string[]
}

/** Stores a checked schedule as the year's next version and recomputes every open case, in one transaction. */
export async function loadYear(db: Db, s: YearSchedule, actor: StaffUser, ip: string): Promise<LoadYearResult> {
  return db.transaction(async (tx) => {
    const version = await insertYear(tx, s, actor.id)
    const calendar = defaultWorkCalendar(await latestSchedules(tx))
    const settings = await readSettings(tx)
    const apps = await loadApplications(tx)
    const events = await loadEvents(tx)
    const { rows: stored } = await tx.query<{ id: string, due: string | null, provisional: boolean }>(
      `select id::text as id, to_char(due_date, 'YYYY-MM-DD') as due, due_date_provisional as provisional from applications where status <> 'answered'`,
    )
    const before = new Map(stored.map(r => [r.id, r]))
    const today = chinaDate(Date.now())
    let recomputed = 0
    let changed = 0
    for (const app of apps) {
      const old = before.get(app.id)
      if (!old)
        continue
      const { clock } = caseView(app, events.get(app.id) ?? [], { calendar, today, settings, defaultAgency: '' })
      if (clock.state === 'answered' || clock.dueDate === null)
        continue
      recomputed++
      if (clock.dueDate === old.due && clock.dueDateProvisional === old.provisional)
        continue
      changed++
      await tx.query('update applications set due_date = $2, due_date_provisional = $3 where id = $1', [app.id, clock.dueDate, clock.dueDateProvisional])
      await tx.query(`insert into change_log (entity, entity_id, op) values ('application', $1, 'put')`, [app.id])
      await tx.query(`select pg_notify('applications', $1)`, [app.id])
    }
    const warnings = scheduleWarnings(s)
    await audit(tx, {
      actor,
      action: 'calendar.load',
      targetType: 'calendarYear',
      targetId: String(s.year),
      ip,
      details: { version, source: s.source ?? null, holidays: Object.keys(s.holidays).length, makeUpWorkdays: Object.keys(s.makeUpWorkdays).length, recomputed, changed, calendarVersion: calendar.version },
    })
    return { year: s.year, version, calendarVersion: calendar.version, recomputed, changed, warnings }
  })
}
