/**
 * Load: autocannon against the production server (src/server/main.ts in its own process, as in
 * the e2e tests) on loopback, default load shedding on and rate limits raised as a whole province's
 * devices would need, on PGlite on disk and, when DATABASE_URL is set, on PostgreSQL.
 *   - application submissions at 50, 200 and 500 concurrent connections, every request a distinct
 *     application sealed beforehand as a device does;
 *   - sync pulls of a 100,000-entry synthetic catalog: first pages (2,000 changes, gzip accepted, as
 *     a browser asks) under 50 connections, and one device walking the whole catalog; the server's
 *     page cache (src/server/sync/cache.ts) is warm first, and how long that took is a row;
 *   - next to them, the raw insert rate of the same database in the same run (one committed
 *     single-row insert per transaction): the storage floor.
 * 503s are load shedding (src/server/platform/load-shed.ts) doing its job: they carry Retry-After and the
 * device outbox waits that long. Errors are connection errors and timeouts: there should be none.
 */
import type { Result } from 'autocannon'
import type { BenchTable } from './table'
import type { ApplicationPublicKey } from '~/shared/submission'
import type { ChangesResponse } from '~/shared/sync/protocol'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { upsertAgencies, upsertCategories, writeEntries } from '~/server/catalog/store'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { syntheticAgencies, syntheticEntry } from '~/shared/catalog/synthetic'
import { uuidv7 } from '~/shared/submission'
import { SYNC_DEVICE_PAGE } from '~/shared/sync/protocol'
import { startServer, waitForWarmSyncCache } from '../e2e/server'
import { openTestDb } from '../server/helpers'
import { makeSubmission } from '../support/applications'

const CATALOG = Number(process.env.BENCH_CATALOG ?? 100_000)
const LEVELS = [50, 200, 500]
/** Requests per submission level (each a distinct sealed application). */
const PER_LEVEL = Number(process.env.BENCH_SUBMISSIONS ?? 2_000)
const RAW = 2_000
/** First-page sync pulls under 50 connections. */
const PULLS = Number(process.env.BENCH_PULLS ?? 200)

async function fillCatalog(db: Awaited<ReturnType<typeof openDb>>, count: number): Promise<number> {
  const { agencies, categories } = syntheticAgencies()
  await upsertAgencies(db, agencies)
  await upsertCategories(db, categories)
  const t0 = performance.now()
  for (let i = 0; i < count; i += 2_000) {
    const rows = Array.from({ length: Math.min(2_000, count - i) }, (_, j) => {
      const { updatedAt: _u, withdrawn: _w, ...row } = syntheticEntry(1, i + j)
      return row
    })
    await db.transaction(tx => writeEntries(tx, rows))
  }
  return performance.now() - t0
}

function cannon(opts: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => err ? reject(err) : resolve(result))
  })
}

function count(r: Result, pred: (code: number) => boolean): number {
  return Object.entries(r.statusCodeStats ?? {}).filter(([c]) => pred(Number(c))).reduce((s, [, v]) => s + (v.count ?? 0), 0)
}

function row(what: string, connections: number, r: Result): (string | number)[] {
  const ok = count(r, c => c >= 200 && c < 300)
  return [what, connections, r.requests.total, ok / r.duration, r.latency.p50, r.latency.p99, ok, count(r, c => c === 503), r.errors + r.timeouts + count(r, c => c !== 503 && (c < 200 || c >= 300))]
}

