/**
 * The development corpus (issue 19): texts and pages of our own that reproduce the structure of 29
 * real published annual reports (provinces, levels, 2008–2025, all three templates, HTML and text),
 * carrying the figures read by hand from those reports. tests/fixtures/corpus-gold.json holds the
 * figures, facts and self-contradictions with each report's source address; docs/reports.md says
 * how the corpus was built. The bar: ≥ 95 % of figures right, agency and year on every report,
 * every self-contradiction flagged, and no figure present with a wrong value (missing is
 * better than wrong).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importReport } from '~/shared/importer'

interface CorpusReport {
  source: string
  province: string
  level: string
  template: string
  format: 'text' | 'html'
  agencyIncludes: string
  year: number
  publishedAt?: string
  figures: Record<string, number>
  inconsistencies: string[]
  expectProblems?: { kind: string, mentions?: string[] }[]
}

const dir = new URL('../fixtures/corpus/', import.meta.url)
const gold = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/corpus-gold.json', import.meta.url)), 'utf8')) as Record<string, CorpusReport>
const results = Object.entries(gold).map(([file, g]) => ({ file, g, r: importReport(readFileSync(fileURLToPath(new URL(file, dir)), 'utf8')) }))

describe('development corpus', () => {
  it('covers what the issue asks: ≥ 20 reports, every template, HTML and text, 2008 to 2025', () => {
    expect(results.length).toBeGreaterThanOrEqual(20)
    expect(new Set(results.map(x => x.g.template))).toEqual(new Set(['legacy', '2019', '2021']))
    expect(new Set(results.map(x => x.g.format))).toEqual(new Set(['text', 'html']))
    expect(new Set(results.map(x => x.g.province)).size).toBeGreaterThanOrEqual(10)
    const years = results.map(x => x.g.year)
    expect(Math.min(...years)).toBe(2008)
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2025)
    for (const x of results)
      expect(x.g.source).toMatch(/^https?:\/\//)
  })

  it('scores ≥ 95 % of hand-read figures right and no value wrong', () => {
    let right = 0
    let total = 0
    const wrong: string[] = []
    const missing: string[] = []
    for (const { file, g, r } of results) {
      for (const [key, want] of Object.entries(g.figures)) {
        total++
        const got = r.figures[key]
        if (got?.value === want)
          right++
        else if (got)
          wrong.push(`${file} ${key}: ${got.value} ≠ ${want}`)
        else
          missing.push(`${file} ${key}`)
      }
    }
    console.info(`corpus: ${right}/${total} figures right (${(100 * right / total).toFixed(1)} %), ${wrong.length} wrong, ${missing.length} missing${missing.length ? `: ${missing.join('; ')}` : ''}`)
    expect(wrong).toEqual([])
    expect(right / total).toBeGreaterThanOrEqual(0.95)
  })

  for (const { file, g, r } of results) {
    describe(file, () => {
      it('reads the agency and the year', () => {
        expect(r.agency).toContain(g.agencyIncludes)
        expect(r.year).toBe(g.year)
        if (g.publishedAt)
          expect(r.publishedAt).toBe(g.publishedAt)
      })
      it(`flags its ${g.inconsistencies.length} self-contradictions, and nothing of the importer's own`, () => {
        for (const e of g.expectProblems ?? []) {
          const hit = r.problems.find(p => p.kind === e.kind && (e.mentions ?? []).every(m => p.message.includes(m)))
          expect(hit, `${e.kind} ${e.mentions?.join(',')}: ${JSON.stringify(r.problems.map(p => p.message))}`).toBeDefined()
        }
        if (!g.inconsistencies.length)
          expect(r.problems.map(p => p.message)).toEqual([])
      })
    })
  }
})
