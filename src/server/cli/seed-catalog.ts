/**
 * `npm run seed:catalog -- --count 100000 [--seed 1] [--batch 2000]`: loads the deterministic,
 * clearly synthetic catalog (src/shared/catalog/synthetic.ts) into the configured storage (PGlite
 * in DATA_DIR, or DATABASE_URL), for benchmarks and load tests. Batches of entries go in one
 * statement each; running it again rewrites the same entries (same ids), so it is repeatable.
 */
import type { Db } from '../platform/db'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { syntheticAgencies, syntheticEntry } from '../../shared/catalog/synthetic'
import { saveEntries, upsertAgencies, upsertCategories } from '../catalog/store'
import { readConfig } from '../platform/config'
import { openDb } from '../platform/db'
import { migrate } from '../platform/db/migrate'
import { seedAll } from '../platform/seed'

export interface SeedCatalogOptions {
  count: number
  seed?: number
  batch?: number
  onProgress?: (done: number) => void
}

/** Loads `count` synthetic entries (and their agencies and categories) into `db`. */
export async function loadSyntheticCatalog(db: Db, options: SeedCatalogOptions): Promise<void> {
  const { agencies, categories } = syntheticAgencies()
  await upsertAgencies(db, agencies)
  await upsertCategories(db, categories)
  const batch = options.batch ?? 2000
  for (let i = 0; i < options.count; i += batch) {
    const rows = []
    for (let j = i; j < Math.min(options.count, i + batch); j++)
      rows.push(syntheticEntry(options.seed ?? 1, j))
    await saveEntries(db, rows)
    options.onProgress?.(i + rows.length)
  }
  // Fresh statistics after a bulk load, so the planner sees the tables as they now are.
  await db.query('analyze catalog_entries, change_log, sync_latest')
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, batch: { type: 'string', default: '2000' } } })
  const count = Number(values.count)
  const seed = Number(values.seed)
  const batch = Number(values.batch)
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed) || !Number.isInteger(batch) || batch < 1)
    throw new Error('usage: npm run seed:catalog -- --count <n> [--seed <n>] [--batch <n>]')
  const config = readConfig()
  const db = await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') })
  try {
    await migrate(db)
    await seedAll(db)
    const t0 = performance.now()
    let last = 0
    await loadSyntheticCatalog(db, {
      count,
      seed,
      batch,
      onProgress: (done) => {
        if (done - last >= 10_000 || done === count) {
          last = done
          process.stdout.write(`\r  ${done} / ${count}`)
        }
      },
    })
    console.log(`\n  loaded ${count} synthetic entries into ${db.description} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  finally {
    await db.close()
  }
}

// Run as a script, not when imported (the benchmark reuses loadSyntheticCatalog).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!))
  await main()
