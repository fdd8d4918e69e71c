// The annual report's table 收到和处理政府信息公开申请情况, built from the cases staff handled, so the
// report's statistics fall out of the work instead of a spreadsheet. Counting rules for a year Y:
// 一 received in Y; 二 received before Y and not answered before Y; 三 answered in Y, by outcome;
// 四 received by the end of Y and not answered by then. Carried-over status is derived from the dates,
// never stored, so the table of one year and the next always agree. The form's own rule
// 一 + 二 = 三（七）总计 + 四 is checked in every column; a broken case shows up there and in `problems`.
import type { DateString } from '../calendar'
import type { ApplicantColumn, OutcomeCode, OutcomeGroup, TableRowDef, TemplateLayout } from '../outcomes'
import { isDateString } from '../calendar'
import { APPLICANT_COLUMN_KEYS, isOutcomeCode, OUTCOME_GROUPS, OUTCOMES, requestTableRows } from '../outcomes'

/** A column of the table: an applicant type, or 总计. */
export type TableColumn = ApplicantColumn | 'total'

/** All columns in printed order. */
export const TABLE_COLUMNS: readonly TableColumn[] = [...APPLICANT_COLUMN_KEYS, 'total']

/** One cell per column. */
export type ColumnCounts = Record<TableColumn, number>

/** What the table needs to know about one case. */
export interface StatCase {
  id?: string
  /** The agency that handled it; cases of other agencies are left out. */
  agencyId?: string
  /** The applicant's column (see `applicantColumn` in shared/application). */
  column: ApplicantColumn
  /** Date of receipt (Art. 31), 'YYYY-MM-DD'. */
  receivedDate: DateString
  /** The day it was answered (or closed as abandoned), if it has been. */
  answeredDate: DateString | null
  outcome: OutcomeCode | null
}

/** A case the table could not count as it stands. */
export interface StatProblem {
  caseId: string | null
  code: 'badDate' | 'answeredBeforeReceived' | 'noOutcome' | 'unknownOutcome' | 'outcomeWithoutDate'
  message: string
  messageEn: string
}

/** One printed row with its figures (null for header rows such as 三、本年度办理结果). */
export interface RequestTableRow {
  def: TableRowDef
  values: ColumnCounts | null
}

/** A column where 一 + 二 ≠ 三（七） + 四. */
export interface TableMismatch {
  column: TableColumn
  /** 一 + 二 */
  intake: number
  /** 三（七） + 四 */
  disposed: number
}

/** The table for one agency and year. */
export interface RequestTable {
  year: number
  agency: string
  layout: TemplateLayout
  rows: RequestTableRow[]
  /** Sums per outcome group (not printed rows in the template; the report figures use them). */
  groupTotals: Record<OutcomeGroup, ColumnCounts>
  check: { ok: boolean, mismatches: TableMismatch[] }
  problems: StatProblem[]
}

/** Inputs besides the cases. */
export interface RequestTableOptions {
  year: number
  /** Shown on the table; when `agencyId` is given, only that agency's cases are counted. */
  agency: string
  agencyId?: string
  /** '2021' (default) or '2019' (其他处理 as one row). */
  layout?: TemplateLayout
}

const PROBLEMS = {
  badDate: { zh: '日期格式无效，未计入。', en: 'Invalid date; not counted.' },
  answeredBeforeReceived: { zh: '答复日期早于收到日期，未计入。', en: 'Answered before it was received; not counted.' },
  noOutcome: { zh: '已答复但未记录办理结果，无法计入办理结果。', en: 'Answered without an outcome; cannot be counted under 三.' },
  unknownOutcome: { zh: '办理结果无法识别，无法计入。', en: 'Unknown outcome; cannot be counted.' },
  outcomeWithoutDate: { zh: '有办理结果但没有答复日期，按未办结计算。', en: 'Outcome without an answer date; counted as still open.' },
} as const

