/**
 * Statistics tables, read from the normalised text whatever shape they arrived in: an HTML table
 * (one row per line, cells tab-separated), a PDF copy with one cell per line, or a row — or the
 * whole table — flattened onto one line. Rows are found by their labels, never by line position:
 * the text between two runs of numbers is a row label, the numbers after it are its cells.
 *
 * - 2019/2021 national template (国办公开办函〔2019〕60号 / 〔2021〕30号): the 收到和处理 table with
 *   seven columns (自然人, five kinds of 法人或其他组织, 总计), the review/litigation table with
 *   fifteen, the 规范性文件 row of the proactive table.
 * - pre-2019 tables written line by line (label / unit / value), mapped through LEGACY_ROWS.
 *
 * A row that arrived as a grid line (an HTML <tr>, or tab-separated text) is read by column: its
 * last n fields are its cells, a blank field is 0 (the template leaves "none" blank).
 * When digits of neighbouring cells ran together ("3000003" for seven cells) the row is split only
 * if exactly one split satisfies the table's own arithmetic, row by row and then across the table
 * (split.ts); otherwise the row is a 'run-together' problem naming its ambiguous cells and yields no
 * figure. A sum is checked only over rows that were read: the importer's own failure to read a row
 * is never reported as the report's inconsistency.
 */
import type { Candidate, Span } from './candidate'
import type { Cell, NumTok, RowSplit, SplitBudget, TableRule } from './split'
import type { ImportProblem, LegacyRow } from './types'
import { APPLICANT_COLUMN_KEYS } from '../outcomes'
import { normaliseRowLabel } from './legacy-rows'
import { enumerateSplits, solveTable, TABLE_SPLIT_BUDGET } from './split'

export interface TableResult {
  candidates: Candidate[]
  problems: ImportProblem[]
  masks: Span[]
  template: '2019' | '2021' | null
}

interface Row { label: string, labelStart: number, nums: NumTok[] }

const HAN_OR_LETTER = /[\u4E00-\u9FFFA-Z]/i

