// The annual draft, pure: counting the catalog, generating figures with their sources, rendering
// the text and reading it back with the project's own importer (every figure, no problem).
import type { AnnualInputs } from '~/shared/annual'
import type { ProactiveEntry } from '~/shared/annual/proactive'
import { describe, expect, it } from 'vitest'
import { ANNUAL_SECTION_KEYS, buildProactiveTable, checkAnnualText, generateAnnual, proactiveRowOf, renderAnnualText } from '~/shared/annual'

function entry(id: string, path: string[], createdOn: string, o: Partial<ProactiveEntry> = {}): ProactiveEntry {
  return { id, categoryPath: path, disclosure: 'proactive', createdOn, publishedOn: createdOn, withdrawnOn: null, ...o }
}

function inputs(year: number): AnnualInputs {
  const y = String(year)
  return {
    agency: '某市交通运输局',
    agencyId: 'a1',
    year,
    cases: [
      { id: 'c1', agencyId: '某市交通运输局', column: 'natural', receivedDate: `${y}-02-01`, answeredDate: `${y}-02-20`, outcome: 'granted' },
      { id: 'c2', agencyId: '某市交通运输局', column: 'commercial', receivedDate: `${y}-03-01`, answeredDate: `${y}-03-25`, outcome: 'denied.thirdParty' },
      { id: 'c3', agencyId: '某市交通运输局', column: 'natural', receivedDate: `${year - 1}-12-20`, answeredDate: `${y}-01-10`, outcome: 'unable.notHeld' },
      { id: 'c4', agencyId: '某市交通运输局', column: 'research', receivedDate: `${y}-12-28`, answeredDate: null, outcome: null },
      { id: 'c5', agencyId: '某市交通运输局', column: 'natural', receivedDate: `${y}-05-01`, answeredDate: `${y}-06-01`, outcome: year >= 2021 ? 'other.feeUnpaid' : 'other.feeUnpaid' },
      { id: 'x', agencyId: '别的机关', column: 'natural', receivedDate: `${y}-05-01`, answeredDate: null, outcome: null },
    ],
    appeals: [
      { id: 'r1', agencyId: '某市交通运输局', kind: 'reconsideration', filedDate: `${y}-04-01`, result: 'upheld', concludedDate: `${y}-06-01` },
      { id: 'r2', agencyId: '某市交通运输局', kind: 'lawsuitDirect', filedDate: `${y}-09-01`, result: null, concludedDate: null },
    ],
    catalog: [
      entry('e1', ['行政规范性文件', '政策法规'], `${y}-03-01`),
      entry('e2', ['规范性文件'], `${year - 1}-03-01`, { withdrawnOn: `${y}-07-01` }),
      entry('e3', ['行政许可'], `${y}-08-01`),
      entry('e4', ['行政处罚决定'], `${y}-08-02`),
      entry('e5', ['人事信息'], `${y}-08-02`),
      entry('e6', ['行政许可'], `${y}-08-03`, { disclosure: 'onRequest' }),
    ],
    fees: { totalYuan: 120, applicationIds: ['c2'] },
  }
}

describe('catalog counting (主动公开)', () => {
  it('puts an entry in the first matching row of its category path', () => {
    expect(proactiveRowOf(['规章及规范性文件'])).toBe('normativeDocs')
    expect(proactiveRowOf(['地方政府规章'])).toBe('rules')
    expect(proactiveRowOf(['决定', '行政强制'])).toBe('enforcement')
    expect(proactiveRowOf(['人事信息'])).toBeNull()
  })
  it('counts made, repealed and in force for a year', () => {
    const t = buildProactiveTable(inputs(2024).catalog, 2024, '2021')
    expect(t.normativeDocs).toEqual({ made: { count: 1, ids: ['e1'] }, repealed: { count: 1, ids: ['e2'] }, inForce: { count: 1, ids: ['e1'] } })
    expect(t.licensing.made).toEqual({ count: 1, ids: ['e3'] })
    expect(t.penalty.made!.count).toBe(1)
    expect(buildProactiveTable(inputs(2024).catalog, 2023, '2021').normativeDocs.inForce!.ids).toEqual(['e2'])
  })
})

