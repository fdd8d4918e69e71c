/**
 * Correction requests this device sent (data/corrections.ts), on fake IndexedDB: remembered once
 * per id, listed newest first, statuses refreshed and kept when offline, and nothing on a kiosk.
 */
import type { MyCorrection } from '~/data/corrections'
import Dexie from 'dexie'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { myCorrections, refreshMyCorrections, rememberCorrection } from '~/data/corrections'
import { closeDb } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { useRememberCorrection } from '~/features/corrections/composables/useMyCorrections'
import { useKioskStore } from '~/features/kiosk/stores/kiosk'
import { uuidv7 } from '~/shared/submission'

/** A minimal sessionStorage (the unit project runs under Node, which has none). */
function fakeSessionStorage(): Map<string, string> {
  const m = new Map<string, string>()
  ;(globalThis as { sessionStorage?: unknown }).sessionStorage = {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  }
  return m
}

function request(overrides: Partial<MyCorrection> = {}): Omit<MyCorrection, 'checkedAt'> {
  return { id: uuidv7(), trackingCode: `GK-${Math.random().toString(36).slice(2, 8).toUpperCase()}`, statusToken: 'tok', agencyId: 'hn-jinshi', agency: '津市市人民政府', sentAt: new Date().toISOString(), status: 'received', outcome: null, ...overrides }
}

beforeEach(async () => {
  closeDb()
  await Dexie.delete(STORAGE.dbName)
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage
})
afterEach(() => {
  closeDb()
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage
})

describe('my correction requests', () => {
  it('remembers each request once and lists the newest first', async () => {
    const a = request()
    await new Promise(r => setTimeout(r, 2))
    const b = request()
    expect(await rememberCorrection(a)).toBe(true)
    await rememberCorrection(b)
    // A retry after a lost answer is the same request: still one row.
    await rememberCorrection(a)
    const list = await myCorrections()
    expect(list.map(c => c.id)).toEqual([b.id, a.id])
    expect(list[1]).toMatchObject({ trackingCode: a.trackingCode, statusToken: 'tok', agency: '津市市人民政府', status: 'received' })
  })

  it('keeps nothing on a kiosk, and lists nothing there either', async () => {
    await rememberCorrection(request())
    fakeSessionStorage().set(STORAGE.session.startedAt, new Date().toISOString())
    expect(await rememberCorrection(request())).toBe(false)
    expect(await myCorrections()).toEqual([])
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage
    expect(await myCorrections()).toHaveLength(1)
  })

  it('refreshes statuses, and keeps the last known one when a fetch fails or finds nothing', async () => {
    const a = request()
    const b = request()
    const c = request()
    for (const r of [a, b, c])
      await rememberCorrection(r)
    const at = new Date('2026-12-03T10:00:00Z')
    const n = await refreshMyCorrections(async (r) => {
      if (r.id === a.id)
        return { status: 'answered', outcome: 'corrected', agency: '津市市人民政府办公室' }
      if (r.id === b.id)
        throw new Error('offline')
      return null
    }, () => at)
    expect(n).toBe(1)
    const byId = new Map((await myCorrections()).map(r => [r.id, r]))
    expect(byId.get(a.id)).toMatchObject({ status: 'answered', outcome: 'corrected', agency: '津市市人民政府办公室', checkedAt: at.toISOString() })
    expect(byId.get(b.id)).toMatchObject({ status: 'received', outcome: null })
    expect(byId.get(b.id)?.checkedAt).toBeUndefined()
    expect(byId.get(c.id)).toMatchObject({ status: 'received' })
  })
})

describe('useRememberCorrection', () => {
  it('keeps the request on a phone, and nothing when the shell is in kiosk mode', async () => {
    setActivePinia(createPinia())
    const remember = useRememberCorrection()
    expect(await remember(request())).toBe(true)
    useKioskStore().enabled = true
    expect(await remember(request())).toBe(false)
    expect(await myCorrections()).toHaveLength(1)
  })
})
