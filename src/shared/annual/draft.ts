// An annual report draft (政府信息公开工作年度报告) for one agency and year, written from the
// platform's own records: the six sections' prose, the four tables, the report figures under
// METRICS.md keys and, for every figure, the records behind it. Pure: the server builds the
// inputs, the staff pages show the same structure.
import type { AppealColumn, AppealKind, AppealRecord, AppealTable, ColumnCounts, RequestTable, StatCase } from '../statistics'
import type { ProactiveEntry, ProactiveTable } from './proactive'
import { OUTCOME_GROUPS } from '../outcomes'
import { APPEAL_KINDS, buildAppealTable, buildRequestTable, TABLE_COLUMNS, tableFigures } from '../statistics'
import { buildProactiveTable, PROACTIVE_ROW_ORDER } from './proactive'

/** The six sections of the template, in order. */
export const ANNUAL_SECTIONS = {
  overview: { number: '一', zh: '总体情况', en: 'Overview' },
  proactive: { number: '二', zh: '主动公开政府信息情况', en: 'Proactive disclosure' },
  requests: { number: '三', zh: '收到和处理政府信息公开申请情况', en: 'Applications received and handled' },
  appeals: { number: '四', zh: '政府信息公开行政复议、行政诉讼情况', en: 'Reconsiderations and lawsuits' },
  problems: { number: '五', zh: '存在的主要问题及改进情况', en: 'Main problems and improvements' },
  other: { number: '六', zh: '其他需要报告的事项', en: 'Other matters to report' },
} as const
/** A section key. */
export type AnnualSection = keyof typeof ANNUAL_SECTIONS
/** Section keys in printed order. */
export const ANNUAL_SECTION_KEYS = Object.keys(ANNUAL_SECTIONS) as AnnualSection[]

/** Which national template a year's report uses: 2019 (国办公开办函〔2019〕60号) for 2019–2020, else 2021. */
export function templateFor(year: number): '2019' | '2021' {
  return year <= 2020 ? '2019' : '2021'
}

/** The four tables and the two amounts of a draft. */
export interface AnnualTables {
  requests: RequestTable
  appeals: AppealTable
  proactive: ProactiveTable
  /** Information-processing fees charged (国办函〔2020〕109号), yuan, from the casework. */
  feesChargedYuan: number
  /** 行政事业性收费 本年收费金额 (万元): staff enter it, the catalog does not hold money. */
  adminFeesWan: number
}

/** The records behind one figure or cell. */
export interface FigureSources { applications?: string[], catalog?: string[], appeals?: string[] }

/** What the generator reads. */
export interface AnnualInputs {
  agency: string
  agencyId: string
  year: number
  cases: readonly StatCase[]
  appeals: readonly AppealRecord[]
  catalog: readonly ProactiveEntry[]
  fees: { totalYuan: number, applicationIds: string[] }
  adminFeesWan?: number
}

/** The review table's columns as the importer names them in figure keys. */
const REVIEW_KEY: Record<AppealColumn, string> = { upheld: 'upheld', corrected: 'corrected', other: 'otherResult', pending: 'pending', total: 'total' }
const REVIEW_PREFIX: Record<AppealKind, string> = { reconsideration: 'review', lawsuitDirect: 'litigation.direct', lawsuitAfterReconsideration: 'litigation.afterReview' }

// Sub-reasons METRICS.md has no key for, under the names the importer gives them when it reads a
// template table (src/shared/importer/tables.ts): included so a reimport compares every cell.
const SUB_REASON_KEYS: Readonly<Record<string, string>> = {
  'unable.notHeld': 'unable.notHeld',
  'unable.needsCreation': 'unable.needsCreation',
  'unable.stillUnclear': 'unable.unclear',
  'notProcessed.complaint': 'notProcessed.complaint',
  'notProcessed.duplicate': 'notProcessed.duplicate',
  'notProcessed.publication': 'notProcessed.publication',
  'notProcessed.massRepeated': 'notProcessed.excessive',
  'notProcessed.confirmOrReissue': 'notProcessed.confirm',
  'other.amendmentOverdue': 'other.noAmendment',
  'other.feeUnpaid': 'other.unpaidFee',
  'other.other': 'other.other',
}

/** Figures under METRICS.md keys (and the importer's review-table and sub-reason keys) from the tables. */
export function annualFigures(t: AnnualTables): Record<string, number> {
  const out = tableFigures(t.requests, t.appeals)
  for (const row of t.requests.rows) {
    const key = SUB_REASON_KEYS[row.def.id]
    if (key && row.values) {
      for (const col of TABLE_COLUMNS)
        out[`requests.outcome.${key}${col === 'total' ? '' : `@${col}`}`] = row.values[col]
    }
  }
  for (const kind of Object.keys(APPEAL_KINDS) as AppealKind[]) {
    for (const col of Object.keys(REVIEW_KEY) as AppealColumn[])
      out[`${REVIEW_PREFIX[kind]}.${REVIEW_KEY[col]}`] = t.appeals.groups[kind][col]
  }
  const nd = t.proactive.normativeDocs
  // the importer reads 制发 (2021) or 新公开 (2019) as "issued or disclosed in the year"
  out['proactive.normativeDocs'] = (nd.made ?? nd.published)!.count
  out['fees.total'] = t.feesChargedYuan
  return out
}

