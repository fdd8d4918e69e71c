/**
 * Reads the change log for pull sync (docs/catalog-sync.md). A page holds, in seq order, each
 * entity whose LATEST change is after the cursor, with its current state (or a tombstone): an
 * entity changed twice travels once, at its last position, so a page never carries stale data and
 * a device that stops between pages resumes exactly at its stored cursor.
 */
import type { CatalogAgency, CatalogCategory, CatalogEntry } from '../shared/catalog/types'
import type { ChangesResponse, SyncChange, SyncEntity } from '../shared/sync/protocol'
import type { Db, Queryable } from './db'
import { formatCursor, SYNC_PROTOCOL_VERSION } from '../shared/sync/protocol'
import { AGENCY_COLS, CATEGORY_COLS, ENTRY_COLS } from './catalog-store'
import { reportDetails } from './reports-store'

interface LogRow { seq: number, entity: SyncEntity, entity_id: string, op: 'put' | 'delete' }

export async function syncEpoch(db: Queryable): Promise<string> {
  return (await db.query<{ epoch: string }>('select epoch from sync_state where id = 1')).rows[0]!.epoch
}

async function fetchValues(tx: Queryable, entity: SyncEntity, ids: string[]): Promise<Map<string, unknown>> {
  if (!ids.length)
    return new Map()
  let rows: { id: string }[]
  switch (entity) {
    case 'catalogEntry':
      rows = (await tx.query<CatalogEntry>(`select ${ENTRY_COLS} from catalog_entries e where e.id = any($1) and e.withdrawn_at is null`, [ids])).rows
      break
    case 'catalogCategory':
      rows = (await tx.query<CatalogCategory>(`select ${CATEGORY_COLS} from catalog_categories c where c.id = any($1)`, [ids])).rows
      break
    case 'catalogAgency':
      rows = (await tx.query<CatalogAgency>(`select ${AGENCY_COLS} from catalog_agencies a where a.id = any($1)`, [ids])).rows
      break
    case 'report':
      // Drafts come back empty and so travel as deletes (reports-store filters them).
      rows = await reportDetails(tx, ids)
      break
  }
  return new Map(rows.map(r => [r.id, r]))
}

/** Drops what devices need not store (`synthetic: false`) so pages stay small. */
function slim(entity: SyncEntity, value: unknown): unknown {
  if (entity === 'catalogEntry') {
    const e = value as CatalogEntry
    const { withdrawn: _w, synthetic, ...rest } = e
    return synthetic ? { ...rest, synthetic } : rest
  }
  return value
}

/**
 * The page after `seq` (0 = from the start) of at most `limit` changes. One snapshot (repeatable
 * read) for the log and the rows it points at, so the values match the cursor handed back.
 */
export async function changesSince(db: Db, since: { epoch: string | null, seq: number }, limit: number): Promise<ChangesResponse> {
  return db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read')
    const epoch = await syncEpoch(tx)
    const head = (await tx.query<{ head: number }>('select coalesce(max(seq), 0)::bigint as head from change_log')).rows[0]!.head
    if ((since.epoch !== null && since.epoch !== epoch) || since.seq > head)
      return { type: 'reset', protocol: SYNC_PROTOCOL_VERSION, cursor: formatCursor(epoch, 0), reason: 'epoch' }

    const { rows } = await tx.query<LogRow>(
      `select c.seq::bigint as seq, c.entity, c.entity_id, c.op from change_log c
       where c.seq > $1 and c.entity = any($3)
         and not exists (select 1 from change_log l where l.entity = c.entity and l.entity_id = c.entity_id and l.seq > c.seq)
       order by c.seq limit $2`,
      [since.seq, limit + 1, ['catalogEntry', 'catalogCategory', 'catalogAgency', 'report']],
    )
    const hasMore = rows.length > limit
    const page = hasMore ? rows.slice(0, limit) : rows
    const byEntity = new Map<SyncEntity, string[]>()
    for (const r of page) {
      if (r.op === 'put')
        byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r.entity_id])
    }
    const values = new Map<SyncEntity, Map<string, unknown>>()
    for (const [entity, ids] of byEntity)
      values.set(entity, await fetchValues(tx, entity, ids))

    const changes: SyncChange[] = page.map((r) => {
      const value = r.op === 'put' ? values.get(r.entity)?.get(r.entity_id) : undefined
      // A put whose row is gone or withdrawn is, for a device, a delete.
      return value === undefined
        ? { op: 'delete', entity: r.entity, seq: r.seq, id: r.entity_id }
        : { op: 'put', entity: r.entity, seq: r.seq, value: slim(r.entity, value) } as SyncChange
    })
    // At the end of the log the cursor jumps to its head, skipping superseded rows for good.
    const last = hasMore ? page.at(-1)!.seq : head
    const remaining = hasMore
      ? (await tx.query<{ n: number }>('select count(*)::int as n from change_log where seq > $1', [last])).rows[0]!.n
      : 0
    return { type: 'changes', protocol: SYNC_PROTOCOL_VERSION, changes, cursor: formatCursor(epoch, last), hasMore, remaining }
  })
}
