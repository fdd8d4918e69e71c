/**
 * Issue 18: 我的申请 refreshes every application of a device in one request to the batch status
 * endpoint, proved by each application's status token. Those refreshes must not spend the per-code
 * look-ups a citizen has for phone-digit tracking, and a citizen who does hit the per-code limit is
 * told how long to wait (Retry-After, which the tracking page shows as "请 N 秒后再试").
 */
import type { FastifyInstance } from 'fastify'
import type { BatchStatusItem, SubmitApplicationResponse } from '~/shared/submission'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { setupApp, storageKinds } from './helpers'

describe.each(storageKinds)('tracking refresh budget on %s', (kind) => {
  let app: FastifyInstance
  let close: () => Promise<void>
  beforeAll(async () => {
    ({ app, close } = await setupApp(kind, { seed: false, applicationLimits: { trackPerCode: 3 } }))
  })
  afterAll(() => close())

  it('many list refreshes leave the code\'s phone-digit look-ups untouched; past the limit the wait is given', async () => {
    const key = (await app.inject('/api/keys/applications')).json()
    const subs: SubmitApplicationResponse[] = []
    for (let i = 0; i < 3; i++)
      subs.push((await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key) })).json())
    const items = subs.map(s => ({ code: s.trackingCode, token: s.statusToken }))
    // Ten refreshes of the whole list: one request each, far past the per-code limit of 3.
    for (let i = 0; i < 10; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items } })
      expect(res.statusCode).toBe(200)
      expect((res.json() as { items: BatchStatusItem[] }).items.every(it => it.found)).toBe(true)
    }
    const right = SAMPLE_PERSONAL.phone.slice(-4)
    const url = `/api/applications/track/${subs[0]!.trackingCode}?phone4=${right}`
    for (let i = 0; i < 3; i++)
      expect((await app.inject({ url })).statusCode).toBe(200)
    const limited = await app.inject({ url })
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } })
    const wait = Number(limited.headers['retry-after'])
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(60)
    // The device's own list still refreshes while the citizen's look-ups wait.
    expect((await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items } })).statusCode).toBe(200)
  })
})
