/**
 * Issue 15: each refused sign-in wrote an audit row (630 rows a second of attacker-chosen text into
 * an append-only table). Now refusals are counted per address and window, and the audit log gets
 * one row per address and window, with the count, once the window has closed.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'

describe.each(storageKinds)('refused sign-ins on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  const windowMs = 8_000
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false, trustProxy: ['127.0.0.1'], staff: { refusalWindowMs: windowMs, ipMaxFailures: 1000 } }))
  })
  afterAll(() => close())

  const auditRows = async () => (await db.query<{ ip: string, details: { attempts: number, kinds: Record<string, number>, lastUsername: string } }>(`select ip, details from audit_log where action like 'signIn%' order by seq`)).rows
  const signIn = (ip: string, username: string) => app.inject({ method: 'POST', url: '/api/staff/session', payload: { username, password: 'not-the-password' }, headers: { 'x-forwarded-for': ip } })

  it('12 refused attempts from two addresses make one audit row per address and window, with the count, once the window has closed', async () => {
    // Start at the beginning of a window, so that the attempts fall in one (or two, on a slow machine).
    await new Promise(r => setTimeout(r, windowMs - (Date.now() % windowMs) + 20))
    const tries = Array.from({ length: 12 }, (_, i) => signIn(i % 3 === 0 ? '198.51.100.2' : '198.51.100.1', `guess${i}`))
    expect((await Promise.all(tries)).every(r => r.statusCode === 401)).toBe(true)
    expect((await auditRows()).length).toBeLessThanOrEqual(2)
    // Once the window has closed, the next sign-in attempt (on any instance) writes the summaries.
    await new Promise(r => setTimeout(r, windowMs + 100))
    await signIn('198.51.100.9', 'later')
    const rows = await auditRows()
    const of = (ip: string) => rows.filter(r => r.ip === ip)
    const sum = (ip: string) => of(ip).reduce((n, r) => n + r.details.attempts, 0)
    expect(sum('198.51.100.1')).toBe(8)
    expect(sum('198.51.100.2')).toBe(4)
    expect(of('198.51.100.1').length).toBeLessThanOrEqual(2)
    expect(of('198.51.100.2').length).toBeLessThanOrEqual(2)
    expect(of('198.51.100.1')[0]!.details).toMatchObject({ kinds: { failed: expect.any(Number) }, lastUsername: expect.stringMatching(/^guess/) })
    // Written exactly once, however many instances sweep.
    const before = rows.length
    await Promise.all([signIn('198.51.100.7', 'x'), signIn('198.51.100.8', 'y'), app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'z', password: 'not-the-password' } })])
    expect((await auditRows()).filter(r => r.ip === '198.51.100.1' || r.ip === '198.51.100.2')).toHaveLength(rows.filter(r => r.ip === '198.51.100.1' || r.ip === '198.51.100.2').length)
    expect((await auditRows()).length).toBeGreaterThanOrEqual(before)
  })
})
