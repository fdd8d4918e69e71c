/**
 * A city's volume (issue 14): N applications (env AGENCIES_BENCH_N, default 1,000,000) across 200
 * agencies and 5 years, with their events and their cached case state (migration 008) as the cases
 * service leaves it, on PGlite on disk and, when DATABASE_URL is set, on PostgreSQL (a fresh schema,
 * dropped afterwards); BENCH_STORAGE=pglite or postgres runs one only. Each backend is a group of
 * rows of one table, so one run compares them. Reports the SQL the staff screens run: one agency's
 * queue page (p95 of 20), its first 20 pages walked with the keyset cursor, a search by the start of
 * a tracking code, the platform role's queue page over every agency, one agency's year of
 * statistics rows, and the platform's year per agency (the overview). Rows are made in SQL (generate_series) rather than through the API: what is
 * measured is reading a full table, not filling it.
 * The second table (agencies-stream.ts) is the live queue's fan-out to 200 connected reviewers.
 * Run a small N while developing: AGENCIES_BENCH_N=20000 npm run bench agencies (AGENCIES_BENCH_STREAM=0
 * leaves out the fan-out, AGENCIES_BENCH_EXPLAIN=1 prints each read's plan to stderr).
 */
import type { Backend } from './agencies-data'
import type { BenchTable } from './table'
import type { Db, Queryable } from '~/server/platform/db'
import type { QueueCursor } from '~/server/staff/cases/store'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { queuePage, statRows } from '~/server/staff/cases/store'
import { countsByAgency } from '~/server/staff/platform/store'
import { openTestDb } from '../server/helpers'
import { AGENCIES, backends, p95, seedAgencies } from './agencies-data'
import { streamFanOut } from './agencies-stream'

const YEARS = 5

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now()
  const r = await fn()
  return [performance.now() - t, r]
}

/** N applications in one insert … select, then their events (submitted, received, and answered for 49 in 50). */
async function seedApplications(db: Db, n: number, firstYear: number): Promise<void> {
  await db.query(
    `insert into applications (id, tracking_code, payload_hash, channel, device_submitted_at, server_received_at, received_on, due_date,
       applicant_type, id_type, name_masked, id_number_masked, phone_masked, phone4_hash, personal_enc, data_key_id, seal_kid, general, agency_id,
       case_status, case_agency, case_channel, case_receipt_date, case_due_date, case_working_days_left, case_overdue, case_paused,
       case_provisional, case_extension_pending, case_answered_on, case_outcome, case_rank, case_computed_on, case_calendar, status)
     select gen_random_uuid(), 'GK-' || lpad(to_hex(i), 12, '0'), 'h', 'online', t, t, t::date, t::date + 28,
       'natural', 'idCard', '张*', '1***', '138****0000', 'x', 'x', 'k', 'k', '{"description":"bench"}'::jsonb, 'bench-' || (1 + i % ${AGENCIES}),
       case when answered then 'answered' else 'open' end, '机关' || (1 + i % ${AGENCIES}), 'online', t::date, t::date + 28,
       case when answered then null else 20 - i % 25 end, not answered and i % 25 > 20, false, false, false,
       case when answered then t::date + (i % 30) end, case when answered then 'granted' end, case when answered then 2 else 0 end,
       current_date, 'bench', case when answered then 'answered' else 'received' end
     from (select i, timestamptz '${firstYear}-01-01' + (i % (${YEARS} * 365)) * interval '1 day' as t, i % 50 <> 0 as answered
           from generate_series(1, ${n}) i) s`,
  )
  await db.query(
    `insert into application_events (application_id, status, at, outcome)
     select id, e.status, server_received_at, null from applications, (values ('submitted'), ('received')) e(status)
     union all
     select id, 'answered', case_answered_on::timestamptz, case_outcome from applications where case_status = 'answered'`,
  )
  await db.query('analyze applications')
  await db.query('analyze application_events')
}

/**
 * AGENCIES_BENCH_EXPLAIN=1: a Queryable that runs each statement under EXPLAIN ANALYZE and prints
 * the plan instead of answering rows, so the store's own SQL (not a copy) is what gets explained.
 */
function explaining(db: Db, label: string): Queryable {
  return {
    async query(sql, params) {
      const plan = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params)
      console.error(`-- ${db.kind}: ${label}\n${plan.rows.map(r => r['QUERY PLAN']).join('\n')}\n`)
      return { rows: [], affectedRows: 0 }
    },
    exec: sql => db.exec(sql),
  }
}

