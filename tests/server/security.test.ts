/**
 * Security checks that complement staff-auth, staff-roles and applications tests (which already
 * cover sign-in rotation, lock-out, CSRF per endpoint, one 404 for tracking and its per-code limit):
 *   - security headers on every kind of response: the app shell, static files, the API, errors;
 *   - tracking guesses spread over many codes from one address are rate-limited too, and a refusal
 *     looks the same whatever was wrong (status, body and headers);
 *   - after a case has been worked (submitted, revealed, registered, decided), no table anywhere
 *     holds the applicant's ID number, phone, name or address in the clear.
 */
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { ApplicationPublicKey, SubmitApplicationResponse } from '~/shared/submission'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { trackingCodeFor, uuidv7 } from '~/shared/submission'
import { makeSubmission } from '../support/applications'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url))

function expectSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  const csp = String(headers['content-security-policy'] ?? '')
  const script = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1]
  expect(script, `${what}: script-src`).toBeDefined()
  expect(script, what).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|data:/)
  expect(csp, what).toMatch(/frame-ancestors 'none'/)
  expect(csp, what).toMatch(/object-src 'none'/)
  expect(csp, what).toMatch(/base-uri 'self'/)
  expect(headers['x-content-type-options'], what).toBe('nosniff')
  expect(headers['referrer-policy'], what).toMatch(/^(?:no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/)
}

describe('security headers', () => {
  it('are on the app shell, static files, the API and errors', async () => {
    const { openDb } = await import('~/server/platform/db')
    const { migrate } = await import('~/server/platform/db/migrate')
    const db = await openDb({ dataDir: 'memory://' })
    await migrate(db)
    // The built app when there is one (npm test builds first); the API alone otherwise.
    const app = await buildApp({ db, version: 'test', distDir: existsSync(`${DIST}index.html`) ? DIST : undefined })
    try {
      const urls = ['/api/health', '/api/reports', '/api/nope', '/api/applications/track/x', '/application-key.json']
      if (existsSync(`${DIST}index.html`))
        urls.push('/', '/catalog', '/sw.js', '/manifest.webmanifest', '/robots.txt')
      for (const url of urls)
        expectSecurityHeaders((await app.inject(url)).headers, url)
      expectSecurityHeaders((await app.inject({ method: 'POST', url: '/api/applications', payload: '{', headers: { 'content-type': 'application/json' } })).headers, 'bad JSON')
      expectSecurityHeaders((await app.inject('/%E0%A4%A')).headers, 'bad URL')
    }
    finally {
      await app.close()
      await db.close()
    }
  })
})

describe.each(storageKinds)('tracking and data at rest on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let key: ApplicationPublicKey
  let reviewer: Signed

  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false, applicationLimits: { trackPerAddress: 20, trackPerCode: 1000 } }))
    key = (await app.inject('/api/keys/applications')).json()
    await addStaff(db, 'sec-reviewer', 'reviewer')
    reviewer = await signIn(app, 'sec-reviewer')
  })
  afterAll(() => close())

  it('refuses a wrong factor and an unknown code identically, and limits guessing across codes', async () => {
    const sub = await makeSubmission(key)
    const { trackingCode, statusToken } = (await app.inject({ method: 'POST', url: '/api/applications', payload: sub })).json() as SubmitApplicationResponse
    const strip = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => !['date', 'content-length'].includes(k)))
    const asks = [
      `/api/applications/track/${trackingCode}?phone4=1111`,
      `/api/applications/track/${trackingCode}?token=${statusToken.slice(0, -2)}xx`,
      `/api/applications/track/${trackingCode}?phone4=8000&phone4=8000`,
      `/api/applications/track/${trackingCodeFor(uuidv7())}?phone4=8000`,
      `/api/applications/track/${trackingCodeFor(uuidv7())}?token=${statusToken}`,
      `/api/applications/track/GK-ZZZZ`,
    ]
    const answers = await Promise.all(asks.map(url => app.inject({ url, remoteAddress: '10.1.1.1' })))
    for (const [i, r] of answers.entries()) {
      expect(r.statusCode, asks[i]).toBe(404)
      expect(r.body, asks[i]).toBe(answers[0]!.body)
      expect(strip(r.headers), asks[i]).toEqual(strip(answers[0]!.headers))
    }
    // The right factor from the same address still works (within the limit).
    expect((await app.inject({ url: `/api/applications/track/${trackingCode}?phone4=8000`, remoteAddress: '10.1.1.1' })).statusCode).toBe(200)

    // One address walking through many codes meets the per-address limit (20 here), with Retry-After.
    const statuses: number[] = []
    for (let i = 0; i < 25; i++)
      statuses.push((await app.inject({ url: `/api/applications/track/${trackingCodeFor(uuidv7())}?phone4=0000`, remoteAddress: '10.2.2.2' })).statusCode)
    expect(statuses.slice(0, 20).every(s => s === 404)).toBe(true)
    expect(statuses.slice(20).every(s => s === 429)).toBe(true)
    const limited = await app.inject({ url: `/api/applications/track/${trackingCode}?phone4=8000`, remoteAddress: '10.2.2.2' })
    expect(limited.statusCode).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is not affected.
    expect((await app.inject({ url: `/api/applications/track/${trackingCode}?phone4=8000`, remoteAddress: '10.3.3.3' })).statusCode).toBe(200)
  })

  it('keeps no personal data in the clear in any table, even after a case is revealed and worked', async () => {
    const person = { name: '欧阳明华', idNumber: '440306198506123714', phone: '13698761234', address: '广东省深圳市南山区科技园路99号' }
    const sub = await makeSubmission(key, { personal: person })
    const res = await app.inject({ method: 'POST', url: '/api/applications', payload: sub })
    expect(res.statusCode).toBe(201)
    const reveal = await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/reveal`, headers: reviewer.headers, payload: { reason: '核实身份' } })
    expect(reveal.statusCode).toBe(200)
    // The reveal does give staff the data: the assertion below is about storage, not about access.
    expect(reveal.body).toContain(person.idNumber)
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/actions`, headers: reviewer.headers, payload: { type: 'register', channel: 'online' } })).statusCode).toBe(200)

    const tables = (await db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)).rows.map(r => r.t)
    expect(tables).toEqual(expect.arrayContaining(['applications', 'audit_log', 'case_events', 'change_log']))
    let scanned = 0
    for (const t of tables) {
      const { rows } = await db.query<{ row: string }>(`select t::text as row from "${t}" t`)
      for (const { row } of rows) {
        scanned++
        for (const [field, secret] of Object.entries(person))
          expect(row, `${field} in ${t}`).not.toContain(secret)
        // Nor a run of the ID number's digits (e.g. stored without its check letter).
        expect(row, `ID digits in ${t}`).not.toContain(person.idNumber.slice(0, 14))
        expect(row, `phone digits in ${t}`).not.toContain(person.phone.slice(0, 7))
      }
    }
    expect(scanned).toBeGreaterThan(5)
  })
})
