/**
 * Load shedding (src/server/platform/load-shed.ts) on a real socket, without timing: one request is held in
 * flight by a test route on the real app that waits for the test, so the server is saturated for as
 * long as the test wants (a half-sent body holds no slot: tests/server/network.test.ts).
 * The next /api request gets 503 + Retry-After and writes nothing; the device
 * outbox (the real src/sync/outbox.ts, with IndexedDB from fake-indexeddb in Node) honours it.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { ApplicationPublicKey } from '~/shared/submission'
import Dexie from 'dexie'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getApplication, queueApplication } from '~/data/applications'
import { closeDb } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { countApplications } from '~/server/applications/store'
import { buildApp } from '~/server/platform/app'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { sealJson, trackingCodeFor } from '~/shared/submission'
import { drainOutbox } from '~/sync/outbox'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import 'fake-indexeddb/auto'

describe('load shedding', () => {
  let app: FastifyInstance
  let db: Db
  let base: string
  let key: ApplicationPublicKey
  let gate: Promise<void> = Promise.resolve()

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' })
    await migrate(db)
    app = await buildApp({ db, version: 'test', loadShed: { maxInFlight: 1, retryAfterSec: 7 } })
    app.get('/api/test/hold', async () => {
      await gate
      return { ok: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    key = await (await fetch(`${base}/api/keys/applications`)).json() as ApplicationPublicKey
  })
  afterAll(async () => {
    closeDb()
    await app.close()
    await db.close()
  })

  /** A request being worked on (after its body arrived): in flight until `finish` is called. */
  async function holdOne(): Promise<{ finish: () => Promise<{ statusCode: number, resume: () => void }> }> {
    let release!: () => void
    gate = new Promise<void>((r) => {
      release = r
    })
    const answered = fetch(`${base}/api/test/hold`)
    return {
      async finish() {
        release()
        const res = await answered
        return { statusCode: res.status, resume: () => void res.body?.cancel() }
      },
    }
  }

  const submit = async () => fetch(`${base}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await makeSubmission(key)) })

  it('answers 503 with Retry-After past the limit, stores nothing, and recovers when load drops', async () => {
    const held = await holdOne()
    const before = await countApplications(db)
    // Wait (no deadline asserted) until the held request is counted; then every further one is shed.
    await expect.poll(async () => (await submit()).status, { timeout: 20_000, interval: 50 }).toBe(503)
    const shed = await submit()
    expect(shed.status).toBe(503)
    expect(shed.headers.get('retry-after')).toBe('7')
    expect(await shed.json()).toMatchObject({ error: { code: 'overloaded' } })
    // Reads are shed too, but health stays answerable for the load balancer.
    expect((await fetch(`${base}/api/reports`)).status).toBe(503)
    expect((await fetch(`${base}/api/health`)).status).toBe(200)
    expect(await countApplications(db)).toBe(before)

    const res = await held.finish()
    expect(res.statusCode).toBe(200)
    res.resume()
    await expect.poll(async () => (await submit()).status, { timeout: 20_000, interval: 50 }).toBe(201)
    expect(await countApplications(db)).toBe(before + 1)
  })

  it('a device outbox that is shed waits the Retry-After for its whole queue, then sends', async () => {
    // fake-indexeddb stands in for the browser's IndexedDB (loaded after Dexie, so hand it over).
    Dexie.dependencies.indexedDB = globalThis.indexedDB
    Dexie.dependencies.IDBKeyRange = globalThis.IDBKeyRange
    closeDb()
    await Dexie.delete(STORAGE.dbName)
    const ids: string[] = []
    for (let i = 0; i < 2; i++) {
      const sub = await makeSubmission(key)
      const { general } = sub
      await queueApplication({ id: sub.id, state: 'queued', trackingCode: trackingCodeFor(sub.id), channel: 'online', createdAt: new Date().toISOString(), general, personal: await sealJson(key, SAMPLE_PERSONAL, sub.id), attempts: 0, nextAttemptAt: 0, status: 'submitted' })
      ids.push(sub.id)
    }
    // The real fetch, to the real server; only the origin is added to the app's relative URL.
    const realFetch = ((url: string, init: RequestInit) => fetch(`${base}${url}`, init)) as typeof fetch
    const held = await holdOne()
    await expect.poll(async () => (await submit()).status, { timeout: 20_000, interval: 50 }).toBe(503)

    const t = Date.now()
    const r = await drainOutbox({ fetch: realFetch, now: () => t })
    expect(r).toMatchObject({ sent: 0, deferred: 1 })
    for (const id of ids) {
      const a = (await getApplication(id))!
      expect(a.state).toBe('queued')
      expect(a.nextAttemptAt).toBeGreaterThanOrEqual(t + 7_000)
    }
    // Before the Retry-After has passed nothing is tried, even though the server is free again.
    ;(await held.finish()).resume()
    await expect.poll(async () => (await submit()).status, { timeout: 20_000, interval: 50 }).toBe(201)
    expect(await drainOutbox({ fetch: realFetch, now: () => t + 6_999 })).toMatchObject({ sent: 0, deferred: 0 })
    expect(await drainOutbox({ fetch: realFetch, now: () => t + 7_000 })).toMatchObject({ sent: 2 })
    for (const id of ids)
      expect(await getApplication(id)).toMatchObject({ state: 'sent', status: 'received' })
  })

  it('frees the slot of every finished request (sequential requests are never shed), and 0 turns it off', async () => {
    const off = await buildApp({ db, version: 'test', loadShed: { maxInFlight: 0 } })
    const on = await buildApp({ db, version: 'test', loadShed: { maxInFlight: 1 } })
    try {
      for (let i = 0; i < 5; i++) {
        expect((await on.inject('/api/reports')).statusCode).toBe(200)
        expect((await on.inject('/api/nope')).statusCode).toBe(404)
        expect((await on.inject({ method: 'POST', url: '/api/applications', payload: '{', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400)
      }
      const many = await Promise.all(Array.from({ length: 20 }, () => off.inject('/api/reports')))
      expect(many.every(r => r.statusCode === 200)).toBe(true)
    }
    finally {
      await off.close()
      await on.close()
    }
  })
})
