/**
 * The platform office's (政务公开办) overview: per agency, the year's cases, open and overdue ones,
 * and the on-time rate of the answered ones, plus the sum over agencies. Any account may ask; it
 * sees the rows of its own agencies (the platform role and unscoped accounts see every agency).
 */
import type { PlatformOverview, PlatformOverviewRow } from '../../../shared/review/api'
import type { Db } from '../../platform/db'
import type { StaffScope } from '../scope/service'
import type { AgencyCounts } from './store'
import { caseService } from '../cases/service'
import { countsByAgency } from './store'

/** Rows with their on-time rate (null when nothing was answered yet), and the sum over them. */
export function overviewTable(year: number, counts: readonly AgencyCounts[], defaultAgency: string): PlatformOverview {
  const rate = (c: Omit<PlatformOverviewRow, 'onTimeRate' | 'agencyId' | 'name'>) => c.answered ? c.onTime / c.answered : null
  const agencies = counts.map(c => ({ ...c, name: c.name ?? defaultAgency, onTimeRate: rate(c) }))
  const sum = { cases: 0, open: 0, overdue: 0, answered: 0, onTime: 0 }
  for (const c of counts) {
    for (const k of Object.keys(sum) as (keyof typeof sum)[])
      sum[k] += c[k]
  }
  return { year, agencies, total: { ...sum, onTimeRate: rate(sum) } }
}

export function platformService(o: { db: Db, defaultAgency: string }) {
  const cases = caseService({ db: o.db, keys: undefined, defaultAgency: o.defaultAgency })
  async function overview(year: number, scope: StaffScope): Promise<PlatformOverview> {
    await cases.recomputeOpenCases()
    const y = String(year).padStart(4, '0')
    return overviewTable(year, await countsByAgency(o.db, scope, `${y}-01-01`, `${y}-12-31`), o.defaultAgency)
  }
  return { overview }
}
