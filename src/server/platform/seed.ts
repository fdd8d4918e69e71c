/**
 * First-start seed data: the five real annual reports shipped in src/server/seed-data/reports.
 * Loaded once (when the reports table is empty), so that an operator's edits are never overwritten.
 */
import type { Db } from './db'
import { readdir, readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importReport } from '../../shared/importer'
import { seedAgencyDirectory } from '../agencies/service'
import { SEED_CATALOG_FILE, seedCatalog } from '../catalog/seed'
import { upsertReport } from '../reports/store'

export const SEED_REPORTS_DIR = fileURLToPath(new URL('../seed-data/reports/', import.meta.url))

export async function seedReports(db: Db, dir = SEED_REPORTS_DIR): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from reports')
  if (rows[0]!.n > 0)
    return 0
  const files = (await readdir(dir)).filter(f => f.endsWith('.txt')).sort()
  for (const f of files) {
    const raw = await readFile(dir + f, 'utf8')
    const r = importReport(raw)
    await upsertReport(db, {
      id: basename(f, '.txt'),
      title: r.title,
      agency: r.agency,
      year: r.year,
      publishedAt: r.publishedAt,
      template: r.template,
      body: r.text,
      sourceName: f,
      figures: r.figures,
      problems: r.problems,
      sections: r.sections,
      format: r.format,
    })
  }
  return files.length
}

/** Everything a fresh install needs before it serves: migrations done, seeds loaded. */
export async function seedAll(db: Db): Promise<void> {
  await seedReports(db)
  await seedCatalog(db, SEED_REPORTS_DIR)
  await seedAgencyDirectory(db, SEED_CATALOG_FILE)
}
