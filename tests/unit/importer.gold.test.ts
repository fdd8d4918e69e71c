/**
 * The visible yardstick: every hand-read figure of tests/fixtures/gold-seeds.json (a copy of
 * ../shared/gold/seeds.json) is reproduced, every listed absence is absent, and every listed
 * inconsistency is flagged. Inconsistencies are matched on meaning (the numbers they name, the keys
 * they concern), not on wording.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importReport } from '~/shared/importer'

interface GoldReport {
  agencyIncludes: string
  year: number
  publishedAt?: string
  template: string
  figures: Record<string, number | { value: number, approx?: boolean }>
  absent?: string[]
  inconsistencies: string[]
}

const root = new URL('../../', import.meta.url)
const goldPath = fileURLToPath(new URL('tests/fixtures/gold-seeds.json', root))
const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as Record<string, GoldReport>
const seedDir = fileURLToPath(new URL('src/server/seed-data/reports/', root))

/** How each gold inconsistency is recognised among the importer's problems. */
const EXPECTED_PROBLEMS: Record<string, { kind: string, mentions?: string[], keys?: string[] }[]> = {
  '000_082e8fa0d6cdabd7.txt': [{ kind: 'breakdown', mentions: ['93', '125'] }],
  '003_e8261f9189d0613a.txt': [{ kind: 'text-table', keys: ['expenses.actual'], mentions: ['实际支出'] }],
  '004_fae7fcf290bdd398.txt': [{ kind: 'breakdown', mentions: ['549', '525'] }],
}

describe('gold seeds', () => {
  it('the fixture is a faithful copy of shared/gold/seeds.json', () => {
    const shared = fileURLToPath(new URL('../shared/gold/seeds.json', root))
    if (!existsSync(shared))
      return
    expect(JSON.parse(readFileSync(goldPath, 'utf8'))).toEqual(JSON.parse(readFileSync(shared, 'utf8')))
  })

  for (const [file, g] of Object.entries(gold)) {
    describe(file, () => {
      const r = importReport(readFileSync(seedDir + file, 'utf8'))

      it('reads the report facts', () => {
        expect(r.agency).toContain(g.agencyIncludes)
        expect(r.year).toBe(g.year)
        expect(r.template).toBe(g.template)
        if (g.publishedAt)
          expect(r.publishedAt).toBe(g.publishedAt)
      })

      for (const [key, want] of Object.entries(g.figures)) {
        it(`reads ${key}`, () => {
          const f = r.figures[key]
          expect(f, `${key} missing`).toBeDefined()
          const value = typeof want === 'number' ? want : want.value
          expect(f!.value).toBe(value)
          if (typeof want !== 'number' && want.approx !== undefined)
            expect(f!.approx).toBe(want.approx)
          // the span points at the words the figure was read from
          expect(f!.end).toBeGreaterThan(f!.start)
          const source = r.text.slice(f!.start, f!.end)
          if (value !== 0)
            expect(source).toMatch(/[\d一二三四五六七八九十百千万]/)
          else
            expect(source).toMatch(/没有|[未无0]/)
        })
      }

      for (const key of g.absent ?? []) {
        it(`leaves ${key} absent`, () => {
          expect(r.figures[key]).toBeUndefined()
        })
      }

      it(`flags the ${g.inconsistencies.length} listed inconsistencies`, () => {
        const expected = EXPECTED_PROBLEMS[file] ?? []
        expect(expected.length).toBe(g.inconsistencies.length)
        for (const e of expected) {
          const hit = r.problems.find(p => p.kind === e.kind
            && (e.mentions ?? []).every(m => p.message.includes(m))
            && (e.keys ?? []).every(k => p.keys.includes(k)))
          expect(hit, `${e.kind} ${e.mentions?.join(',')}`).toBeDefined()
        }
        if (!g.inconsistencies.length)
          expect(r.problems).toEqual([])
      })
    })
  }
})
