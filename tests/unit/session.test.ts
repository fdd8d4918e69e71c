/**
 * The kiosk session wipe at the data layer: every Dexie table is either the session's or kept, on
 * purpose; the wipe clears drafts and nothing else (never the outbox); version 4 (device settings)
 * opens a version-3 database with its rows intact.
 */
import Dexie from 'dexie'
import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDb, getDb } from '~/data/db'
import { readKioskSettings, writeKioskSettings } from '~/data/device'
import { loadDraft, saveDraft } from '~/data/drafts'
import { STORAGE } from '~/data/keys'
import { KEPT_TABLES, SESSION_TABLES, wipeSessionData } from '~/data/session'

// Dexie takes the IndexedDB it finds at import; hand it the fake one explicitly.
Dexie.dependencies.indexedDB = indexedDB
Dexie.dependencies.IDBKeyRange = IDBKeyRange

beforeEach(async () => {
  closeDb()
  await Dexie.delete(STORAGE.dbName)
})
afterEach(() => closeDb())

describe('kiosk session wipe', () => {
  it('every table is either session-scoped or kept, never both', async () => {
    const db = getDb()
    await db.open()
    const names = db.tables.map(t => t.name).sort()
    const listed = [...SESSION_TABLES, ...KEPT_TABLES]
    expect(new Set(listed).size).toBe(listed.length)
    expect([...listed].sort()).toEqual(names)
  })

  it('deletes the sent applications (the server has them) and keeps queued and rejected ones', async () => {
    const db = getDb()
    const row = (id: string, state: string) => ({ id, state, trackingCode: id, channel: 'inPerson', createdAt: '2026-01-01T00:00:00Z', general: { description: '某文件' }, attempts: 0, nextAttemptAt: 0, status: 'received', statusToken: 'tok' }) as never
    await db.applications.bulkPut([row('s1', 'sent'), row('q1', 'queued'), row('r1', 'rejected'), row('s2', 'sent')])
    await wipeSessionData()
    expect((await db.applications.toArray()).map(a => a.id).sort()).toEqual(['q1', 'r1'])
  })

  it('version 7 drops the PIN hash a first visitor could set, and keeps kiosk mode', async () => {
    const old = new Dexie(STORAGE.dbName)
    old.version(1).stores({ reports: 'id, year, agency, updatedAt', meta: 'key' })
    old.version(2).stores({ catalogEntries: 'id, seq, categoryId, agencyId', catalogCategories: 'id, agencyId', catalogAgencies: 'id', catalogTombstones: 'id, seq', searchIndex: 'key' })
    old.version(3).stores({ drafts: 'id, updatedAt', applications: 'id, state, createdAt, nextAttemptAt' })
    old.version(4).stores({ device: 'key' })
    old.version(5).stores({ catalogEntries: 'id, seq' })
    await old.open()
    await old.table('device').bulkPut([{ key: STORAGE.device.staffPin, value: { salt: 'x', hash: 'y' } }, { key: STORAGE.device.kiosk, value: { enabled: true, idleSeconds: 90 } }])
    old.close()
    const db = getDb()
    await db.open()
    expect(await db.device.get(STORAGE.device.staffPin)).toBeUndefined()
    expect(await readKioskSettings()).toEqual({ enabled: true, idleSeconds: 90 })
  })

  it('clears drafts and keeps the outbox, the catalog, reports and device settings', async () => {
    const db = getDb()
    await saveDraft({ id: 'apply', general: { description: '某文件' }, personal: { name: '张三' } })
    await db.applications.put({ id: 'a1', state: 'queued', trackingCode: 'X', channel: 'inPerson', createdAt: '2026-01-01T00:00:00Z', general: {}, attempts: 0, nextAttemptAt: 0, status: 'received' } as never)
    await db.catalogAgencies.put({ id: 'ag1' } as never)
    await writeKioskSettings({ enabled: true, idleSeconds: 60 })
    expect(await loadDraft('apply')).toBeDefined()

    await wipeSessionData()

    expect(await db.drafts.count()).toBe(0)
    expect(await db.applications.count()).toBe(1)
    expect(await db.catalogAgencies.count()).toBe(1)
    expect(await readKioskSettings()).toEqual({ enabled: true, idleSeconds: 60 })
    expect(await db.meta.get(STORAGE.meta.submissionChannel)).toEqual({ key: STORAGE.meta.submissionChannel, value: 'inPerson' })
  })

  it('the current version opens a version-3 database with its rows, catalog entries included', async () => {
    const old = new Dexie(STORAGE.dbName)
    old.version(1).stores({ reports: 'id, year, agency, updatedAt', meta: 'key' })
    old.version(2).stores({ catalogEntries: 'id, seq, categoryId, agencyId', catalogCategories: 'id, agencyId', catalogAgencies: 'id', catalogTombstones: 'id, seq', searchIndex: 'key' })
    old.version(3).stores({ drafts: 'id, updatedAt', applications: 'id, state, createdAt, nextAttemptAt' })
    await old.table('applications').put({ id: 'a1', state: 'queued', createdAt: 'x', nextAttemptAt: 0 })
    await old.table('catalogEntries').bulkPut([{ id: 'e1', seq: 3, categoryId: 'c', agencyId: 'a' }, { id: 'e2', seq: 9, categoryId: 'c', agencyId: 'a' }])
    old.close()

    const db = getDb()
    await db.open()
    expect(db.verno).toBe(8)
    expect(await db.applications.get('a1')).toMatchObject({ state: 'queued' })
    // 5 dropped the entries' unused indexes; the rows and the seq index the search worker reads stay.
    expect(db.catalogEntries.schema.indexes.map(i => i.name)).toEqual(['seq'])
    expect((await db.catalogEntries.where('seq').above(5).toArray()).map(e => e.id)).toEqual(['e2'])
    expect(await db.device.count()).toBe(0)
  })
})
