/**
 * The import CLI: `--dry-run --json` as a subprocess (the JSON shape other tools rely on), and
 * storing through importFiles on a real (in-memory PGlite) database: re-importing updates, never
 * duplicates, including a report that was seeded under another id.
 */
import type { Db } from '~/server/platform/db'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { SEED_REPORTS_DIR, seedReports } from '~/server/platform/seed'
import { importFiles } from '~/server/reports/import-files'

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

describe('malformed files', () => {
  let dir: string
  let bad: Record<'empty' | 'binary' | 'huge' | 'script', string>
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'))
    bad = { empty: join(dir, 'empty.txt'), binary: join(dir, 'x.bin'), huge: join(dir, 'huge.txt'), script: join(dir, 'script.html') }
    writeFileSync(bad.empty, '')
    writeFileSync(bad.binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)))
    writeFileSync(bad.huge, Buffer.alloc(50 * 1024 * 1024, 0x41))
    writeFileSync(bad.script, `<script>alert(1)</script><img src=x onerror="alert(2)">${readFileSync(join(fixtures, '2019-template.html'), 'utf8')}`)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('empty, binary and 50 MB files are errors naming the file and why; nothing is stored; a page with scripts is stored as text', async () => {
    const db = await openDb({ dataDir: 'memory://' })
    try {
      await migrate(db)
      const out = await importFiles([bad.empty, bad.binary, bad.huge, bad.script], { db })
      expect(out[0]).toMatchObject({ file: bad.empty, error: expect.stringContaining('输入为空') })
      expect(out[1]).toMatchObject({ file: bad.binary, error: expect.stringContaining('不是文本') })
      expect(out[2]).toMatchObject({ file: bad.huge, error: expect.stringContaining('文件过大') })
      expect(out[3]!.error).toBeUndefined()
      const { rows } = await db.query<{ body: string }>('select body from reports')
      expect(rows).toHaveLength(1)
      expect(rows[0]!.body).not.toMatch(/<script|onerror|<img/i)
    }
    finally {
      await db.close()
    }
  })

  it('the CLI prints them in --json and exits 1, without a crash', async () => {
    const err = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli/import.ts', '--dry-run', '--json', bad.empty, bad.huge, bad.binary], { cwd: root })
      .then(() => null, (e: { code: number, stdout: string, stderr: string }) => e)
    expect(err?.code).toBe(1)
    const out = JSON.parse(err!.stdout) as { file: string, error?: string }[]
    expect(out.map(r => [r.file, !!r.error])).toEqual([[bad.empty, true], [bad.huge, true], [bad.binary, true]])
    expect(err!.stderr).not.toMatch(/at .*\.ts:\d+/)
  })
})
