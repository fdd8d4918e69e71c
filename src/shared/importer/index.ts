/**
 * The annual-report importer: raw text or HTML in, report facts, section tree, figures (keyed as in
 * domain/METRICS.md, each with the span it was read from) and problems out. Pure and isomorphic:
 * the server CLI, the seed loader and the staff upload page all call importReport().
 *
 * Pipeline: normalise (HTML → text, NFKC, chrome) → statistics tables (tables.ts; their spans are
 * masked from prose) → headings → prose clauses (prose.ts) → reconcile → cross-checks.
 * Reconciling follows one rule: never guess. Two statements that disagree (prose vs prose at the
 * same confidence, prose vs table) yield a problem and no figure.
 */
import type { Candidate } from './candidate'
import type { Figure, ImportedReport, ImportOptions, ImportProblem, ReportTemplate } from './types'
import { REPORT_CHANNEL_KEYS, REPORT_OUTCOME_KEYS } from '../report-keys'
import { categoryName, checkBreakdown, checkShares, findBreakdowns } from './breakdowns'
import { buildClauses } from './clauses'
import { readFacts } from './facts'
import { INTERNAL_KEYS, LEGACY_ROWS } from './legacy-rows'
import { normalise } from './normalize'
import { approxRange } from './numbers'
import { readProse } from './prose'
import { buildSectionTree, findHeadings } from './sections'
import { readTables } from './tables'

export { LEGACY_ROWS } from './legacy-rows'
export type * from './types'

export const UNKNOWN_AGENCY = '未知机关'
/** Problems listed at most; a real report has a handful. */
const MAX_PROBLEMS = 200

export function importReport(raw: string, options: ImportOptions = {}): ImportedReport {
  const norm = normalise(raw, options.maxInputChars)
  const problems: ImportProblem[] = [...norm.problems]
  const text = norm.text
  if (!text) {
    return { title: '', agency: UNKNOWN_AGENCY, year: null, publishedAt: null, template: 'legacy', format: norm.format, text: '', sections: [], figures: {}, problems }
  }

  const tables = readTables(text, options.legacyRows ?? LEGACY_ROWS)
  problems.push(...tables.problems)
  const masks = tables.masks
  const headings = findHeadings(text, pos => masks.some(m => pos >= m.start && pos < m.end))
  const facts = readFacts(text, norm.breadcrumbs)
  const breakdowns = findBreakdowns(text, masks)
  const itemSpans = breakdowns.flatMap(b => b.items.map(it => ({ start: it.start, end: it.start + it.text.length })))
  const prose = readProse(buildClauses(text, headings, masks), itemSpans, text)

  const chosen = resolveProse(prose, problems, text)

  // Catalog categories: the items of the 其中-list that follows the chosen proactive total.
  const total = chosen.get('proactive.total')
  const list = total && breakdowns.find(b => b.totals.some(t => t.start === total.start))
  if (total && list) {
    for (const it of list.items) {
      const n = it.nums.find(x => x.unit === total.unit)
      const name = n && categoryName(it, n)
      if (n && name && !chosen.has(`proactive.category.${name}`))
        chosen.set(`proactive.category.${name}`, { key: `proactive.category.${name}`, value: n.value, unit: n.unit, approx: n.approx, start: n.start, end: n.end, source: 'text', score: 1 })
    }
  }

  mergeTables(chosen, tables.candidates, problems, text)

  for (const b of breakdowns) {
    for (const m of checkBreakdown(b)) {
      const key = [...chosen.values()].find(c => c.start === m.total.start && c.end === m.total.end)?.key
      // a list of catalog columns that is not the year's total still says what it is about
      const categories = b.items.flatMap((it) => {
        const n = it.nums.find(x => x.unit === m.total.unit)
        const name = n && categoryName(it, n)
        return name ? [`proactive.category.${name}`] : []
      })
      const approxMark = m.total.approx ? '余' : ''
      problems.push({
        kind: 'breakdown',
        message: `分项之和与总数不一致：${m.parts.map(p => p.value).join(' + ')} = ${m.sum}${m.total.unit}，而总数为 ${m.total.value}${approxMark}${m.total.unit} (a breakdown adds up to ${m.sum}, not the stated total ${m.total.value})`,
        keys: key ? [key] : categories,
        start: m.total.start,
        end: m.parts.at(-1)!.end,
      })
    }
  }
  for (const b of breakdowns) {
    for (const m of checkShares(b)) {
      problems.push({
        kind: 'breakdown',
        message: `分项占比与数量不符：${m.item.value}${m.item.unit}占总数 ${m.total.value}${m.total.unit} 的 ${m.actual}%，报告写作 ${m.share.value}% (a stated share does not match its count: ${m.item.value} of ${m.total.value} is ${m.actual}%, not ${m.share.value}%)`,
        keys: [],
        start: m.item.start,
        end: m.share.end,
      })
    }
  }
  crossCheck(chosen, problems, tables.template !== null)

  const figures: Record<string, Figure> = {}
  for (const c of [...chosen.values()].sort((a, b) => a.start - b.start || a.key.localeCompare(b.key))) {
    if (INTERNAL_KEYS.has(c.key))
      continue
    figures[c.key] = { value: c.value, unit: c.unit, approx: c.approx !== null, start: c.start, end: c.end, source: c.source, ...(c.derived ? { derived: true } : {}), ...(c.provenance ? { provenance: c.provenance } : {}) }
  }

  const year = facts.year
  if (facts.yearConflict) {
    const { title, period } = facts.yearConflict
    problems.push({ kind: 'fact', message: `标题写的是${title}年，而报告所述统计期限为${period}年：按统计期限读作${period}年度报告 (the title names ${title}, the statistics period ${period})`, keys: [] })
  }
  if (year === null)
    problems.push({ kind: 'fact', message: '无法确定报告所属年度 (the year covered could not be read)', keys: [] })
  if (facts.agency === null)
    problems.push({ kind: 'fact', message: '无法确定发布机关 (the publishing agency could not be read)', keys: [] })
  const template: ReportTemplate = tables.template ?? (year !== null && year >= 2021 ? '2021' : year !== null && year >= 2019 ? '2019' : 'legacy')

  // A crafted page can hold tens of thousands of broken lists: keep the first ones and say how many more.
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS
    problems.splice(MAX_PROBLEMS)
    problems.push({ kind: 'input', message: `另有 ${more} 处问题未列出 (${more} more problems not listed)`, keys: [] })
  }

  return {
    title: facts.title,
    agency: facts.agency ?? UNKNOWN_AGENCY,
    year,
    publishedAt: facts.publishedAt,
    template,
    format: norm.format,
    text,
    sections: buildSectionTree(headings, text.length),
    figures,
    problems,
  }
}