async function benchOn(kind: 'pglite' | 'postgres'): Promise<BenchTable> {
  const env: Record<string, string> = { APPLY_RATE_PER_DEVICE: '1000000000', APPLY_RATE_PER_ADDRESS: '1000000000' }
  const pg = kind === 'postgres' ? await openTestDb('postgres') : undefined
  if (pg)
    env.DATABASE_URL = pg.url!
  // The server makes its data directory; its database is filled before it serves and measured after.
  const server = await startServer({ env })
  const open = () => pg ? Promise.resolve(pg.db) : openDb({ dataDir: join(server.dataDir, 'pglite') })
  try {
    let catalogMs = 0
    if (!pg)
      await server.stop()
    {
      const db = await open()
      await migrate(db)
      catalogMs = await fillCatalog(db, CATALOG)
      if (!pg)
        await db.close()
    }
    if (!pg)
      await server.start()
    const base = server.url
    // The server warms its sync page cache after start (PGlite) or at its next check (PostgreSQL,
    // filled while running): wait for it, so the submissions below do not share the database with it.
    const warmMs = await waitForWarmSyncCache(base)
    const key = await (await fetch(`${base}/api/keys/applications`)).json() as ApplicationPublicKey
    const rows: (string | number)[][] = []

    for (const connections of LEVELS) {
      const bodies: string[] = []
      for (let i = 0; i < PER_LEVEL; i++)
        bodies.push(JSON.stringify(await makeSubmission(key)))
      let next = 0
      const r = await cannon({
        url: base,
        connections,
        amount: PER_LEVEL,
        timeout: 30,
        requests: [{
          method: 'POST',
          path: '/api/applications',
          headers: { 'content-type': 'application/json' },
          setupRequest: req => ({ ...req, body: bodies[next++ % bodies.length] }),
        }],
      })
      rows.push(row('submit an application', connections, r))
    }

    // Sync: the first page (what every new device asks first), then one device's whole download.
    rows.push(['sync page cache warm-up after start, whole catalog (time in the p50 column)', 1, '', '', Math.round(warmMs), '', '', '', ''])
    const pull = await cannon({ url: `${base}/api/sync/changes?since=0&limit=${SYNC_DEVICE_PAGE}`, headers: { 'accept-encoding': 'gzip' }, connections: 50, amount: PULLS, timeout: 120 })
    rows.push(row(`sync pull, first page of ${SYNC_DEVICE_PAGE.toLocaleString('en')} changes (gzip)`, 50, pull))
    let since = '0'
    let entries = 0
    let pages = 0
    const t0 = performance.now()
    for (;;) {
      const page = await (await fetch(`${base}/api/sync/changes?since=${since}&limit=2000`)).json() as ChangesResponse
      pages++
      since = page.cursor
      if (page.type !== 'changes')
        continue
      entries += page.changes.filter(c => c.entity === 'catalogEntry').length
      if (!page.hasMore)
        break
    }
    const walkMs = performance.now() - t0
    if (entries < CATALOG)
      throw new Error(`walked ${entries} of ${CATALOG} entries`)
    rows.push([`one device pulls all ${entries} entries (${pages} pages of 2,000)`, 1, pages, pages / (walkMs / 1000), '', '', pages, 0, 0])
    const submitted = rows.slice(0, LEVELS.length).reduce((n, r) => n + Number(r[6]), 0)
    await server.stop()

    const db = await open()
    try {
      const stored = (await db.query<{ n: number }>('select count(*)::int as n from applications')).rows[0]!.n
      if (stored !== submitted)
        throw new Error(`the server acknowledged ${submitted} applications and holds ${stored}`)
      await db.exec('create table bench_raw (id uuid primary key, payload jsonb not null)')
      const payload = JSON.stringify((await makeSubmission(key)).general)
      const r0 = performance.now()
      for (let i = 0; i < RAW; i++)
        await db.transaction(tx => tx.query('insert into bench_raw (id, payload) values ($1, $2)', [uuidv7(), payload]))
      const rawMs = performance.now() - r0
      rows.push(['raw database insert, one row per transaction', 1, RAW, RAW / (rawMs / 1000), '', '', RAW, 0, 0])
    }
    finally {
      if (!pg)
        await db.close()
    }
    rows.push([`catalog bulk insert (${CATALOG} entries, 2,000 per statement)`, 1, CATALOG, CATALOG / (catalogMs / 1000), '', '', CATALOG, 0, 0])

    return {
      title: `Load: submissions and sync pulls against the server on ${kind === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL'}`,
      columns: ['what', 'connections', 'requests', '2xx per second', 'p50 ms', 'p99 ms', '2xx', '503 (shed)', 'errors'],
      rows,
      notes: [
        `${PER_LEVEL} distinct sealed applications per level; default load shedding (256 /api requests in flight, then 503 + Retry-After); rate limits raised. Every 2xx was checked to be in the database afterwards.`,
        'p50/p99 are over all answers, shed ones included (a 503 is answered at once). Errors: connection errors, timeouts and any status other than 2xx or 503.',
        kind === 'pglite' ? 'PGlite runs one transaction at a time: throughput is bound by the single embedded database.' : `PostgreSQL through a pool of ${process.env.PG_POOL_MAX ?? 10} connections.`,
        'The server runs in its own process; autocannon and the bench share the same 2 cores with it.',
      ],
    }
  }
  finally {
    await server.dispose()
    await pg?.drop()
  }
}

/** BENCH_STORAGE=pglite or postgres runs one only (e.g. two runs side by side). */
export default async function bench(): Promise<BenchTable[]> {
  const only = process.env.BENCH_STORAGE
  const tables: BenchTable[] = []
  if (only !== 'postgres')
    tables.push(await benchOn('pglite'))
  if (process.env.DATABASE_URL && only !== 'pglite')
    tables.push(await benchOn('postgres'))
  return tables
}
