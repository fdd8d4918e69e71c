// Trusted kiosks (issue 16): enrolment by staff, the server deciding the channel and the receipt
// date, revocation, the batch status endpoint, and dates of every shape never being a 500.
import type { FastifyInstance } from 'fastify'
import type { TestKiosk } from '../support/kiosk'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { CreateKioskResponse, FlaggedReceipt, KioskContactResponse, KioskInfo } from '~/shared/kiosk'
import type { BatchStatusItem, SubmitApplicationResponse, TrackApplicationResponse } from '~/shared/submission'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { migrate } from '~/server/platform/db/migrate'
import { chinaDate } from '~/shared/calendar'
import { heartbeatMessage, signKioskMessage } from '~/shared/kiosk'
import { makeSubmission } from '../support/applications'
import { enrolDevice, kioskSubmission } from '../support/kiosk'
import { openTestDb, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

const DAY = 86_400_000

describe.each(storageKinds)('kiosks on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let drop: () => Promise<void>
  // The server's clock, moved by the tests (AppContext.now).
  let offset = 0
  const serverNow = () => new Date(Date.now() + offset)
  let admin: Signed
  let supervisor: Signed
  let reviewer: Signed

  beforeAll(async () => {
    const t = await openTestDb(kind)
    db = t.db
    drop = t.drop
    await migrate(db)
    // A kiosk serves agencies of the directory that take applications; 'agency-c' has stopped.
    await db.query(`insert into catalog_agencies (id, name, org_code, active) values ('agency-a', '甲局', 'A0001', true), ('agency-b', '乙局', 'B0001', true), ('agency-c', '丙局', 'C0001', false)`)
    app = await buildApp({ db, version: 'test', now: serverNow, applicationLimits: { submitPerAddress: 10_000, submitPerDevice: 10_000 }, kiosks: { enrolPerAddress: 1000 } })
    await addStaff(db, 'k-admin', 'admin')
    await addStaff(db, 'k-super', 'supervisor')
    await addStaff(db, 'k-rev', 'reviewer')
    admin = await signIn(app, 'k-admin')
    supervisor = await signIn(app, 'k-super')
    reviewer = await signIn(app, 'k-rev')
  })
  afterAll(async () => {
    await app?.close()
    await drop?.()
  })

  async function newCode(by: Signed = admin, name = '一楼大厅1号机'): Promise<CreateKioskResponse> {
    const res = await app.inject({ method: 'POST', url: '/api/staff/kiosks', headers: by.headers, payload: { name, hall: '市政务服务中心一楼', agencies: ['agency-a', 'agency-b'] } })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  async function enrolled(): Promise<TestKiosk> {
    return enrolDevice(app, (await newCode()).code)
  }

  async function submit(body: unknown, headers: Record<string, string> = {}) {
    return app.inject({ method: 'POST', url: '/api/applications', payload: body as object, headers })
  }

  async function track(res: { json: () => unknown }): Promise<TrackApplicationResponse> {
    const sent = res.json() as SubmitApplicationResponse
    const r = await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items: [{ code: sent.trackingCode, token: sent.statusToken }] } })
    const item = (r.json() as { items: BatchStatusItem[] }).items[0]!
    if (!item.found)
      throw new Error('not found')
    return item
  }

  describe('enrolment', () => {
    it('admins and supervisors make codes; reviewers and anonymous callers cannot', async () => {
      const made = await newCode(supervisor)
      expect(made.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
      expect(made.path).toBe(`/kiosk?enrol=${made.code}`)
      expect(made.kiosk).toMatchObject({ state: 'pending', agencies: ['agency-a', 'agency-b'], createdBy: 'k-super', enrolledAt: null })
      const payload = { name: 'x', hall: 'y' }
      expect((await app.inject({ method: 'POST', url: '/api/staff/kiosks', headers: reviewer.headers, payload })).statusCode).toBe(403)
      expect((await app.inject({ method: 'POST', url: '/api/staff/kiosks', payload })).statusCode).toBe(401)
      expect((await app.inject({ method: 'POST', url: '/api/staff/kiosks', headers: { cookie: admin.cookie }, payload })).statusCode).toBe(403)
      const bad = await app.inject({ method: 'POST', url: '/api/staff/kiosks', headers: admin.headers, payload: { name: '  ', hall: 'y' } })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.field).toBe('name')
    })

    it('a kiosk is set only to active agencies of the directory, in order; a change reaches the device at its heartbeat', async () => {
      for (const agencies of [['agency-a', 'nope'], ['agency-c'], ['agency-a', 'agency-a'], ['']]) {
        const res = await app.inject({ method: 'POST', url: '/api/staff/kiosks', headers: admin.headers, payload: { name: 'x', hall: 'y', agencies } })
        expect(res.statusCode, JSON.stringify(agencies)).toBe(400)
        expect(res.json().error.field).toMatch(/^agencies/)
      }
      const { code, kiosk } = await newCode()
      const device = await enrolDevice(app, code)
      const put = (agencies: unknown, headers = admin.headers, id = kiosk.id) => app.inject({ method: 'PUT', url: `/api/staff/kiosks/${id}/agencies`, headers, payload: { agencies } })
      for (const bad of [[], ['agency-c'], ['nope'], { a: 1 }]) {
        const res = await put(bad)
        expect(res.statusCode, JSON.stringify(bad)).toBe(400)
        expect(res.json().error.field).toMatch(/^agencies/)
      }
      expect((await put(['agency-a'], reviewer.headers)).statusCode).toBe(403)
      expect((await put(['agency-a'], admin.headers, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
      // B first: B becomes the kiosk's default.
      const ok = await put(['agency-b', 'agency-a'])
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json().kiosk.agencies).toEqual(['agency-b', 'agency-a'])
      const at = new Date().toISOString()
      const hb = (await app.inject({ method: 'POST', url: `/api/kiosks/${kiosk.id}/heartbeat`, payload: { at, sig: await signKioskMessage(device.keys.privateKey, heartbeatMessage(kiosk.id, at)) } })).json() as KioskContactResponse
      expect(hb.kiosk.agencies).toEqual(['agency-b', 'agency-a'])
      const audit = (await app.inject({ url: `/api/staff/audit?target=${kiosk.id}`, headers: admin.headers })).json() as { entries: { action: string }[] }
      expect(audit.entries.map(e => e.action)).toContain('kiosk.agencies')
    })

    it('a code enrols exactly one device, which is then listed with who made it and when', async () => {
      const { code, kiosk } = await newCode()
      const device = await enrolDevice(app, code.toLowerCase().replace('-', ' '))
      expect(device.id).toBe(kiosk.id)
      expect(device.contact).toMatch(/^\d+\.[\w-]+$/)
      await expect(enrolDevice(app, code)).rejects.toThrow(/invalid_code/)
      const list = (await app.inject({ url: '/api/staff/kiosks', headers: admin.headers })).json() as { kiosks: KioskInfo[] }
      const row = list.kiosks.find(k => k.id === kiosk.id)!
      expect(row).toMatchObject({ state: 'enrolled', name: '一楼大厅1号机', hall: '市政务服务中心一楼', createdBy: 'k-admin', codeExpiresAt: null })
      expect(Date.parse(row.enrolledAt!)).toBeGreaterThan(Date.now() - 60_000)
      const audit = (await app.inject({ url: `/api/staff/audit?target=${kiosk.id}`, headers: admin.headers })).json() as { entries: { action: string }[] }
      expect(audit.entries.map(e => e.action).sort()).toEqual(['kiosk.create', 'kiosk.enrol'])
    })

    it('an expired code, a wrong code, a key without proof of possession are refused with the field named', async () => {
      const { code } = await newCode()
      offset = 16 * 60_000
      try {
        await expect(enrolDevice(app, code)).rejects.toThrow(/400.*invalid_code/)
      }
      finally {
        offset = 0
      }
      await expect(enrolDevice(app, 'ZZZZ-ZZZZ')).rejects.toThrow(/invalid_code/)
      const cases: [unknown, string][] = [
        [{ code: 'no', publicKey: {}, sig: 'x' }, 'code'],
        [{ code: (await newCode()).code, publicKey: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }, sig: 'x' }, 'publicKey'],
        [{ code: (await newCode()).code, publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) }, sig: 'A'.repeat(86) }, 'sig'],
        [[1, 2], 'body'],
      ]
      for (const [payload, field] of cases) {
        const res = await app.inject({ method: 'POST', url: '/api/kiosks/enrol', payload: payload as object })
        expect(res.statusCode, JSON.stringify(payload)).toBe(400)
        expect(res.json().error.field).toBe(field)
      }
    })
  })

  describe('the server decides the channel and the receipt date', () => {
    it('a kiosk offline for two days: received on the day the citizen pressed submit', async () => {
      const kiosk = await enrolled()
      const pressed = new Date(Date.now() + 60_000)
      offset = 2 * DAY
      try {
        const res = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: pressed.toISOString() }))
        expect(res.statusCode, res.body).toBe(201)
        const sent = res.json() as SubmitApplicationResponse
        expect(sent.channel).toBe('inPerson')
        expect(sent.receivedOn).toBe(chinaDate(pressed))
        expect(sent.deviceSubmittedAt).toBe(pressed.toISOString())
        expect(sent.contact).toMatch(/^\d+\.[\w-]+$/)
      }
      finally {
        offset = 0
      }
    })

    it('the regulation\'s example: submitted at a kiosk on Mon 2025-01-20, synced on the 22nd, is due Fri 2025-02-21', async () => {
      offset = Date.parse('2025-01-20T09:00:00+08:00') - Date.now()
      try {
        const kiosk = await enrolled()
        offset = Date.parse('2025-01-22T15:00:00+08:00') - Date.now()
        const res = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: '2025-01-20T09:30:00+08:00' }))
        expect(res.json()).toMatchObject({ channel: 'inPerson', receivedOn: '2025-01-20', dueDate: '2025-02-21' })
        expect(res.json().serverReceivedAt.slice(0, 16)).toBe('2025-01-22T07:00')
      }
      finally {
        offset = 0
      }
    })

    it('a phone posting inPerson, or a kiosk proof that does not verify, is on-line with the server\'s date', async () => {
      const key = (await app.inject('/api/keys/applications')).json()
      const threeDaysAgo = new Date(Date.now() - 3 * DAY).toISOString()
      const phone = await submit(await makeSubmission(key, { general: { channel: 'inPerson', deviceSubmittedAt: threeDaysAgo } }))
      expect(phone.statusCode).toBe(201)
      expect(phone.json()).toMatchObject({ channel: 'online', receivedOn: chinaDate(new Date()) })
      expect((await track(phone)).channel).toBe('online')

      const kiosk = await enrolled()
      const forged = await kioskSubmission(app, kiosk, { deviceSubmittedAt: threeDaysAgo })
      const tampered = { ...forged, general: { ...forged.general, description: '篡改后的申请内容：请公开全部会议记录。' } }
      const res = await submit(tampered)
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ channel: 'online', receivedOn: chinaDate(new Date()) })
      // Another kiosk's id with this kiosk's signature: on-line too.
      const other = await enrolled()
      const swapped = { ...(await kioskSubmission(app, kiosk)), kiosk: { ...(forged.kiosk as object), id: other.id } }
      expect((await submit(swapped)).json().channel).toBe('online')
    })

    it('a revoked kiosk\'s next application is on-line; its heartbeat says it is revoked', async () => {
      const kiosk = await enrolled()
      expect((await submit(await kioskSubmission(app, kiosk))).json().channel).toBe('inPerson')
      const revoke = await app.inject({ method: 'POST', url: `/api/staff/kiosks/${kiosk.id}/revoke`, headers: supervisor.headers, payload: {} })
      expect(revoke.statusCode).toBe(200)
      expect(revoke.json().kiosk).toMatchObject({ state: 'revoked', revokedBy: 'k-super' })
      const after = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: new Date(Date.now() - DAY).toISOString() }))
      expect(after.json()).toMatchObject({ channel: 'online', receivedOn: chinaDate(new Date()) })
      expect(after.json().contact).toBeUndefined()
      const at = new Date().toISOString()
      const hb = await app.inject({ method: 'POST', url: `/api/kiosks/${kiosk.id}/heartbeat`, payload: { at, sig: await signKioskMessage(kiosk.keys.privateKey, heartbeatMessage(kiosk.id, at)) } })
      expect(hb.json()).toMatchObject({ revoked: true, contact: null })
      expect((await app.inject({ method: 'POST', url: `/api/staff/kiosks/${kiosk.id}/revoke`, headers: reviewer.headers, payload: {} })).statusCode).toBe(403)
    })

    it('a heartbeat gives a fresh contact; an unsigned one learns nothing', async () => {
      const kiosk = await enrolled()
      const at = new Date().toISOString()
      const hb = await app.inject({ method: 'POST', url: `/api/kiosks/${kiosk.id}/heartbeat`, payload: { at, sig: await signKioskMessage(kiosk.keys.privateKey, heartbeatMessage(kiosk.id, at)) } })
      expect(hb.statusCode).toBe(200)
      expect((hb.json() as KioskContactResponse).revoked).toBe(false)
      const forged = await app.inject({ method: 'POST', url: `/api/kiosks/${kiosk.id}/heartbeat`, payload: { at, sig: 'A'.repeat(86) } })
      expect(forged.statusCode).toBe(404)
    })

    it('claims before enrolment, before the last confirmed contact, too old or with a forged contact are flagged with both dates', async () => {
      const before = (await app.inject({ url: '/api/staff/statistics?year=2025', headers: admin.headers })).json()
      const kiosk = await enrolled()
      const cases: { claim: string, contact?: string | null, flag: string, move?: number }[] = [
        // The attack: an earlier year, which must never reach that year's statistics.
        { claim: '2025-03-01T02:00:00.000Z', flag: 'beforeEnrolment' },
        { claim: new Date(Date.now() - 60_000).toISOString(), flag: 'beforeEnrolment' },
        { claim: new Date(Date.now() + 1000).toISOString(), contact: `${Date.now() + 3_600_000}.x`, flag: 'badContact' },
        { claim: new Date(Date.now() + 2000).toISOString(), flag: 'tooOld', move: 8 * DAY },
      ]
      const flaggedIds: string[] = []
      for (const c of cases) {
        offset = c.move ?? 0
        try {
          const res = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: c.claim }, c.contact === undefined ? {} : { contact: c.contact }))
          expect(res.statusCode, res.body).toBe(201)
          const sent = res.json() as SubmitApplicationResponse
          expect(sent.channel).toBe('inPerson')
          expect(sent.receivedOn, c.flag).toBe(chinaDate(serverNow()))
          flaggedIds.push(sent.id)
        }
        finally {
          offset = 0
        }
      }
      // A later contact bounds the next claims: one from before it is flagged.
      const at = new Date(Date.now() + 5000).toISOString()
      offset = 5000
      const hb = (await app.inject({ method: 'POST', url: `/api/kiosks/${kiosk.id}/heartbeat`, payload: { at, sig: await signKioskMessage(kiosk.keys.privateKey, heartbeatMessage(kiosk.id, at)) } })).json() as KioskContactResponse
      offset = 10_000
      try {
        const res = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: new Date(Date.now() + 2000).toISOString() }, { contact: hb.contact }))
        expect(res.json().receivedOn).toBe(chinaDate(serverNow()))
        flaggedIds.push(res.json().id)
      }
      finally {
        offset = 0
      }

      const flagged = (await app.inject({ url: '/api/staff/kiosks/flagged?limit=200', headers: supervisor.headers })).json() as { applications: FlaggedReceipt[] }
      const mine = flaggedIds.map(id => flagged.applications.find(a => a.id === id)!)
      expect(mine.map(a => a.flag)).toEqual(['beforeEnrolment', 'beforeEnrolment', 'badContact', 'tooOld', 'beforeLastContact'])
      expect(mine[0]).toMatchObject({ kioskId: kiosk.id, kioskName: '一楼大厅1号机', claimedSubmittedAt: '2025-03-01T02:00:00.000Z' })
      expect(mine[0]!.serverReceivedAt.slice(0, 4)).not.toBe('2025')
      // 2025's statistics are exactly what they were.
      const after = (await app.inject({ url: '/api/staff/statistics?year=2025', headers: admin.headers })).json()
      expect(after).toEqual(before)
      expect((await app.inject({ url: '/api/staff/kiosks/flagged', headers: reviewer.headers })).statusCode).toBe(403)
    })

    it('the offline period is a setting', async () => {
      expect((await app.inject({ url: '/api/staff/kiosks/settings', headers: admin.headers })).json()).toEqual({ claimMaxDays: 7 })
      expect((await app.inject({ method: 'PUT', url: '/api/staff/kiosks/settings', headers: admin.headers, payload: { claimMaxDays: 31 } })).statusCode).toBe(400)
      expect((await app.inject({ method: 'PUT', url: '/api/staff/kiosks/settings', headers: admin.headers, payload: { claimMaxDays: 1 } })).statusCode).toBe(200)
      try {
        const kiosk = await enrolled()
        const pressed = new Date(Date.now() + 1000)
        offset = 2 * DAY
        const res = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: pressed.toISOString() }))
        expect(res.json().receivedOn).toBe(chinaDate(serverNow()))
      }
      finally {
        offset = 0
        await app.inject({ method: 'PUT', url: '/api/staff/kiosks/settings', headers: admin.headers, payload: { claimMaxDays: 7 } })
      }
    })
  })

  describe('no date input of any shape is a 500', () => {
    const BAD: unknown[] = [
      '0001-01-01',
      '0001-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '275760-09-13T00:00:00Z',
      '-271821-04-20T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
      '1999-12-31T23:59:59.999Z',
      '2100-01-01T00:00:00Z',
      '2001-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-01T24:61:00Z',
      '2025-01-01T00:00:00+99:99',
      '2025-01-01',
      '2025-01-01T00:00:00',
      `2025-01-01T00:00:00.${'9'.repeat(5000)}Z`,
      'x'.repeat(100_000),
      'Infinity',
      'NaN',
      '',
      ' ',
      '\u0000',
      0,
      -1,
      1e308,
      Date.now(),
      null,
      true,
      [],
      ['2025-01-01T00:00:00Z'],
      { $date: '2025-01-01T00:00:00Z' },
    ]

    it('as a phone sends them', async () => {
      const key = (await app.inject('/api/keys/applications')).json()
      for (const at of BAD) {
        const res = await submit(await makeSubmission(key, { general: { deviceSubmittedAt: at } }))
        expect([400, 413, 422], `${JSON.stringify(at).slice(0, 60)}: ${res.body.slice(0, 200)}`).toContain(res.statusCode)
        expect(res.json().error.field ?? 'body').toMatch(/deviceSubmittedAt|body/)
      }
    })

    it('as a signed kiosk sends them', async () => {
      const kiosk = await enrolled()
      for (const at of BAD) {
        const res = await submit(await kioskSubmission(app, kiosk, { deviceSubmittedAt: at }))
        expect([400, 413, 422], `${JSON.stringify(at).slice(0, 60)}: ${res.body.slice(0, 200)}`).toContain(res.statusCode)
      }
    })

    it('and a kiosk proof of any shape is judged, never a 500', async () => {
      const kiosk = await enrolled()
      const base = await kioskSubmission(app, kiosk)
      const proofs: unknown[] = [null, 1, 'x', [], {}, { id: kiosk.id }, { id: kiosk.id, sig: 5 }, { id: 'not-a-uuid', sig: 'x', contact: null }, { id: kiosk.id, sig: 'x'.repeat(10_000), contact: 'y'.repeat(10_000) }, { id: kiosk.id, sig: (base.kiosk as { sig: string }).sig, contact: 12 }]
      for (const proof of proofs) {
        const key = (await app.inject('/api/keys/applications')).json()
        const res = await submit({ ...(await makeSubmission(key)), kiosk: proof })
        expect(res.statusCode, JSON.stringify(proof).slice(0, 80)).toBe(201)
        expect(res.json().channel).toBe('online')
      }
    })
  })

  describe('batch status', () => {
    it('answers many applications in one request, each by its own token, outside the tracking budget', async () => {
      const key = (await app.inject('/api/keys/applications')).json()
      const sent: SubmitApplicationResponse[] = []
      for (let i = 0; i < 3; i++)
        sent.push((await submit(await makeSubmission(key))).json())
      const items = [...sent.map(s => ({ code: s.trackingCode, token: s.statusToken })), { code: sent[0]!.trackingCode, token: sent[1]!.statusToken }, { code: 'GK-0000-0000-0000', token: sent[0]!.statusToken }]
      // Far more requests than the per-address tracking limit (120 a minute).
      for (let i = 0; i < 130; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items } })
        expect(res.statusCode).toBe(200)
        if (i === 0) {
          const out = (res.json() as { items: BatchStatusItem[] }).items
          expect(out.map(o => o.found)).toEqual([true, true, true, false, false])
          expect(out[0]).toMatchObject({ trackingCode: sent[0]!.trackingCode, status: 'received', channel: 'online' })
          expect((out[0] as TrackApplicationResponse).history.map(h => h.status)).toEqual(['submitted', 'received'])
        }
      }
      const tooMany = await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items: Array.from({ length: 51 }, () => items[0]) } })
      expect(tooMany.statusCode).toBe(400)
      expect((await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items: [{ code: 'x', token: 'short' }] } })).statusCode).toBe(400)
    })
  })
})
