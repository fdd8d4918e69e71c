/**
 * Issue 15: the four phone digits fell in seconds to an attacker rotating X-Forwarded-For. Each
 * tracking code now has a budget of wrong guesses shared by every address (and instance, in the
 * database); past it, phone-digit lookups pause with a plain-words 429, the device token still works.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { SubmitApplicationResponse } from '~/shared/submission'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { setupApp, storageKinds } from './helpers'

describe.each(storageKinds)('tracking guess budget on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  beforeAll(async () => {
    // Each guess comes from a new address through a trusted proxy: only the per-code budget can stop it.
    ({ app, db, close } = await setupApp(kind, { seed: false, trustProxy: ['127.0.0.1'], applicationLimits: { trackGuessBudget: 3 } }))
  })
  afterAll(() => close())
  let n = 0
  const from = () => ({ 'x-forwarded-for': `203.0.113.${++n % 250}` })

  it('wrong digits from ever-new addresses exhaust the code\'s budget; then even the right digits pause, the device token still works', async () => {
    const key = (await app.inject('/api/keys/applications')).json()
    const sub = (await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key) })).json() as SubmitApplicationResponse
    const right = SAMPLE_PERSONAL.phone.slice(-4)
    const wrong = ['0000', '0001', '0002']
    for (const d of wrong)
      expect((await app.inject({ url: `/api/applications/track/${sub.trackingCode}?phone4=${d}`, headers: from() })).statusCode).toBe(404)
    const paused = await app.inject({ url: `/api/applications/track/${sub.trackingCode}?phone4=${right}`, headers: from() })
    expect(paused.statusCode).toBe(429)
    expect(paused.json()).toMatchObject({ error: { code: 'tracking_paused' } })
    expect(paused.json().error.message).toMatch(/暂停/)
    expect(Number(paused.headers['retry-after'])).toBeGreaterThan(3600)
    expect((await app.inject({ url: `/api/applications/track/${sub.trackingCode}?token=${sub.statusToken}`, headers: from() })).statusCode).toBe(200)
    // Shared state in the database: what another instance would read.
    const { rows } = await db.query<{ failures: number }>('select failures from tracking_guesses where tracking_code = $1', [sub.trackingCode])
    expect(rows[0]!.failures).toBe(3)
  })

  it('unknown codes pause the same way, so a pause does not reveal which codes exist; other codes are unaffected', async () => {
    const key = (await app.inject('/api/keys/applications')).json()
    const other = (await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key) })).json() as SubmitApplicationResponse
    const ghost = 'GK-ZZZZ-ZZZZ-ZZZZ'
    const codes: number[] = []
    for (let i = 0; i < 4; i++)
      codes.push((await app.inject({ url: `/api/applications/track/${ghost}?phone4=1111`, headers: from() })).statusCode)
    expect(codes).toEqual([404, 404, 404, 429])
    expect((await app.inject({ url: `/api/applications/track/${other.trackingCode}?phone4=${SAMPLE_PERSONAL.phone.slice(-4)}`, headers: from() })).statusCode).toBe(200)
  })
})