/** A row of zeros. */
export function zeroCounts(): ColumnCounts {
  return Object.fromEntries(TABLE_COLUMNS.map(c => [c, 0])) as ColumnCounts
}

function bump(counts: ColumnCounts, column: ApplicantColumn): void {
  counts[column]++
  counts.total++
}

/** Builds 收到和处理政府信息公开申请情况 for a year from the cases. */
export function buildRequestTable(cases: readonly StatCase[], options: RequestTableOptions): RequestTable {
  const { year, agency } = options
  const layout = options.layout ?? '2021'
  const first = `${String(year).padStart(4, '0')}-01-01`
  const last = `${String(year).padStart(4, '0')}-12-31`
  const defs = requestTableRows(layout)
  const byId = new Map<string, ColumnCounts>()
  for (const d of defs) {
    if (d.kind === 'count')
      byId.set(d.id, zeroCounts())
  }
  const rowOf = new Map<OutcomeCode, ColumnCounts>()
  for (const d of defs) {
    if (d.kind === 'count' && d.id !== 'total') {
      for (const code of d.outcomes)
        rowOf.set(code, byId.get(d.id)!)
    }
  }
  const groupTotals = Object.fromEntries(Object.keys(OUTCOME_GROUPS).map(g => [g, zeroCounts()])) as Record<OutcomeGroup, ColumnCounts>
  const problems: StatProblem[] = []
  const flag = (c: StatCase, code: StatProblem['code']) =>
    problems.push({ caseId: c.id ?? null, code, message: PROBLEMS[code].zh, messageEn: PROBLEMS[code].en })

  for (const c of cases) {
    if (options.agencyId !== undefined && c.agencyId !== undefined && c.agencyId !== options.agencyId)
      continue
    if (!isDateString(c.receivedDate) || (c.answeredDate !== null && !isDateString(c.answeredDate))) {
      flag(c, 'badDate')
      continue
    }
    if (c.receivedDate > last)
      continue
    let answered = c.answeredDate
    if (answered !== null && answered < c.receivedDate) {
      flag(c, 'answeredBeforeReceived')
      continue
    }
    if (answered === null && c.outcome !== null)
      flag(c, 'outcomeWithoutDate')
    if (answered !== null && answered < first)
      continue // closed in an earlier year
    if (c.receivedDate >= first)
      bump(byId.get('received')!, c.column)
    else
      bump(byId.get('carriedOver')!, c.column)
    if (answered !== null && answered > last)
      answered = null // still open at the end of the year
    if (answered === null) {
      bump(byId.get('carriedForward')!, c.column)
      continue
    }
    if (c.outcome === null) {
      flag(c, 'noOutcome')
      continue
    }
    if (!isOutcomeCode(c.outcome)) {
      flag(c, 'unknownOutcome')
      continue
    }
    bump(rowOf.get(c.outcome)!, c.column)
    bump(groupTotals[OUTCOMES[c.outcome].group], c.column)
    bump(byId.get('total')!, c.column)
  }

  const get = (id: string) => byId.get(id)!
  const mismatches: TableMismatch[] = []
  for (const col of TABLE_COLUMNS) {
    const intake = get('received')[col] + get('carriedOver')[col]
    const disposed = get('total')[col] + get('carriedForward')[col]
    if (intake !== disposed)
      mismatches.push({ column: col, intake, disposed })
  }
  return {
    year,
    agency,
    layout,
    rows: defs.map(def => ({ def, values: def.kind === 'count' ? get(def.id) : null })),
    groupTotals,
    check: { ok: mismatches.length === 0, mismatches },
    problems,
  }
}

/** The figures of one row by id ('received', 'granted', 'denied.thirdParty', 'other' in 2019, 'total' …). */
export function rowValues(table: RequestTable, id: string): ColumnCounts | null {
  return table.rows.find(r => r.def.id === id)?.values ?? null
}
