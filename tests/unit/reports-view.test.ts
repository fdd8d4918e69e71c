// The report pages' pure helpers: text cut around figure spans (never markup), the source sentence,
// chart series, list filter/sort, compare keys and trends, on the real importer's output.
import type { ReportDetail } from '~/shared/api'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chartSeries, compareKeys, figureLabel, filterReports, flatSections, formatFigure, groupDigits, pieces, sentenceAround, trends } from '~/features/reports/logic'
import { importReport } from '~/shared/importer'

const fixture = importReport(readFileSync(new URL('../fixtures/reports/2021-flattened.txt', import.meta.url), 'utf8'))

function summary(id: string, over: Partial<ReportDetail>): ReportDetail {
  return { id, title: `报告${id}`, agency: '甲市人民政府', year: 2020, publishedAt: '2021-01-31', template: '2021', region: null, updatedAt: '', body: '', ...over }
}

describe('pieces', () => {
  it('rebuilds the text exactly, one piece per figure span, paragraphs at line starts', () => {
    const paras = pieces(fixture.text, fixture.figures, null)
    const rebuilt = paras.map(p => p.pieces.map(x => x.text).join('')).join('')
    expect(rebuilt).toBe(fixture.text.split('\n').filter(l => l.trim()).join(''))
    for (const p of paras) {
      for (const x of p.pieces)
        expect(fixture.text.slice(x.start, x.start + x.text.length)).toBe(x.text)
    }
    const total = paras.flatMap(p => p.pieces).find(x => x.figure === 'proactive.total')
    expect(total?.text).toContain('1,268')
  })

  it('marks the source sentence, and only it', () => {
    const text = '一、概述。本年主动公开信息120条，其中规章3件。\n二、申请。'
    const fig = { 'proactive.total': { start: text.indexOf('120'), end: text.indexOf('120') + 4 } }
    const src = sentenceAround(text, fig['proactive.total'].start, fig['proactive.total'].end)
    expect(text.slice(src.start, src.end)).toBe('本年主动公开信息120条，其中规章3件。')
    const ps = pieces(text, fig, src)
    const marked = ps.flatMap(p => p.pieces).filter(x => x.source).map(x => x.text).join('')
    expect(marked).toBe('本年主动公开信息120条，其中规章3件。')
    expect(ps).toHaveLength(2)
  })

  it('cuts exactly as the plain definition does, for any text, spans (overlapping too) and source', () => {
    // The definition, quadratic: every cut inside each paragraph; each piece takes the first span
    // (by start, longest first) that covers it.
    function reference(text: string, figures: Record<string, { start: number, end: number }>, source: { start: number, end: number } | null) {
      const spans = Object.entries(figures).filter(([, f]) => f.start >= 0 && f.end > f.start && f.end <= text.length).map(([key, f]) => ({ key, ...f })).sort((a, b) => a.start - b.start || b.end - a.end)
      const cuts = new Set(spans.flatMap(s => [s.start, s.end]))
      if (source && source.start >= 0)
        cuts.add(source.start).add(source.end)
      const out = []
      for (const m of text.matchAll(/[^\n]+/g)) {
        const ps = m.index
        const pe = ps + m[0].length
        if (!m[0].trim())
          continue
        const bounds = [ps, ...[...cuts].filter(c => c > ps && c < pe).sort((a, b) => a - b), pe]
        out.push({ start: ps, pieces: bounds.slice(0, -1).map((a, i) => {
          const b = bounds[i + 1]!
          const fig = spans.find(s => s.start <= a && s.end >= b)
          return { text: text.slice(a, b), start: a, ...(fig ? { figure: fig.key } : {}), ...(source && source.start <= a && source.end >= b ? { source: true } : {}) }
        }) })
      }
      return out
    }
    const input = fc.string({ unit: fc.constantFrom('a', '本', '1', '\n', ' '), maxLength: 80 }).chain(text => fc.tuple(
      fc.constant(text),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.record({ start: fc.integer({ min: -1, max: text.length + 1 }), end: fc.integer({ min: -1, max: text.length + 2 }) }), { maxKeys: 8 }),
      fc.option(fc.record({ start: fc.integer({ min: -1, max: text.length }), end: fc.integer({ min: 0, max: text.length }) })),
    ))
    fc.assert(fc.property(input, ([text, figures, source]) => {
      expect(pieces(text, figures, source)).toEqual(reference(text, figures, source))
    }), { numRuns: 2000 })
    expect(pieces(fixture.text, fixture.figures, null)).toEqual(reference(fixture.text, fixture.figures, null))
  })

  it('ignores spans outside the text and a missing source', () => {
    const ps = pieces('abc', { x: { start: -1, end: -1 }, y: { start: 2, end: 9 } }, sentenceAround('abc', -1, -1))
    expect(ps).toEqual([{ start: 0, pieces: [{ text: 'abc', start: 0 }] }])
  })

  it('keeps a script payload as plain text pieces', () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    expect(pieces(text, {}, null)[0]!.pieces[0]!.text).toBe(text)
  })
})

