// Staff work for their agencies (issue 14): another agency's case is a 404 in every staff route
// that takes an application id (table-driven, and checked against the published route list so a
// new route cannot slip past); the queue, search, statistics, overview and live stream are scoped;
// the platform role reads every agency and acts on none.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { PlatformOverview, QueueResponse } from '~/shared/review/api'
import { createHash, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replaceUserAgencies } from '~/server/staff/scope/store'
import { correctionRequest } from '../support/corrections'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const A = 'scope-a'
const B = 'scope-b'
const year = new Date().toISOString().slice(0, 4)

interface CaseRoute {
  /** The OpenAPI path this entry covers. */
  path: string
  method: 'GET' | 'POST' | 'DELETE'
  make: (db: Db, id: string) => Promise<{ url: string, payload?: object }>
  /** What the own agency's request answers when not a 2xx (a rule other than scope refuses it). */
  ownStatus?: number
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

/** An answer document on the case, stored as the attach route stores one. */
async function answerFile(db: Db, id: string): Promise<string> {
  const fileId = randomUUID()
  await db.query(
    `insert into case_files (id, application_id, kind, name, content_type, size, sha256, data) values ($1, $2, 'answer', '公开信息.pdf', 'application/pdf', $3, $4, $5)`,
    [fileId, id, PDF.length, createHash('sha256').update(PDF).digest('hex'), PDF],
  )
  return fileId
}

/** The app of the run in progress (the table's fixtures go through its citizen API). */
let scopeApp: FastifyInstance

/** A correction request (Art. 41) addressed to `agencyId`, through the citizen's API. */
async function correctionFor(agencyId: string): Promise<string> {
  const r = await scopeApp.inject({ method: 'POST', url: '/api/corrections', payload: correctionRequest(agencyId) })
  expect(r.statusCode, r.body).toBe(201)
  return (r.json() as { id: string }).id
}

/** Every staff route that takes an application id; the last test fails when one is missing here. */
const CASE_ROUTES: CaseRoute[] = [
  { path: '/api/staff/applications/{id}', method: 'GET', make: async (_db, id) => ({ url: `/api/staff/applications/${id}` }) },
  { path: '/api/staff/applications/{id}/reveal', method: 'POST', make: async (_db, id) => ({ url: `/api/staff/applications/${id}/reveal`, payload: {} }) },
  { path: '/api/staff/applications/{id}/actions', method: 'POST', make: async (_db, id) => ({ url: `/api/staff/applications/${id}/actions`, payload: { type: 'register', channel: 'online' } }) },
  { path: '/api/staff/applications/{id}/notifications', method: 'GET', make: async (_db, id) => ({ url: `/api/staff/applications/${id}/notifications` }) },
  {
    path: '/api/staff/applications/{id}/notifications/{nid}/resend',
    method: 'POST',
    make: async (db, id) => {
      const { rows } = await db.query<{ id: string }>(
        `insert into notify_outbox (application_id, step_key, kind, channel, params, state) values ($1, 'received', 'received', 'sms', '{}', 'failed') returning id`,
        [id],
      )
      return { url: `/api/staff/applications/${id}/notifications/${rows[0]!.id}/resend`, payload: {} }
    },
  },
  { path: '/api/staff/applications/{id}/letter', method: 'POST', make: async (_db, id) => ({ url: `/api/staff/applications/${id}/letter`, payload: { outcome: 'granted' } }) },
  { path: '/api/staff/applications/{id}/files', method: 'GET', make: async (_db, id) => ({ url: `/api/staff/applications/${id}/files` }) },
  { path: '/api/staff/applications/{id}/files', method: 'POST', make: async (_db, id) => ({ url: `/api/staff/applications/${id}/files`, payload: { id: randomUUID(), name: '公开信息.pdf', data: PDF.toString('base64') } }) },
  { path: '/api/staff/applications/{id}/files/{fileId}', method: 'GET', make: async (db, id) => ({ url: `/api/staff/applications/${id}/files/${await answerFile(db, id)}` }) },
  { path: '/api/staff/applications/{id}/files/{fileId}', method: 'DELETE', make: async (db, id) => ({ url: `/api/staff/applications/${id}/files/${await answerFile(db, id)}` }) },
  // Before an answer the own agency's request is a 409 (nothing mailed yet): past the scope check.
  { path: '/api/staff/applications/{id}/mailing', method: 'POST', ownStatus: 409, make: async (_db, id) => ({ url: `/api/staff/applications/${id}/mailing`, payload: { number: 'EMS1234567' } }) },
  // Correction requests (Art. 41): their own case type, scoped the same way (the application id is unused).
  { path: '/api/staff/corrections/{id}', method: 'GET', make: async () => ({ url: `/api/staff/corrections/${await correctionFor(A)}` }) },
  { path: '/api/staff/corrections/{id}/answer', method: 'POST', make: async () => ({ url: `/api/staff/corrections/${await correctionFor(A)}/answer`, payload: { outcome: 'corrected' } }) },
]

describe.each(storageKinds)('staff scoped to agencies on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let ra: Signed, rb: Signed, plat: Signed, admin: Signed, all: Signed
  beforeAll(async () => {
    // The deployment's default agency is A: applications with no agency are A's.
    ({ app, db, close } = await setupApp(kind, { seed: false, staff: { defaultAgency: '甲局' } }))
    scopeApp = app
    await db.query(`insert into catalog_agencies (id, name, org_code) values ($1, '甲局', 'A0001'), ($2, '乙局', 'B0001')`, [A, B])
    await addStaff(db, 'admin', 'admin')
    admin = await signIn(app, 'admin')
    // One account through the admin API, the others directly.
    const created = await app.inject({ method: 'POST', url: '/api/staff/users', headers: admin.headers, payload: { username: 'ra', role: 'reviewer', password: 'long enough pw 1', agencies: [A] } })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ user: { username: 'ra', agencies: [A] } })
    ra = await signIn(app, 'ra', 'long enough pw 1')
    const b = await addStaff(db, 'rb', 'reviewer')
    await replaceUserAgencies(db, b.id, [B])
    rb = await signIn(app, 'rb')
    await addStaff(db, 'plat', 'platform')
    plat = await signIn(app, 'plat')
    await addStaff(db, 'all', 'reviewer')
    all = await signIn(app, 'all')
  })
  afterAll(() => close())

  for (const r of CASE_ROUTES) {
    it(`${r.method} ${r.path}: another agency's case is a 404, the own agency's is not`, async () => {
      const { id } = await submitApplication(app, { agencyId: A })
      const req = await r.make(db, id)
      const refused = await app.inject({ method: r.method, url: req.url, payload: req.payload, headers: rb.headers })
      expect(refused.statusCode, refused.body).toBe(404)
      expect(refused.json()).toMatchObject({ error: { code: 'not_found' } })
      const ok = await app.inject({ method: r.method, url: req.url, payload: req.payload, headers: ra.headers })
      if (r.ownStatus)
        expect(ok.statusCode, ok.body).toBe(r.ownStatus)
      else
        expect(ok.statusCode, ok.body).toBeLessThan(300)
    })
  }

  it('every staff route with an application id is in the table above', async () => {
    const spec = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> }
    const withId = Object.entries(spec.paths).filter(([p]) => p.startsWith('/api/staff/applications/{id}') || p.startsWith('/api/staff/corrections/{id}')).flatMap(([p, ops]) => Object.keys(ops).map(m => `${m.toUpperCase()} ${p}`))
    expect(withId.sort()).toEqual(CASE_ROUTES.map(r => `${r.method} ${r.path}`).sort())
  })

  it('scopes the queue, the code search and the agency list; the platform role and unscoped accounts see both', async () => {
    const a = await submitApplication(app, { agencyId: A })
    const b = await submitApplication(app, { agencyId: B })
    const legacy = await submitApplication(app)
    const ids = async (who: Signed, q = '') => ((await app.inject({ url: `/api/staff/applications?limit=500${q}`, headers: who.headers })).json() as QueueResponse).items.map(i => i.id)
    expect(await ids(ra)).toEqual(expect.arrayContaining([a.id, legacy.id]))
    expect(await ids(ra)).not.toContain(b.id)
    expect(await ids(rb)).toContain(b.id)
    expect(await ids(rb)).not.toContain(a.id)
    expect(await ids(rb)).not.toContain(legacy.id)
    for (const who of [plat, all])
      expect(await ids(who)).toEqual(expect.arrayContaining([a.id, b.id, legacy.id]))
    // Searching another agency's tracking code finds nothing.
    expect(await ids(rb, `&code=${a.trackingCode}`)).toEqual([])
    expect(await ids(ra, `&code=${a.trackingCode}`)).toEqual([a.id])
    const q = (await app.inject({ url: '/api/staff/applications', headers: rb.headers })).json() as QueueResponse
    // The filter offers B's own agency by id; no name list, as B's cases all carry an agency id.
    expect(q.agencyOptions).toEqual([{ id: B, name: '乙局' }])
    expect(q.agencies).toEqual([])
    expect(q.items.find(i => i.id === b.id)!.agency).toBe('乙局')
  })

  it('the platform role reads every case but takes no step and reveals nothing', async () => {
    const { id } = await submitApplication(app, { agencyId: B })
    expect((await app.inject({ url: `/api/staff/applications/${id}`, headers: plat.headers })).statusCode).toBe(200)
    for (const [url, payload] of [[`/api/staff/applications/${id}/actions`, { type: 'register', channel: 'online' }], [`/api/staff/applications/${id}/reveal`, {}]] as const) {
      const r = await app.inject({ method: 'POST', url, payload, headers: plat.headers })
      expect(r.statusCode).toBe(403)
      expect(r.json()).toMatchObject({ error: { code: 'forbidden' } })
    }
  })

  it('statistics and the overview count each agency\'s own cases; another agency\'s table is a 404', async () => {
    const stats = async (who: Signed, q = '') => app.inject({ url: `/api/staff/statistics?year=${year}${q}`, headers: who.headers })
    const overview = async (who: Signed) => (await app.inject({ url: `/api/staff/platform/overview?year=${year}`, headers: who.headers })).json() as PlatformOverview
    const p = await overview(plat)
    const row = (o: PlatformOverview, id: string) => o.agencies.find(x => x.agencyId === id)
    expect(p.agencies.map(x => x.agencyId).sort()).toEqual([A, B])
    expect(p.total.cases).toBe(row(p, A)!.cases + row(p, B)!.cases)
    expect(row(p, A)!.name).toBe('甲局')
    const oa = await overview(ra)
    expect(oa.agencies.map(x => x.agencyId)).toEqual([A])
    expect(oa.total.cases).toBe(row(p, A)!.cases)
    // The year's table of a scoped account is its agency's, and counts what the overview counts.
    const sa = (await stats(ra)).json() as { requests: { agency: string }, figures: Record<string, number> }
    expect(sa.requests.agency).toBe('甲局')
    expect(sa.figures['requests.total']).toBe(row(p, A)!.cases)
    const sb = (await stats(rb)).json() as { figures: Record<string, number> }
    expect(sb.figures['requests.total']).toBe(row(p, B)!.cases)
    const byId = (await stats(plat, `&agencyId=${B}`)).json() as { requests: { agency: string }, figures: Record<string, number> }
    expect(byId.requests.agency).toBe('乙局')
    expect(byId.figures['requests.total']).toBe(row(p, B)!.cases)
    for (const r of [await stats(rb, `&agencyId=${A}`), await app.inject({ url: `/api/staff/statistics/csv?year=${year}&agencyId=${A}`, headers: rb.headers })]) {
      expect(r.statusCode).toBe(404)
      expect(r.json()).toMatchObject({ error: { code: 'not_found' } })
    }
  })

  it('the live stream sends a new application only to its agency\'s staff and to the platform role', async () => {
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const open = async (who: Signed) => {
      const ac = new AbortController()
      const res = await fetch(`${base}/api/staff/stream`, { headers: who.headers, signal: ac.signal })
      const reader = res.body!.getReader()
      const s = { text: '', ac }
      const read = async (until: (t: string) => boolean) => {
        while (!until(s.text)) {
          const { value, done } = await reader.read()
          if (done)
            break
          s.text += new TextDecoder().decode(value)
        }
      }
      await read(t => t.includes('"hello"'))
      return { s, read }
    }
    const [sa, sb, sp] = [await open(ra), await open(rb), await open(plat)]
    const a = await submitApplication(app, { agencyId: A })
    await sa.read(t => t.includes(a.id))
    await sp.read(t => t.includes(a.id))
    const b = await submitApplication(app, { agencyId: B })
    // B's reviewer's next application message is B's: A's never reached it.
    await sb.read(t => t.includes('"application"'))
    expect(sb.s.text).toContain(b.id)
    expect(sb.s.text).not.toContain(a.id)
    await sp.read(t => t.includes(b.id))
    for (const x of [sa, sb, sp])
      x.s.ac.abort()
  })

  it('admins set an account\'s agencies; an unknown agency is a 400 naming the field', async () => {
    const users = (await app.inject({ url: '/api/staff/users', headers: admin.headers })).json() as { users: { username: string, id: string, agencies: string[] }[] }
    const rbUser = users.users.find(u => u.username === 'rb')!
    expect(rbUser.agencies).toEqual([B])
    const bad = await app.inject({ method: 'PATCH', url: `/api/staff/users/${rbUser.id}`, headers: admin.headers, payload: { agencies: [A, 'nope'] } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { field: 'agencies' } })
    const ok = await app.inject({ method: 'PATCH', url: `/api/staff/users/${rbUser.id}`, headers: admin.headers, payload: { agencies: [A, B] } })
    expect(ok.json()).toMatchObject({ user: { agencies: [A, B] } })
    // It applies at once, without signing in again.
    const { id } = await submitApplication(app, { agencyId: A })
    expect((await app.inject({ url: `/api/staff/applications/${id}`, headers: rb.headers })).statusCode).toBe(200)
  })
})