async function readsOn(kind: Backend, n: number): Promise<(string | number)[][]> {
  const dir = kind === 'pglite' ? await mkdtemp(join(tmpdir(), 'gongkai-bench-agencies-')) : null
  const pg = kind === 'postgres' ? await openTestDb('postgres') : null
  const db = pg ? pg.db : await openDb({ dataDir: join(dir!, 'pglite') })
  try {
    await migrate(db)
    await seedAgencies(db)
    const lastYear = new Date().getUTCFullYear()
    const [seedMs] = await time(() => seedApplications(db, n, lastYear - YEARS + 1))
    const scope = { agencies: ['bench-7'], defaultAgencyId: null }
    const platform = { agencies: null, defaultAgencyId: null }
    // One warm-up read, as a reviewer's first page after the server started is not the case measured.
    await queuePage(db, { scope, limit: 50 })
    const p95Of = async (fn: () => Promise<unknown>) => {
      const ms: number[] = []
      for (let k = 0; k < 20; k++)
        ms.push((await time(fn))[0])
      return p95(ms)
    }
    const pageMs = await p95Of(() => queuePage(db, { scope, limit: 50 }))
    // Pages 1 to 20 walked with the keyset cursor, as "next" does (rows 1 to 1,000 of the agency's
    // queue; fewer when a small N gives the agency fewer cases). The cursor's condition is a filter
    // on the index scan, not a bound, so page k reads about k × 50 rows: this shows what that costs.
    const walk: number[] = []
    let after: QueueCursor | undefined
    for (let k = 0; k < 20; k++) {
      const [ms, page] = await time(() => queuePage(db, { scope, limit: 50, after }))
      walk.push(ms)
      if (page.length < 50)
        break
      after = page.at(-1)!.cursor
    }
    // A code typed all but its last character: the agency's matches among up to 16 codes.
    const code = (await db.query<{ c: string }>(`select tracking_code as c from applications where agency_id = 'bench-7' order by tracking_code offset 10 limit 1`)).rows[0]!.c
    const prefix = code.slice(0, -1)
    const [, found] = await time(() => queuePage(db, { scope, limit: 50, codePrefix: prefix }))
    const codeMs = await p95Of(() => queuePage(db, { scope, limit: 50, codePrefix: prefix }))
    const platformPageMs = await p95Of(() => queuePage(db, { scope: platform, limit: 50 }))
    const year = `${lastYear - 1}`
    const [statMs, rows] = await time(() => statRows(db, { id: 'bench-7', defaultAgencyId: null }, `${year}-01-01`, `${year}-12-31`, scope))
    const [platMs, counts] = await time(() => countsByAgency(db, platform, `${year}-01-01`, `${year}-12-31`))
    if (process.env.AGENCIES_BENCH_EXPLAIN === '1') {
      await queuePage(explaining(db, 'queue page'), { scope, limit: 50 })
      await queuePage(explaining(db, 'queue page 20'), { scope, limit: 50, after })
      await queuePage(explaining(db, 'tracking code prefix'), { scope, limit: 50, codePrefix: prefix })
      await queuePage(explaining(db, 'the platform\'s queue page'), { scope: platform, limit: 50 })
      await statRows(explaining(db, 'one agency\'s year'), { id: 'bench-7', defaultAgencyId: null }, `${year}-01-01`, `${year}-12-31`, scope)
      await countsByAgency(explaining(db, 'the platform\'s year'), platform, `${year}-01-01`, `${year}-12-31`)
    }
    const name = kind === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL'
    return [
      [name, 'one agency\'s queue page of 50 (p95 of 20)', pageMs, 100, 50],
      [name, `the same agency's pages 1 to ${walk.length} with the keyset cursor (p95; rows: pages)`, p95(walk), 100, walk.length],
      [name, `one agency's cases by the start of a tracking code (${prefix}…, p95 of 20)`, codeMs, 100, found.length],
      [name, 'the platform role\'s queue page of 50, every agency (p95 of 20)', platformPageMs, 100, 50],
      [name, `one agency's statistics rows for ${year}`, statMs, 1000, rows.length],
      [name, `the platform's ${year} per agency (overview)`, platMs, 5000, counts.length],
      [name, 'seeding (applications, then their events, in SQL)', seedMs, '—', n],
    ]
  }
  finally {
    if (pg)
      await pg.drop()
    else
      await db.close()
    if (dir)
      await rm(dir, { recursive: true, force: true })
  }
}

export default async function bench(): Promise<BenchTable[]> {
  const n = Number(process.env.AGENCIES_BENCH_N ?? 1_000_000)
  const rows: (string | number)[][] = []
  for (const kind of backends())
    rows.push(...await readsOn(kind, n))
  const tables: BenchTable[] = [{
    title: `Agencies: ${n.toLocaleString('en')} applications across ${AGENCIES} agencies and ${YEARS} years`,
    columns: ['storage', 'what', 'time (ms)', 'target (ms)', 'rows'],
    rows,
    notes: ['Case state is stored as the cases service leaves it; nothing is recomputed during the reads.'],
  }]
  if (process.env.AGENCIES_BENCH_STREAM !== '0')
    tables.push(await streamFanOut(backends()))
  return tables
}
