// Every staff endpoint against every role, table-driven: anonymous → 401, a role without the
// capability → 403, a role with it → 2xx; and every mutating endpoint refuses a missing or wrong
// CSRF token with 403 even for the right role.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { Capability, StaffRole } from '~/shared/review/roles'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAPABILITIES, STAFF_ROLE_KEYS } from '~/shared/review/roles'
import { correctionRequest } from '../support/corrections'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

interface Endpoint {
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  cap: Capability
  /** Builds a fresh request (fixtures created per call, so a 2xx is possible every time). */
  make: (ctx: { app: FastifyInstance, admin: Signed, reviewer: Signed }) => Promise<{ url: string, payload?: unknown }>
}

const today = () => new Date().toISOString().slice(0, 10)
async function registered(app: FastifyInstance, reviewer: Signed): Promise<string> {
  const { id } = await submitApplication(app)
  const r = await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: reviewer.headers, payload: { type: 'register', channel: 'online' } })
  expect(r.statusCode).toBe(200)
  return id
}

const PDF_B64 = Buffer.from('%PDF-1.4\n%test\n').toString('base64')
/** A case with one answer document attached (by the reviewer fixture). */
async function withFile(app: FastifyInstance, reviewer: Signed): Promise<{ id: string, fileId: string }> {
  const { id } = await submitApplication(app)
  const fileId = randomUUID()
  const r = await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/files`, headers: reviewer.headers, payload: { id: fileId, name: 'a.pdf', data: PDF_B64 } })
  expect(r.statusCode, r.body).toBe(201)
  return { id, fileId }
}

/** A correction request (Art. 41) to the fixture agency, through the citizen's API. */
async function correction(app: FastifyInstance): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/corrections', payload: correctionRequest(await annualAgency()) })
  expect(r.statusCode, r.body).toBe(201)
  return (r.json() as { id: string }).id
}

/** The database of the run in progress, for fixtures the API cannot make. */
let fixtureDb: Db

async function annualAgency(): Promise<string> {
  await fixtureDb.query(`insert into catalog_agencies (id, name, org_code) values ('annual-roles', '角色测试局', 'RT1') on conflict (id) do nothing`)
  return 'annual-roles'
}
async function annualDraft(app: FastifyInstance, admin: Signed): Promise<{ id: string, version: number }> {
  const r = await app.inject({ method: 'POST', url: '/api/staff/annual', headers: admin.headers, payload: { agencyId: await annualAgency(), year: 2024 } })
  expect(r.statusCode, r.body).toBeLessThan(300)
  return (r.json() as { draft: { id: string, version: number } }).draft
}

const ENDPOINTS: Endpoint[] = [
  { name: 'queue', method: 'GET', cap: 'readCases', make: async () => ({ url: '/api/staff/applications?status=active' }) },
  { name: 'case', method: 'GET', cap: 'readCases', make: async ({ app }) => ({ url: `/api/staff/applications/${(await submitApplication(app)).id}` }) },
  { name: 'reveal', method: 'POST', cap: 'workCases', make: async ({ app }) => ({ url: `/api/staff/applications/${(await submitApplication(app)).id}/reveal`, payload: {} }) },
  { name: 'register', method: 'POST', cap: 'workCases', make: async ({ app }) => ({ url: `/api/staff/applications/${(await submitApplication(app)).id}/actions`, payload: { type: 'register', channel: 'online' } }) },
  { name: 'request extension', method: 'POST', cap: 'workCases', make: async ({ app, reviewer }) => ({ url: `/api/staff/applications/${await registered(app, reviewer)}/actions`, payload: { type: 'requestExtension', workingDays: 10, reason: '需要调取档案' } }) },
  {
    name: 'approve extension',
    method: 'POST',
    cap: 'approveExtension',
    make: async ({ app, reviewer }) => {
      const id = await registered(app, reviewer)
      await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: reviewer.headers, payload: { type: 'requestExtension', workingDays: 10, reason: '需要调取档案' } })
      return { url: `/api/staff/applications/${id}/actions`, payload: { type: 'decideExtension', approve: true } }
    },
  },
  { name: 'notifications', method: 'GET', cap: 'readCases', make: async ({ app }) => ({ url: `/api/staff/applications/${(await submitApplication(app)).id}/notifications` }) },
  {
    name: 'resend notification',
    method: 'POST',
    cap: 'workCases',
    make: async ({ app }) => {
      const { id } = await submitApplication(app)
      // A message that failed earlier (no channel is configured here, so nothing is ever sent).
      const { rows } = await fixtureDb.query<{ id: string }>(
        `insert into notify_outbox (application_id, step_key, kind, channel, params, state) values ($1, 'received', 'received', 'sms', '{}', 'failed') returning id`,
        [id],
      )
      return { url: `/api/staff/applications/${id}/notifications/${rows[0]!.id}/resend`, payload: {} }
    },
  },
  { name: 'stream', method: 'GET', cap: 'readCases', make: async () => ({ url: '/api/staff/stream' }) },
  { name: 'statistics', method: 'GET', cap: 'readStatistics', make: async () => ({ url: `/api/staff/statistics?year=${today().slice(0, 4)}` }) },
  { name: 'statistics csv', method: 'GET', cap: 'readStatistics', make: async () => ({ url: `/api/staff/statistics/csv?year=${today().slice(0, 4)}` }) },
  { name: 'platform overview', method: 'GET', cap: 'readStatistics', make: async () => ({ url: `/api/staff/platform/overview?year=${today().slice(0, 4)}` }) },
  { name: 'publish figures', method: 'POST', cap: 'publishFigures', make: async () => ({ url: '/api/staff/statistics/publish', payload: { year: Number(today().slice(0, 4)) } }) },
  { name: 'list appeals', method: 'GET', cap: 'readStatistics', make: async () => ({ url: '/api/staff/appeals' }) },
  { name: 'record appeal', method: 'POST', cap: 'recordReviews', make: async () => ({ url: '/api/staff/appeals', payload: { kind: 'reconsideration', filedDate: today() } }) },
  {
    name: 'update appeal',
    method: 'PATCH',
    cap: 'recordReviews',
    make: async ({ app, reviewer }) => {
      const r = await app.inject({ method: 'POST', url: '/api/staff/appeals', headers: reviewer.headers, payload: { kind: 'lawsuitDirect', filedDate: today() } })
      return { url: `/api/staff/appeals/${(r.json() as { record: { id: string } }).record.id}`, payload: { result: 'upheld', concludedDate: today() } }
    },
  },
  // The same routes under their first name, until the staff pages call /api/staff/appeals.
  { name: 'list reviews', method: 'GET', cap: 'readStatistics', make: async () => ({ url: '/api/staff/reviews' }) },
  { name: 'record review', method: 'POST', cap: 'recordReviews', make: async () => ({ url: '/api/staff/reviews', payload: { kind: 'reconsideration', filedDate: today() } }) },
  {
    name: 'update review',
    method: 'PATCH',
    cap: 'recordReviews',
    make: async ({ app, reviewer }) => {
      const r = await app.inject({ method: 'POST', url: '/api/staff/reviews', headers: reviewer.headers, payload: { kind: 'lawsuitDirect', filedDate: today() } })
      return { url: `/api/staff/reviews/${(r.json() as { record: { id: string } }).record.id}`, payload: { result: 'upheld', concludedDate: today() } }
    },
  },
  { name: 'list users', method: 'GET', cap: 'admin', make: async () => ({ url: '/api/staff/users' }) },
  { name: 'create user', method: 'POST', cap: 'admin', make: async () => ({ url: '/api/staff/users', payload: { username: `u${randomUUID().slice(0, 8)}`, role: 'reviewer', password: 'long enough pw' } }) },
  // Annual report drafts (issue 20): one agency, one draft per year; each call refreshes it.
  { name: 'annual drafts', method: 'GET', cap: 'importReports', make: async () => ({ url: `/api/staff/annual?year=${today().slice(0, 4)}` }) },
  { name: 'annual overview', method: 'GET', cap: 'readStatistics', make: async () => ({ url: `/api/staff/annual/overview?year=${today().slice(0, 4)}` }) },
  { name: 'generate annual draft', method: 'POST', cap: 'importReports', make: async () => ({ url: '/api/staff/annual', payload: { agencyId: await annualAgency(), year: 2024 } }) },
  { name: 'annual draft', method: 'GET', cap: 'importReports', make: async ({ app, admin }) => ({ url: `/api/staff/annual/${(await annualDraft(app, admin)).id}` }) },
  { name: 'annual sources', method: 'GET', cap: 'importReports', make: async ({ app, admin }) => ({ url: `/api/staff/annual/${(await annualDraft(app, admin)).id}/sources?key=requests.total` }) },
  { name: 'edit annual draft', method: 'PATCH', cap: 'importReports', make: async ({ app, admin }) => annualDraft(app, admin).then(d => ({ url: `/api/staff/annual/${d.id}`, payload: { version: d.version, sections: { problems: '无' } } })) },
  { name: 'redraft annual overview', method: 'POST', cap: 'importReports', make: async ({ app, admin }) => annualDraft(app, admin).then(d => ({ url: `/api/staff/annual/${d.id}/redraft`, payload: { version: d.version } })) },
  { name: 'publish annual draft', method: 'POST', cap: 'publishFigures', make: async ({ app, admin }) => annualDraft(app, admin).then(d => ({ url: `/api/staff/annual/${d.id}/publish`, payload: { version: d.version } })) },
  {
    name: 'update user',
    method: 'PATCH',
    cap: 'admin',
    make: async ({ app, admin }) => {
      const r = await app.inject({ method: 'POST', url: '/api/staff/users', headers: admin.headers, payload: { username: `u${randomUUID().slice(0, 8)}`, role: 'reviewer', password: 'long enough pw' } })
      return { url: `/api/staff/users/${(r.json() as { user: { id: string } }).user.id}`, payload: { displayName: '王' } }
    },
  },
  { name: 'audit log', method: 'GET', cap: 'admin', make: async () => ({ url: '/api/staff/audit?limit=10' }) },
  { name: 'read settings', method: 'GET', cap: 'admin', make: async () => ({ url: '/api/staff/settings' }) },
  { name: 'write settings', method: 'PUT', cap: 'admin', make: async () => ({ url: '/api/staff/settings', payload: { feeNoticePausesClock: true } }) },
  { name: 'case files', method: 'GET', cap: 'readCases', make: async ({ app }) => ({ url: `/api/staff/applications/${(await submitApplication(app)).id}/files` }) },
  { name: 'attach file', method: 'POST', cap: 'workCases', make: async ({ app }) => ({ url: `/api/staff/applications/${(await submitApplication(app)).id}/files`, payload: { id: randomUUID(), name: 'a.pdf', data: PDF_B64 } }) },
  { name: 'download file', method: 'GET', cap: 'readCases', make: async ({ app, reviewer }) => {
    const { id, fileId } = await withFile(app, reviewer)
    return { url: `/api/staff/applications/${id}/files/${fileId}` }
  } },
  { name: 'remove file', method: 'DELETE', cap: 'workCases', make: async ({ app, reviewer }) => {
    const { id, fileId } = await withFile(app, reviewer)
    return { url: `/api/staff/applications/${id}/files/${fileId}` }
  } },
  { name: 'mailing number', method: 'POST', cap: 'workCases', make: async ({ app, reviewer }) => {
    const id = await registered(app, reviewer)
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: reviewer.headers, payload: { type: 'answer', outcome: 'granted', letter: '予以公开' } })).statusCode).toBe(200)
    return { url: `/api/staff/applications/${id}/mailing`, payload: { number: 'EMS1234567' } }
  } },
  { name: 'correction requests', method: 'GET', cap: 'readCases', make: async () => ({ url: '/api/staff/corrections' }) },
  { name: 'correction statistics', method: 'GET', cap: 'readStatistics', make: async () => ({ url: `/api/staff/corrections/statistics?year=${today().slice(0, 4)}` }) },
  { name: 'correction request', method: 'GET', cap: 'readCases', make: async ({ app }) => ({ url: `/api/staff/corrections/${await correction(app)}` }) },
  { name: 'answer correction request', method: 'POST', cap: 'workCases', make: async ({ app }) => ({ url: `/api/staff/corrections/${await correction(app)}/answer`, payload: { outcome: 'corrected' } }) },
  { name: 'calendar', method: 'GET', cap: 'readStatistics', make: async () => ({ url: '/api/staff/calendar' }) },
  { name: 'load calendar year', method: 'POST', cap: 'manageCalendar', make: async () => ({ url: '/api/staff/calendar/years', payload: { year: 2199, csv: `2199-01-0${1 + Math.floor(Math.random() * 8)},休,元旦` } }) },
]

describe.each(storageKinds)('staff endpoints × roles on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  const signed = {} as Record<StaffRole, Signed>
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    fixtureDb = db
    for (const role of STAFF_ROLE_KEYS) {
      await addStaff(db, role, role)
      signed[role] = await signIn(app, role)
    }
  })
  afterAll(() => close())

  // The stream never ends by itself: for it, only the status line matters.
  async function call(e: Endpoint, req: { url: string, payload?: unknown }, headers: Record<string, string>): Promise<{ statusCode: number, body: string }> {
    if (e.name !== 'stream')
      return app.inject({ method: e.method, url: req.url, payload: req.payload as object, headers })
    const addr = await app.listen({ port: 0, host: '127.0.0.1' }).catch(() => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`)
    const ac = new AbortController()
    const res = await fetch(`${addr}${req.url}`, { headers, signal: ac.signal })
    const body = res.status === 200 ? '' : await res.text()
    ac.abort()
    return { statusCode: res.status, body }
  }

  for (const e of ENDPOINTS) {
    const allowed = CAPABILITIES[e.cap] as readonly StaffRole[]
    it(`${e.method} ${e.name}: anonymous → 401`, async () => {
      const req = await e.make({ app, admin: signed.admin, reviewer: signed.reviewer })
      const r = await call(e, req, {})
      expect(r.statusCode).toBe(401)
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'unauthenticated' } })
    })
    for (const role of STAFF_ROLE_KEYS) {
      const ok = allowed.includes(role)
      it(`${e.method} ${e.name}: ${role} → ${ok ? '2xx' : '403'}`, async () => {
        const req = await e.make({ app, admin: signed.admin, reviewer: signed.reviewer })
        const r = await call(e, req, signed[role].headers)
        if (ok) {
          expect(r.statusCode, r.body).toBeGreaterThanOrEqual(200)
          expect(r.statusCode, r.body).toBeLessThan(300)
        }
        else {
          expect(r.statusCode, r.body).toBe(403)
          expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'forbidden' } })
        }
      })
    }
    if (e.method !== 'GET') {
      it(`${e.method} ${e.name}: right role without or with a wrong CSRF token → 403`, async () => {
        const role = allowed[0]!
        const req = await e.make({ app, admin: signed.admin, reviewer: signed.reviewer })
        const none = await call(e, req, { cookie: signed[role].cookie })
        expect(none.statusCode).toBe(403)
        expect(JSON.parse(none.body)).toMatchObject({ error: { code: 'csrf' } })
        const other = signed[STAFF_ROLE_KEYS.find(r => r !== role)!]
        const wrong = await call(e, req, { 'cookie': signed[role].cookie, 'x-csrf-token': other.csrf })
        expect(wrong.statusCode).toBe(403)
      })
    }
  }
})
