/**
 * A 2xx means committed: the real server (a child process) is SIGKILLed while submissions are in
 * flight, restarted on the same storage, and every id it acknowledged must be there, exactly once.
 */
import type { TestServer } from '../e2e/server'
import type { StorageKind, TestDb } from './helpers'
import type { ApplicationPublicKey } from '~/shared/submission'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../e2e/server'
import { makeSubmission } from '../support/applications'
import { openTestDb, storageKinds } from './helpers'

describe.each(storageKinds)('a server killed mid-request on %s', (kind: StorageKind) => {
  let server: TestServer
  let pgDb: TestDb | undefined

  beforeAll(async () => {
    const env: Record<string, string> = { APPLY_RATE_PER_DEVICE: '100000', APPLY_RATE_PER_ADDRESS: '100000' }
    if (kind === 'postgres') {
      pgDb = await openTestDb('postgres')
      env.DATABASE_URL = pgDb.url!
    }
    server = await startServer({ env })
  })
  afterAll(async () => {
    await server?.dispose()
    await pgDb?.drop()
  })

  it('never loses an acknowledged application', async () => {
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json() as ApplicationPublicKey
    const subs = await Promise.all(Array.from({ length: 120 }, () => makeSubmission(key)))
    const acked: string[] = []
    let next = 0
    let killed = false
    // Four clients submit one after another until the server dies under them.
    const client = async () => {
      while (next < subs.length) {
        const sub = subs[next++]!
        try {
          const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
          if (res.status === 201 || res.status === 200)
            acked.push(sub.id)
        }
        catch {
          return // connection refused or reset: the server is gone
        }
        if (acked.length >= 25 && !killed) {
          killed = true
          void server.stop({ hard: true })
        }
      }
    }
    await Promise.all([client(), client(), client(), client()])
    expect(killed).toBe(true)
    expect(acked.length).toBeGreaterThanOrEqual(25)

    await server.start()
    const statuses = await Promise.all(acked.map(async (id) => {
      const sub = subs.find(s => s.id === id)!
      // Re-posting an acknowledged id must find it already there (200), never create it again (201).
      const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
      return res.status
    }))
    expect(statuses.every(s => s === 200)).toBe(true)
  })
})