describe('labels and numbers', () => {
  it('names keys in both languages, per-applicant columns included', () => {
    expect(figureLabel('requests.outcome.partial', 'zh')).toBe('办理结果：部分公开')
    // One name per outcome everywhere: the report pages say what the case page and the template say.
    expect(figureLabel('requests.outcome.partial', 'en')).toBe('Outcome: Partly disclosed')
    expect(figureLabel('requests.outcome.granted', 'en')).toBe('Outcome: Disclosed')
    expect(figureLabel('requests.outcome.notHeld', 'zh')).toBe('办理结果：信息不存在')
    expect(figureLabel('requests.channel.letter', 'en')).toBe('Channel: Letter')
    expect(figureLabel('requests.total@otherOrg', 'en')).toBe('Applications received (Other organisations)')
    expect(figureLabel('requests.total@natural', 'zh')).toBe('收到申请（自然人）')
    expect(figureLabel('proactive.category.规章', 'en')).toBe('Disclosed: 规章')
    // Refusal reasons and other leaf outcomes by name, never their codes (津市 2012's figures).
    expect(figureLabel('requests.outcome.denied.securityStability', 'zh')).toBe('不予公开理由：危及“三安全一稳定”')
    expect(figureLabel('requests.outcome.denied.thirdParty', 'en')).toBe('Refusal reason: Protects the lawful rights of a third party')
    expect(figureLabel('requests.outcome.unable.notHeld', 'zh')).toBe('办理结果：本机关不掌握相关政府信息')
    // A key no registry knows yet reads as a plain word.
    expect(figureLabel('requests.outcome.denied.madeUp', 'en')).toBe('Refusal reason: Other')
    expect(figureLabel('something.new', 'zh')).toBe('其他数字')
    expect(formatFigure({ value: 1268, unit: '条', approx: true }, 'zh')).toBe('约1,268条')
    expect(formatFigure({ value: 3, unit: '件', approx: false }, 'en')).toBe('3')
  })

  it('translates units in English: words, money in yuan, nothing Chinese left', () => {
    expect(formatFigure({ value: 1268, unit: '条', approx: true }, 'en')).toBe('about 1,268')
    expect(formatFigure({ value: 12, unit: '人次', approx: false }, 'en')).toBe('12 person-times')
    expect(formatFigure({ value: 3.5, unit: '万元', approx: false }, 'en')).toBe('35,000 yuan')
    expect(formatFigure({ value: 3.5, unit: '万元', approx: false }, 'zh')).toBe('3.5万元')
    expect(formatFigure({ value: 98.5, unit: '%', approx: false }, 'en')).toBe('98.5%')
    for (const unit of ['人次', '件次', '万元', '元', '件', '条', '个', '项', '份', '次', '起', '宗', '篇', '卷', '期', '家', '人', '%', '台', '未知'])
      expect(formatFigure({ value: 7, unit, approx: false }, 'en'), unit).not.toMatch(/[\u4E00-\u9FFF]/)
  })

  it('groups digits exactly as Intl.NumberFormat does in zh-CN and en', () => {
    const zh = new Intl.NumberFormat('zh-CN')
    const en = new Intl.NumberFormat('en')
    const check = (v: number) => {
      expect(groupDigits(v), String(v)).toBe(zh.format(v))
      expect(groupDigits(v), String(v)).toBe(en.format(v))
    }
    for (const v of [0, -0, 1, 12, 999, 1000, 1268, 12345.5, 1234567, 0.1, 0.0004, 0.0005, -0.0004, 2.5, 1.2345, 1.0005, 2.0015, 0.9995, 999.9995, 999999.9996, -3, -1234.5678, 1e15, 1e-7, Number.NaN, Number.POSITIVE_INFINITY])
      check(v)
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e7, max: 1e7, noNaN: true })), check), { numRuns: 3000 })
  })

  it('charts channels and outcomes in canonical order without the total row', () => {
    const s = chartSeries(fixture.figures, 'zh')
    expect(s.outcomes.some(o => o.key === 'requests.outcome.total')).toBe(false)
    expect(s.outcomes.length + s.channels.length + s.categories.length).toBeGreaterThan(0)
    for (const o of s.outcomes)
      expect(o.value).toBe(fixture.figures[o.key]!.value)
  })

  it('flattens the outline to two levels', () => {
    const flat = flatSections(fixture.sections)
    expect(flat.length).toBeGreaterThan(0)
    expect(flat.every(s => s.level <= 2)).toBe(true)
  })
})

