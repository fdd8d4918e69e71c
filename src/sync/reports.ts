/**
 * Pull reports: list summaries, fetch the detail of each new or changed one, apply all in one
 * Dexie transaction. Runs at start, when the browser comes back online and on demand.
 */
import type { ReportDetail, ReportSummary } from '~/shared/api'
import { applyReportPull, reportVersions } from '~/data/reports'
import { getJson } from './http'

export interface PullResult { changed: number, removed: number }

export async function pullReports(signal?: AbortSignal): Promise<PullResult> {
  const { reports } = await getJson<{ reports: ReportSummary[] }>('/api/reports', { signal })
  const have = await reportVersions()
  const stale = reports.filter(r => have.get(r.id) !== r.updatedAt)
  const changed: ReportDetail[] = []
  for (const r of stale)
    changed.push(await getJson<ReportDetail>(`/api/reports/${encodeURIComponent(r.id)}`, { signal }))
  const live = new Set(reports.map(r => r.id))
  const removed = [...have.keys()].filter(id => !live.has(id))
  await applyReportPull(changed, removed, new Date().toISOString())
  return { changed: changed.length, removed: removed.length }
}
