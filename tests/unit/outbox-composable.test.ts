/**
 * The outbox composables in an effect scope over (fake) IndexedDB: the page's lists follow the
 * database live (queued → pending count, rejected list, sent), one application's receipt updates
 * when it syncs, and ending the scope unsubscribes (later writes no longer reach the refs).
 */
import type { EffectScope } from 'vue'
import type { StoredApplication } from '~/data/applications'
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { markRejected, markSent, queueApplication } from '~/data/applications'
import { closeDb } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { useDeviceApplication, useOutbox } from '~/features/apply/composables/useOutbox'
import { trackingCodeFor, uuidv7 } from '~/shared/submission'

let scope: EffectScope
beforeEach(async () => {
  closeDb()
  await Dexie.delete(STORAGE.dbName)
  scope = effectScope()
})
afterEach(() => {
  scope.stop()
  closeDb()
})

async function queued(): Promise<StoredApplication> {
  const id = uuidv7()
  const rec: StoredApplication = { id, state: 'queued', trackingCode: trackingCodeFor(id), channel: 'online', createdAt: new Date().toISOString(), general: { description: '请公开某项信息' }, attempts: 0, nextAttemptAt: 0, status: 'submitted' }
  await queueApplication(rec)
  return rec
}

function sentResponse(rec: StoredApplication) {
  return { id: rec.id, trackingCode: rec.trackingCode, channel: 'online' as const, status: 'received' as const, deviceSubmittedAt: rec.createdAt, serverReceivedAt: '2025-01-20T01:00:00.000Z', receivedOn: '2025-01-20', dueDate: '2025-02-21', dueDateProvisional: false, statusToken: 'tok'.repeat(8), duplicate: false }
}

describe('useOutbox', () => {
  it('follows the database: pending count, rejected list, all applications', async () => {
    const outbox = scope.run(() => useOutbox())!
    await vi.waitFor(() => expect(outbox.loading.value).toBe(false))
    expect(outbox.pending.value).toBe(0)

    const a = await queued()
    const b = await queued()
    await vi.waitFor(() => expect(outbox.pending.value).toBe(2))
    expect(outbox.applications.value?.map(x => x.id).sort()).toEqual([a.id, b.id].sort())

    await markRejected(b.id, { code: 'invalid_application', message: 'x', errors: [] })
    await vi.waitFor(() => expect(outbox.rejected.value.map(x => x.id)).toEqual([b.id]))
    await vi.waitFor(() => expect(outbox.pending.value).toBe(1))

    await markSent(a.id, sentResponse(a))
    await vi.waitFor(() => expect(outbox.pending.value).toBe(0))
    expect(outbox.applications.value?.find(x => x.id === a.id)?.state).toBe('sent')
  })

  it('one application\'s receipt updates when it syncs', async () => {
    const a = await queued()
    const { application } = scope.run(() => useDeviceApplication({ id: a.id }))!
    await vi.waitFor(() => expect(application.value?.state).toBe('queued'))
    await markSent(a.id, sentResponse(a))
    await vi.waitFor(() => expect(application.value).toMatchObject({ state: 'sent', receivedOn: '2025-01-20', dueDate: '2025-02-21' }))
  })

  it('stops following once its scope ends', async () => {
    const outbox = scope.run(() => useOutbox())!
    await queued()
    await vi.waitFor(() => expect(outbox.pending.value).toBe(1))
    scope.stop()
    await queued()
    // Give a live query time to fire, had it still been subscribed.
    await new Promise(r => setTimeout(r, 100))
    expect(outbox.pending.value).toBe(1)
  })
})
