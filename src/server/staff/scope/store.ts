/** Which agencies a staff account works for (staff_user_agencies, migration 018): the only SQL of staff scoping. */
import type { Queryable } from '../../platform/db'
import { ACCOUNT_CHANNEL } from '../store'

/** The agency ids of one account, sorted (empty: the account is not limited to agencies). */
export async function userAgencyIds(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select agency_id as id from staff_user_agencies where user_id = $1 order by agency_id', [userId])
  return rows.map(r => r.id)
}

/** Agency ids of many accounts at once (the accounts list). */
export async function agencyIdsByUser(db: Queryable): Promise<Map<string, string[]>> {
  const { rows } = await db.query<{ userId: string, id: string }>('select user_id::text as "userId", agency_id as id from staff_user_agencies order by user_id, agency_id')
  const out = new Map<string, string[]>()
  for (const r of rows)
    out.set(r.userId, [...(out.get(r.userId) ?? []), r.id])
  return out
}

/** Replaces an account's agencies; call inside the transaction that audits the change (the NOTIFY goes out on commit). */
export async function replaceUserAgencies(tx: Queryable, userId: string, agencyIds: string[]): Promise<void> {
  await tx.query('delete from staff_user_agencies where user_id = $1', [userId])
  for (const id of new Set(agencyIds))
    await tx.query('insert into staff_user_agencies (user_id, agency_id) values ($1, $2)', [userId, id])
  await tx.query(`select pg_notify('${ACCOUNT_CHANNEL}', $1)`, [userId])
}

/** The directory id of the deployment's default agency (`defaultAgency` is a name or short name), or null. */
export async function agencyIdByName(db: Queryable, name: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('select id from catalog_agencies where name = $1 or short_name = $1 order by (name = $1) desc, id limit 1', [name])
  return rows[0]?.id ?? null
}

/** The agency an application is addressed to (null when it has none or does not exist: `exists` tells). */
export async function applicationAgency(db: Queryable, id: string): Promise<{ exists: boolean, agencyId: string | null }> {
  const { rows } = await db.query<{ agencyId: string | null }>('select agency_id as "agencyId" from applications where id = $1', [id])
  return rows[0] ? { exists: true, agencyId: rows[0].agencyId } : { exists: false, agencyId: null }
}
