/**
 * First-start seed catalog from src/server/seed-data/catalog.json (hand-curated from the five seed
 * reports: each report is an entry, and so is each document they cite). Loaded once, when there
 * are no agencies yet, so an operator's edits are never overwritten.
 */
import type { CatalogCategory } from '../../shared/catalog/types'
import type { Db } from '../platform/db'
import type { EntryRow } from './store'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { importReport } from '../../shared/importer'
import { saveEntries, upsertAgencies, upsertCategories } from './store'

export const SEED_CATALOG_FILE = fileURLToPath(new URL('../seed-data/catalog.json', import.meta.url))

interface SeedFile {
  agencies: { id: string, name: string, orgCode: string, categories: (string | [string, string])[] }[]
  entries: {
    agencyId: string
    category: string
    title: string
    published: string
    docNo?: string
    summary?: string
    reportId?: string
    citedIn?: string[]
  }[]
}

const YEAR_ONLY_NOTE = '（原文未载发布日期，此处仅记年份。）'

export async function seedCatalog(db: Db, reportsDir: string, file = SEED_CATALOG_FILE): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from catalog_agencies')
  if (rows[0]!.n > 0)
    return 0
  const seed = JSON.parse(await readFile(file, 'utf8')) as SeedFile
  const reports = new Map<string, ReturnType<typeof importReport>>()
  for (const id of new Set(seed.entries.flatMap(e => [e.reportId, ...(e.citedIn ?? [])]).filter(Boolean) as string[]))
    reports.set(id, importReport(await readFile(`${reportsDir}${id}.txt`, 'utf8')))

  const categories: CatalogCategory[] = []
  const categoryId = new Map<string, string>()
  for (const a of seed.agencies) {
    a.categories.forEach((c, i) => {
      const [parent, name] = Array.isArray(c) ? c : [null, c]
      const id = `${a.id}-c${i + 1}`
      categories.push({ id, agencyId: a.id, parentId: parent ? categoryId.get(`${a.id}/${parent}`)! : null, name, order: i })
      categoryId.set(`${a.id}/${name}`, id)
    })
  }
  const reportTitles = new Map(seed.entries.filter(e => e.reportId).map(e => [e.reportId!, e.title]))
  const serial = new Map<string, number>()
  const entries: EntryRow[] = seed.entries.map((e, i) => {
    const agency = seed.agencies.find(a => a.id === e.agencyId)!
    const yearOnly = /^\d{4}$/.test(e.published)
    const year = e.published.slice(0, 4)
    const key = `${agency.orgCode}/${year}`
    serial.set(key, (serial.get(key) ?? 0) + 1)
    const report = e.reportId ? reports.get(e.reportId) : undefined
    const citing = (e.citedIn ?? []).map(id => `《${reportTitles.get(id) ?? id}》`)
    const summary = report
      ? report.text.replace(/\s+/g, ' ').trim().slice(0, 160)
      : e.summary ?? ''
    const body = report
      ? report.text
      : `本条目据以下政府信息公开工作年度报告的引用整理：${citing.join('、')}。原文未收录于本目录。`
    return {
      id: `seed-${String(i + 1).padStart(3, '0')}`,
      indexNo: `${key}-${String(serial.get(key)).padStart(5, '0')}`,
      title: e.title,
      agency: agency.name,
      agencyId: agency.id,
      // Only the year is known: the entry says so (never an invented 1 January).
      createdAt: e.published,
      publishedAt: e.published,
      docNo: e.docNo ?? null,
      categoryId: categoryId.get(`${agency.id}/${e.category}`)!,
      disclosure: 'proactive',
      summary: yearOnly ? `${summary}${YEAR_ONLY_NOTE}` : summary,
      body,
      attachments: [],
    }
  })
  await upsertAgencies(db, seed.agencies.map(({ id, name, orgCode }) => ({ id, name, orgCode })))
  await upsertCategories(db, categories)
  await saveEntries(db, entries)
  return entries.length
}
