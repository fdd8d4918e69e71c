/**
 * Refused sign-ins, aggregated (issue 15): an attacker guessing passwords used to write one audit
 * row per try, hundreds a second of attacker-chosen text into an append-only table. Now each try
 * adds one to a counter per address and window (signin_refusals, migration 014), and the audit log
 * gets one `signIn.refused` row per address and window, with the count, the kinds of refusal and the
 * last user name tried, written once the window has closed (by whichever instance signs someone in
 * or reads the audit log next; UPDATE … RETURNING makes exactly one of them write it).
 * The per-address lock-out reads the same counters, so it too is shared by every instance.
 */
import type { Db, Queryable } from '../../platform/db'

export type RefusalKind = 'failed' | 'locked' | 'address'

/** Counts one refused attempt from `ip` in the current window. */
export async function countRefusal(db: Queryable, ip: string, username: string, kind: RefusalKind, windowMs: number): Promise<void> {
  await db.query(
    `insert into signin_refusals as r (ip, window_start, attempts, last_username, kinds)
     values ($1, to_timestamp(floor(extract(epoch from now()) * 1000 / $2) * $2 / 1000.0), 1, $3, $4::jsonb)
     on conflict (ip, window_start) do update set attempts = r.attempts + 1, last_username = excluded.last_username,
       kinds = r.kinds || jsonb_build_object($5::text, coalesce((r.kinds ->> $5::text)::int, 0) + 1)`,
    [ip, windowMs, username.slice(0, 80), JSON.stringify({ [kind]: 1 }), kind],
  )
}

/** Refused attempts from `ip` in the windows that overlap the last `spanMs`. */
export async function recentRefusals(db: Queryable, ip: string, spanMs: number, windowMs: number): Promise<number> {
  return (await db.query<{ n: number }>(
    `select coalesce(sum(attempts), 0)::int as n from signin_refusals
     where ip = $1 and window_start > now() - (($2::bigint + $3::bigint) * interval '1 millisecond')`,
    [ip, spanMs, windowMs],
  )).rows[0]!.n
}

/** Writes the audit row of every closed window not yet audited; resolves with how many. */
export async function auditClosedWindows(db: Db, windowMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ ip: string, window_start: string, attempts: number, last_username: string | null, kinds: Record<string, number> }>(
      `update signin_refusals set audited = true
       where not audited and window_start + ($1::int * interval '1 millisecond') <= now()
       returning ip, to_char(window_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as window_start, attempts, last_username, kinds`,
      [windowMs],
    )
    for (const r of rows) {
      await tx.query(
        `insert into audit_log (action, ip, details) values ('signIn.refused', $1, $2)`,
        [r.ip, JSON.stringify({ windowStart: r.window_start, windowMinutes: windowMs / 60_000, attempts: r.attempts, kinds: r.kinds, lastUsername: r.last_username })],
      )
    }
    // Counters long past every lock-out window are no longer needed.
    await tx.query(`delete from signin_refusals where audited and window_start < now() - interval '2 days'`)
    return rows.length
  })
}