describe.each(storageKinds)('kiosks of a supervisor\'s own agencies on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let sa: Signed, sb: Signed, admin: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await db.query(`insert into catalog_agencies (id, name, org_code) values ($1, '甲局', 'A0001'), ($2, '乙局', 'B0001')`, [A, B])
    for (const [name, agencies] of [['sa', [A]], ['sb', [B]]] as const)
      await replaceUserAgencies(db, (await addStaff(db, name, 'supervisor')).id, [...agencies])
    await addStaff(db, 'admin', 'admin')
    ;[sa, sb, admin] = [await signIn(app, 'sa'), await signIn(app, 'sb'), await signIn(app, 'admin')]
  })
  afterAll(() => close())

  it('creates kiosks only for the own agencies, lists and revokes only those', async () => {
    const create = (who: Signed, agencies?: string[]) => app.inject({ method: 'POST', url: '/api/staff/kiosks', headers: who.headers, payload: { name: '一号机', hall: '政务服务中心', ...(agencies ? { agencies } : {}) } })
    const refused = await create(sa, [A, B])
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ error: { field: 'agencies' } })
    const ka = (await create(sa)).json() as { kiosk: { id: string, agencies: string[] } }
    expect(ka.kiosk.agencies).toEqual([A])
    const both = (await create(admin, [A, B])).json() as { kiosk: { id: string } }
    const list = async (who: Signed) => ((await app.inject({ url: '/api/staff/kiosks', headers: who.headers })).json() as { kiosks: { id: string }[] }).kiosks.map(k => k.id)
    expect(await list(sa)).toEqual(expect.arrayContaining([ka.kiosk.id, both.kiosk.id]))
    expect(await list(sb)).toEqual([both.kiosk.id])
    // Changing a kiosk's agencies: another agency's kiosk is a 404, another agency is refused.
    const setAgencies = (who: Signed, id: string, agencies: string[]) => app.inject({ method: 'PUT', url: `/api/staff/kiosks/${id}/agencies`, headers: who.headers, payload: { agencies } })
    expect((await setAgencies(sb, ka.kiosk.id, [B])).statusCode).toBe(404)
    expect((await setAgencies(sa, ka.kiosk.id, [B])).json()).toMatchObject({ error: { field: 'agencies' } })
    expect((await setAgencies(sb, both.kiosk.id, [B])).json()).toMatchObject({ kiosk: { agencies: [B] } })
    const revoke = (who: Signed, id: string) => app.inject({ method: 'POST', url: `/api/staff/kiosks/${id}/revoke`, headers: who.headers, payload: {} })
    expect((await revoke(sb, ka.kiosk.id)).statusCode).toBe(404)
    expect((await revoke(sa, ka.kiosk.id)).statusCode).toBe(200)
    expect((await list(admin)).length).toBe(2)
  })
})
