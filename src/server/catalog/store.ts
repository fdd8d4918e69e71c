/**
 * The catalog in the database: the only module that writes catalog_* tables. Every write records
 * its change in change_log in the same transaction, last (the log's lock is held to commit), so
 * devices pull it.
 */
import type { CatalogEntryInput, FieldError } from '../../shared/catalog/input'
import type { CatalogAgency, CatalogCategory, CatalogEntry } from '../../shared/catalog/types'
import type { Db, Queryable } from '../platform/db'
import { createHash } from 'node:crypto'

/** Agencies are the directory's (src/server/agencies/store.ts); pull sync sends them whole. */
export { AGENCY_COLS } from '../agencies/store'

export const ENTRY_COLS = `e.id, e.index_no as "indexNo", e.title, e.agency, e.agency_id as "agencyId",
  to_char(e.created_on, case when e.date_precision = 'year' then 'YYYY' else 'YYYY-MM-DD' end) as "createdAt",
  to_char(e.published_on, case when e.date_precision = 'year' then 'YYYY' else 'YYYY-MM-DD' end) as "publishedAt",
  e.doc_no as "docNo", e.category_id as "categoryId", e.disclosure, e.summary, e.body, e.attachments,
  e.synthetic, (e.withdrawn_at is not null) as withdrawn,
  to_char(e.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"`
export const CATEGORY_COLS = `c.id, c.agency_id as "agencyId", c.parent_id as "parentId", c.name, c.sort_order as "order"`

/** A stable id for an entry known only by its 索引号 (imports without ids stay idempotent). */
export function entryIdFor(indexNo: string): string {
  return `e-${createHash('sha256').update(indexNo).digest('hex').slice(0, 20)}`
}

async function logChanges(tx: Queryable, entity: string, ids: string[], op: 'put' | 'delete'): Promise<void> {
  if (ids.length)
    await tx.query(`insert into change_log (entity, entity_id, op) select $1, unnest($2::text[]), $3`, [entity, ids, op])
}

export async function upsertAgencies(db: Db, agencies: CatalogAgency[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of agencies) {
      await tx.query(
        `insert into catalog_agencies (id, name, org_code) values ($1, $2, $3)
         on conflict (id) do update set name = excluded.name, org_code = excluded.org_code, updated_at = now()`,
        [a.id, a.name, a.orgCode],
      )
    }
    await logChanges(tx, 'catalogAgency', agencies.map(a => a.id), 'put')
  })
}

/** Categories in tree order (parents before children), so the foreign key holds row by row. */
export async function upsertCategories(db: Db, categories: CatalogCategory[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const c of categories) {
      await tx.query(
        `insert into catalog_categories (id, agency_id, parent_id, name, sort_order) values ($1, $2, $3, $4, $5)
         on conflict (id) do update set agency_id = excluded.agency_id, parent_id = excluded.parent_id,
           name = excluded.name, sort_order = excluded.sort_order, updated_at = now()`,
        [c.id, c.agencyId, c.parentId, c.name, c.order],
      )
    }
    await logChanges(tx, 'catalogCategory', categories.map(c => c.id), 'put')
  })
}

export async function getEntry(db: Queryable, id: string): Promise<CatalogEntry | null> {
  const { rows } = await db.query<CatalogEntry>(`select ${ENTRY_COLS} from catalog_entries e where e.id = $1`, [id])
  return rows[0] ?? null
}

/** A fully resolved entry ready to write: ids checked, defaults filled. */
export type EntryRow = Omit<CatalogEntry, 'updatedAt' | 'withdrawn'>

export class EntryConflict extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map(e => e.message).join('; '))
  }
}

/**
 * Resolves an input against the database: agency and category exist (a category name is looked
 * up in the agency's tree), the 索引号 is not another entry's. Throws EntryConflict naming fields.
 */