/** Which figure keys one case feeds: the generator's own table built over that case alone. */
function caseKeys(c: StatCase, year: number, layout: '2019' | '2021'): string[] {
  const t = buildRequestTable([c], { year, agency: '', layout })
  const f = tableFigures(t)
  return Object.keys(f).filter(k => f[k]! > 0)
}

/** Generates the tables, figures, sources and the drafted 一、总体情况 for an agency and year. */
export function generateAnnual(i: AnnualInputs) {
  const template = templateFor(i.year)
  const cases = i.cases.filter(c => c.agencyId === undefined || c.agencyId === i.agency)
  const requests = buildRequestTable(cases, { year: i.year, agency: i.agency, layout: template })
  const appeals = buildAppealTable(i.appeals, { year: i.year, agency: i.agency, agencyId: i.agency })
  const proactive = buildProactiveTable(i.catalog, i.year, template)
  const tables: AnnualTables = { requests, appeals, proactive, feesChargedYuan: i.fees.totalYuan, adminFeesWan: i.adminFeesWan ?? 0 }
  const figures = annualFigures(tables)

  // Sources: each case and appeal is counted by the same table code over it alone, so the lists
  // can never disagree with the counts.
  const sources: Record<string, FigureSources> = {}
  const add = (key: string, kind: keyof FigureSources, id: string) => {
    const s = (sources[key] ??= {})
    ;(s[kind] ??= []).push(id)
  }
  for (const c of cases) {
    if (c.id)
      caseKeys(c, i.year, template).forEach(k => add(k, 'applications', c.id!))
  }
  for (const r of i.appeals) {
    if (!r.id)
      continue
    const one = annualFigures({ ...tables, requests: buildRequestTable([], { year: i.year, agency: '' }), appeals: buildAppealTable([r], { year: i.year, agency: i.agency, agencyId: i.agency }) })
    for (const [k, v] of Object.entries(one)) {
      if (v > 0 && (k.startsWith('review.') || k.startsWith('litigation.')))
        add(k, 'appeals', r.id)
    }
  }
  for (const row of PROACTIVE_ROW_ORDER) {
    for (const [col, cell] of Object.entries(proactive[row]))
      cell.ids.forEach(id => add(`proactive.${row}.${col}`, 'catalog', id))
  }
  sources['proactive.normativeDocs'] = { catalog: [...(proactive.normativeDocs.made ?? proactive.normativeDocs.published)!.ids] }
  if (i.fees.applicationIds.length)
    sources['fees.total'] = { applications: [...i.fees.applicationIds] }

  return { template, tables, figures, sources, overview: draftOverview(i.agency, i.year, tables) }
}

const n = (c: ColumnCounts | null | undefined) => c?.total ?? 0

/** 一、总体情况 drafted from the figures; staff edit it freely (the publish check keeps it honest). */
export function draftOverview(agency: string, year: number, t: AnnualTables): string {
  const row = (id: string) => t.requests.rows.find(r => r.def.id === id)?.values
  const p = t.proactive
  const made = (r: keyof ProactiveTable) => (p[r].made ?? p[r].published)!.count
  const g = t.requests.groupTotals
  const appeals = t.appeals.groups
  const lawsuits = appeals.lawsuitDirect.total + appeals.lawsuitAfterReconsideration.total
  const outcomes = (Object.keys(OUTCOME_GROUPS) as (keyof typeof OUTCOME_GROUPS)[])
    .filter(k => g[k].total > 0)
    .map(k => `${OUTCOME_GROUPS[k].short.zh}${g[k].total}件`)
  return [
    `${year}年，${agency}认真贯彻落实《中华人民共和国政府信息公开条例》，依托政府信息公开平台办理公开工作。`,
    `主动公开方面，本年制发行政规范性文件${made('normativeDocs')}件、规章${made('rules')}件，公开行政许可决定${made('licensing')}件、行政处罚决定${made('penalty')}件、行政强制决定${made('enforcement')}件。`,
    // 结转 stands in its own sentence: after a 其中-list the importer would read it as one more part.
    `依申请公开方面，全年新收政府信息公开申请${n(row('received'))}件，上年结转${n(row('carriedOver'))}件。`,
    `本年办结${n(row('total'))}件${outcomes.length ? `，其中${outcomes.join('、')}` : ''}。`,
    `结转下年度继续办理${n(row('carriedForward'))}件。`,
    `因政府信息公开被申请行政复议${appeals.reconsideration.total}件，被提起行政诉讼${lawsuits}件。`,
  ].join('\n')
}

/** The columns of the requests table, for renderers. */
export const REQUEST_COLUMNS = TABLE_COLUMNS
