/**
 * The agency directory in the database (table catalog_agencies, widened by migration 009): the only
 * SQL about agencies. Every write logs a 'catalogAgency' change in the same transaction, last, so
 * devices pull the directory with the catalog; a write also links reports that name the agency.
 */
import type { AgencyInput } from '../../shared/agencies/input'
import type { Agency } from '../../shared/agencies/types'
import type { Db, Queryable } from '../platform/db'

/** Agency columns as the API and pull sync send them (alias `a`). */
export const AGENCY_COLS = `a.id, a.name, a.short_name as "shortName", a.org_code as "orgCode", a.credit_code as "creditCode",
  a.level, a.region, a.parent_id as "parentId", a.office_name as "officeName", a.office_address as "officeAddress",
  a.office_phone as "officePhone", a.office_hours as "officeHours", a.guide, a.active,
  to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"`

export async function listAgencies(db: Queryable): Promise<Agency[]> {
  return (await db.query<Agency>(`select ${AGENCY_COLS} from catalog_agencies a order by a.id`)).rows
}

export async function getAgency(db: Queryable, id: string): Promise<Agency | null> {
  return (await db.query<Agency>(`select ${AGENCY_COLS} from catalog_agencies a where a.id = $1`, [id])).rows[0] ?? null
}

/** Which of `ids` exist (for parent checks of a whole import at once). */
export async function existingAgencyIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (!ids.length)
    return new Set()
  const { rows } = await db.query<{ id: string }>('select id from catalog_agencies where id = any($1::text[])', [ids])
  return new Set(rows.map(r => r.id))
}

/**
 * Writes agencies whole, in one transaction. Parents are set in a second pass so that a file may
 * list a department before its government. `also` runs in the same transaction (the audit entry,
 * so an edit and its record commit together). Returns nothing: the caller re-reads what it shows.
 */
export async function saveAgencies(db: Db, agencies: AgencyInput[], also?: (tx: Queryable) => Promise<void>): Promise<void> {
  if (!agencies.length && !also)
    return
  await db.transaction(async (tx) => {
    await also?.(tx)
    if (!agencies.length)
      return
    for (const a of agencies) {
      await tx.query(
        `insert into catalog_agencies (id, name, short_name, org_code, credit_code, level, region, office_name,
           office_address, office_phone, office_hours, guide, active)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (id) do update set name = excluded.name, short_name = excluded.short_name,
           org_code = excluded.org_code, credit_code = excluded.credit_code, level = excluded.level,
           region = excluded.region, office_name = excluded.office_name, office_address = excluded.office_address,
           office_phone = excluded.office_phone, office_hours = excluded.office_hours, guide = excluded.guide,
           active = excluded.active, updated_at = now()`,
        [a.id, a.name, a.shortName, a.orgCode, a.creditCode, a.level, a.region, a.officeName, a.officeAddress, a.officePhone, a.officeHours, a.guide, a.active],
      )
    }
    await tx.query(
      `update catalog_agencies a set parent_id = p.parent from unnest($1::text[], $2::text[]) as p(id, parent)
       where a.id = p.id and a.parent_id is distinct from p.parent`,
      [agencies.map(a => a.id), agencies.map(a => a.parentId)],
    )
    const linked = await linkReports(tx)
    await tx.query(`insert into change_log (entity, entity_id, op) select 'catalogAgency', unnest($1::text[]), 'put'`, [agencies.map(a => a.id)])
    if (linked.length)
      await tx.query(`insert into change_log (entity, entity_id, op) select 'report', unnest($1::text[]), 'put'`, [linked])
  })
}

/**
 * Links reports that have no agency yet to the agency their text names (full or short name).
 * Returns the ids of the reports it linked (the caller logs them for devices).
 */
export async function linkReports(tx: Queryable): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `update reports r set agency_id = (select a.id from catalog_agencies a where a.name = r.agency or a.short_name = r.agency order by (a.name = r.agency) desc, a.id limit 1)
     where r.agency_id is null and exists (select 1 from catalog_agencies a where a.name = r.agency or a.short_name = r.agency)
     returning r.id`,
  )
  return rows.map(r => r.id)
}

/** Links reports not linked yet to the given agencies (the seed's report → agency links); logs what it changed. */
export async function setReportAgencies(db: Db, links: { reportId: string, agencyId: string }[]): Promise<number> {
  if (!links.length)
    return 0
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `update reports r set agency_id = l.agency from unnest($1::text[], $2::text[]) as l(report, agency)
       where r.id = l.report and r.agency_id is null
         and exists (select 1 from catalog_agencies a where a.id = l.agency)
       returning r.id`,
      [links.map(l => l.reportId), links.map(l => l.agencyId)],
    )
    if (rows.length)
      await tx.query(`insert into change_log (entity, entity_id, op) select 'report', unnest($1::text[]), 'put'`, [rows.map(r => r.id)])
    return rows.length
  })
}

/** An agency an application may be addressed to: it exists and is active. */
export async function activeAgency(db: Queryable, id: string): Promise<{ id: string, name: string } | null> {
  const { rows } = await db.query<{ id: string, name: string }>('select id, name from catalog_agencies where id = $1 and active', [id])
  return rows[0] ?? null
}

/** Which of `ids` are agencies that take applications (a kiosk's hall agencies must be). */
export async function activeAgencyIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (!ids.length)
    return new Set()
  const { rows } = await db.query<{ id: string }>('select id from catalog_agencies where id = any($1::text[]) and active', [ids])
  return new Set(rows.map(r => r.id))
}

/** The name a receipt and the tracking page print for an application's agency (inactive ones too). */
export async function agencyRef(db: Queryable, id: string): Promise<{ id: string, name: string } | null> {
  const { rows } = await db.query<{ id: string, name: string }>('select id, name from catalog_agencies where id = $1', [id])
  return rows[0] ?? null
}
