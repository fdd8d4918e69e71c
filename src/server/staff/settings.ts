/**
 * Clock settings the regulation leaves open (REGULATION.md marks them UNVERIFIED), stored so an
 * agency can set them once; every deadline is recomputed from events with the current values.
 */
import type { ClockSettings } from '../../shared/clock'
import type { Queryable } from '../platform/db'

/** The settings an admin may change. */
export type StaffSettings = Pick<ClockSettings, 'feeNoticePausesClock' | 'dayOfReceiptCounted' | 'amendmentReplyWorkingDays'>

const KEYS = ['feeNoticePausesClock', 'dayOfReceiptCounted', 'amendmentReplyWorkingDays'] as const

/** Stored overrides only; the clock fills the rest from its defaults. */
export async function readSettings(db: Queryable): Promise<Partial<StaffSettings>> {
  const { rows } = await db.query<{ key: string, value: unknown }>('select key, value from staff_settings')
  const out: Record<string, unknown> = {}
  for (const r of rows) {
    if ((KEYS as readonly string[]).includes(r.key))
      out[r.key] = r.value
  }
  return out as Partial<StaffSettings>
}

export async function writeSettings(db: Queryable, patch: Record<string, unknown>): Promise<Partial<StaffSettings>> {
  for (const k of KEYS) {
    if (patch[k] !== undefined) {
      await db.query(
        `insert into staff_settings (key, value) values ($1, $2::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [k, JSON.stringify(patch[k])],
      )
    }
  }
  return readSettings(db)
}