describe('list and compare', () => {
  const list = [
    summary('a', { year: 2019, agency: '甲市人民政府', region: '甲市', template: '2019' }),
    summary('b', { year: 2021, agency: '乙县教育局', region: '乙县', template: '2021', publishedAt: '2022-01-10' }),
    summary('c', { year: 2020, agency: '甲市人民政府', region: '甲市', template: '2019', publishedAt: '2021-03-01' }),
  ]
  it('filters by year, agency, region, template and agency text; sorts', () => {
    expect(filterReports(list, {}).map(r => r.id)).toEqual(['b', 'c', 'a'])
    expect(filterReports(list, { sort: 'year-asc' }).map(r => r.id)).toEqual(['a', 'c', 'b'])
    expect(filterReports(list, { year: 2020 }).map(r => r.id)).toEqual(['c'])
    expect(filterReports(list, { region: '乙县' }).map(r => r.id)).toEqual(['b'])
    expect(filterReports(list, { template: '2019', agency: '甲市人民政府' }).map(r => r.id)).toEqual(['c', 'a'])
    expect(filterReports(list, { q: '教育' }).map(r => r.id)).toEqual(['b'])
    expect(filterReports(list, { q: '没有' })).toEqual([])
    expect(filterReports(list, { sort: 'published' }).map(r => r.id)).toEqual(['b', 'c', 'a'])
  })

  it('compares canonical keys and draws a trend only for an agency with several years', () => {
    const f = (v: number) => ({ value: v, unit: '件', approx: false, start: -1, end: -1, source: 'text' as const })
    const rs: ReportDetail[] = [
      { ...list[0]!, figures: { 'proactive.total': f(10), 'requests.total@natural': f(1), 'requests.total': f(4) } },
      { ...list[2]!, figures: { 'proactive.total': f(12) } },
      { ...list[1]!, figures: { 'review.total': f(0) } },
    ]
    expect(compareKeys(rs)).toEqual(['proactive.total', 'requests.total', 'review.total'])
    expect(trends(rs)).toEqual([{ agency: '甲市人民政府', years: [2019, 2020], series: [{ key: 'proactive.total', values: [10, 12] }, { key: 'requests.total', values: [4, null] }] }])
  })
})
