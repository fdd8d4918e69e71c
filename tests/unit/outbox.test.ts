import type { StoredApplication } from '~/data/applications'
import type { ApplicationPublicKey } from '~/shared/submission'
import Dexie from 'dexie'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getApplication, queueApplication, requeueCorrected, watchPendingCount } from '~/data/applications'
import { closeDb, getDb } from '~/data/db'
import { deleteDraft, loadDraft, saveDraft } from '~/data/drafts'
import { STORAGE } from '~/data/keys'
import { generateAgencyKey, sealJson, trackingCodeFor, uuidv7 } from '~/shared/submission'
import { backoffMs, drainOutbox, retryAfterMs } from '~/sync/outbox'

let key: ApplicationPublicKey
beforeAll(async () => {
  key = (await generateAgencyKey()).publicKey
})
beforeEach(async () => {
  closeDb()
  await Dexie.delete(STORAGE.dbName)
})
afterEach(() => closeDb())

async function queued(overrides: Partial<StoredApplication> = {}): Promise<StoredApplication> {
  const id = uuidv7()
  const rec: StoredApplication = {
    id,
    state: 'queued',
    trackingCode: trackingCodeFor(id),
    channel: 'online',
    createdAt: new Date().toISOString(),
    general: { description: '请公开某项信息', channel: 'online' },
    personal: await sealJson(key, { name: '李四', idNumber: '11010519491231002X', phone: '13800138000' }, id),
    attempts: 0,
    nextAttemptAt: 0,
    status: 'submitted',
    ...overrides,
  }
  await queueApplication(rec)
  return rec
}

type Reply = { status: number, body?: unknown, headers?: Record<string, string> } | 'network'

/** A fake server: answers each POST from the script, and records what it was sent. */
function fakeFetch(script: (body: any, n: number) => Reply) {
  const calls: any[] = []
  const fn = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string)
    calls.push(body)
    const r = script(body, calls.length)
    if (r === 'network')
      throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(r.body ?? {}), { status: r.status, headers: { 'content-type': 'application/json', ...r.headers } })
  }) as typeof fetch
  return { fn, calls }
}

function accepted(body: any) {
  return {
    status: 201,
    body: { id: body.id, trackingCode: trackingCodeFor(body.id), channel: 'online', status: 'received', deviceSubmittedAt: 'x', serverReceivedAt: '2025-01-20T01:00:00.000Z', receivedOn: '2025-01-20', dueDate: '2025-02-21', dueDateProvisional: false, statusToken: 'tok'.repeat(8), duplicate: false },
  }
}

