/**
 * Pure helpers behind the report pages: labels for figure keys, the text cut into pieces around
 * figure spans and the selected sentence, chart series, list filtering and the compare table.
 * No DOM and no Dexie here, so the unit tests drive them with plain objects.
 */
import type { ReportDetail, ReportFigure, ReportSummary } from '~/shared/api'
import type { SectionNode } from '~/shared/importer/types'
import type { LabelLang } from '~/shared/label'
import { APPLICANT_COLUMNS, OUTCOMES, TOTAL_COLUMN } from '~/shared/outcomes'
import { REPORT_CHANNEL_KEYS, REPORT_CHANNELS, REPORT_OUTCOME_KEYS, REPORT_OUTCOMES } from '~/shared/report-keys'

export type Lang = LabelLang

const FIXED: Record<string, [zh: string, en: string]> = {
  'proactive.total': ['主动公开政府信息', 'Items proactively disclosed'],
  'proactive.cumulative': ['累计主动公开', 'Proactively disclosed, cumulative'],
  'proactive.normativeDocs': ['规范性文件', 'Normative documents'],
  'requests.total': ['收到申请', 'Applications received'],
  'requests.carriedOver': ['上年结转', 'Carried over from last year'],
  'requests.carriedForward': ['结转下年度', 'Carried forward to next year'],
  'review.total': ['行政复议', 'Administrative reconsiderations'],
  'litigation.total': ['行政诉讼', 'Administrative lawsuits'],
  'fees.total': ['收取费用', 'Fees charged'],
  'consultations.total': ['咨询', 'Enquiries handled'],
}

/** `requests.outcome.<o>` names: the six groups, every leaf outcome, the legacy rows and 总计. */
const OUTCOME_NAMES: Readonly<Record<string, { zh: string, en: string }>> = { ...OUTCOMES, ...REPORT_OUTCOMES, total: TOTAL_COLUMN }

/** What a key no registry knows (a newer importer's) reads as: a plain word, never the key itself. */
const OTHER = { zh: '其他', en: 'Other' } as const

/** A registry entry's name, or "other" when the registry does not know it (a newer key). */
function nameOf(registry: Readonly<Record<string, { zh: string, en: string }>>, key: string, lang: Lang): string {
  return Object.hasOwn(registry, key) ? registry[key]![lang] : OTHER[lang]
}

/** A reader's name for a METRICS.md key, in the page's language. */
export function figureLabel(key: string, lang: Lang): string {
  const [base = key, col] = key.split('@')
  const i = lang === 'zh' ? 0 : 1
  let label: string
  if (FIXED[base])
    label = FIXED[base][i]
  else if (base.startsWith('proactive.category.'))
    label = lang === 'zh' ? `主动公开：${base.slice(19)}` : `Disclosed: ${base.slice(19)}`
  else if (base.startsWith('requests.channel.'))
    label = lang === 'zh' ? `申请渠道：${nameOf(REPORT_CHANNELS, base.slice(17), lang)}` : `Channel: ${nameOf(REPORT_CHANNELS, base.slice(17), lang)}`
  else if (base.startsWith('requests.outcome.denied.'))
    label = lang === 'zh' ? `不予公开理由：${nameOf(OUTCOME_NAMES, base.slice(17), lang)}` : `Refusal reason: ${nameOf(OUTCOME_NAMES, base.slice(17), lang)}`
  else if (base.startsWith('requests.outcome.'))
    label = lang === 'zh' ? `办理结果：${nameOf(OUTCOME_NAMES, base.slice(17), lang)}` : `Outcome: ${nameOf(OUTCOME_NAMES, base.slice(17), lang)}`
  else
    label = lang === 'zh' ? '其他数字' : 'Other figure'
  if (col)
    label += lang === 'zh' ? `（${nameOf(APPLICANT_COLUMNS, col, lang)}）` : ` (${nameOf(APPLICANT_COLUMNS, col, lang)})`
  return label
}