/** Splits text[from, to) into rows: a label (text with a Chinese character) and the numbers after it. */
export function tableRows(text: string, from: number, to: number): Row[] {
  const region = text.slice(from, to)
  const rows: Row[] = []
  const re = /\d+(?:\.\d+)?/g
  let last = 0
  let cur: Row | null = null
  for (let m = re.exec(region); m; m = re.exec(region)) {
    let t = m[0]
    const s = m.index
    const after = region.slice(s + t.length, s + t.length + 4)
    // "1.属于国家秘密": an enumerator belongs to the label; digits glued before it are cells
    if (!t.includes('.') && /^\s*[.、]\s*[\u4E00-\u9FFF“"(]/.test(after)) {
      if (t.length === 1)
        continue
      t = t.slice(0, -1)
    }
    const gap = region.slice(last, s)
    if (HAN_OR_LETTER.test(gap) || !cur) {
      cur = { label: gap.trim(), labelStart: from + last, nums: [] }
      rows.push(cur)
    }
    cur.nums.push({ text: t, value: Number(t), start: from + s, end: from + s + t.length })
    last = s + t.length
  }
  return rows
}

/**
 * The cells of a row given its number tokens. Exactly n tokens: as written. Fewer: some tokens are
 * several cells run together; accepted only when one split alone passes `check`.
 */
export function resolveCells(toks: NumTok[], n: number, check: (v: number[]) => boolean): { cells: Cell[] } | { error: 'ambiguous' | 'impossible' | 'too-many' | 'budget' } {
  const res = enumerateSplits(toks, n, check)
  if ('error' in res)
    return res
  return res.options.length === 1 ? { cells: res.options[0]! } : { error: 'ambiguous' }
}

const BLANK_FIELD = /^[\-—–/\\无]?$/
const NUMBER_FIELD = /^\d{1,3}(?:,\d{3})+$|^\d+$/

/**
 * A grid line (fields separated by tabs) whose last n fields are each a whole number or blank: its
 * cells by column, blank → 0. The fields before them are the label. Null for any other line.
 */
export function gridCells(text: string, lineStart: number, lineEnd: number, n: number, labelled = true): { label: string, cells: Cell[] } | null {
  const line = text.slice(lineStart, lineEnd)
  if (!line.includes('\t'))
    return null
  const fields: { text: string, start: number }[] = []
  let off = 0
  for (const f of line.split('\t')) {
    const lead = f.length - f.trimStart().length
    fields.push({ text: f.trim(), start: lineStart + off + lead })
    off += f.length + 1
  }
  if (fields.length < n + (labelled ? 1 : 0))
    return null
  const tail = fields.slice(-n)
  const label = fields.slice(0, -n).map(f => f.text).filter(Boolean).join(' ')
  if ((labelled && !label) || !tail.every(f => BLANK_FIELD.test(f.text) || NUMBER_FIELD.test(f.text)))
    return null
  const cells = tail.map((f): Cell => NUMBER_FIELD.test(f.text)
    ? { value: Number(f.text.replace(/,/g, '')), start: f.start, end: f.start + f.text.length }
    : { value: 0, start: f.start, end: f.start + f.text.length, note: 'blank' })
  return { label, cells }
}

// ---------------------------------------------------------------- 2019 / 2021 template

/** The applicant-type columns of the 收到和处理 table, in the template's order; '' is 总计. */
/** Figure-key suffixes of the 收到和处理 table's columns, in the template's order; '' is 总计. */
const COLUMN_SUFFIXES: readonly string[] = [...APPLICANT_COLUMN_KEYS.map(c => `@${c}`), '']

interface TemplateRow { key: string, re: RegExp, group?: string, inGroup?: string }

const TEMPLATE_ROWS: TemplateRow[] = [
  { key: 'requests.total', re: /本年新收/ },
  { key: 'requests.carriedOver', re: /上年结转/ },
  { key: 'requests.outcome.granted', re: /\(一\)\s*予以公开/ },
  { key: 'requests.outcome.partial', re: /\(二\)\s*部分公开/ },
  { key: 'requests.outcome.denied.stateSecret', re: /属于国家秘密/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.lawProhibited', re: /其他法律行政法规禁止公开/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.securityStability', re: /三安全一稳定/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.thirdParty', re: /保护第三方合法权益/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.internalAffairs', re: /三类内部事务信息/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.process', re: /四类过程性信息/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.enforcementFile', re: /行政执法案卷/, inGroup: 'denied' },
  { key: 'requests.outcome.denied.adminQuery', re: /行政查询事项/, inGroup: 'denied' },
  { key: 'requests.outcome.unable.notHeld', re: /本机关不掌握/, inGroup: 'unable' },
  { key: 'requests.outcome.unable.needsCreation', re: /没有现成信息/, inGroup: 'unable' },
  { key: 'requests.outcome.unable.unclear', re: /补正后申请内容仍不明确/, inGroup: 'unable' },
  { key: 'requests.outcome.notProcessed.complaint', re: /信访举报投诉/, inGroup: 'notProcessed' },
  { key: 'requests.outcome.notProcessed.duplicate', re: /重复申请/, inGroup: 'notProcessed' },
  { key: 'requests.outcome.notProcessed.publication', re: /公开出版物/, inGroup: 'notProcessed' },
  { key: 'requests.outcome.notProcessed.excessive', re: /大量反复申请/, inGroup: 'notProcessed' },
  { key: 'requests.outcome.notProcessed.confirm', re: /确认或重新出具/, inGroup: 'notProcessed' },
  { key: 'requests.outcome.other', re: /\(六\)\s*其他处理/, group: 'other' },
  { key: 'requests.outcome.other.noAmendment', re: /逾期不补正/, inGroup: 'other' },
  { key: 'requests.outcome.other.unpaidFee', re: /收费通知/, inGroup: 'other' },
  { key: 'requests.outcome.other.other', re: /(?:^|\s)3\s*[.、]\s*其他\s*$/, inGroup: 'other' },
  { key: 'requests.outcome.total', re: /\(七\)\s*总计/ },
  { key: 'requests.carriedForward', re: /结转下年度/ },
]

/** Parent rows the template prints without numbers of their own: their figure is the sum of the sub-rows. */
const GROUP_TOTALS: Record<string, string> = {
  denied: 'requests.outcome.denied',
  unable: 'requests.outcome.unable',
  notProcessed: 'requests.outcome.notProcessed',
  other: 'requests.outcome.other',
}

function matchTemplateRow(label: string): TemplateRow | null {
  let best: TemplateRow | null = null
  let bestAt = -1
  for (const r of TEMPLATE_ROWS) {
    const m = r.re.exec(label)
    if (m && m.index >= bestAt) {
      best = r
      bestAt = m.index
    }
  }
  return best
}

const rowSums = (v: number[]) => v.slice(0, 6).reduce((a, b) => a + b, 0) === v[6]

interface RowObservation { def: TemplateRow, label: string, toks: NumTok[], split: RowSplit }

/** The rows of the requests table between from and to: grid lines by column, other text by tokens. */
function observeRequestRows(text: string, from: number, to: number): RowObservation[] {
  const obs: RowObservation[] = []
  const budget: SplitBudget = { left: TABLE_SPLIT_BUDGET }
  const tokenRows = (a: number, b: number) => {
    for (const row of tableRows(text, a, b)) {
      const def = matchTemplateRow(row.label)
      if (def && row.nums.length)
        obs.push({ def, label: row.label, toks: row.nums, split: enumerateSplits(row.nums, 7, rowSums, budget) })
    }
  }
  let chunk = from
  let lineStart = from
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd === -1 || lineEnd > to)
      lineEnd = to
    const grid = gridCells(text, text.lastIndexOf('\n', lineStart - 1) + 1, lineEnd, 7)
    const def = grid && matchTemplateRow(grid.label)
    if (grid && def) {
      if (chunk < lineStart)
        tokenRows(chunk, lineStart)
      chunk = lineEnd
      obs.push({ def, label: grid.label, toks: grid.cells.map(c => ({ ...c, text: text.slice(c.start, c.end) })), split: { options: [grid.cells] } })
    }
    lineStart = lineEnd + 1
  }
  if (chunk < to)
    tokenRows(chunk, to)
  return obs.sort((x, y) => (x.toks[0]?.start ?? 0) - (y.toks[0]?.start ?? 0))
}

