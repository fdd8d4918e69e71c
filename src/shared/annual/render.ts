// A draft as report text in the template's layout: headings 一 to 六, each table as tab-separated
// lines (the shape the project's importer reads from an HTML table, src/shared/importer/tables.ts).
// What citizens get is this text run through the importer, exactly as any uploaded report; the
// publish check imports it and compares every figure, so the two can never drift apart.
import type { AnnualSection, AnnualTables } from './draft'
import type { ProactiveColumn } from './proactive'
import { APPLICANT_COLUMNS, TOTAL_COLUMN } from '../outcomes'
import { APPEAL_KINDS, APPEAL_RESULTS } from '../statistics'
import { ANNUAL_SECTION_KEYS, ANNUAL_SECTIONS, REQUEST_COLUMNS } from './draft'
import { PROACTIVE_ROWS, proactiveColumns } from './proactive'

/** What rendering needs. */
export interface RenderInput {
  agency: string
  year: number
  template: '2019' | '2021'
  sections: Record<AnnualSection, string>
  tables: AnnualTables
}

const COLUMN_TITLES: Record<ProactiveColumn, string> = {
  made: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
  created: '本年新制作数量',
  published: '本年新公开数量',
  total: '对外公开总数量',
}

/** The report's title as the importer reads agency and year from it. */
export function annualTitle(agency: string, year: number): string {
  return `${agency}${year}年政府信息公开工作年度报告`
}

/** Money in 万元 without float noise. */
function wan(v: number): string {
  return String(Math.round(v * 10_000) / 10_000)
}

function proactiveLines(r: RenderInput): string[] {
  const t = r.tables.proactive
  const lines: string[] = []
  const block = (rows: (keyof typeof PROACTIVE_ROWS)[]) => {
    const cols = proactiveColumns(rows[0]!, r.template)
    lines.push(['信息内容', ...cols.map(c => COLUMN_TITLES[c])].join('\t'))
    for (const row of rows)
      lines.push([PROACTIVE_ROWS[row].zh, ...cols.map(c => String(t[row][c]?.count ?? 0))].join('\t'))
  }
  if (r.template === '2021') {
    block(['rules', 'normativeDocs'])
    lines.push(['信息内容', '本年处理决定数量'].join('\t'))
    for (const row of ['licensing', 'penalty', 'enforcement'] as const)
      lines.push([PROACTIVE_ROWS[row].zh, String(t[row].made?.count ?? 0)].join('\t'))
  }
  else {
    block(['rules', 'normativeDocs', 'licensing', 'penalty', 'enforcement'])
  }
  lines.push(['信息内容', '本年收费金额（万元）'].join('\t'))
  lines.push(['行政事业性收费', wan(r.tables.adminFeesWan)].join('\t'))
  return lines
}

function requestLines(r: RenderInput): string[] {
  const head = ['申请人情况', ...REQUEST_COLUMNS.map(c => (c === 'total' ? TOTAL_COLUMN.zh : APPLICANT_COLUMNS[c].zh))]
  const lines = [head.join('\t')]
  for (const row of r.tables.requests.rows) {
    const d = row.def
    // printed labels as on the form: 一、… for the top rows, （一）… for groups, 1.… for reasons
    const label = d.level === 0 ? `${d.number}、${d.zh}` : d.level === 1 ? (d.id === 'total' ? `（七）${d.zh}` : `${d.number.slice(1)}${d.zh}`) : d.zh
    lines.push(row.values ? [label, ...REQUEST_COLUMNS.map(c => String(row.values![c]))].join('\t') : label)
  }
  return lines
}

function appealLines(r: RenderInput): string[] {
  const g = r.tables.appeals.groups
  const results = Object.keys(APPEAL_RESULTS) as (keyof typeof APPEAL_RESULTS)[]
  const kinds = Object.keys(APPEAL_KINDS) as (keyof typeof APPEAL_KINDS)[]
  return [
    kinds.map(k => APPEAL_KINDS[k].zh).join('\t'),
    kinds.flatMap(() => results.map(c => APPEAL_RESULTS[c].zh)).join('\t'),
    kinds.flatMap(k => results.map(c => String(g[k][c]))).join('\t'),
  ]
}

/** The six fees sentence of 六 (from the casework), in the template's wording. */
export function feesSentence(year: number, yuan: number): string {
  const basis = year >= 2021 ? '依据《政府信息公开信息处理费管理办法》' : ''
  return `本年度${basis}收取信息处理费${yuan}元。`
}

/** The whole report as text. */
export function renderAnnualText(r: RenderInput): string {
  const y = r.year
  const out: string[] = [
    annualTitle(r.agency, y),
    '',
    `本报告根据《中华人民共和国政府信息公开条例》的规定编制，统计期限自${y}年1月1日起至${y}年12月31日止。`,
  ]
  for (const key of ANNUAL_SECTION_KEYS) {
    const s = ANNUAL_SECTIONS[key]
    out.push('', `${s.number}、${s.zh}`)
    const prose = r.sections[key].trim()
    if (key === 'other')
      out.push(feesSentence(y, r.tables.feesChargedYuan))
    if (prose)
      out.push(prose)
    if (key === 'proactive')
      out.push(...proactiveLines(r))
    else if (key === 'requests')
      out.push(...requestLines(r))
    else if (key === 'appeals')
      out.push(...appealLines(r))
  }
  return `${out.join('\n')}\n`
}
