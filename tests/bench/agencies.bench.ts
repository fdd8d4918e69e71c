/**
 * A city's volume (issue 14): N applications (env AGENCIES_BENCH_N, default 1,000,000) across 200
 * agencies and 5 years, with their cached case state (migration 008) as the cases service leaves it,
 * in PGlite on disk. Reports the SQL the staff screens run: one agency's queue page (p95 of 20),
 * one agency's year of statistics rows, and the platform's year per agency (the overview).
 * Rows are made in SQL (generate_series) rather than through the API: what is measured is reading
 * a full table, not filling it. Run a small N while developing: AGENCIES_BENCH_N=20000 npm run bench agencies
 */
import type { BenchTable } from './table'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { queuePage, statRows } from '~/server/staff/cases/store'
import { countsByAgency } from '~/server/staff/platform/store'

const AGENCIES = 200
const YEARS = 5

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now()
  const r = await fn()
  return [performance.now() - t, r]
}

export default async function bench(): Promise<BenchTable> {
  const n = Number(process.env.AGENCIES_BENCH_N ?? 1_000_000)
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-bench-agencies-'))
  const db = await openDb({ dataDir: join(dir, 'pglite') })
  try {
    await migrate(db)
    await db.query(`insert into catalog_agencies (id, name, org_code) select 'bench-' || i, '机关' || i, lpad(i::text, 6, '0') from generate_series(1, ${AGENCIES}) i`)
    const lastYear = new Date().getUTCFullYear()
    const firstYear = lastYear - YEARS + 1
    const [seedMs] = await time(() => db.query(
      `insert into applications (id, tracking_code, payload_hash, channel, device_submitted_at, server_received_at, received_on, due_date,
         applicant_type, id_type, name_masked, id_number_masked, phone_masked, phone4_hash, personal_enc, data_key_id, seal_kid, general, agency_id,
         case_status, case_agency, case_channel, case_receipt_date, case_due_date, case_working_days_left, case_overdue, case_paused,
         case_provisional, case_extension_pending, case_answered_on, case_outcome, case_rank, case_computed_on, case_calendar)
       select gen_random_uuid(), 'GK-' || lpad(to_hex(i), 12, '0'), 'h', 'online', t, t, t::date, t::date + 28,
         'natural', 'idCard', '张*', '1***', '138****0000', 'x', 'x', 'k', 'k', '{"description":"bench"}'::jsonb, 'bench-' || (1 + i % ${AGENCIES}),
         case when answered then 'answered' else 'open' end, '机关' || (1 + i % ${AGENCIES}), 'online', t::date, t::date + 28,
         case when answered then null else 20 - i % 25 end, not answered and i % 25 > 20, false, false, false,
         case when answered then t::date + (i % 30) end, case when answered then 'granted' end, case when answered then 2 else 0 end,
         current_date, 'bench'
       from (select i, timestamptz '${firstYear}-01-01' + (i % (${YEARS} * 365)) * interval '1 day' as t, i % 50 <> 0 as answered
             from generate_series(1, ${n}) i) s`,
    ))
    await db.query('analyze applications')
    const scope = { agencies: ['bench-7'], defaultAgencyId: null }
    const pages: number[] = []
    for (let k = 0; k < 20; k++)
      pages.push((await time(() => queuePage(db, { scope, limit: 50 })))[0])
    const year = `${lastYear - 1}`
    const [statMs, rows] = await time(() => statRows(db, { id: 'bench-7', defaultAgencyId: null }, `${year}-01-01`, `${year}-12-31`, scope))
    const [platMs, counts] = await time(() => countsByAgency(db, { agencies: null, defaultAgencyId: null }, `${year}-01-01`, `${year}-12-31`))
    return {
      title: `Agencies: ${n.toLocaleString('en')} applications across ${AGENCIES} agencies and ${YEARS} years (PGlite on disk)`,
      columns: ['what', 'time (ms)', 'target (ms)', 'rows'],
      rows: [
        ['one agency\'s queue page of 50 (p95 of 20)', p95(pages), 100, 50],
        [`one agency's statistics rows for ${year}`, statMs, 1000, rows.length],
        [`the platform's ${year} per agency (overview)`, platMs, 5000, counts.length],
        ['seeding (one insert … select)', seedMs, '—', n],
      ],
      notes: ['Case state is stored as the cases service leaves it; nothing is recomputed during the reads.'],
    }
  }
  finally {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  }
}