/** Figure keys in reading order: totals first, then breakdowns; per-applicant columns last. */
export function orderedKeys(keys: Iterable<string>): string[] {
  const rank = (k: string) => {
    const order = ['proactive.', 'requests.total', 'requests.carriedOver', 'requests.channel.', 'requests.outcome.', 'requests.carriedForward', 'review.', 'litigation.', 'fees.', 'consultations.']
    const i = order.findIndex(p => k.startsWith(p))
    return (k.includes('@') ? 100 : 0) + (i < 0 ? 50 : i)
  }
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** The sentence (or table line) around a span: back to the previous stop, on to the next one. */
export function sentenceAround(text: string, start: number, end: number): { start: number, end: number } {
  if (start < 0 || end <= start || end > text.length)
    return { start: -1, end: -1 }
  const stops = /[。！？；\n]/
  let s = start
  while (s > 0 && !stops.test(text[s - 1]!))
    s--
  let e = end
  while (e < text.length && !stops.test(text[e]!))
    e++
  if (e < text.length && text[e] !== '\n')
    e++
  while (s < e && /\s/.test(text[s]!))
    s++
  return { start: s, end: e }
}

export interface TextPiece {
  text: string
  start: number
  /** The figure read from this piece, if any. */
  figure?: string
  /** Inside the highlighted source sentence. */
  source?: boolean
}

export interface TextParagraph {
  start: number
  pieces: TextPiece[]
}

/**
 * The body as paragraphs of pieces, cut wherever a figure span or the highlighted sentence begins
 * or ends. Rendering stays text-only: a piece is a string, never markup.
 */
export function pieces(text: string, figures: Record<string, { start: number, end: number }>, source: { start: number, end: number } | null): TextParagraph[] {
  const spans = Object.entries(figures)
    .filter(([, f]) => f.start >= 0 && f.end > f.start && f.end <= text.length)
    .map(([key, f]) => ({ key, start: f.start, end: f.end }))
    .sort((a, b) => a.start - b.start || b.end - a.end)
  const cutSet = new Set<number>()
  for (const s of spans) {
    cutSet.add(s.start)
    cutSet.add(s.end)
  }
  if (source && source.start >= 0) {
    cutSet.add(source.start)
    cutSet.add(source.end)
  }
  // One pass over the text, the sorted cuts and the sorted spans (a long report has hundreds of
  // paragraphs and figures: filtering every cut and searching every span per piece was quadratic).
  const cuts = Float64Array.from(cutSet).sort()
  let ci = 0
  let si = 0
  /** Spans already started, in `spans` order; dropped once they end before the piece. */
  let open: typeof spans = []
  const out: TextParagraph[] = []
  const re = /[^\n]+/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const ps = m.index
    const pe = ps + m[0].length
    if (!m[0].trim())
      continue
    while (ci < cuts.length && cuts[ci]! <= ps)
      ci++
    const bounds = [ps]
    for (let k = ci; k < cuts.length && cuts[k]! < pe; k++)
      bounds.push(cuts[k]!)
    bounds.push(pe)
    const para: TextParagraph = { start: ps, pieces: [] }
    for (let i = 0; i < bounds.length - 1; i++) {
      const a = bounds[i]!
      const b = bounds[i + 1]!
      while (si < spans.length && spans[si]!.start <= a)
        open.push(spans[si++]!)
      if (open.length)
        open = open.filter(s => s.end > a)
      const fig = open.find(s => s.end >= b)
      const piece: TextPiece = { text: text.slice(a, b), start: a }
      if (fig)
        piece.figure = fig.key
      if (source && source.start <= a && source.end >= b)
        piece.source = true
      para.pieces.push(piece)
    }
    out.push(para)
  }
  return out
}

/** Flattened outline for a jump list. */
export function flatSections(nodes: SectionNode[] | undefined, max = 2): SectionNode[] {
  const out: SectionNode[] = []
  const walk = (ns: SectionNode[]) => {
    for (const n of ns) {
      if (n.level <= max) {
        out.push(n)
        walk(n.children)
      }
    }
  }
  walk(nodes ?? [])
  return out
}