describe('outbox state transitions', () => {
  it('queued → sent on 2xx: tracking data kept, sealed personal data dropped', async () => {
    const rec = await queued()
    const { fn, calls } = fakeFetch(accepted)
    const r = await drainOutbox({ fetch: fn })
    expect(r).toMatchObject({ sent: 1, rejected: 0, deferred: 0 })
    expect(calls[0]).toEqual({ v: 1, id: rec.id, general: rec.general, personal: rec.personal })
    const after = await getApplication(rec.id)
    expect(after).toMatchObject({ state: 'sent', status: 'received', receivedOn: '2025-01-20', dueDate: '2025-02-21', trackingCode: rec.trackingCode })
    expect(after).not.toHaveProperty('personal')
    expect(after!.general).toEqual(rec.general)
  })

  it('queued → rejected on 4xx, with the server\'s field errors, and never retried on its own', async () => {
    const rec = await queued()
    const errors = [{ field: 'personal.phone', code: 'phone', message: '手机号码格式不正确', messageEn: 'Bad phone' }]
    const { fn, calls } = fakeFetch(() => ({ status: 422, body: { error: { code: 'invalid_application', message: '手机号码格式不正确', field: 'personal.phone', details: errors } } }))
    expect(await drainOutbox({ fetch: fn })).toMatchObject({ rejected: 1 })
    const after = await getApplication(rec.id)
    expect(after).toMatchObject({ state: 'rejected', rejection: { code: 'invalid_application', errors } })
    expect(after!.personal).toBeDefined()
    await drainOutbox({ fetch: fn })
    expect(calls).toHaveLength(1)
  })

  it('rejected → queued again when corrected, under the same id', async () => {
    const rec = await queued({ state: 'rejected', rejection: { code: 'x', message: 'x', errors: [] } })
    const personal = await sealJson(key, { name: '李四' }, rec.id)
    await saveDraft({ id: `fix:${rec.id}`, general: {}, personal: { name: '李四' } })
    await requeueCorrected(rec.id, { description: '改正后的申请内容' }, personal, `fix:${rec.id}`)
    expect(await getApplication(rec.id)).toMatchObject({ state: 'queued', attempts: 0, general: { description: '改正后的申请内容' } })
    expect(await getApplication(rec.id)).not.toHaveProperty('rejection')
    expect(await loadDraft(`fix:${rec.id}`)).toBeUndefined()
  })

  it('stays queued on a network error or 5xx, with a backoff, and goes once the server answers', async () => {
    const rec = await queued()
    let t = 1_000_000
    const net = fakeFetch(() => 'network')
    expect(await drainOutbox({ fetch: net.fn, now: () => t, random: () => 0.5 })).toMatchObject({ unreachable: true, deferred: 1 })
    let after = await getApplication(rec.id)
    expect(after).toMatchObject({ state: 'queued', attempts: 1 })
    expect(after!.nextAttemptAt).toBeGreaterThan(t)
    // Not due yet: nothing is sent.
    expect(await drainOutbox({ fetch: net.fn, now: () => t })).toMatchObject({ deferred: 0 })
    expect(net.calls).toHaveLength(1)
    t = after!.nextAttemptAt
    const five = fakeFetch(() => ({ status: 500, body: { error: { code: 'internal', message: 'boom' } } }))
    await drainOutbox({ fetch: five.fn, now: () => t, random: () => 0.5 })
    after = await getApplication(rec.id)
    expect(after).toMatchObject({ state: 'queued', attempts: 2 })
    t = after!.nextAttemptAt
    await drainOutbox({ fetch: fakeFetch(accepted).fn, now: () => t })
    expect(await getApplication(rec.id)).toMatchObject({ state: 'sent' })
  })

  it('honours Retry-After for the whole queue', async () => {
    const a = await queued()
    const b = await queued()
    const t = 5_000_000
    const { fn, calls } = fakeFetch(() => ({ status: 429, body: { error: { code: 'rate_limited', message: 'slow down' } }, headers: { 'retry-after': '120' } }))
    await drainOutbox({ fetch: fn, now: () => t })
    expect(calls).toHaveLength(1)
    for (const id of [a.id, b.id])
      expect((await getApplication(id))!.nextAttemptAt).toBeGreaterThanOrEqual(t + 120_000)
  })

  it('drains several in order and counts what is waiting (待同步)', async () => {
    await queued()
    await queued()
    await queued()
    const counts: number[] = []
    const sub = watchPendingCount().subscribe(n => counts.push(n))
    const { fn, calls } = fakeFetch(accepted)
    expect(await drainOutbox({ fetch: fn })).toMatchObject({ sent: 3 })
    expect(calls.map(c => c.id)).toEqual([...calls.map(c => c.id)].sort())
    await expect.poll(() => counts.at(-1)).toBe(0)
    sub.unsubscribe()
  })

  it('submitting drops the draft in the same transaction', async () => {
    await saveDraft({ id: 'apply', general: { description: 'x' }, personal: { name: '王五' } })
    const id = uuidv7()
    await queueApplication({ id, state: 'queued', trackingCode: trackingCodeFor(id), channel: 'online', createdAt: '', general: {}, attempts: 0, nextAttemptAt: 0, status: 'submitted' }, 'apply')
    expect(await loadDraft('apply')).toBeUndefined()
  })
})

describe('drafts', () => {
  it('round-trip, with the personal fields encrypted in the stored row', async () => {
    await saveDraft({ id: 'apply', general: { description: '某某信息' }, personal: { name: '王五', phone: '13912345678' } })
    const row = await getDb().drafts.get('apply')
    expect(JSON.stringify(row)).not.toContain('王五')
    expect(JSON.stringify(row)).not.toContain('13912345678')
    expect(await loadDraft('apply')).toMatchObject({ general: { description: '某某信息' }, personal: { name: '王五', phone: '13912345678' } })
    await deleteDraft('apply')
    expect(await loadDraft('apply')).toBeUndefined()
  })
})

describe('backoff', () => {
  it('grows exponentially to a cap, with full jitter, never below a second', () => {
    expect(backoffMs(0, () => 0)).toBe(1_000)
    expect(backoffMs(3, () => 0.999)).toBeLessThan(16_000)
    expect(backoffMs(30, () => 0.999)).toBeLessThanOrEqual(5 * 60_000)
  })

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('30', 0)).toBe(30_000)
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000)
    expect(retryAfterMs(null, 0)).toBeUndefined()
  })
})