const OUTCOME_LEAVES = ['requests.outcome.granted', 'requests.outcome.partial']

/** The sums the template defines between rows, over the rows present (parents through their sub-rows). */
function templateRules(present: Set<string>): { rules: TableRule[], outcomeRows: string[] } {
  const outcomeRows = [...OUTCOME_LEAVES.filter(k => present.has(k))]
  for (const [group, parent] of Object.entries(GROUP_TOTALS)) {
    const subs = TEMPLATE_ROWS.filter(r => r.inGroup === group && present.has(r.key)).map(r => r.key)
    if (present.has(parent) && !subs.length)
      outcomeRows.push(parent)
    else
      outcomeRows.push(...subs)
  }
  const rules: TableRule[] = [
    { plus: ['requests.total', 'requests.carriedOver'], minus: ['requests.outcome.total', 'requests.carriedForward'] },
  ]
  if (outcomeRows.length)
    rules.push({ plus: outcomeRows, minus: ['requests.outcome.total'] })
  return { rules, outcomeRows }
}

const COLUMN_NAMES = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']

function readRequestsTable(text: string, out: TableResult): void {
  const anchor = /本年新收/.exec(text)
  if (!anchor)
    return
  const from = anchor.index
  // the table ends before the review/litigation part (or the next section) starts
  const tail = text.slice(from, from + 12_000)
  const stop = tail.search(/行政复议[、,和及与]?\s*行政诉讼情况|[四五]、\s*政府信息公开行政复议|\n\s*[五六]、/)
  const to = from + (stop === -1 ? tail.length : stop)
  const observed = new Map<string, RowObservation>()
  const failed = new Set<string>()
  let end = from
  for (const o of observeRequestRows(text, from, to)) {
    end = Math.max(end, o.toks.at(-1)!.end)
    if (observed.has(o.def.key) || failed.has(o.def.key))
      continue
    if ('error' in o.split) {
      failed.add(o.def.key)
      out.problems.push({
        kind: 'run-together',
        message: o.split.error === 'too-many'
          ? `表格行“${shortLabel(o.label)}”的数字多于 7 列，无法确定各列 (more than 7 numbers in a 7-column row)`
          : `表格行“${shortLabel(o.label)}”的数字粘连（${o.toks.map(t => t.text).join(' ')}），没有一种拆分能使各类申请人之和等于总计，无法读取 (run-together digits: no split makes the row add up)`,
        keys: [o.def.key],
        start: o.toks[0]!.start,
        end: o.toks.at(-1)!.end,
      })
      continue
    }
    observed.set(o.def.key, o)
  }
  const { rules } = templateRules(new Set([...observed.keys(), ...failed]))
  // a rule over a row that could not be read decides nothing
  const usable = rules.filter(r => ![...r.plus, ...r.minus].some(k => failed.has(k)))
  const solution = solveTable(new Map([...observed].map(([k, o]) => [k, (o.split as { options: Cell[][] }).options])), usable, 7)
  for (const [key, cols] of solution.ambiguous) {
    const o = observed.get(key)!
    failed.add(key)
    out.problems.push({
      kind: 'run-together',
      message: solution.contradiction
        ? `表格行“${shortLabel(o.label)}”的数字粘连（${o.toks.map(t => t.text).join(' ')}），任何拆分都无法同时满足表内各项合计，未读取 (run-together digits: no split satisfies all the table's sums)`
        : `表格行“${shortLabel(o.label)}”的数字粘连（${o.toks.map(t => t.text).join(' ')}），有多种拆分都符合表内各项合计，无法确定：${cols.map(c => COLUMN_NAMES[c]).join('、')}列 (run-together digits: several splits satisfy every sum; ambiguous cells: ${cols.map(c => COLUMN_NAMES[c]).join(', ')})`,
      keys: cols.map(c => key + COLUMN_SUFFIXES[c]),
      start: o.toks[0]!.start,
      end: o.toks.at(-1)!.end,
    })
  }
  const cells = new Map<string, Cell[]>()
  for (const [key] of observed) {
    const row = solution.settled.get(key)
    if (!row)
      continue
    cells.set(key, row)
    COLUMN_SUFFIXES.forEach((col, i) => {
      const c = row[i]!
      out.candidates.push({ key: key + col, value: c.value, unit: '件', approx: null, start: c.start, end: c.end, source: 'table', score: 10, ...(c.note ? { provenance: c.note } : {}) })
    })
  }
  if (!cells.size && !failed.size)
    return
  // mask from the column headings (申请人情况 / 自然人 ...) just before the first row
  const look = Math.max(0, from - 400)
  const hdr = text.slice(look, from).search(/申请人情况|自然人/)
  out.masks.push({ start: hdr === -1 ? from : look + hdr, end })

  // Parent rows that are only sums of their sub-rows.
  for (const [group, key] of Object.entries(GROUP_TOTALS)) {
    if (cells.has(key))
      continue
    const subs = TEMPLATE_ROWS.filter(r => r.inGroup === group && cells.has(r.key)).map(r => cells.get(r.key)!)
    if (!subs.length)
      continue
    if (TEMPLATE_ROWS.some(r => r.inGroup === group && failed.has(r.key)))
      continue // a sub-row could not be read: the parent's sum would be wrong
    const sums = COLUMN_SUFFIXES.map((_, i) => subs.reduce((a, s) => a + s[i]!.value, 0))
    cells.set(key, sums.map((v, i) => ({ value: v, start: subs[0]![i]!.start, end: subs.at(-1)![i]!.end })))
    COLUMN_SUFFIXES.forEach((col, i) => {
      out.candidates.push({ key: key + col, value: sums[i]!, unit: '件', approx: null, start: subs[0]![i]!.start, end: subs.at(-1)![i]!.end, source: 'table', score: 10, derived: true })
    })
  }
  checkTemplateArithmetic(cells, out, failed)
}

