/**
 * The one module that owns IndexedDB (DESIGN.md §6). Schema versions are append-only: to change a
 * table, add `this.version(N + 1).stores({ table: '…' })` (with an upgrade function when data moves).
 * Version numbers already taken: 1 foundation (reports, meta), 4 kiosk (device settings, kiosk
 * self-check). Planned: 2 catalog, 3 applications — features add their own version blocks here.
 */
import type { EntityTable } from 'dexie'
import type { ReportDetail } from '~/shared/api'
import Dexie, { liveQuery } from 'dexie'
import { STORAGE } from './keys'

/** A report as stored on the device: the server's detail plus when this device fetched it. */
export interface StoredReport extends ReportDetail {
  fetchedAt: string
}

export interface MetaRow {
  key: string
  value: unknown
}

/** A device-level setting (kiosk mode, idle time, staff PIN hash). Never part of a session wipe. */
export interface DeviceRow {
  key: string
  value: unknown
}

/** The kiosk self-check form: what staff type to prove the idle reset wipes it. Session-scoped. */
export interface KioskCheckRow {
  id: string
  name: string
  phone: string
  note: string
  updatedAt: string
}

export class GongkaiDb extends Dexie {
  reports!: EntityTable<StoredReport, 'id'>
  meta!: EntityTable<MetaRow, 'key'>
  device!: EntityTable<DeviceRow, 'key'>
  kioskChecks!: EntityTable<KioskCheckRow, 'id'>

  constructor(name: string = STORAGE.dbName) {
    super(name)
    this.version(1).stores({
      reports: 'id, year, agency, updatedAt',
      meta: 'key',
    })
    this.version(4).stores({
      device: 'key',
      kioskChecks: 'id',
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
      if (typeof window !== 'undefined')
        window.dispatchEvent(new CustomEvent(DB_LOST_EVENT))
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
