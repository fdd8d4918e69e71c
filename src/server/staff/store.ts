/**
 * Staff accounts, sessions, sign-in failures and the audit log: the only module that writes those
 * tables. Session ids are random 256-bit values; only their SHA-256 is stored.
 */
import type { StaffRole } from '../../shared/review/roles'
import type { Queryable } from '../platform/db'
import { createHash, randomBytes, randomUUID } from 'node:crypto'

export interface StaffUser {
  id: string
  username: string
  displayName: string
  role: StaffRole
  disabled: boolean
  failedCount: number
  lockedUntil: string | null
  createdAt: string
}

interface UserRow extends StaffUser { passwordHash: string }

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
function userCols(t = '') {
  return `${t}id::text as id, ${t}username as username, ${t}display_name as "displayName", ${t}role as role,
  ${t}disabled as disabled, ${t}failed_count as "failedCount", ${ISO(`${t}locked_until`)} as "lockedUntil", ${ISO(`${t}created_at`)} as "createdAt"`
}
const USER_COLS = userCols()

/** User names: letters, digits, dot, dash, underscore; compared case-insensitively via lower(). */
export const USERNAME_RE = /^[\w.-]{2,40}$/

export async function createUser(db: Queryable, u: { username: string, displayName?: string, role: StaffRole, passwordHash: string }): Promise<StaffUser> {
  const { rows } = await db.query<StaffUser>(
    `insert into staff_users (id, username, display_name, role, password_hash) values ($1, lower($2), $3, $4, $5) returning ${USER_COLS}`,
    [randomUUID(), u.username, u.displayName ?? '', u.role, u.passwordHash],
  )
  return rows[0]!
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('select count(*)::int as n from staff_users')).rows[0]!.n
}

export async function listUsers(db: Queryable): Promise<StaffUser[]> {
  return (await db.query<StaffUser>(`select ${USER_COLS} from staff_users order by username`)).rows
}