function checkTemplateArithmetic(cells: Map<string, Cell[]>, out: TableResult, unread: Set<string>): void {
  const get = (k: string, i: number) => cells.get(k)?.[i]?.value
  const colName = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']
  // Each row: 总计 = the six applicant columns.
  for (const [key, row] of cells) {
    const sum = row.slice(0, 6).reduce((a, c) => a + c.value, 0)
    if (sum !== row[6]!.value) {
      out.problems.push({ kind: 'breakdown', message: `“${key}”一行各类申请人之和为 ${sum}，与总计列 ${row[6]!.value} 不一致 (applicant columns add up to ${sum}, not the 总计 ${row[6]!.value})`, keys: [key, ...COLUMN_SUFFIXES.slice(0, 6).map(c => key + c)], start: row[0]!.start, end: row[6]!.end })
    }
  }
  // 一 + 二 = 三(七)总计 + 四, in every column.
  const bad: string[] = []
  for (let i = 0; i < 7; i++) {
    const a = get('requests.total', i)
    const b = get('requests.carriedOver', i)
    const t = get('requests.outcome.total', i)
    const f = get('requests.carriedForward', i)
    if (a === undefined || b === undefined || t === undefined || f === undefined)
      continue
    if (a + b !== t + f)
      bad.push(`${colName[i]}: ${a} + ${b} ≠ ${t} + ${f}`)
  }
  if (bad.length) {
    const col = COLUMN_SUFFIXES
    out.problems.push({
      kind: 'template-rule',
      message: `表格不符合“一+二=三（七）总计+四”：${bad.join('；')} (template rule 一 + 二 = 总计 + 四 fails)`,
      keys: ['requests.total', 'requests.carriedOver', 'requests.outcome.total', 'requests.carriedForward'].flatMap(k => bad.length === 7 ? [k] : col.filter((_, i) => bad.some(b => b.startsWith(colName[i]!))).map(c => k + c)),
    })
  }
  // 三(七)总计 = the outcome rows (parents counted once, through their sub-rows).
  const outcomeKeys = ['requests.outcome.granted', 'requests.outcome.partial', 'requests.outcome.denied', 'requests.outcome.unable', 'requests.outcome.notProcessed', 'requests.outcome.other']
  const outcomeUnread = [...unread].some(k => k.startsWith('requests.outcome.'))
  if (cells.has('requests.outcome.total') && outcomeKeys.some(k => cells.has(k)) && !outcomeUnread) {
    for (let i = 0; i < 7; i++) {
      const sum = outcomeKeys.reduce((a, k) => a + (get(k, i) ?? 0), 0)
      const total = get('requests.outcome.total', i)!
      if (sum !== total) {
        out.problems.push({ kind: 'breakdown', message: `办理结果各项之和为 ${sum}，与“（七）总计”${total} 不一致（${colName[i]}列）(outcomes add up to ${sum}, not the 总计 ${total})`, keys: [`requests.outcome.total${COLUMN_SUFFIXES[i]}`] })
      }
    }
  }
}

