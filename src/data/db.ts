/**
 * The one module that owns IndexedDB (DESIGN.md §6). Schema versions are append-only: to change a
 * table, add `this.version(N + 1).stores({ table: '…' })` (with an upgrade function when data moves).
 * Version numbers already taken: 1 foundation (reports, meta), 2 catalog, 3 applications (drafts,
 * outbox), 4 kiosk (device settings), 5 catalog entries without their unused indexes, 7 drops the
 * kiosk PIN (issue 16; 6 is reserved for another feature), 8 the 补正 outbox (issue 18). Features add
 * their own version blocks here.
 */
import type { EntityTable } from 'dexie'
import type { StoredAmendment } from './amendments'
import type { DraftRow, StoredApplication } from './application-types'
import type { Agency } from '~/shared/agencies/types'
import type { ReportDetail } from '~/shared/api'
import type { CatalogAgency, CatalogCategory, CatalogEntry } from '~/shared/catalog/types'
import type { SerializedSearchIndex } from '~/shared/search/types'
import Dexie, { liveQuery } from 'dexie'
import { STORAGE } from './keys'

/** A report as stored on the device: the server's detail plus when this device fetched it. */
export interface StoredReport extends ReportDetail {
  fetchedAt: string
}

/** A catalog entry on the device, with the change-log position it came from (search catch-up). */
export interface StoredCatalogEntry extends CatalogEntry {
  seq: number
  /** Approximate bytes it takes, for the phone's download size limit. */
  size: number
}

/** A withdrawn or deleted entry: kept (id and position only) so the search index can drop it. */
export interface CatalogTombstone {
  id: string
  seq: number
}

/** The search index as the worker persisted it, and the change-log position it reflects. */
export interface StoredSearchIndex {
  key: 'catalog'
  seq: number
  generation: number
  data: SerializedSearchIndex
}

/**
 * An agency as stored on the device: the whole directory record, except that a device which
 * synced before the directory existed holds only the catalog's three fields until its next pull
 * (migration 009 sends every agency again).
 */
export type StoredAgency = CatalogAgency & Partial<Omit<Agency, keyof CatalogAgency>>

export interface MetaRow {
  key: string
  value: unknown
}

/** A device-level setting (kiosk mode, idle time, staff PIN hash). Never part of a session wipe. */
export interface DeviceRow {
  key: string
  value: unknown
}

export class GongkaiDb extends Dexie {
  reports!: EntityTable<StoredReport, 'id'>
  meta!: EntityTable<MetaRow, 'key'>
  catalogEntries!: EntityTable<StoredCatalogEntry, 'id'>
  catalogCategories!: EntityTable<CatalogCategory, 'id'>
  catalogAgencies!: EntityTable<StoredAgency, 'id'>
  catalogTombstones!: EntityTable<CatalogTombstone, 'id'>
  searchIndex!: EntityTable<StoredSearchIndex, 'key'>
  drafts!: EntityTable<DraftRow, 'id'>
  applications!: EntityTable<StoredApplication, 'id'>
  device!: EntityTable<DeviceRow, 'key'>
  amendments!: EntityTable<StoredAmendment, 'id'>

  constructor(name: string = STORAGE.dbName) {
    super(name)
    this.version(1).stores({
      reports: 'id, year, agency, updatedAt',
      meta: 'key',
    })
    // 2: the catalog, pulled through /api/sync/changes; the persisted search index.
    this.version(2).stores({
      catalogEntries: 'id, seq, categoryId, agencyId',
      catalogCategories: 'id, agencyId',
      catalogAgencies: 'id',
      catalogTombstones: 'id, seq',
      searchIndex: 'key',
    })
    // Applications: the form's drafts (personal fields encrypted with a device key) and the outbox,
    // which is also "my applications" once sent (personal data dropped, tracking data kept).
    this.version(3).stores({
      drafts: 'id, updatedAt',
      applications: 'id, state, createdAt, nextAttemptAt',
    })
    // 4: kiosk mode and the staff PIN, per device (all earlier tables carry over unchanged).
    this.version(4).stores({
      device: 'key',
    })
    // 5: entries drop the categoryId and agencyId indexes. Nothing queried them (browse counts come
    // from the search worker), and every index is one more write per entry: at 100,000 entries a
    // first download spent about an eighth of its IndexedDB time keeping them.
    this.version(5).stores({
      catalogEntries: 'id, seq',
    })
    // 7: kiosks are enrolled by staff (issue 16); the device PIN the first visitor could choose is
    // gone, and so is its hash. No table changes.
    this.version(7).stores({}).upgrade(async (tx) => {
      await tx.table('device').delete(STORAGE.device.staffPin)
    })
    // 8: the 补正 outbox (issue 18): the applicant's sealed answers to a 补正 request, until sent.
    this.version(8).stores({
      amendments: 'id, state, trackingCode',
    })
  }
}

let instance: GongkaiDb | undefined

/** Window event fired when the browser closed the database under us (storage wiped). */
export const DB_LOST_EVENT = 'gongkai:db-lost'

/** The app's database, opened lazily. Tests may pass their own name through `useDb(name)`. */
export function getDb(): GongkaiDb {
  if (!instance) {
    const db = new GongkaiDb()
    // Someone wiped site data under us (browser settings, devtools, storage pressure): forget this
    // handle so the next call opens a fresh, empty database, and tell the app so sync refills it.
    db.on('close', () => {
      if (instance === db)
        instance = undefined
      // A page listens (sync refills); in the service worker nobody does.
      if (typeof globalThis.dispatchEvent === 'function')
        globalThis.dispatchEvent(new CustomEvent(DB_LOST_EVENT))
    })
    instance = db
  }
  return instance
}

/** Closes and forgets the database (tests, and recovery after the browser wiped storage). */
export function closeDb(): void {
  instance?.close()
  instance = undefined
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await getDb().meta.get(key))?.value as T | undefined
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await getDb().meta.put({ key, value })
}

/** Live value of one meta row. */
export function watchMeta<T>(key: string) {
  return liveQuery(async () => (await getDb().meta.get(key))?.value as T | undefined)
}
