/**
 * The per-code budget of wrong phone-digit guesses (table tracking_guesses, migration 014). The four
 * digits are a small secret: per-address limits alone fall to an attacker who rotates addresses, so
 * each tracking code also has a budget shared by every address and instance. Past it, looking that
 * code up by phone digits pauses until its window ends; the device that submitted still sees its
 * status through its token. Unknown codes are counted too, so a pause says nothing about whether a
 * code exists.
 */
import type { Queryable } from '../platform/db'

export interface GuessBudget {
  /** Wrong guesses allowed per code per window. */
  failures: number
  windowSec: number
}

export const DEFAULT_GUESS_BUDGET: GuessBudget = { failures: 10, windowSec: 24 * 3600 }

/** Seconds until phone-digit lookups of `code` may resume, or 0 when they may go ahead. */
export async function guessPause(db: Queryable, code: string): Promise<number> {
  const { rows } = await db.query<{ s: number }>(
    `select ceil(extract(epoch from locked_until - now()))::int as s from tracking_guesses where tracking_code = $1 and locked_until > now()`,
    [code],
  )
  return rows[0]?.s ?? 0
}

/** Counts one wrong guess; resolves with the pause now in force (0 while budget remains). */
export async function recordWrongGuess(db: Queryable, code: string, budget: GuessBudget): Promise<number> {
  const { rows } = await db.query<{ s: number | null }>(
    `insert into tracking_guesses as g (tracking_code, window_start, failures) values ($1, now(), 1)
     on conflict (tracking_code) do update set
       window_start = case when g.window_start <= now() - make_interval(secs => $2) then now() else g.window_start end,
       failures = case when g.window_start <= now() - make_interval(secs => $2) then 1 else g.failures + 1 end,
       locked_until = case
         when g.window_start > now() - make_interval(secs => $2) and g.failures + 1 >= $3 then g.window_start + make_interval(secs => $2)
         else g.locked_until end
     returning ceil(extract(epoch from locked_until - now()))::int as s`,
    [code, budget.windowSec, budget.failures],
  )
  // A window that ended long ago is forgotten now and then, so the table stays small.
  if (Math.random() < 0.01)
    await db.query(`delete from tracking_guesses where window_start < now() - make_interval(secs => $1 * 2)`, [budget.windowSec])
  return Math.max(0, rows[0]?.s ?? 0)
}