/** The clause a candidate was read from, for messages. */
function describe(c: Candidate, text: string): string {
  let from = c.start
  while (from > 0 && c.start - from < 40 && !/[。;\n,]/.test(text[from - 1]!))
    from--
  return `“${text.slice(from, c.end).replace(/\s+/g, ' ').trim()}”`
}

function sameValue(a: Candidate, b: Candidate): boolean {
  if (a.value === b.value)
    return true
  const [alo, ahi] = approxRange(a.value, a.approx)
  const [blo, bhi] = approxRange(b.value, b.approx)
  return (a.approx !== null || b.approx !== null) && alo <= bhi && blo <= ahi
}

/** Best-scored prose candidate per key; a tie between different values is a problem, not a figure. */
function resolveProse(prose: Candidate[], problems: ImportProblem[], text: string): Map<string, Candidate> {
  const byKey = new Map<string, Candidate[]>()
  for (const c of prose)
    byKey.set(c.key, [...(byKey.get(c.key) ?? []), c])
  const chosen = new Map<string, Candidate>()
  for (const [key, cs] of byKey) {
    const best = Math.max(...cs.map(c => c.score))
    const top = cs.filter(c => c.score === best).sort((a, b) => a.start - b.start)
    const differing = top.filter(c => !sameValue(c, top[0]!))
    if (differing.length) {
      problems.push({
        kind: 'conflict',
        message: `正文对同一指标给出不同的数字：${[top[0]!, ...differing].map(c => `${describe(c, text)} → ${c.value}`).join('；')} (the text states different values)`,
        keys: [key],
        start: top[0]!.start,
        end: top[0]!.end,
      })
      continue
    }
    chosen.set(key, top[0]!)
  }
  return chosen
}

