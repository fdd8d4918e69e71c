/**
 * The agency directory on the device: the `catalogAgencies` table pull sync fills (every field of
 * the directory since migration 009), read live so agency pages and the apply form's picker work
 * offline and follow the next sync.
 */
import type { StoredAgency, StoredReport } from './db'
import { liveQuery } from 'dexie'
import { getDb } from './db'

/** Live list of every agency on the device (inactive ones too: old applications name them). */
export function watchAgencies() {
  return liveQuery(() => getDb().catalogAgencies.toArray())
}

/** One agency and its annual reports (newest year first), live. */
export function watchAgencyPage(id: string) {
  return liveQuery(async (): Promise<{ agency: StoredAgency | undefined, reports: StoredReport[] }> => {
    const db = getDb()
    const agency = await db.catalogAgencies.get(id)
    // A report names its agency by id once linked; one still unlinked is matched by name. A few
    // reports per agency on a device: the table scan is cheaper than an index every write keeps.
    const reports = agency
      ? await db.reports.filter(r => r.agencyId === id || (!r.agencyId && (r.agency === agency.name || (!!agency.shortName && r.agency === agency.shortName)))).toArray()
      : []
    reports.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || (a.id < b.id ? -1 : 1))
    return { agency, reports }
  })
}
