import type { FlaggedReceipt, KioskInfo } from '../../shared/kiosk'
/** Kiosks in the database: the only module with their SQL (and the flagged-receipt query). */
import type { Queryable } from '../platform/db'
import type { StaffScope } from '../staff/scope/service'
import { scopeSql } from '../staff/scope/service'

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const INFO = `id::text as id, name, hall, agencies, created_by_username as "createdBy", ${ISO('created_at')} as "createdAt",
  ${ISO('enrolled_at')} as "enrolledAt", ${ISO('revoked_at')} as "revokedAt", revoked_by_username as "revokedBy",
  ${ISO('last_contact_at')} as "lastContactAt", ${ISO('code_expires_at')} as "codeExpiresAt",
  case when revoked_at is not null then 'revoked' when enrolled_at is not null then 'enrolled'
       when code_expires_at > $NOW then 'pending' else 'expired' end as state`

/** A kiosk row with what the service needs to judge a signature and a claim. */
export interface KioskRow extends KioskInfo {
  publicKey: JsonWebKey | null
}

function info(now: Date): string {
  return INFO.replace('$NOW', `'${now.toISOString()}'::timestamptz`)
}

export async function insertKiosk(db: Queryable, k: { id: string, name: string, hall: string, agencies: string[], createdBy: { id: string, username: string }, codeHash: string, codeExpiresAt: Date, now: Date }): Promise<KioskInfo> {
  const { rows } = await db.query<KioskInfo>(
    `insert into kiosks (id, name, hall, agencies, created_by, created_by_username, created_at, code_hash, code_expires_at)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9) returning ${info(k.now)}`,
    [k.id, k.name, k.hall, JSON.stringify(k.agencies), k.createdBy.id, k.createdBy.username, k.now.toISOString(), k.codeHash, k.codeExpiresAt.toISOString()],
  )
  return rows[0]!
}

/** Kiosks, newest first; with `agencies`, only those set to at least one of them (a supervisor's own). */
export async function listKiosks(db: Queryable, now: Date, agencies: string[] | null = null): Promise<KioskInfo[]> {
  const { rows } = await db.query<KioskInfo>(`select ${info(now)} from kiosks where ($1::text[] is null or agencies ?| $1::text[]) order by created_at desc, id limit 500`, [agencies])
  return rows
}

export async function findKiosk(db: Queryable, id: string, now: Date): Promise<KioskRow | null> {
  const { rows } = await db.query<KioskRow>(`select ${info(now)}, public_key as "publicKey" from kiosks where id = $1`, [id])
  return rows[0] ?? null
}

/**
 * Uses a one-time code: registers the key on the pending kiosk whose code it is, if the code has not
 * expired. The code hash is cleared in the same statement, so a code enrols exactly one device even
 * when two devices race with it.
 */
export async function enrolWithCode(db: Queryable, codeHash: string, publicKey: JsonWebKey, now: Date): Promise<KioskRow | null> {
  const { rows } = await db.query<KioskRow>(
    `update kiosks set public_key = $2::jsonb, enrolled_at = $3, last_contact_at = $3, code_hash = null, code_expires_at = null
     where code_hash = $1 and code_expires_at > $3 and revoked_at is null and enrolled_at is null
     returning ${info(now)}, public_key as "publicKey"`,
    [codeHash, JSON.stringify(publicKey), now.toISOString()],
  )
  return rows[0] ?? null
}

export async function revokeKiosk(db: Queryable, id: string, by: string, now: Date): Promise<KioskInfo | null> {
  const { rows } = await db.query<KioskInfo>(
    `update kiosks set revoked_at = coalesce(revoked_at, $2), revoked_by_username = coalesce(revoked_by_username, $3),
       code_hash = null where id = $1 returning ${info(now)}`,
    [id, now.toISOString(), by],
  )
  return rows[0] ?? null
}

/** Replaces a kiosk's agencies (in order: the first is its default). */
export async function setKioskAgencies(db: Queryable, id: string, agencies: string[], now: Date): Promise<KioskInfo | null> {
  const { rows } = await db.query<KioskInfo>(`update kiosks set agencies = $2::jsonb where id = $1 returning ${info(now)}`, [id, JSON.stringify(agencies)])
  return rows[0] ?? null
}

/** Records a confirmed contact (only ever moves forward). */
export async function touchKiosk(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(`update kiosks set last_contact_at = greatest(coalesce(last_contact_at, $2), $2) where id = $1`, [id, now.toISOString()])
}

/** Applications whose claimed in-person time was not believed, newest first. */
export async function listFlagged(db: Queryable, limit: number, scope: StaffScope = { agencies: null, defaultAgencyId: null }): Promise<FlaggedReceipt[]> {
  const sc = scopeSql(scope, 2, 'a')
  const { rows } = await db.query<FlaggedReceipt>(
    `select a.id::text as id, a.tracking_code as "trackingCode", a.kiosk_id::text as "kioskId", k.name as "kioskName",
       ${ISO('a.claimed_submitted_at')} as "claimedSubmittedAt", ${ISO('a.server_received_at')} as "serverReceivedAt",
       to_char(a.received_on, 'YYYY-MM-DD') as "receivedOn", a.receipt_flag as flag
     from applications a left join kiosks k on k.id = a.kiosk_id
     where a.receipt_flag is not null and ${sc.sql} order by a.server_received_at desc limit $1`,
    [limit, ...sc.params],
  )
  return rows
}

const CLAIM_SETTING = 'kioskClaimMaxDays'

export async function readClaimMaxDays(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ value: unknown }>(`select value from staff_settings where key = $1`, [CLAIM_SETTING])
  const v = rows[0]?.value
  return typeof v === 'number' && Number.isInteger(v) ? v : null
}

export async function writeClaimMaxDays(db: Queryable, days: number): Promise<void> {
  await db.query(
    `insert into staff_settings (key, value) values ($1, $2::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [CLAIM_SETTING, JSON.stringify(days)],
  )
}
