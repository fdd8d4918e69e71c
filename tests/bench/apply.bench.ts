import type { BenchTable } from './table'
import type { StoredApplication } from '~/data/applications'
import type { ApplicationPublicKey } from '~/shared/submission'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '~/server/platform/app'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { trackingCodeFor, uuidv7 } from '~/shared/submission'
import { makeSubmission } from '../support/applications'
/**
 * Draining the outbox: 1,000 applications queued on a device (the real outbox code over
 * fake-indexeddb) are sent to the real server (HTTP on loopback, PGlite on disk). Reported next to
 * the raw insert rate of the same database in the same run — one committed single-row insert per
 * transaction — so the ratio shows what decryption, validation, the idempotency check, the events,
 * the change log and HTTP cost on top of the storage floor.
 */

const N = 1_000

export default async function bench(): Promise<BenchTable> {
  // The in-memory IndexedDB must exist before Dexie's module is evaluated, so the device modules
  // are loaded only after it.
  await import('../support/indexeddb')
  const { queueApplication } = await import('~/data/applications')
  const { closeDb } = await import('~/data/db')
  const { drainOutbox } = await import('~/sync/outbox')
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-bench-'))
  const db = await openDb({ dataDir: join(dir, 'pglite') })
  try {
    await migrate(db)
    const app = await buildApp({ db, version: 'bench', applicationLimits: { submitPerDevice: 1e9, submitPerAddress: 1e9 } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    const key = await (await fetch(`${base}/api/keys/applications`)).json() as ApplicationPublicKey

    // Queue N sealed applications on the "device" (sealing happens at submit, not at drain).
    for (let i = 0; i < N; i++) {
      const sub = await makeSubmission(key)
      const rec: StoredApplication = {
        id: sub.id,
        state: 'queued',
        trackingCode: trackingCodeFor(sub.id),
        channel: 'online',
        createdAt: String(sub.general.deviceSubmittedAt),
        general: sub.general,
        personal: sub.personal,
        attempts: 0,
        nextAttemptAt: 0,
        status: 'submitted',
      }
      await queueApplication(rec)
    }
    const fetchLocal = ((url: string, init?: RequestInit) => fetch(base + url, init)) as typeof fetch
    let t0 = performance.now()
    const drained = await drainOutbox({ fetch: fetchLocal })
    const drainMs = performance.now() - t0
    if (drained.sent !== N)
      throw new Error(`drain sent ${drained.sent} of ${N}`)

    // The server alone, 8 clients at once (several devices syncing after an outage).
    const subs = await Promise.all(Array.from({ length: N }, () => makeSubmission(key)))
    let next = 0
    t0 = performance.now()
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < subs.length) {
        const res = await fetch(`${base}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(subs[next++]) })
        if (res.status !== 201)
          throw new Error(`HTTP ${res.status}`)
      }
    }))
    const concurrentMs = performance.now() - t0
    await app.close()

    // The storage floor: one committed single-row insert per transaction, same database, same run.
    await db.exec('create table bench_raw (id uuid primary key, payload jsonb not null)')
    t0 = performance.now()
    for (let i = 0; i < N; i++)
      await db.transaction(tx => tx.query('insert into bench_raw (id, payload) values ($1, $2)', [uuidv7(), JSON.stringify(subs[i]!.general)]))
    const rawMs = performance.now() - t0

    const rate = (ms: number) => N / (ms / 1000)
    return {
      title: `Outbox drain: ${N} applications to the local server (PGlite on disk)`,
      columns: ['what', 'time (s)', 'per second', '× raw insert rate'],
      rows: [
        ['device drains its outbox (one by one, as a device does)', drainMs / 1000, rate(drainMs), rate(drainMs) / rate(rawMs)],
        ['server accepts from 8 clients at once', concurrentMs / 1000, rate(concurrentMs), rate(concurrentMs) / rate(rawMs)],
        ['raw database insert, one row per transaction', rawMs / 1000, rate(rawMs), 1],
      ],
      notes: [
        'Each accepted application: HTTP POST, idempotency lookup, ECDH + AES-GCM open, shared validation, AES-GCM at rest, insert of the row, two events, a change-log row and NOTIFY in one transaction.',
        'PGlite runs one transaction at a time, so concurrency helps only with the work outside the database.',
      ],
    }
  }
  finally {
    closeDb()
    await db.close()
    await rm(dir, { recursive: true, force: true })
  }
}
