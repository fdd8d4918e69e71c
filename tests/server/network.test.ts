/**
 * Issue 15, a proxy in front and no cheap denial of service, on a real socket:
 * X-Forwarded-For believed only from TRUST_PROXY; half-sent bodies hold no load-shedding slot and
 * time out; staff sign-in keeps reserved capacity; anonymous staff uploads are refused before their
 * body is read; /api/health names no path.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { parseTrustProxy } from '~/server/platform/network'
import { makeSubmission } from '../support/applications'

/** Sends raw bytes, resolves with everything the server wrote before closing the connection. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text))
    let out = ''
    s.on('data', (b) => {
      out += b.toString()
    })
    s.once('error', reject)
    s.once('close', () => resolve(out))
  })
}

const base = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
const port = (app: FastifyInstance) => (app.server.address() as { port: number }).port

describe('network hardening', () => {
  let db: Db
  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' })
    await migrate(db)
  })
  afterAll(() => db.close())

  it('tRUST_PROXY: off by default, addresses / CIDRs / a hop count, and `true` refused', () => {
    expect(parseTrustProxy(undefined)).toBe(false)
    expect(parseTrustProxy('')).toBe(false)
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1'])
    expect(parseTrustProxy('1')).toBe(1)
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/)
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/TRUST_PROXY/)
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/)
  })

  it('without TRUST_PROXY a forged X-Forwarded-For changes nothing: rotating it does not reset the per-address tracking limit', async () => {
    const app = await buildApp({ db, version: 'test', applicationLimits: { trackPerAddress: 3 } })
    try {
      const codes: number[] = []
      for (let i = 0; i < 5; i++)
        codes.push((await app.inject({ url: '/api/applications/track/ABCD-EFGH-JKLM?phone4=1234', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).statusCode)
      expect(codes).toEqual([404, 404, 404, 429, 429])
      // And the audit log records the real peer, not the header.
      await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'nobody', password: 'x' }, headers: { 'x-forwarded-for': '198.51.100.7' } })
      const { rows } = await db.query<{ ip: string }>(`select ip from audit_log where action like 'signIn%' order by seq desc limit 1`)
      expect(rows[0]?.ip).toBe('127.0.0.1')
    }
    finally {
      await app.close()
    }
  })

  it('with TRUST_PROXY naming the proxy, its X-Forwarded-For is the client address (limits, audit)', async () => {
    const app = await buildApp({ db, version: 'test', trustProxy: ['127.0.0.1'], applicationLimits: { trackPerAddress: 3 } })
    try {
      const codes: number[] = []
      for (const ip of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])
        codes.push((await app.inject({ url: '/api/applications/track/ABCD-EFGH-JKLM?phone4=1234', headers: { 'x-forwarded-for': ip } })).statusCode)
      expect(codes).toEqual([404, 404, 404, 404])
      await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username: 'nobody', password: 'x' }, headers: { 'x-forwarded-for': '198.51.100.7' } })
      const { rows } = await db.query<{ ip: string }>(`select ip from audit_log where action like 'signIn%' order by seq desc limit 1`)
      expect(rows[0]?.ip).toBe('198.51.100.7')
    }
    finally {
      await app.close()
    }
  })

  it('requests still sending their body hold no slot; a stalled body gets 408 and the connection closed', async () => {
    const app = await buildApp({ db, version: 'test', loadShed: { maxInFlight: 1 }, timeouts: { bodyMs: 500 } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const stalled = Array.from({ length: 5 }, () => raw(port(app), 'POST /api/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{'))
      // While five bodies trickle in, a complete submission is served, not shed.
      const key = await (await fetch(`${base(app)}/api/keys/applications`)).json()
      const res = await fetch(`${base(app)}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await makeSubmission(key)) })
      expect(res.status).toBe(201)
      // Each stalled request is answered 408 and its connection closed: no socket held for ever.
      for (const out of await Promise.all(stalled))
        expect(out).toMatch(/^HTTP\/1\.1 408/)
    }
    finally {
      await app.close()
    }
  })

  it('staff sign-in keeps reserved capacity while everything else is shed', async () => {
    const app = await buildApp({ db, version: 'test', loadShed: { maxInFlight: 1 } })
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    // A request being worked on (a test route on the real app) fills the one slot.
    app.get('/api/test/hold', async () => {
      await gate
      return { ok: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const held = fetch(`${base(app)}/api/test/hold`)
      await expect.poll(async () => (await fetch(`${base(app)}/api/reports`)).status, { timeout: 20_000, interval: 50 }).toBe(503)
      const signIn = await fetch(`${base(app)}/api/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }) })
      expect(signIn.status).toBe(401)
      release()
      expect((await held).status).toBe(200)
    }
    finally {
      release()
      await app.close()
    }
  })

  it('an anonymous staff upload is refused before its body is read', async () => {
    const app = await buildApp({ db, version: 'test', timeouts: { bodyMs: 60_000 } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      // Headers announce 5 MB, one byte follows: the 401 comes back without waiting for the rest.
      const out = await raw(port(app), `POST /api/staff/reports HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\nx`)
      expect(out).toMatch(/^HTTP\/1\.1 401/)
      expect(out).toMatch(/connection: close/i)
    }
    finally {
      await app.close()
    }
  })

  it('/api/health names the storage kind, never a filesystem path', async () => {
    const app = await buildApp({ db, version: 'test' })
    try {
      const body = (await app.inject('/api/health')).body
      expect(JSON.parse(body)).toMatchObject({ ok: true, storage: 'pglite' })
      expect(body).not.toMatch(/memory:\/\/|\/tmp|storageDescription/)
    }
    finally {
      await app.close()
    }
  })
})