const REVIEW_KEYS = ['upheld', 'corrected', 'otherResult', 'pending', 'total']
const reviewGroupsSum = (v: number[]) => [0, 5, 10].every(g => v[g]! + v[g + 1]! + v[g + 2]! + v[g + 3]! === v[g + 4])

function readReviewTable(text: string, out: TableResult): void {
  const head = /行政复议[、,和及与]?\s*行政诉讼情况/.exec(text)
  if (!head)
    return
  const lineEnd = text.indexOf('\n', head.index)
  const from = lineEnd === -1 ? head.index + head[0].length : lineEnd
  const tail = text.slice(from, from + 4000)
  const stop = tail.search(/\n\s*[五六七]、|[五六七]、\s*(?:存在的?主要问题|其他需要报告)/)
  const to = from + (stop === -1 ? tail.length : stop)
  const rows = tableRows(text, from, to)
  let row = [...rows].reverse().find(r => /总计|尚未审结|结果维持/.test(r.label))
  // an HTML table's data row: fifteen fields, blank ones included, under the heading rows
  for (let ls = from + 1; ls < to;) {
    let le = text.indexOf('\n', ls)
    if (le === -1 || le > to)
      le = to
    const grid = gridCells(text, ls, le, 15, false)
    if (grid && grid.cells.some(c => !c.note)) {
      row = { label: grid.label, labelStart: ls, nums: grid.cells.map(c => ({ ...c, text: text.slice(c.start, c.end) })) }
      break
    }
    ls = le + 1
  }
  if (!row || !row.nums.length)
    return
  const res = resolveCells(row.nums, 15, reviewGroupsSum)
  out.masks.push({ start: from, end: row.nums.at(-1)!.end })
  if ('error' in res) {
    out.problems.push({ kind: 'run-together', message: `行政复议、行政诉讼情况表的数字（${row.nums.map(t => t.text).join(' ')}）无法确定地拆分为 15 列 (review/litigation row cannot be split with certainty)`, keys: ['review.total', 'litigation.total'], start: row.nums[0]!.start, end: row.nums.at(-1)!.end })
    return
  }
  const c = res.cells
  const groups = [['review', 0], ['litigation.direct', 5], ['litigation.afterReview', 10]] as const
  for (const [prefix, at] of groups) {
    REVIEW_KEYS.forEach((k, i) => {
      const cell = c[at + i]!
      out.candidates.push({ key: `${prefix}.${k}`, value: cell.value, unit: '件', approx: null, start: cell.start, end: cell.end, source: 'table', score: 10, ...(cell.note ? { provenance: cell.note } : {}) })
    })
    const sum = c[at]!.value + c[at + 1]!.value + c[at + 2]!.value + c[at + 3]!.value
    if (sum !== c[at + 4]!.value)
      out.problems.push({ kind: 'breakdown', message: `${prefix === 'review' ? '行政复议' : prefix === 'litigation.direct' ? '未经复议直接起诉' : '复议后起诉'}各结果之和为 ${sum}，与总计 ${c[at + 4]!.value} 不一致 (results add up to ${sum}, not the 总计)`, keys: [`${prefix}.total`] })
  }
  out.candidates.push({ key: 'litigation.total', value: c[9]!.value + c[14]!.value, unit: '件', approx: null, start: c[9]!.start, end: c[14]!.end, source: 'table', score: 10, derived: true })
}