export async function resolveEntryInput(db: Queryable, input: CatalogEntryInput, existing?: CatalogEntry | null): Promise<EntryRow> {
  const errors: FieldError[] = []
  const agency = (await db.query<{ name: string }>('select name from catalog_agencies where id = $1', [input.agencyId])).rows[0]
  if (!agency)
    errors.push({ field: 'agencyId', message: `没有编号为 ${input.agencyId} 的发布机构 (unknown agency)` })
  let categoryId = input.categoryId
  if (agency) {
    const { rows } = input.categoryId
      ? await db.query<{ id: string }>('select id from catalog_categories where id = $1 and agency_id = $2', [input.categoryId, input.agencyId])
      : await db.query<{ id: string }>('select id from catalog_categories where name = $1 and agency_id = $2 order by parent_id nulls first, id limit 1', [input.categoryName, input.agencyId])
    categoryId = rows[0]?.id
    if (!categoryId)
      errors.push({ field: input.categoryId ? 'categoryId' : 'categoryName', message: `该机构没有主题分类“${input.categoryId ?? input.categoryName}” (no such category in this agency)` })
  }
  const id = existing?.id ?? input.id ?? entryIdFor(input.indexNo)
  const clash = (await db.query<{ id: string }>('select id from catalog_entries where index_no = $1 and id <> $2', [input.indexNo, id])).rows[0]
  if (clash)
    errors.push({ field: 'indexNo', message: `索引号 ${input.indexNo} 已被另一条目使用 (indexNo already used)` })
  if (errors.length)
    throw new EntryConflict(errors)
  return {
    id,
    indexNo: input.indexNo,
    title: input.title,
    agency: input.agency || agency!.name,
    agencyId: input.agencyId,
    createdAt: input.createdAt ?? input.publishedAt,
    publishedAt: input.publishedAt,
    docNo: input.docNo,
    categoryId: categoryId!,
    disclosure: input.disclosure,
    summary: input.summary,
    body: input.body,
    attachments: input.attachments,
    synthetic: existing?.synthetic ?? false,
  }
}

const ENTRY_INSERT = `insert into catalog_entries (id, index_no, title, agency, agency_id, created_on, published_on, doc_no,
    category_id, disclosure, summary, body, attachments, synthetic, date_precision)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::text[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::boolean[], $15::text[])
  on conflict (id) do update set index_no = excluded.index_no, title = excluded.title, agency = excluded.agency,
    agency_id = excluded.agency_id, created_on = excluded.created_on, published_on = excluded.published_on,
    doc_no = excluded.doc_no, category_id = excluded.category_id, disclosure = excluded.disclosure,
    summary = excluded.summary, body = excluded.body, attachments = excluded.attachments,
    synthetic = excluded.synthetic, date_precision = excluded.date_precision, withdrawn_at = null, updated_at = now()`

/** A date known only to the year (`YYYY`) is stored as its 1 January with precision 'year'. */
const dayOf = (d: string) => /^\d{4}$/.test(d) ? `${d}-01-01` : d.slice(0, 10)

/** Writes entries in one statement (imports, seeds and the 100,000-entry CLI all come through here). */
export async function writeEntries(tx: Queryable, rows: EntryRow[]): Promise<void> {
  if (!rows.length)
    return
  const col = <K extends keyof EntryRow>(k: K) => rows.map(r => r[k])
  await tx.query(ENTRY_INSERT, [
    col('id'),
    col('indexNo'),
    col('title'),
    col('agency'),
    col('agencyId'),
    col('createdAt').map(dayOf),
    col('publishedAt').map(dayOf),
    col('docNo'),
    col('categoryId'),
    col('disclosure'),
    col('summary'),
    col('body'),
    rows.map(r => JSON.stringify(r.attachments ?? [])),
    rows.map(r => r.synthetic === true),
    col('publishedAt').map(d => /^\d{4}$/.test(d) ? 'year' : 'day'),
  ])
  await logChanges(tx, 'catalogEntry', col('id'), 'put')
}

export async function saveEntries(db: Db, rows: EntryRow[]): Promise<void> {
  await db.transaction(tx => writeEntries(tx, rows))
}

/**
 * Withdraws (撤销) an entry: the row stays for the record, devices get a tombstone.
 * Returns false when there is no such entry; withdrawing twice is a no-op.
 */
export async function withdrawEntry(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ withdrawn: boolean }>('select withdrawn_at is not null as withdrawn from catalog_entries where id = $1 for update', [id])
    if (!rows[0])
      return false
    if (!rows[0].withdrawn) {
      await tx.query('update catalog_entries set withdrawn_at = now(), updated_at = now() where id = $1', [id])
      await logChanges(tx, 'catalogEntry', [id], 'delete')
    }
    return true
  })
}

export async function countEntries(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('select count(*)::int as n from catalog_entries')).rows[0]!.n
}

/** The id of the entry with this 索引号, if any. */
export async function findEntryIdByIndexNo(db: Queryable, indexNo: string): Promise<string | null> {
  return (await db.query<{ id: string }>('select id from catalog_entries where index_no = $1', [indexNo])).rows[0]?.id ?? null
}

export async function agencyExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('select 1 from catalog_agencies where id = $1', [id])).rows.length > 0
}

/** True when `id` is a category of `agencyId`. */
export async function categoryOfAgencyExists(db: Queryable, id: string, agencyId: string): Promise<boolean> {
  return (await db.query('select 1 from catalog_categories where id = $1 and agency_id = $2', [id, agencyId])).rows.length > 0
}