it('drafts an overview the importer reads without a problem, whatever the mix of outcomes', () => {
  const one = { ...inputs(2024), cases: inputs(2024).cases.filter(c => c.id === 'c1' || c.id === 'c4') }
  for (const i of [one, { ...one, cases: [] }]) {
    const g = generateAnnual(i)
    const sections = Object.fromEntries(ANNUAL_SECTION_KEYS.map(k => [k, ''])) as Record<typeof ANNUAL_SECTION_KEYS[number], string>
    sections.overview = g.overview
    const text = renderAnnualText({ agency: i.agency, year: 2024, template: g.template, sections, tables: g.tables })
    expect(checkAnnualText(text, g.figures, { agency: i.agency, year: 2024 }).failures).toEqual([])
  }
})

describe.each([2024, 2020])('a %i draft', (year) => {
  const g = generateAnnual(inputs(year))
  const sections = Object.fromEntries(ANNUAL_SECTION_KEYS.map(k => [k, ''])) as Record<typeof ANNUAL_SECTION_KEYS[number], string>
  sections.overview = g.overview
  const text = renderAnnualText({ agency: '某市交通运输局', year, template: g.template, sections, tables: g.tables })

  it('picks the template by year and counts only its agency', () => {
    expect(g.template).toBe(year >= 2021 ? '2021' : '2019')
    expect(g.figures['requests.total']).toBe(4)
    expect(g.figures['requests.carriedOver']).toBe(1)
    expect(g.figures['requests.carriedForward']).toBe(1)
    expect(g.figures['review.total']).toBe(1)
    expect(g.figures['litigation.total']).toBe(1)
    expect(g.figures['proactive.normativeDocs']).toBe(1)
    expect(g.figures['fees.total']).toBe(120)
  })

  it('links every figure to the records behind it', () => {
    expect(g.sources['requests.total@natural']!.applications!.sort()).toEqual(['c1', 'c5'])
    expect(g.sources['requests.outcome.denied.thirdParty@commercial']!.applications).toEqual(['c2'])
    expect(g.sources['requests.carriedOver']!.applications).toEqual(['c3'])
    expect(g.sources['review.upheld']!.appeals).toEqual(['r1'])
    expect(g.sources['litigation.direct.pending']!.appeals).toEqual(['r2'])
    expect(g.sources['proactive.normativeDocs.repealed']?.catalog ?? []).toEqual(year === 2024 ? ['e2'] : [])
    for (const [key, value] of Object.entries(g.figures)) {
      const s = g.sources[key]
      const count = (s?.applications ?? s?.appeals ?? s?.catalog ?? []).length
      if (key !== 'fees.total' && !key.startsWith('requests.outcome.') && key !== 'litigation.total')
        expect(count, key).toBe(value)
    }
  })

  it('renders text the importer reads back to the same figures, with no problem', () => {
    const { imported, failures } = checkAnnualText(text, g.figures, { agency: '某市交通运输局', year })
    expect(failures).toEqual([])
    expect(imported.template).toBe(g.template)
    for (const [key, value] of Object.entries(g.figures))
      expect(imported.figures[key]?.value, key).toBe(value)
    // and nothing more: every figure the importer reads from the text is one of the draft's
    expect(Object.keys(imported.figures).filter(k => !(k in g.figures))).toEqual([])
  })

  it('refuses text whose prose contradicts the tables', () => {
    const bad = renderAnnualText({ agency: '某市交通运输局', year, template: g.template, sections: { ...sections, overview: '本年度收到政府信息公开申请99件。' }, tables: g.tables })
    const { failures } = checkAnnualText(bad, g.figures, { agency: '某市交通运输局', year })
    expect(failures.length).toBeGreaterThan(0)
    expect(failures.some(f => f.keys.includes('requests.total'))).toBe(true)
  })
})
