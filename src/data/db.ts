/**
 * The one module that owns IndexedDB (DESIGN.md §6). Schema versions are append-only: to change a
 * table, add `this.version(N + 1).stores({ table: '…' })` (with an upgrade function when data moves).
 * Version numbers already taken: 1 foundation (reports, meta). Planned: 2 catalog, 3 applications,
 * 4 kiosk/settings — features add their own version blocks here.
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

export class GongkaiDb extends Dexie {
  reports!: EntityTable<StoredReport, 'id'>
  meta!: EntityTable<MetaRow, 'key'>

  constructor(name: string = STORAGE.dbName) {
    super(name)
    this.version(1).stores({
      reports: 'id, year, agency, updatedAt',
      meta: 'key',
    })
  }
}

let instance: GongkaiDb | undefined

/** The app's database, opened lazily. Tests may pass their own name through `useDb(name)`. */
export function getDb(): GongkaiDb {
  instance ??= new GongkaiDb()
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