export interface Series { key: string, name: string, value: number }
export interface ReportCharts { categories: Series[], channels: Series[], outcomes: Series[] }

/** What a report page charts: proactive disclosure by category, applications by channel and by outcome. */
export function chartSeries(figures: Record<string, ReportFigure> | undefined, lang: Lang): ReportCharts {
  const f = figures ?? {}
  const categories = Object.keys(f).filter(k => k.startsWith('proactive.category.') && !k.includes('@')).map(k => ({ key: k, name: k.slice(19), value: f[k]!.value }))
  const channels = REPORT_CHANNEL_KEYS.filter(c => f[`requests.channel.${c}`]).map(c => ({ key: `requests.channel.${c}`, name: REPORT_CHANNELS[c][lang], value: f[`requests.channel.${c}`]!.value }))
  const outcomes = REPORT_OUTCOME_KEYS.filter(o => f[`requests.outcome.${o}`]).map(o => ({ key: `requests.outcome.${o}`, name: REPORT_OUTCOMES[o][lang], value: f[`requests.outcome.${o}`]!.value }))
  return { categories, channels, outcomes }
}

export interface ReportFilter {
  year?: number | null
  agency?: string
  region?: string
  template?: string
  q?: string
  sort?: 'year-desc' | 'year-asc' | 'agency' | 'published'
}

/** One zh-CN collator (localeCompare with a locale builds a new one per comparison). */
let collator: Intl.Collator | undefined
const zh = () => (collator ??= new Intl.Collator('zh-CN'))

/** The list page: filter by year, agency, region, template; search agency (and title) text; sort. */
export function filterReports<T extends ReportSummary>(list: readonly T[], f: ReportFilter): T[] {
  const q = (f.q ?? '').trim().toLowerCase()
  const out = list.filter(r => (!f.year || r.year === f.year)
    && (!f.agency || r.agency === f.agency)
    && (!f.region || r.region === f.region)
    && (!f.template || r.template === f.template)
    && (!q || r.agency.toLowerCase().includes(q) || r.title.toLowerCase().includes(q)))
  const sort = f.sort ?? 'year-desc'
  const byId = (a: T, b: T) => a.id.localeCompare(b.id)
  out.sort((a, b) => {
    switch (sort) {
      case 'year-asc': return (a.year ?? 0) - (b.year ?? 0) || byId(a, b)
      case 'agency': return zh().compare(a.agency, b.agency) || (b.year ?? 0) - (a.year ?? 0)
      case 'published': return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || byId(a, b)
      default: return (b.year ?? 0) - (a.year ?? 0) || byId(a, b)
    }
  })
  return out
}

/** Distinct values for a filter's options, sorted. */
export function facet<T extends ReportSummary>(list: readonly T[], pick: (r: T) => string | number | null | undefined): (string | number)[] {
  const set = new Set<string | number>()
  for (const r of list) {
    const v = pick(r)
    if (v !== null && v !== undefined && v !== '')
      set.add(v)
  }
  return [...set].sort((a, b) => typeof a === 'number' && typeof b === 'number' ? b - a : zh().compare(String(a), String(b)))
}

/** Keys worth comparing across reports: the canonical totals and breakdowns, no per-applicant columns. */
export function compareKeys(reports: readonly Pick<ReportDetail, 'figures'>[]): string[] {
  const keys = new Set<string>()
  for (const r of reports) {
    for (const k of Object.keys(r.figures ?? {})) {
      if (!k.includes('@') && !k.startsWith('requests.outcome.denied.') && !k.startsWith('proactive.category.'))
        keys.add(k)
    }
  }
  return orderedKeys(keys)
}

export interface Trend { agency: string, years: number[], series: { key: string, values: (number | null)[] }[] }

