import type { Agency } from '../agencies/types'
/**
 * The pull-sync protocol (docs/catalog-sync.md): `GET /api/sync/changes?since=<cursor>&limit=<n>`.
 * Versioned discriminated unions, shared by the server that writes them and the device that reads
 * them. A cursor is opaque to the device: `<epoch>.<seq>` today, where the epoch names one change
 * log (a reinstalled server has another) and seq is the last change the device has applied.
 */
import type { ReportDetail } from '../api'
import type { CatalogCategory, CatalogEntry } from '../catalog/types'

export const SYNC_PROTOCOL_VERSION = 1

/**
 * What the change log tracks for devices; the names are also the `entity` values in change_log.
 * Migration 006's trigger lists the same names: adding one here needs a migration there too.
 */
export type SyncEntity = 'catalogEntry' | 'catalogCategory' | 'catalogAgency' | 'report'

export const SYNC_ENTITIES = ['catalogEntry', 'catalogCategory', 'catalogAgency', 'report'] as const satisfies readonly SyncEntity[]

interface PutBase<E extends SyncEntity, V> {
  op: 'put'
  entity: E
  /** Position in the change log; strictly increasing within a response. */
  seq: number
  value: V
}

/** A new or changed record: the device replaces its copy whole. */
export type SyncPut
  = | PutBase<'catalogEntry', CatalogEntry>
    | PutBase<'catalogCategory', CatalogCategory>
    | PutBase<'catalogAgency', Agency>
    | PutBase<'report', ReportDetail>

/** A removed record (a withdrawn entry, a deleted category): the device drops its copy. */
export interface SyncDelete {
  op: 'delete'
  entity: SyncEntity
  seq: number
  id: string
}

export type SyncChange = SyncPut | SyncDelete

/** One page of changes after the cursor the device sent. */
export interface ChangesPage {
  type: 'changes'
  protocol: typeof SYNC_PROTOCOL_VERSION
  changes: SyncChange[]
  /** Send this back as `since` for the next page; store it with the page, in the same transaction. */
  cursor: string
  /** More pages are waiting now. */
  hasMore: boolean
  /** How many changes are still after `cursor` (for progress). */
  remaining: number
}

/**
 * The cursor belongs to another change log (the server's database was replaced): the device must
 * drop what it mirrored and pull again from `cursor` (the start of this log).
 */
export interface ResetPage {
  type: 'reset'
  protocol: typeof SYNC_PROTOCOL_VERSION
  cursor: string
  reason: 'epoch'
}

export type ChangesResponse = ChangesPage | ResetPage

export const SYNC_LIMIT_DEFAULT = 500
export const SYNC_LIMIT_MAX = 2000
/**
 * The page size devices ask for. The server's page cache warms the log in pages of this size, so a
 * first download finds every page ready (src/server/sync/cache.ts).
 */
export const SYNC_DEVICE_PAGE = SYNC_LIMIT_MAX

/** The cursor of an empty device: everything is after it. */
export const START_CURSOR = '0'

/** Parses a cursor; undefined when malformed. `'0'` (or no cursor) means "from the start". */
export function parseCursor(cursor: string): { epoch: string | null, seq: number } | undefined {
  if (cursor === START_CURSOR)
    return { epoch: null, seq: 0 }
  const m = /^([0-9a-f]{8,64})\.(\d{1,15})$/.exec(cursor)
  if (!m)
    return undefined
  return { epoch: m[1]!, seq: Number(m[2]) }
}

export function formatCursor(epoch: string, seq: number): string {
  return `${epoch}.${seq}`
}
