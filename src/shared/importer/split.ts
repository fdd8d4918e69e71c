/**
 * Digits of neighbouring cells run together when a table is flattened ("640020470" for seven
 * cells). Which split is right is decided by the template's own arithmetic, never by a guess:
 *
 * 1. Each row alone: every split into n cells whose cells satisfy the row's sum (the 2019/2021
 *    requests table: six applicant columns add up to 总计).
 * 2. The table together: the rows that still have several possible splits are chosen jointly so
 *    that every column-wise sum of the template holds (outcome rows add up to （七）总计;
 *    一 + 二 = 三（七）总计 + 四). A row keeps its values only when every surviving combination
 *    gives it the same split; otherwise its differing cells are reported as ambiguous.
 *
 * Blank cells of an HTML table are read by position (gridCells), not split.
 */
export interface Cell {
  value: number
  start: number
  end: number
  /** How the value was read when not one written number: a blank cell, or a split of run-together digits. */
  note?: 'blank' | 'split'
}

export interface NumTok extends Cell { text: string }

/** Search steps allowed per row and per table: a crafted row cannot keep the importer busy. */
const ROW_BUDGET = 200_000
/** Steps all the rows of one table may spend splitting together (see `SplitBudget`). */
export const TABLE_SPLIT_BUDGET = 1_000_000

/** Steps left for the rows of one table: a table of hundreds of crafted rows stays bounded too. */
export interface SplitBudget { left: number }
const TABLE_BUDGET = 200_000
/** Splits of one row kept for the joint search. */
const MAX_OPTIONS = 2_000

export type RowSplit
  = | { options: Cell[][] } // one option: certain; several: settled by the table (solveTable)
    | { error: 'impossible' | 'too-many' | 'budget' }

/** Every split of the tokens into n cells that passes `check` (tokens written apart stay apart). */
export function enumerateSplits(toks: NumTok[], n: number, check: (v: number[]) => boolean, budget: SplitBudget = { left: ROW_BUDGET }): RowSplit {
  if (toks.length === n)
    return { options: [toks.map(({ value, start, end, note }) => ({ value, start, end, ...(note ? { note } : {}) }))] }
  if (toks.length > n)
    return { error: 'too-many' }
  const options: Cell[][] = []
  const cur: Cell[] = []
  let steps = 0
  const digitsAfter: number[] = []
  for (let i = toks.length - 1, acc = 0; i >= 0; i--) {
    acc += toks[i]!.text.includes('.') ? 1 : toks[i]!.text.length
    digitsAfter[i] = acc
  }
  const limit = Math.min(ROW_BUDGET, budget.left)
  const rec = (ti: number, pos: number): void => {
    if (options.length > MAX_OPTIONS || ++steps > limit)
      return
    if (ti === toks.length) {
      if (cur.length === n && check(cur.map(c => c.value)))
        options.push([...cur])
      return
    }
    const tok = toks[ti]!
    const need = n - cur.length
    const left = (digitsAfter[ti] ?? 0) - pos
    if (need < toks.length - ti || need > left)
      return
    if (tok.text.includes('.')) { // a decimal is one cell
      cur.push({ value: tok.value, start: tok.start, end: tok.end })
      rec(ti + 1, 0)
      cur.pop()
      return
    }
    for (let len = 1; len <= Math.min(tok.text.length - pos, 7); len++) {
      const part = tok.text.slice(pos, pos + len)
      if (len > 1 && part[0] === '0')
        break
      cur.push({ value: Number(part), start: tok.start + pos, end: tok.start + pos + len, note: 'split' })
      if (pos + len === tok.text.length)
        rec(ti + 1, 0)
      else
        rec(ti, pos + len)
      cur.pop()
    }
  }
  rec(0, 0)
  budget.left -= Math.min(steps, limit)
  if (steps > limit || options.length > MAX_OPTIONS)
    return { error: 'budget' }
  if (!options.length)
    return { error: 'impossible' }
  // a cell that is one whole written token was not split
  for (const o of options) {
    for (const c of o) {
      if (toks.some(t => t.start === c.start && t.end === c.end))
        delete c.note
    }
  }
  return { options }
}

/** A sum the table must satisfy in every column: the rows in `plus` add up to the rows in `minus`. */
export interface TableRule { plus: string[], minus: string[] }

export interface TableSolution {
  /** Rows whose split every surviving combination agrees on. */
  settled: Map<string, Cell[]>
  /** Rows left with several splits: the column indexes where they differ. */
  ambiguous: Map<string, number[]>
  /** True when no combination satisfies the rules: the table contradicts itself however it is read. */
  contradiction: boolean
}

/**
 * Chooses one split per undecided row so that every rule holds in every column. Rows with a single
 * option take part as they are (a row written cell by cell is the report's, even if it breaks a
 * rule: that is flagged elsewhere, as the report's own inconsistency).
 */
export function solveTable(rows: Map<string, Cell[][]>, rules: TableRule[], columns: number): TableSolution {
  const settled = new Map<string, Cell[]>()
  const open: string[] = []
  for (const [key, opts] of rows) {
    if (opts.length === 1)
      settled.set(key, opts[0]!)
    else
      open.push(key)
  }
  if (!open.length)
    return { settled, ambiguous: new Map(), contradiction: false }
  // only the rules that involve an undecided row and whose rows are all present can decide anything
  const active = rules.filter(r => [...r.plus, ...r.minus].every(k => rows.has(k)) && [...r.plus, ...r.minus].some(k => open.includes(k)))
  const seen = new Map<string, Set<number>>(open.map(k => [k, new Set()]))
  const choice = new Map<string, Cell[]>(settled)
  let steps = 0
  let found = 0
  const holds = (r: TableRule) => {
    for (let i = 0; i < columns; i++) {
      const s = r.plus.reduce((a, k) => a + choice.get(k)![i]!.value, 0)
      const t = r.minus.reduce((a, k) => a + choice.get(k)![i]!.value, 0)
      if (s !== t)
        return false
    }
    return true
  }
  const rec = (idx: number): void => {
    if (++steps > TABLE_BUDGET)
      return
    if (idx === open.length) {
      found++
      for (const k of open)
        seen.get(k)!.add(rows.get(k)!.indexOf(choice.get(k)!))
      return
    }
    const key = open[idx]!
    for (const opt of rows.get(key)!) {
      choice.set(key, opt)
      // a rule is tested as soon as its last undecided row is chosen
      const ready = active.filter(r => [...r.plus, ...r.minus].every(k => choice.has(k)) && [...r.plus, ...r.minus].includes(key))
      if (ready.every(holds))
        rec(idx + 1)
      choice.delete(key)
      if (steps > TABLE_BUDGET)
        return
    }
  }
  rec(0)
  const ambiguous = new Map<string, number[]>()
  const exhausted = steps > TABLE_BUDGET
  for (const key of open) {
    const idx = [...seen.get(key)!]
    if (!exhausted && idx.length === 1) {
      settled.set(key, rows.get(key)![idx[0]!]!)
      continue
    }
    const opts = (idx.length ? idx : rows.get(key)!.map((_, i) => i)).map(i => rows.get(key)![i]!)
    const differ: number[] = []
    for (let c = 0; c < columns; c++) {
      if (new Set(opts.map(o => o[c]!.value)).size > 1)
        differ.push(c)
    }
    if (differ.length)
      ambiguous.set(key, differ)
    else // every reading gives the same values, only the digits' boundaries differ
      settled.set(key, opts[0]!)
  }
  return { settled, ambiguous, contradiction: !exhausted && found === 0 }
}
