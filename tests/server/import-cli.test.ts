/**
 * The import CLI: `--dry-run --json` as a subprocess (the JSON shape other tools rely on), and
 * storing through importFiles on a real (in-memory PGlite) database: re-importing updates, never
 * duplicates, including a report that was seeded under another id.
 */
import type { Db } from '~/server/db'
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb } from '~/server/db'
import { migrate } from '~/server/db/migrate'
import { importFiles } from '~/server/import-files'
import { SEED_REPORTS_DIR, seedReports } from '~/server/seed'

const root = fileURLToPath(new URL('../../', import.meta.url))
const fixtures = fileURLToPath(new URL('../fixtures/reports/', import.meta.url))
const seeds = readdirSync(SEED_REPORTS_DIR).filter(f => f.endsWith('.txt')).sort().map(f => SEED_REPORTS_DIR + f)
const files = [...seeds, ...readdirSync(fixtures).sort().map(f => fixtures + f)]

describe('npm run import -- --dry-run --json', () => {
  it('prints one object per file in the documented shape', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli/import.ts', '--dry-run', '--json', ...files], { cwd: root, env: { ...process.env, DATA_DIR: '/nonexistent-dry-run-stores-nothing' } })
    const out = JSON.parse(stdout) as Record<string, unknown>[]
    expect(out).toHaveLength(files.length)
    for (const [i, r] of out.entries()) {
      expect(Object.keys(r).sort()).toEqual(['agency', 'figures', 'file', 'problems', 'publishedAt', 'template', 'year'])
      expect(r.file).toBe(files[i])
      expect(typeof r.agency).toBe('string')
      expect(['legacy', '2019', '2021']).toContain(r.template)
      for (const f of Object.values(r.figures as Record<string, Record<string, unknown>>)) {
        expect(Object.keys(f).sort()).toEqual(['approx', 'end', 'start', 'unit', 'value'])
        expect(typeof f.value).toBe('number')
        expect(typeof f.approx).toBe('boolean')
      }
      for (const p of r.problems as Record<string, unknown>[])
        expect(Object.keys(p).sort()).toEqual(['keys', 'message'])
    }
    const seed003 = out.find(r => String(r.file).includes('003_'))!
    expect(seed003).toMatchObject({ agency: '津市市人民政府', year: 2012, publishedAt: '2013-03-10', template: 'legacy' })
    expect((seed003.figures as Record<string, { value: number }>)['requests.total']!.value).toBe(42)
  })
})

describe('importFiles storing reports', () => {
  let db: Db
  beforeEach(async () => {
    db = await openDb({ dataDir: 'memory://' })
    await migrate(db)
  })
  afterEach(async () => {
    await db.close()
  })
  const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n

  it('re-importing the same reports updates them, never duplicates', async () => {
    const first = await importFiles(files, { db })
    expect(await count()).toBe(files.length)
    const second = await importFiles(files, { db })
    expect(second.map(r => r.id)).toEqual(first.map(r => r.id))
    expect(await count()).toBe(files.length)
    const { rows } = await db.query<{ figures: Record<string, { value: number }>, problems: unknown[], sections: unknown[] }>(
      'select figures, problems, sections from reports where id = $1',
      [first.find(r => r.file.includes('2021-flattened'))!.id],
    )
    expect(rows[0]!.figures['requests.total']!.value).toBe(49)
    expect(rows[0]!.sections.length).toBeGreaterThan(0)
  })

  it('importing a seeded report updates the seeded row', async () => {
    await seedReports(db)
    expect(await count()).toBe(seeds.length)
    const [r] = await importFiles([seeds[3]!], { db })
    expect(r!.id).toBe('003_e8261f9189d0613a')
    expect(await count()).toBe(seeds.length)
  })

  it('has a table for staff-confirmed figures', async () => {
    const [r] = await importFiles([seeds[3]!], { db })
    await db.query(`insert into report_figures (report_id, key, value, unit, imported_value, confirmed_by) values ($1, 'requests.total', 42, '件', 42, 'staff:wang')`, [r!.id])
    const { rows } = await db.query<{ confirmed_by: string }>('select confirmed_by from report_figures where report_id = $1', [r!.id])
    expect(rows[0]!.confirmed_by).toBe('staff:wang')
  })
})