/** Table cells join the prose figures; a disagreement between the two is a problem and drops both. */
function mergeTables(chosen: Map<string, Candidate>, cells: Candidate[], problems: ImportProblem[], text: string): void {
  const seen = new Map<string, Candidate>()
  const dropped = new Set<string>()
  for (const t of cells) {
    const prior = seen.get(t.key)
    if (prior) {
      if (prior.value !== t.value && !dropped.has(t.key)) {
        problems.push({ kind: 'conflict', message: `统计表中同一指标出现两个不同的数字：${prior.value} 与 ${t.value} (two table rows give different values)`, keys: [t.key], start: t.start, end: t.end })
        dropped.add(t.key)
        chosen.delete(t.key)
      }
      continue
    }
    seen.set(t.key, t)
    if (dropped.has(t.key))
      continue
    const p = chosen.get(t.key)
    // A legacy "主动公开政府信息数" is this year's count or the running total: the prose decides.
    if (t.alternates?.some(alt => chosen.get(alt)?.value === t.value))
      continue
    if (!p) {
      chosen.set(t.key, t)
      continue
    }
    if (sameValue(p, t)) {
      if (p.approx !== null && t.approx === null)
        chosen.set(t.key, t) // the table's exact number beats the prose's hedged one
      continue
    }
    // "收到申请75件" counts last year's carried-over ones too: 75 = 本年新收 74 + 上年结转 1.
    const carriedOver = cells.find(c => c.key === 'requests.carriedOver')?.value
    if (t.key === 'requests.total' && carriedOver !== undefined && p.value === t.value + carriedOver && !/新收/.test(text.slice(Math.max(0, p.start - 20), p.start))) {
      chosen.set(t.key, t)
      continue
    }
    problems.push({
      kind: 'text-table',
      message: `正文与统计表不一致：正文${describe(p, text)}为 ${p.value}${p.unit}，统计表为 ${t.value}${t.unit}（表中写作“${text.slice(t.start, t.end)}”）(text says ${p.value}, table says ${t.value})`,
      keys: [t.key],
      start: t.start,
      end: t.end,
    })
    chosen.delete(t.key)
    dropped.add(t.key)
  }
}

/** Breakdowns between keys: channels and outcomes against the applications, reasons against 不予公开. */
function crossCheck(chosen: Map<string, Candidate>, problems: ImportProblem[], templateTable: boolean): void {
  const v = (k: string) => chosen.get(k)?.value
  const sumOf = (prefix: string, names: string[]) => {
    const keys = names.map(n => prefix + n).filter(k => chosen.has(k) && !chosen.get(k)!.derived)
    return { keys, sum: keys.reduce((a, k) => a + v(k)!, 0) }
  }
  const check = (totalKey: string, parts: { keys: string[], sum: number }, what: string, exact: boolean) => {
    const total = chosen.get(totalKey)
    if (!total || parts.keys.length < 2 || total.derived)
      return
    const [lo, hi] = approxRange(total.value, total.approx)
    if (parts.sum > hi || (exact && parts.sum < lo))
      problems.push({ kind: 'breakdown', message: `${what}之和为 ${parts.sum}，与总数 ${total.value} 不一致 (${parts.keys.join(' + ')} = ${parts.sum}, not ${total.value})`, keys: [totalKey, ...parts.keys] })
  }
  const channels = sumOf('requests.channel.', REPORT_CHANNEL_KEYS)
  check('requests.total', channels, '各申请渠道', false)
  if (templateTable) // the template table checks its own rows and columns (tables.ts)
    return
  const outcomes = sumOf('requests.outcome.', REPORT_OUTCOME_KEYS)
  if (chosen.has('requests.outcome.total'))
    check('requests.outcome.total', outcomes, '各答复结果', true)
  else
    check('requests.total', outcomes, '各答复结果', false)
  const reasons = sumOf('requests.outcome.denied.', ['stateSecret', 'lawProhibited', 'securityStability', 'thirdParty', 'internalAffairs', 'process', 'enforcementFile', 'adminQuery', 'commercialSecret', 'privacy', 'other'])
  if (reasons.keys.length >= 1 && chosen.has('requests.outcome.denied') && !chosen.get('requests.outcome.denied')!.derived && reasons.sum !== v('requests.outcome.denied'))
    problems.push({ kind: 'breakdown', message: `不予公开的理由之和为 ${reasons.sum}，与不予公开总数 ${v('requests.outcome.denied')} 不一致 (refusal reasons add up to ${reasons.sum})`, keys: ['requests.outcome.denied', ...reasons.keys] })
}
