// The table 政府信息公开行政复议、行政诉讼情况 from recorded reconsiderations and lawsuits. A record counts in
// the year it was filed; its result is taken as it stood on 31 December (concluded later → 尚未审结).
// The template does not say which cases a year's table covers; this is the reading that makes each
// case appear exactly once across years and keeps 尚未审结 meaningful.
import type { DateString } from '../calendar'
import { isDateString } from '../calendar'

/** The three groups of the table. */
export const APPEAL_KINDS = {
  reconsideration: { zh: '行政复议', en: 'Administrative reconsideration' },
  lawsuitDirect: { zh: '行政诉讼（未经复议直接起诉）', en: 'Lawsuit without prior reconsideration' },
  lawsuitAfterReconsideration: { zh: '行政诉讼（复议后起诉）', en: 'Lawsuit after reconsideration' },
} as const
/** A group key. */
export type AppealKind = keyof typeof APPEAL_KINDS

/** The columns within each group. */
export const APPEAL_RESULTS = {
  upheld: { zh: '结果维持', en: 'Upheld' },
  corrected: { zh: '结果纠正', en: 'Corrected' },
  other: { zh: '其他结果', en: 'Other result' },
  pending: { zh: '尚未审结', en: 'Pending' },
  total: { zh: '总计', en: 'Total' },
} as const
/** A column key within a group. */
export type AppealColumn = keyof typeof APPEAL_RESULTS

/** One reconsideration or lawsuit about a disclosure decision. */
export interface AppealRecord {
  id?: string
  agencyId?: string
  kind: AppealKind
  filedDate: DateString
  /** Null while undecided. */
  result: 'upheld' | 'corrected' | 'other' | null
  concludedDate: DateString | null
}

/** The table for one agency and year. */
export interface AppealTable {
  year: number
  agency: string
  groups: Record<AppealKind, Record<AppealColumn, number>>
  problems: { recordId: string | null, message: string, messageEn: string }[]
}

function zeros(): Record<AppealColumn, number> {
  return { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 }
}

/** Builds 政府信息公开行政复议、行政诉讼情况 for a year. */
export function buildAppealTable(records: readonly AppealRecord[], options: { year: number, agency: string, agencyId?: string }): AppealTable {
  const { year, agency } = options
  const prefix = `${String(year).padStart(4, '0')}-`
  const last = `${prefix}12-31`
  const groups = { reconsideration: zeros(), lawsuitDirect: zeros(), lawsuitAfterReconsideration: zeros() }
  const problems: AppealTable['problems'] = []
  for (const r of records) {
    if (options.agencyId !== undefined && r.agencyId !== undefined && r.agencyId !== options.agencyId)
      continue
    if (!Object.hasOwn(APPEAL_KINDS, r.kind) || !isDateString(r.filedDate) || (r.concludedDate !== null && !isDateString(r.concludedDate))) {
      problems.push({ recordId: r.id ?? null, message: '复议或诉讼记录无效，未计入。', messageEn: 'Invalid reconsideration or lawsuit record; not counted.' })
      continue
    }
    if (!r.filedDate.startsWith(prefix))
      continue
    const g = groups[r.kind]
    const concluded = r.concludedDate !== null && r.concludedDate <= last
    if (concluded && r.result === null)
      problems.push({ recordId: r.id ?? null, message: '已审结但未记录结果，按尚未审结计入。', messageEn: 'Concluded without a result; counted as pending.' })
    g[concluded && r.result !== null ? r.result : 'pending']++
    g.total++
  }
  return { year, agency, groups, problems }
}