/** Agencies with reports for two or more years among the chosen ones: their main figures by year. */
export function trends(reports: readonly ReportDetail[], keys = ['proactive.total', 'requests.total']): Trend[] {
  const byAgency = new Map<string, ReportDetail[]>()
  for (const r of reports) {
    if (r.year)
      byAgency.set(r.agency, [...(byAgency.get(r.agency) ?? []), r])
  }
  const out: Trend[] = []
  for (const [agency, rs] of byAgency) {
    const years = [...new Set(rs.map(r => r.year!))].sort((a, b) => a - b)
    if (years.length < 2)
      continue
    const series = keys.map(key => ({ key, values: years.map(y => rs.find(r => r.year === y)?.figures?.[key]?.value ?? null) }))
      .filter(s => s.values.some(v => v !== null))
    if (series.length)
      out.push({ agency, years, series })
  }
  return out
}

/**
 * A number with thousands separators and at most three decimals: what `Intl.NumberFormat` gives in
 * both zh-CN and en (tests/unit/reports-view.test.ts compares them over many values), without it.
 * Creating the first zh-CN formatter loads ICU's locale data, one of the largest items in the
 * report page's first render on a phone.
 */
export function groupDigits(value: number): string {
  const abs = Math.abs(value)
  // Exponent notation (and NaN, ∞) are outside what figures hold: leave those to Intl.
  if (!Number.isFinite(value) || abs >= 1e21)
    return new Intl.NumberFormat('en').format(value)
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  if (abs < 0.0005)
    return `${sign}0`
  // The shortest decimal that reads back as this double (what Intl rounds), rounded half away from
  // zero to three decimals on its digits. Between 0.0005 and 1e21 String() never uses an exponent.
  const [intPart, frac = ''] = String(abs).split('.') as [string, string?]
  let digits = intPart + frac.slice(0, 3).padEnd(3, '0')
  if ((frac[3] ?? '0') >= '5') {
    const up = [...digits]
    let i = up.length - 1
    while (i >= 0 && up[i] === '9')
      up[i--] = '0'
    digits = i < 0 ? `1${up.join('')}` : (up[i] = String(Number(up[i]) + 1), up.join(''))
  }
  const int = digits.slice(0, -3).replace(/^0+(?=\d)/, '') || '0'
  const decimals = digits.slice(-3).replace(/0+$/, '')
  return `${sign}${int.replace(/\B(?=(\d{3})+$)/g, ',')}${decimals ? `.${decimals}` : ''}`
}

/**
 * The English word for each unit the importer reads (shared/importer/numbers.ts). Chinese counting
 * classifiers (件, 条, 个, 项) have no English word and read best as a bare number; a unit not listed
 * is left out in English rather than shown in Chinese.
 */
const UNIT_EN: Record<string, string> = {
  人次: 'person-times',
  件次: 'times',
  元: 'yuan',
  件: '',
  条: '',
  个: '',
  项: '',
  台: '',
  份: 'copies',
  次: 'times',
  起: 'cases',
  宗: 'cases',
  篇: 'articles',
  卷: 'volumes',
  期: 'issues',
  家: 'organisations',
  人: 'people',
}

/** Number as readers write it: thousands separators, 约 for hedged figures, the unit in the reader's language. */
export function formatFigure(f: Pick<ReportFigure, 'value' | 'unit' | 'approx'>, lang: Lang): string {
  if (lang === 'zh')
    return `${f.approx ? '约' : ''}${groupDigits(f.value)}${f.unit}`
  const about = f.approx ? 'about ' : ''
  // 万元 is ten thousand yuan: English readers get the amount in yuan.
  if (f.unit === '万元')
    return `${about}${groupDigits(f.value * 10_000)} yuan`
  if (f.unit === '%')
    return `${about}${groupDigits(f.value)}%`
  const word = UNIT_EN[f.unit] ?? ''
  return `${about}${groupDigits(f.value)}${word ? ` ${word}` : ''}`
}