export async function findUserForSignIn(db: Queryable, username: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLS}, password_hash as "passwordHash" from staff_users where username = lower($1)`, [username])
  return rows[0] ?? null
}

export async function findUser(db: Queryable, id: string): Promise<StaffUser | null> {
  const { rows } = await db.query<StaffUser>(`select ${USER_COLS} from staff_users where id = $1`, [id])
  return rows[0] ?? null
}

export async function updateUser(db: Queryable, id: string, patch: { role?: StaffRole, disabled?: boolean, passwordHash?: string, displayName?: string }): Promise<StaffUser | null> {
  const { rows } = await db.query<StaffUser>(
    `update staff_users set role = coalesce($2, role), disabled = coalesce($3, disabled), password_hash = coalesce($4, password_hash),
       display_name = coalesce($5, display_name),
       failed_count = case when $4::text is null then failed_count else 0 end,
       locked_until = case when $4::text is null then locked_until else null end,
       updated_at = now()
     where id = $1 returning ${USER_COLS}`,
    [id, patch.role ?? null, patch.disabled ?? null, patch.passwordHash ?? null, patch.displayName ?? null],
  )
  return rows[0] ?? null
}

/** Counts a failed password; locks the account for `lockMs` once `max` failures accumulate. */
/** One more failed password for an account (locks it at `max`); per-address counts: session/refusals.ts. */
export async function recordFailure(db: Queryable, userId: string | null, max: number, lockMs: number): Promise<void> {
  if (userId) {
    await db.query(
      `update staff_users set failed_count = failed_count + 1,
         locked_until = case when failed_count + 1 >= $2 then now() + ($3::int * interval '1 millisecond') else locked_until end
       where id = $1`,
      [userId, max, lockMs],
    )
  }
}

export async function clearFailures(db: Queryable, userId: string): Promise<void> {
  await db.query('update staff_users set failed_count = 0, locked_until = null where id = $1', [userId])
}

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url')

export interface StaffSession { user: StaffUser, csrfToken: string, idHash: string }

/** A new session with a fresh id and CSRF token; returns the id for the cookie. */
export async function createSession(db: Queryable, userId: string, ttlMs: number, meta: { ip: string, userAgent: string }): Promise<{ id: string, csrfToken: string }> {
  const id = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(32).toString('base64url')
  await db.query(
    `insert into staff_sessions (id_hash, user_id, csrf_token, ip, user_agent, expires_at) values ($1, $2, $3, $4, $5, now() + ($6::int * interval '1 millisecond'))`,
    [hashId(id), userId, csrfToken, meta.ip, meta.userAgent.slice(0, 300), ttlMs],
  )
  return { id, csrfToken }
}

/**
 * The live session for a cookie value, or null (unknown, expired, idle too long, user disabled).
 * Touches last_seen_at at most once a minute so that reads stay cheap.
 */
export async function findSession(db: Queryable, id: string, idleMs: number): Promise<StaffSession | null> {
  const idHash = hashId(id)
  const { rows } = await db.query<StaffUser & { csrfToken: string, stale: boolean }>(
    `select ${userCols('u.')}, s.csrf_token as "csrfToken",
       s.last_seen_at < now() - interval '1 minute' as stale
     from staff_sessions s join staff_users u on u.id = s.user_id
     where s.id_hash = $1 and s.expires_at > now() and s.last_seen_at > now() - ($2::int * interval '1 millisecond') and not u.disabled`,
    [idHash, idleMs],
  )
  const r = rows[0]
  if (!r)
    return null
  if (r.stale)
    await db.query('update staff_sessions set last_seen_at = now() where id_hash = $1', [idHash])
  const { csrfToken, stale: _stale, ...user } = r
  return { user, csrfToken, idHash }
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query('delete from staff_sessions where id_hash = $1', [hashId(id)])
}

/**
 * The NOTIFY channel that names an account whose sessions ended or whose agencies changed: every
 * instance re-checks that account's open live streams (staff/stream) instead of waiting for the
 * heartbeat or a reconnect. Sent inside the caller's transaction, so it goes out on commit.
 */
export const ACCOUNT_CHANNEL = 'staff_account'

/** Sign-out everywhere: every session of the user. Returns how many ended. */
export async function deleteUserSessions(db: Queryable, userId: string): Promise<number> {
  const n = (await db.query('delete from staff_sessions where user_id = $1', [userId])).affectedRows
  await db.query(`select pg_notify('${ACCOUNT_CHANNEL}', $1)`, [userId])
  return n
}

export interface AuditEntry {
  seq: number
  at: string
  actorId: string | null
  actorUsername: string | null
  actorRole: string | null
  action: string
  targetType: string | null
  targetId: string | null
  ip: string | null
  details: unknown
}

export interface AuditInput {
  actor: Pick<StaffUser, 'id' | 'username' | 'role'> | null
  action: string
  targetType?: string
  targetId?: string
  ip?: string
  details?: unknown
}

/** Appends to the audit log (in the caller's transaction, so a decision and its entry commit together). */
export async function audit(db: Queryable, e: AuditInput): Promise<void> {
  await db.query(
    `insert into audit_log (actor_id, actor_username, actor_role, action, target_type, target_id, ip, details) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.actor?.id ?? null, e.actor?.username ?? null, e.actor?.role ?? null, e.action, e.targetType ?? null, e.targetId ?? null, e.ip ?? null, e.details === undefined ? null : JSON.stringify(e.details)],
  )
}

/** A page of the audit log, newest first; `before` is the last seq of the previous page. */
export async function listAudit(db: Queryable, opts: { before?: number, limit: number, targetId?: string, action?: string }): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditEntry & { seq: string | number }>(
    `select seq, ${ISO('at')} as at, actor_id::text as "actorId", actor_username as "actorUsername", actor_role as "actorRole", action,
       target_type as "targetType", target_id as "targetId", ip, details
     from audit_log
     where ($1::bigint is null or seq < $1) and ($2::text is null or target_id = $2) and ($3::text is null or action = $3)
     order by seq desc limit $4`,
    [opts.before ?? null, opts.targetId ?? null, opts.action ?? null, opts.limit],
  )
  return rows.map(r => ({ ...r, seq: Number(r.seq) }))
}
