import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { ApplicationPublicKey, SubmitApplicationResponse, TrackApplicationResponse } from '~/shared/submission'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countApplications } from '~/server/applications/store'
import { generateAgencyKey, trackingCodeFor, uuidv7 } from '~/shared/submission'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { setupApp, storageKinds } from './helpers'

describe.each(storageKinds)('applications on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let key: ApplicationPublicKey
  // Each call looks like a different device unless told otherwise, so the per-device limit is
  // exercised only where a test means to.
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/applications', payload: payload as object, headers: { 'x-device-id': `device-${uuidv7()}`, ...headers } })
  const rows = async (id: string) => (await db.query<{ n: number }>('select count(*)::int as n from applications where id = $1', [id])).rows[0]!.n

  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    key = (await app.inject('/api/keys/applications')).json()
  })
  afterAll(() => close())

  it('serves the agency public key (JWK + kid) at the API and at the precached URL', async () => {
    expect(key).toMatchObject({ alg: 'ECDH-ES+HKDF-SHA256+A256GCM', jwk: { kty: 'EC', crv: 'P-256' } })
    expect(key.jwk).not.toHaveProperty('d')
    const file = await app.inject('/application-key.json')
    expect(file.json()).toEqual(key)
  })

  it('accepts a sealed application, returns its tracking code and dates, and keeps identity numbers encrypted at rest', async () => {
    const sub = await makeSubmission(key)
    const res = await post(sub)
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json() as SubmitApplicationResponse
    expect(body).toMatchObject({ id: sub.id, trackingCode: trackingCodeFor(sub.id), status: 'received', channel: 'online', duplicate: false })
    expect(body.receivedOn).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(body.dueDate > body.receivedOn).toBe(true)
    const { rows: [row] } = await db.query<Record<string, unknown>>('select * from applications where id = $1', [sub.id])
    const dump = JSON.stringify(row)
    expect(dump).not.toContain(SAMPLE_PERSONAL.idNumber)
    expect(dump).not.toContain(SAMPLE_PERSONAL.phone)
    expect(dump).not.toContain(SAMPLE_PERSONAL.name)
    expect(row).toMatchObject({ id_number_masked: '110***********002X', phone_masked: '138********', name_masked: '张*' })
    // The masked phone staff see does not hand out the tracking factor (its last four digits).
    expect(String(row!.phone_masked)).not.toContain(SAMPLE_PERSONAL.phone.slice(-4))
    const { rows: log } = await db.query('select * from change_log where entity = $1 and entity_id = $2', ['application', sub.id])
    expect(log).toHaveLength(1)
  })

  it('the same id posted 5 times in sequence makes one row', async () => {
    const sub = await makeSubmission(key)
    const codes: number[] = []
    for (let i = 0; i < 5; i++)
      codes.push((await post(sub)).statusCode)
    expect(codes).toEqual([201, 200, 200, 200, 200])
    expect(await rows(sub.id)).toBe(1)
  })

  it('the same id posted 5 times concurrently makes one row, and every answer is the same', async () => {
    const sub = await makeSubmission(key)
    const res = await Promise.all(Array.from({ length: 5 }, () => post(sub)))
    expect(res.map(r => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201])
    const bodies = res.map(r => r.json() as SubmitApplicationResponse)
    expect(new Set(bodies.map(b => b.trackingCode)).size).toBe(1)
    expect(new Set(bodies.map(b => b.serverReceivedAt)).size).toBe(1)
    expect(await rows(sub.id)).toBe(1)
  })

  it('the same id with a different payload is a 409 conflict and changes nothing', async () => {
    const sub = await makeSubmission(key)
    expect((await post(sub)).statusCode).toBe(201)
    const other = await makeSubmission(key, { id: sub.id, general: { description: '另一份完全不同的申请内容，请公开。' } })
    const res = await post(other)
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ error: { code: 'conflict', field: 'id' } })
    expect(await rows(sub.id)).toBe(1)
  })

  it.each([
    ['not an object', () => [1, 2], 400, 'body'],
    ['wrong version', async () => ({ ...(await makeSubmission(key)), v: 9 }), 400, 'v'],
    ['id not a UUIDv7', async () => ({ ...(await makeSubmission(key)), id: 'abc' }), 400, 'id'],
    ['personal data in the clear', async () => ({ ...(await makeSubmission(key)), personal: SAMPLE_PERSONAL }), 400, 'personal'],
    ['general part missing', async () => ({ ...(await makeSubmission(key)), general: null }), 400, 'general'],
    ['an invalid field (description too short)', () => makeSubmission(key, { general: { description: '无' } }), 422, 'general.description'],
    ['an identity number with a wrong checksum', () => makeSubmission(key, { personal: { idNumber: '110105194912310021' } }), 422, 'personal.idNumber'],
    ['a postal channel claimed by a device', () => makeSubmission(key, { general: { channel: 'post' } }), 422, 'general.channel'],
  ])('rejects a malformed payload (%s) with a reason and stores nothing', async (_name, make, status, field) => {
    const before = await countApplications(db)
    const res = await post(await make())
    expect(res.statusCode, res.body).toBe(status)
    expect(res.json()).toMatchObject({ error: { field } })
    expect(res.json().error.message.length).toBeGreaterThan(4)
    expect(await countApplications(db)).toBe(before)
  })

  it('a 422 lists every field error, in Chinese and English', async () => {
    const res = await post(await makeSubmission(key, { general: { description: '' }, personal: { phone: '123' } }))
    expect(res.statusCode).toBe(422)
    const details = res.json().error.details as { field: string, message: string, messageEn: string }[]
    expect(details.map(d => d.field)).toEqual(expect.arrayContaining(['general.description', 'personal.phone']))
    expect(details.every(d => d.message && d.messageEn)).toBe(true)
  })

  it('rejects data sealed to another key, or under another id, with a reason and stores nothing', async () => {
    const before = await countApplications(db)
    const stranger = await generateAgencyKey()
    const wrongKey = await makeSubmission(stranger.publicKey)
    let res = await post(wrongKey)
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ error: { code: 'unknown_key', field: 'personal' } })
    // Right kid, but a box made for another key pair: cannot be opened.
    const forged = { ...wrongKey, personal: { ...wrongKey.personal, kid: key.kid } }
    res = await post(forged)
    expect(res.json()).toMatchObject({ error: { code: 'undecryptable', field: 'personal' } })
    // A box lifted from another application (bound to that id) does not open under this one.
    const a = await makeSubmission(key)
    res = await post({ ...a, id: uuidv7() })
    expect(res.json()).toMatchObject({ error: { code: 'undecryptable' } })
    expect(await countApplications(db)).toBe(before)
  })

  it('rejects an oversized payload with 413 and stores nothing', async () => {
    const before = await countApplications(db)
    const sub = await makeSubmission(key)
    const res = await post({ ...sub, general: { ...sub.general, description: '很'.repeat(40_000) } })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    expect(await countApplications(db)).toBe(before)
  })

  it('a device that calls itself in person without an enrolled kiosk\'s signature is on-line, received when the server accepts it', async () => {
    // Signed kiosk submissions, received the day they were submitted: tests/server/kiosks.test.ts.
    const sub = await makeSubmission(key, { general: { channel: 'inPerson', deviceSubmittedAt: '2025-01-20T09:30:00+08:00' } })
    const res = await post(sub)
    expect(res.json()).toMatchObject({ channel: 'online', deviceSubmittedAt: '2025-01-20T01:30:00.000Z', receivedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) })
  })

  it('tracks by code and the last four phone digits, and hides everything else behind one 404', async () => {
    const sub = await makeSubmission(key)
    const code = ((await post(sub)).json() as SubmitApplicationResponse).trackingCode
    const ok = await app.inject(`/api/applications/track/${code}?phone4=8000`)
    expect(ok.statusCode).toBe(200)
    const t = ok.json() as TrackApplicationResponse
    expect(t.history.map(h => h.status)).toEqual(['submitted', 'received'])
    expect(t).toMatchObject({ trackingCode: code, status: 'received' })
    expect(ok.body).not.toContain(SAMPLE_PERSONAL.name)
    expect(ok.body).not.toContain('13800138000')
    // Typed loosely (lower case, spaces) it still finds it.
    expect((await app.inject(`/api/applications/track/${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}?phone4=8000`)).statusCode).toBe(200)
    const wrong = await app.inject(`/api/applications/track/${code}?phone4=1234`)
    const unknown = await app.inject(`/api/applications/track/${trackingCodeFor(uuidv7())}?phone4=8000`)
    const none = await app.inject(`/api/applications/track/${code}`)
    for (const r of [wrong, unknown, none]) {
      expect(r.statusCode).toBe(404)
      expect(r.body).toBe(wrong.body)
    }
  })

  it('the device status token works in place of the phone digits', async () => {
    const sub = await makeSubmission(key)
    const { trackingCode, statusToken } = (await post(sub)).json() as SubmitApplicationResponse
    expect((await app.inject(`/api/applications/track/${trackingCode}?token=${statusToken}`)).statusCode).toBe(200)
    expect((await app.inject(`/api/applications/track/${trackingCode}?token=${'x'.repeat(43)}`)).statusCode).toBe(404)
  })

  it('rate-limits guessing the phone digits of one code, with Retry-After', async () => {
    const sub = await makeSubmission(key)
    const { trackingCode } = (await post(sub)).json() as SubmitApplicationResponse
    const statuses: number[] = []
    for (let i = 0; i < 15; i++)
      statuses.push((await app.inject({ url: `/api/applications/track/${trackingCode}?phone4=${String(i).padStart(4, '0')}`, remoteAddress: '10.9.9.9' })).statusCode)
    expect(statuses.slice(0, 10).every(s => s === 404)).toBe(true)
    const limited = await app.inject({ url: `/api/applications/track/${trackingCode}?phone4=8000`, remoteAddress: '10.9.9.9' })
    expect(limited.statusCode).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } })
  })

  it('limits submissions from one device, with Retry-After, and stores none of the refused ones', async () => {
    const before = await countApplications(db)
    const statuses: number[] = []
    for (let i = 0; i < 31; i++)
      statuses.push((await post(await makeSubmission(key), { 'x-device-id': `kiosk-hall-${kind}` })).statusCode)
    expect(statuses.filter(s => s === 201)).toHaveLength(30)
    expect(statuses.at(-1)).toBe(429)
    expect(await countApplications(db)).toBe(before + 30)
    const res = await post(await makeSubmission(key), { 'x-device-id': `kiosk-hall-${kind}` })
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } })
  })
})
