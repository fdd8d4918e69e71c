/** What the two agencies benchmarks share (tests/bench/agencies.bench.ts): the backends and the bench's directory. */
import type { Db } from '~/server/platform/db'

export type Backend = 'pglite' | 'postgres'

/** The bench's agencies: `bench-1` … `bench-200`. */
export const AGENCIES = 200

export function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!
}

/** The bench's agencies as active directory entries. */
export async function seedAgencies(db: Db): Promise<void> {
  await db.query(`insert into catalog_agencies (id, name, org_code) select 'bench-' || i, '机关' || i, lpad(i::text, 6, '0') from generate_series(1, ${AGENCIES}) i`)
}

/** The backends a run measures: PGlite always, PostgreSQL when DATABASE_URL is set; BENCH_STORAGE=pglite or postgres picks one. */
export function backends(): Backend[] {
  const only = process.env.BENCH_STORAGE
  const out: Backend[] = []
  if (only !== 'postgres')
    out.push('pglite')
  if (process.env.DATABASE_URL && only !== 'pglite')
    out.push('postgres')
  return out
}
