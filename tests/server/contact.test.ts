// Art. 29 over HTTP: an application reachable by e-mail or a landline only is received; one with no
// contact at all is a 4xx naming the field; an applicant without a telephone tracks by token only.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission } from '../support/applications'
import { setupApp, storageKinds } from './helpers'

describe.each(storageKinds)('contact rules on %s', (kind) => {
  let app: FastifyInstance
  let close: () => Promise<void>
  beforeAll(async () => {
    ({ app, close } = await setupApp(kind, { seed: false }))
  })
  afterAll(() => close())

  async function submit(personal: Record<string, unknown>, general: Record<string, unknown> = {}) {
    const key = (await app.inject('/api/keys/applications')).json()
    return app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key, { personal, general }) })
  }

  it('receives an application with an e-mail only, trackable by its token and not by any four digits', async () => {
    const res = await submit({ phone: null, address: null, email: 'zhang@example.cn' }, { delivery: { form: 'electronic', way: 'email' } })
    expect(res.statusCode, res.body).toBe(201)
    const { trackingCode, statusToken } = res.json() as { trackingCode: string, statusToken: string }
    expect((await app.inject(`/api/applications/track/${trackingCode}?token=${statusToken}`)).statusCode).toBe(200)
    expect((await app.inject(`/api/applications/track/${trackingCode}?phone4=0000`)).statusCode).toBe(404)
  })

  it('receives a Hong Kong number and a landline; tracks by the last four digits of the number', async () => {
    const hk = await submit({ phone: '+852 9123 4567' })
    expect(hk.statusCode, hk.body).toBe(201)
    expect((await app.inject(`/api/applications/track/${hk.json().trackingCode}?phone4=4567`)).statusCode).toBe(200)
    const land = await submit({ phone: '0731-4241600 转808' })
    expect(land.statusCode, land.body).toBe(201)
    expect((await app.inject(`/api/applications/track/${land.json().trackingCode}?phone4=1600`)).statusCode).toBe(200)
  })

  it('refuses an application with no contact, naming personal.phone', async () => {
    const res = await submit({ phone: '', address: null, email: null }, { delivery: { form: 'paper', way: 'collect' } })
    expect(res.statusCode).toBe(422)
    expect(JSON.stringify(res.json())).toContain('personal.phone')
  })

  it('receives 查阅 at the agency (Art. 40)', async () => {
    expect((await submit({}, { delivery: { form: 'inspect', way: 'collect' } })).statusCode).toBe(201)
  })
})
