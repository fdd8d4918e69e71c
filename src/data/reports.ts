/** Reports on the device: read by live queries, written only by sync. */
import type { StoredReport } from './db'
import type { ReportDetail } from '~/shared/api'
import { liveQuery } from 'dexie'
import { getDb, setMeta } from './db'
import { STORAGE } from './keys'

export type ReportListItem = Omit<StoredReport, 'body'>

/** Live list of reports, newest year first; re-emits whenever sync writes. */
export function watchReports() {
  return liveQuery(async () => {
    const all = await getDb().reports.toArray()
    return all
      .map(({ body: _body, ...rest }) => rest as ReportListItem)
      .sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.id.localeCompare(b.id))
  })
}

export function watchReport(id: string) {
  return liveQuery(() => getDb().reports.get(id))
}

/** Versions the device holds, to ask the server only for what changed. */
export async function reportVersions(): Promise<Map<string, string>> {
  const rows = await getDb().reports.toArray()
  return new Map(rows.map(r => [r.id, r.updatedAt]))
}

/** Applies one pull in a single transaction: new and changed reports in, removed ones out. */
export async function applyReportPull(changed: ReportDetail[], removedIds: string[], syncedAt: string): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.reports, db.meta, async () => {
    if (changed.length)
      await db.reports.bulkPut(changed.map(r => ({ ...r, fetchedAt: syncedAt })))
    if (removedIds.length)
      await db.reports.bulkDelete(removedIds)
    await setMeta(STORAGE.meta.reportsSyncedAt, syncedAt)
  })
}
