/** The only SQL on calendar_years (migration 011): loaded year schedules, append-only and versioned. */
import type { YearSchedule } from '../../shared/calendar'
import type { Queryable } from '../platform/db'

/** One loaded version of a year, as listed to staff. */
export interface CalendarYearRow {
  year: number
  version: number
  source: string | null
  loadedBy: string | null
  loadedAt: string
  holidays: number
  makeUpWorkdays: number
}

/** The newest version of every loaded year, ascending by year. */
export async function latestSchedules(db: Queryable): Promise<YearSchedule[]> {
  const { rows } = await db.query<{ schedule: YearSchedule }>(
    'select distinct on (year) schedule from calendar_years order by year, version desc',
  )
  return rows.map(r => r.schedule)
}

/** Changes whenever a schedule is loaded, on any app instance: the cache key of the calendar. */
export async function calendarStamp(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ id: string | number }>('select coalesce(max(id), 0) as id from calendar_years')
  return String(rows[0]?.id ?? 0)
}

/** Every loaded version, newest first. */
export async function listYears(db: Queryable): Promise<CalendarYearRow[]> {
  const { rows } = await db.query<CalendarYearRow & { holidays: number, makeUpWorkdays: number }>(
    `select c.year, c.version, c.source, u.username as "loadedBy",
       to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "loadedAt",
       (select count(*)::int from jsonb_object_keys(c.schedule -> 'holidays')) as holidays,
       (select count(*)::int from jsonb_object_keys(c.schedule -> 'makeUpWorkdays')) as "makeUpWorkdays"
     from calendar_years c left join staff_users u on u.id = c.loaded_by
     order by c.year desc, c.version desc`,
  )
  return rows
}

/** Appends the next version of a year; callers hold a transaction (the audit entry goes with it). */
export async function insertYear(tx: Queryable, s: YearSchedule, loadedBy: string): Promise<number> {
  // Serialise loads of the calendar (two admins loading the same year must get versions n and n+1).
  await tx.query('lock table calendar_years in share row exclusive mode')
  const { rows } = await tx.query<{ version: number }>(
    `insert into calendar_years (year, version, schedule, source, loaded_by)
     select $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4 from calendar_years where year = $1
     returning version`,
    [s.year, JSON.stringify(s), s.source ?? null, loadedBy],
  )
  return rows[0]!.version
}