function readProactiveTable(text: string, out: TableResult, template: '2019' | '2021'): void {
  const head = (template === '2021' ? /本年制发件数/ : /本年新制作数量/).exec(text)
  if (!head)
    return
  const from = head.index
  const tail = text.slice(from, from + 6000)
  const stop = tail.search(/本年新收|收到和处理政府信息公开申请|\n\s*[三四]、/)
  const to = from + (stop === -1 ? tail.length : stop)
  const rows = tableRows(text, from, to)
  if (rows.length)
    out.masks.push({ start: from, end: rows.at(-1)!.nums.at(-1)!.end })
  const row = rows.find(r => /规范性文件\s*$/.test(r.label) || /^(?:行政)?规范性文件/.test(r.label.split(/\s+/).at(-1) ?? ''))
  if (!row)
    return
  // 2021: 本年制发件数 · 本年废止件数 · 现行有效件数; 2019: 本年新制作数量 · 本年新公开数量 · 对外公开总数量.
  // "issued or disclosed in the year" is the 制发 column in 2021 and the 新公开 column in 2019.
  const res = resolveCells(row.nums, 3, () => true)
  if ('error' in res) {
    out.problems.push({ kind: 'run-together', message: `主动公开情况表“规范性文件”一行的数字（${row.nums.map(t => t.text).join(' ')}）无法确定地拆分 (cannot split the 规范性文件 row)`, keys: ['proactive.normativeDocs'], start: row.nums[0]!.start, end: row.nums.at(-1)!.end })
    return
  }
  const cell = res.cells[template === '2021' ? 0 : 1]!
  out.candidates.push({ key: 'proactive.normativeDocs', value: cell.value, unit: '件', approx: null, start: cell.start, end: cell.end, source: 'table', score: 10, ...(cell.note ? { provenance: cell.note } : {}) })
}

