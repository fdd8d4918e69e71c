import type { AppealColumn, AppealKind, AppealTable } from './appeals'
// Getting the tables out: as report figures under the keys of domain/METRICS.md (the same keys the
// importer reads from published reports, so a year's own statistics and an imported report compare
// cell by cell), and as CSV that Excel opens correctly (UTF-8 with a BOM, CRLF line ends).
import type { RequestTable, TableColumn } from './requests'
import { OUTCOMES } from '../outcomes'
import { APPEAL_KINDS, APPEAL_RESULTS } from './appeals'
import { groupedHeader } from './layout'
import { TABLE_COLUMNS } from './requests'

// Table row id → METRICS.md key. Sub-reasons of 无法提供, 不予处理 and 其他处理 have no key there
// (only their group totals do), so they are not published as figures.
const ROW_KEYS: Readonly<Record<string, string>> = {
  received: 'requests.total',
  carriedOver: 'requests.carriedOver',
  granted: 'requests.outcome.granted',
  partial: 'requests.outcome.partial',
  total: 'requests.outcome.total',
  carriedForward: 'requests.carriedForward',
  ...Object.fromEntries(Object.keys(OUTCOMES).filter(c => c.startsWith('denied.')).map(c => [c, `requests.outcome.${c}`])),
}

const GROUP_KEYS = {
  denied: 'requests.outcome.denied',
  unable: 'requests.outcome.unable',
  notProcessed: 'requests.outcome.notProcessed',
  other: 'requests.outcome.other',
} as const

function keyFor(base: string, column: TableColumn): string {
  return column === 'total' ? base : `${base}@${column}`
}

/**
 * The tables as report figures: `requests.total`, `requests.total@natural`, `requests.outcome.granted`,
 * `requests.outcome.denied.thirdParty@commercial`, …, and `review.total` / `litigation.total`.
 */
export function tableFigures(requests: RequestTable, reviews?: AppealTable): Record<string, number> {
  const out: Record<string, number> = {}
  for (const row of requests.rows) {
    const key = ROW_KEYS[row.def.id]
    if (key === undefined || row.values === null)
      continue
    for (const col of TABLE_COLUMNS)
      out[keyFor(key, col)] = row.values[col]
  }
  for (const [group, key] of Object.entries(GROUP_KEYS) as [keyof typeof GROUP_KEYS, string][]) {
    for (const col of TABLE_COLUMNS)
      out[keyFor(key, col)] = requests.groupTotals[group][col]
  }
  if (reviews) {
    out['review.total'] = reviews.groups.reconsideration.total
    out['litigation.total'] = reviews.groups.lawsuitDirect.total + reviews.groups.lawsuitAfterReconsideration.total
  }
  return out
}

/** Language of exported labels. */
export type ExportLang = 'zh' | 'en'

// A cell that starts like a formula would be executed by a spreadsheet: prefix it with an apostrophe.
function cell(value: string | number): string {
  if (typeof value === 'number')
    return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Rows of cells as CSV text for Excel: BOM, CRLF, quoted where needed. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map(r => r.map(cell).join(',')).join('\r\n')}\r\n`
}

/** 收到和处理政府信息公开申请情况 as CSV, printed row numbers and labels first. */
export function requestTableCsv(table: RequestTable, lang: ExportLang = 'zh'): string {
  // The template's grouped header (申请人情况 / 法人或其他组织 over its sub-columns) on three lines.
  const [top, middle, bottom] = groupedHeader(TABLE_COLUMNS, lang)
  const header = [[lang === 'zh' ? '序号' : 'No.', lang === 'zh' ? '项目' : 'Item', ...top!], ['', '', ...middle!], ['', '', ...bottom!]]
  const body = table.rows.map(r => [r.def.number, r.def[lang], ...(r.values ? TABLE_COLUMNS.map(c => r.values![c]) : TABLE_COLUMNS.map(() => ''))])
  return toCsv([...header, ...body])
}

/** 政府信息公开行政复议、行政诉讼情况 as CSV, one line per group. */
export function appealTableCsv(table: AppealTable, lang: ExportLang = 'zh'): string {
  const cols = Object.keys(APPEAL_RESULTS) as AppealColumn[]
  const header = [lang === 'zh' ? '类别' : 'Kind', ...cols.map(c => APPEAL_RESULTS[c][lang])]
  const body = (Object.keys(APPEAL_KINDS) as AppealKind[]).map(k => [APPEAL_KINDS[k][lang], ...cols.map(c => table.groups[k][c])])
  return toCsv([header, ...body])
}
