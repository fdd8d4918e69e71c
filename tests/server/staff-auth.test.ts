import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, cookieOf, PASSWORD, signIn } from './staff-helpers'

describe.each(storageKinds)('staff sign-in on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  beforeAll(async () => {
    // Behind a trusted proxy (loopback), so each test can sign in from an address of its own.
    ({ app, db, close } = await setupApp(kind, { seed: false, trustProxy: ['127.0.0.1'], staff: { maxFailures: 3, ipMaxFailures: 6 } }))
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'locky', 'reviewer')
    await addStaff(db, 'adm', 'admin')
  })
  afterAll(() => close())

  it('sets an httpOnly, SameSite=Strict cookie, Secure only behind HTTPS', async () => {
    const plain = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'rev', password: PASSWORD } })
    expect(plain.statusCode).toBe(200)
    const c = String(plain.headers['set-cookie'])
    expect(c).toMatch(/HttpOnly/)
    expect(c).toMatch(/SameSite=Strict/)
    expect(c).not.toMatch(/Secure/)
    const https = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'rev', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } })
    expect(String(https.headers['set-cookie'])).toMatch(/; Secure/)
    expect(plain.json()).not.toHaveProperty('user.passwordHash')
  })

  it('rejects a wrong password with 401 and a JSON error', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'rev', password: 'nope nope nope' } })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: { code: 'bad_credentials' } })
    const unknown = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'ghost', password: 'nope nope nope' } })
    expect(unknown.statusCode).toBe(401)
  })

  it('rotates the session id at sign-in: a planted id is never adopted', async () => {
    const planted = 'gk_staff=planted-by-attacker-000000000000000000000'
    const s = await signIn(app, 'rev', PASSWORD, { cookie: planted })
    expect(s.cookie).not.toBe(planted)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: planted } })).statusCode).toBe(401)
    // An existing valid session presented at sign-in is ended, the new one works.
    const again = await signIn(app, 'rev', PASSWORD, { cookie: s.cookie })
    expect(again.cookie).not.toBe(s.cookie)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: s.cookie } })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: again.cookie } })).statusCode).toBe(200)
  })

  it('signs out one session, and everywhere', async () => {
    const a = await signIn(app, 'rev')
    const b = await signIn(app, 'rev')
    const c = await signIn(app, 'rev')
    const out = await app.inject({ method: 'DELETE', url: '/api/staff/session', headers: a.headers })
    expect(out.statusCode).toBe(200)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: a.cookie } })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: b.cookie } })).statusCode).toBe(200)
    const all = await app.inject({ method: 'DELETE', url: '/api/staff/sessions', headers: b.headers })
    expect(all.statusCode).toBe(200)
    for (const s of [b, c])
      expect((await app.inject({ url: '/api/staff/session', headers: { cookie: s.cookie } })).statusCode).toBe(401)
  })

  it('requires the CSRF token to sign out', async () => {
    const s = await signIn(app, 'rev')
    const none = await app.inject({ method: 'DELETE', url: '/api/staff/sessions', headers: { cookie: s.cookie } })
    expect(none.statusCode).toBe(403)
    expect(none.json()).toMatchObject({ error: { code: 'csrf' } })
    const wrong = await app.inject({ method: 'DELETE', url: '/api/staff/sessions', headers: { 'cookie': s.cookie, 'x-csrf-token': `${s.csrf.slice(1)}x` } })
    expect(wrong.statusCode).toBe(403)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: s.cookie } })).statusCode).toBe(200)
  })

  it('locks an account after repeated failures, even against the right password', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.7' }
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'locky', password: `wrong-${i}-wrong` }, headers: ip })
      expect(r.statusCode).toBe(401)
    }
    const locked = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'locky', password: PASSWORD }, headers: { 'x-forwarded-for': '203.0.113.8' } })
    expect(locked.statusCode).toBe(429)
    expect(locked.json()).toMatchObject({ error: { code: 'locked' } })
    // An admin's password reset unlocks it.
    const adm = await signIn(app, 'adm')
    const users = (await app.inject({ url: '/api/staff/users', headers: adm.headers })).json() as { users: { id: string, username: string }[] }
    const id = users.users.find(u => u.username === 'locky')!.id
    const reset = await app.inject({ method: 'PATCH', url: `/api/staff/users/${id}`, headers: adm.headers, payload: { password: 'a new long password' } })
    expect(reset.statusCode).toBe(200)
    await signIn(app, 'locky', 'a new long password')
  })

  it('refuses an address after too many failures across accounts', async () => {
    const ip = { 'x-forwarded-for': '198.51.100.9' }
    for (let i = 0; i < 6; i++)
      await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: `nobody${i}`, password: 'whatever-123' }, headers: ip })
    const r = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'rev', password: PASSWORD }, headers: ip })
    expect(r.statusCode).toBe(429)
    expect(r.json()).toMatchObject({ error: { code: 'too_many_attempts' } })
    // Another address is unaffected.
    await signIn(app, 'rev', PASSWORD, { 'x-forwarded-for': '198.51.100.10' })
  })

  it('ends the sessions of a disabled account at once', async () => {
    await addStaff(db, 'leaver', 'reviewer')
    const s = await signIn(app, 'leaver')
    const adm = await signIn(app, 'adm')
    const users = (await app.inject({ url: '/api/staff/users', headers: adm.headers })).json() as { users: { id: string, username: string }[] }
    const id = users.users.find(u => u.username === 'leaver')!.id
    expect((await app.inject({ method: 'PATCH', url: `/api/staff/users/${id}`, headers: adm.headers, payload: { disabled: true } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/staff/session', headers: { cookie: s.cookie } })).statusCode).toBe(401)
    const again = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'leaver', password: PASSWORD } })
    expect(again.statusCode).toBe(401)
    expect(cookieOf(again.headers['set-cookie'])).toBe('')
  })

  it('keeps the audit log append-only, even for direct SQL', async () => {
    const adm = await signIn(app, 'adm')
    const page = await app.inject({ url: '/api/staff/audit?limit=5', headers: adm.headers })
    expect(page.statusCode).toBe(200)
    const { entries, nextBefore } = page.json() as { entries: { seq: number, action: string }[], nextBefore: number }
    expect(entries).toHaveLength(5)
    expect(entries.map(e => e.action)).toContain('signIn')
    const next = (await app.inject({ url: `/api/staff/audit?limit=5&before=${nextBefore}`, headers: adm.headers })).json() as { entries: { seq: number }[] }
    expect(next.entries[0]!.seq).toBeLessThan(entries.at(-1)!.seq)
    await expect(db.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/)
    await expect(db.query('delete from audit_log')).rejects.toThrow(/append-only/)
    await expect(db.query('truncate audit_log')).rejects.toThrow(/append-only/)
    // No route can change it either.
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const)
      expect((await app.inject({ method, url: '/api/staff/audit', headers: adm.headers })).statusCode).toBe(404)
  })
})