// ---------------------------------------------------------------- legacy tables

const UNIT_CELL = /^(?:[件条个项次]|人次|[人元份宗台家篇%]|万元)$/
const EMPTY_CELL = /^[-—–/\\]$|^无$/
const NUMBER_CELL = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/

/** "受理申请总数 件 5" / "主动公开政府信息数 条 1215 10": one flattened cell holding label, unit and values. */
const FLAT_ROW = /^(.*?[^\d\s.,])\s+(?:(人次|万元|[件条个项次人元份宗台家篇%])\s+)?(\d[\d,]*(?:\.\d+)?(?:\s+\d[\d,]*(?:\.\d+)?)*)$/

function readLegacyTable(text: string, out: TableResult, legacyRows: readonly LegacyRow[]): void {
  const lines = text.split('\n')
  let pos = 0
  const starts: number[] = []
  for (const l of lines) {
    starts.push(pos)
    pos += l.length + 1
  }
  const headerIdx = lines.findIndex((l, i) => /^(?:统\s*计\s*)?指\s*标(?:\s*名\s*称)?(?:[\t ]|$)/.test(l) && lines.slice(i, i + 6).some(x => /单\s*位|计量单位/.test(x)))
  if (headerIdx === -1)
    return
  let first = headerIdx
  for (let i = headerIdx - 1; i >= Math.max(0, headerIdx - 4); i--) {
    if (/统计表?|情况统计/.test(lines[i]!))
      first = i
  }
  let last = lines.length - 1
  for (let i = headerIdx; i < lines.length; i++) {
    if (lines[i]!.length > 60 && /[。,]/.test(lines[i]!)) {
      last = i - 1
      break
    }
  }
  out.masks.push({ start: starts[first]!, end: starts[last]! + lines[last]!.length })

  // Two value columns (本年 and 历年累计): the heading names them before the first row with a number.
  let headerText = ''
  for (let i = headerIdx; i <= Math.min(last, headerIdx + 8) && !/\d/.test(lines[i]!); i++)
    headerText += `${lines[i]!} `
  const cumAt = headerText.search(/累\s*计/)
  const yearAt = headerText.search(/本\s*年|当\s*年|年\s*度\s*数|本\s*期/)
  const twoColumns = cumAt !== -1
  const cumulativeFirst = twoColumns && yearAt !== -1 && cumAt < yearAt

  interface LRow { label: string, start: number, end: number, unit: string, values: Cell[], positional: boolean, slots: (Cell | null)[] }
  const rows: LRow[] = []
  const pushValue = (row: LRow | undefined, raw: string, at: number) => {
    row?.values.push({ value: Number(raw.replace(/,/g, '')), start: at, end: at + raw.length })
  }
  for (let i = headerIdx; i <= last; i++) {
    const line = lines[i]!
    let off = starts[i]!
    const grid = line.includes('\t') && /\t\t|\t$/.test(line)
    let rowOfLine: LRow | undefined
    for (const part of line.split(grid ? '\t' : /\t| {2,}/)) {
      const cell = part.trim()
      const cellStart = off + part.indexOf(cell)
      off += part.length + 1
      const row = rows.at(-1)
      if (!cell) {
        if (grid && rowOfLine && (rowOfLine.values.length || rowOfLine.unit))
          rowOfLine.slots.push(null) // a blank value column of an HTML table
        continue
      }
      if (NUMBER_CELL.test(cell)) {
        pushValue(row, cell, cellStart)
        row?.slots.push(row.values.at(-1)!)
        continue
      }
      if (UNIT_CELL.test(cell)) {
        if (row && !row.values.length)
          row.unit = cell
        continue
      }
      if (EMPTY_CELL.test(cell)) {
        row?.slots.push(null)
        continue
      }
      const flat = FLAT_ROW.exec(cell)
      const label = flat ? flat[1]! : cell
      const r: LRow = { label, start: cellStart, end: cellStart + label.length, unit: flat?.[2] ?? '', values: [], positional: grid, slots: [] }
      rows.push(r)
      rowOfLine = r
      if (flat) {
        // the values of a flattened row, each with its own span
        let at = cellStart + cell.lastIndexOf(flat[3]!)
        for (const v of flat[3]!.split(/(\s+)/)) {
          if (/\d/.test(v)) {
            pushValue(r, v, at)
            r.slots.push(r.values.at(-1)!)
          }
          at += v.length
        }
      }
    }
  }
  for (const row of rows) {
    if (!row.values.length)
      continue
    const label = normaliseRowLabel(row.label)
    const def = legacyRows.find(r => r.match.test(label))
    if (!def) {
      out.problems.push({ kind: 'unmapped-row', message: `统计表中“${row.label}”一行（${row.values.map(v => v.value).join(', ')}）没有对应的指标，未计入 (row maps to no figure key; add it to LEGACY_ROWS)`, keys: [], start: row.start, end: row.values.at(-1)!.end })
      continue
    }
    if (def.key === null)
      continue
    let v: Cell | null | undefined = row.values[0]
    let cumulative: Cell | null | undefined = null
    if (twoColumns) {
      // by column where the row kept its blank cells, else only when both columns are written
      const slots = row.positional && row.slots.length === 2 ? row.slots : row.values.length === 2 ? row.values : null
      if (!slots) {
        out.problems.push({ kind: 'run-together', message: `统计表“${row.label}”一行有本年和累计两列，但只读到 ${row.values.map(x => x.value).join(', ')}，无法确定属于哪一列 (a two-column row with ${row.values.length} values: which column is unknown)`, keys: [def.key], start: row.start, end: row.values.at(-1)!.end })
        continue
      }
      ;[v, cumulative] = cumulativeFirst ? [slots[1], slots[0]] : [slots[0], slots[1]]
    }
    else if (row.values.length > 1) {
      out.problems.push({ kind: 'run-together', message: `统计表中“${row.label}”一行有多个数值（${row.values.map(v => v.value).join(', ')}），无法确定 (several values for one row)`, keys: [def.key], start: row.start, end: row.values.at(-1)!.end })
      continue
    }
    if (cumulative && def.key === 'proactive.total')
      out.candidates.push({ key: 'proactive.cumulative', value: cumulative.value, unit: row.unit || '条', approx: null, start: cumulative.start, end: cumulative.end, source: 'table', score: 10 })
    if (!v)
      continue
    const money = /^(?:fees|expenses)\./.test(def.key)
    if (money && !/元/.test(row.unit) && v.value !== 0) {
      out.problems.push({ kind: 'run-together', message: `统计表中“${row.label}”的金额 ${v.value} 没有单位（元或万元），无法确定 (amount without a unit)`, keys: [def.key], start: v.start, end: v.end })
      continue
    }
    const value = row.unit === '万元' ? v.value * 10_000 : v.value
    // with a 累计 column, the first column is this year's count, not "this year's or the running total"
    const alternates = twoColumns ? undefined : def.alternates
    out.candidates.push({ key: def.key, value, unit: money ? '元' : (row.unit || '件'), approx: null, start: v.start, end: v.end, source: 'table', score: 10, alternates })
  }
}

function shortLabel(label: string): string {
  const parts = label.split(/\s+/).filter(Boolean)
  const l = parts.at(-1) ?? label
  return l.length > 30 ? `${l.slice(0, 30)}…` : l
}

export function readTables(text: string, legacyRows: readonly LegacyRow[]): TableResult {
  const out: TableResult = { candidates: [], problems: [], masks: [], template: null }
  readRequestsTable(text, out)
  const modern = /本年制发件数|本年废止件数|现行有效件数|逾期不补正|收费通知要求/.test(text) ? '2021' : /本年新制作数量|本年新公开数量/.test(text) ? '2019' : null
  if (out.masks.length || modern) {
    out.template = modern ?? '2019'
    readProactiveTable(text, out, out.template)
    readReviewTable(text, out)
  }
  else {
    readLegacyTable(text, out, legacyRows)
  }
  return out
}
