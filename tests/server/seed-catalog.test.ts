/**
 * `npm run seed:catalog`: the synthetic catalog lands in the database deterministically and
 * repeatably, and pull sync serves it; migration 006 rebuilds sync_latest from an existing
 * change_log (the upgrade path of a database made before it) and can run again harmlessly.
 */
import type { Db } from '~/server/platform/db'
import type { ChangesPage } from '~/shared/sync/protocol'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSyntheticCatalog } from '~/server/cli/seed-catalog'
import { migrate } from '~/server/platform/db/migrate'
import { changesSince } from '~/server/sync/store'
import { SYNC_ENTITIES } from '~/shared/sync/protocol'
import { openTestDb, storageKinds } from './helpers'

const root = fileURLToPath(new URL('../../', import.meta.url))

describe.each(storageKinds)('synthetic catalog on %s', (kind) => {
  let db: Db
  let drop: () => Promise<void>
  beforeEach(async () => {
    ({ db, drop } = await openTestDb(kind))
    await migrate(db)
  })
  afterEach(() => drop())

  const snapshot = async () => (await db.query<{ id: string, title: string, index_no: string, category_id: string }>(
    'select id, title, index_no, category_id from catalog_entries order by id',
  )).rows

  it('stores exactly `count` clearly synthetic entries; loading again changes nothing but their log position', async () => {
    const progress: number[] = []
    await loadSyntheticCatalog(db, { count: 120, batch: 50, onProgress: n => progress.push(n) })
    expect(progress).toEqual([50, 100, 120])
    const first = await snapshot()
    expect(first).toHaveLength(120)
    const flags = (await db.query<{ n: number }>(`select count(*)::int as n from catalog_entries where synthetic and id like 'syn-%' and body like '%示例%'`)).rows[0]!.n
    expect(flags).toBe(120)
    expect(new Set(first.map(e => e.category_id)).size).toBeGreaterThan(10)

    await loadSyntheticCatalog(db, { count: 120, batch: 7 })
    expect(await snapshot()).toEqual(first)
    // Pull sync carries each entry once, however often it was written.
    const page = await changesSince(db, { epoch: null, seq: 0 }, 1000) as ChangesPage
    const entries = page.changes.filter(c => c.entity === 'catalogEntry')
    expect(entries).toHaveLength(120)
    expect(page.hasMore).toBe(false)
  })

  it('migration 006 rebuilds sync_latest from change_log, and running it again is harmless', async () => {
    await loadSyntheticCatalog(db, { count: 30 })
    await loadSyntheticCatalog(db, { count: 10 })
    interface Row { entity: string, entity_id: string, seq: string, op: string }
    const bySeq = (rows: Row[]) => rows.sort((a, b) => Number(a.seq) - Number(b.seq))
    const latest = () => db.query<Row>('select entity, entity_id, seq::text as seq, op from sync_latest').then(r => bySeq(r.rows))
    const expected = bySeq((await db.query<Row>(
      `select distinct on (entity, entity_id) entity, entity_id, seq::text as seq, op from change_log where entity = any($1) order by entity, entity_id, change_log.seq desc`,
      [SYNC_ENTITIES],
    )).rows)
    expect(await latest()).toEqual(expected)

    // As on a database that had a change_log before 006 existed.
    await db.exec('drop trigger sync_latest_track on change_log; drop table sync_latest')
    await db.exec(await readFile(`${root}src/server/migrations/006_catalog_sync_latest.sql`, 'utf8'))
    expect(await latest()).toEqual(expected)
    await db.exec(await readFile(`${root}src/server/migrations/006_catalog_sync_latest.sql`, 'utf8'))
    expect(await latest()).toEqual(expected)
    // And the trigger is back: a new write moves the entity's row.
    await loadSyntheticCatalog(db, { count: 1 })
    const after = await latest()
    expect(after.at(-1)).toMatchObject({ entity: 'catalogEntry', entity_id: 'syn-0', op: 'put' })
    expect(after).toHaveLength(expected.length)
    // What devices do not mirror (applications) never reaches it.
    await db.query(`insert into change_log (entity, entity_id, op) values ('application', 'not-synced', 'put')`)
    expect(await latest()).toEqual(after)
  })

  it('tracks exactly the protocol\'s entities (the trigger and the backfill list them in SQL)', async () => {
    const sql = await readFile(`${root}src/server/migrations/006_catalog_sync_latest.sql`, 'utf8')
    const lists = [...sql.matchAll(/entity in \(([^)]*)\)/g)].map(m => m[1]!.split(',').map(s => s.trim().replace(/'/g, '')).sort())
    expect(lists).toHaveLength(2)
    for (const l of lists)
      expect(l).toEqual([...SYNC_ENTITIES].sort())
  })
})

describe('npm run seed:catalog', () => {
  it('refuses a bad --count with the usage line, before touching any storage', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli/seed-catalog.ts', '--count', 'lots'], { cwd: root, env: { ...process.env, DATA_DIR: '/nonexistent-seed-catalog', DATABASE_URL: '' } })
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('usage: npm run seed:catalog') })
  })
})
