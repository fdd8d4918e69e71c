/** Reports on the device: read by live queries, written only by pull sync (src/data/catalog.ts applies them). */
import type { StoredReport } from './db'
import { liveQuery } from 'dexie'
import { getDb } from './db'

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

/** Several reports with their figures, in the order asked (missing ones left out). */
export function watchReportsByIds(ids: readonly string[]) {
  return liveQuery(async () => (await getDb().reports.bulkGet([...ids])).filter((r): r is StoredReport => !!r))
}
