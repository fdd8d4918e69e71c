// The live stream follows its account while it is open (issue 14): an administrator who moves a
// reviewer from agency B to agency A changes what the reviewer's open stream delivers at once, on
// this instance and on any other (the change is NOTIFYed), without a reconnect; an account whose
// sessions end (sign out everywhere, disabled) loses its stream at once, not at the next 20 s
// heartbeat. Before, the stream kept the agencies it was opened with: the moved reviewer went on
// receiving B's new applications and never A's.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replaceUserAgencies } from '~/server/staff/scope/store'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const A = 'stream-a'
const B = 'stream-b'

/** One open stream: its text so far, and a reader that waits (bounded) until a condition holds. */
async function openStream(base: string, who: Signed) {
  const ac = new AbortController()
  const res = await fetch(`${base}/api/staff/stream`, { headers: who.headers, signal: ac.signal })
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  const s = { text: '', ended: false }
  const read = async (until: (t: string) => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms
    while (!until(s.text) && !s.ended) {
      const next = await Promise.race([reader.read(), new Promise<null>(r => setTimeout(r, Math.max(0, deadline - Date.now()), null))])
      if (!next)
        break
      if (next.done)
        s.ended = true
      else
        s.text += new TextDecoder().decode(next.value)
    }
    return until(s.text)
  }
  expect(await read(t => t.includes('"hello"'))).toBe(true)
  return { s, read, close: () => ac.abort() }
}

describe.each(storageKinds)('the live stream follows agency changes on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let admin: Signed, mover: Signed, plat: Signed
  let moverId: string
  let base: string
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await db.query(`insert into catalog_agencies (id, name, org_code) values ($1, '甲局', 'A0001'), ($2, '乙局', 'B0001')`, [A, B])
    await addStaff(db, 'admin', 'admin')
    admin = await signIn(app, 'admin')
    const u = await addStaff(db, 'mover', 'reviewer')
    moverId = u.id
    await replaceUserAgencies(db, u.id, [B])
    mover = await signIn(app, 'mover')
    await addStaff(db, 'plat', 'platform')
    plat = await signIn(app, 'plat')
  })
  afterAll(() => close())

  it('a reviewer moved from B to A gets A\'s new applications and no longer B\'s, on the stream already open', async () => {
    base = await app.listen({ port: 0, host: '127.0.0.1' })
    const [sm, sp] = [await openStream(base, mover), await openStream(base, plat)]
    try {
      const moved = await app.inject({ method: 'PATCH', url: `/api/staff/users/${moverId}`, headers: admin.headers, payload: { agencies: [A] } })
      expect(moved.statusCode, moved.body).toBe(200)
      const b = await submitApplication(app, { agencyId: B })
      // Once the platform account has B's message, the delivery of B is over for every stream.
      expect(await sp.read(t => t.includes(b.id))).toBe(true)
      const a = await submitApplication(app, { agencyId: A })
      // A's message is written after B's would have been: when it is there, B's would be too.
      expect(await sm.read(t => t.includes(a.id))).toBe(true)
      expect(sm.s.text).not.toContain(b.id)
    }
    finally {
      sm.close()
      sp.close()
    }
  })

  it('signing out everywhere ends the account\'s open streams at once', async () => {
    const [first, second] = [await openStream(base, mover), await openStream(base, mover)]
    try {
      const out = await app.inject({ method: 'DELETE', url: '/api/staff/sessions', headers: mover.headers })
      expect(out.statusCode, out.body).toBe(200)
      // Well inside the 20 s heartbeat that would otherwise end them.
      for (const s of [first, second]) {
        await s.read(() => false, 5_000)
        expect(s.s.ended).toBe(true)
      }
    }
    finally {
      first.close()
      second.close()
    }
  })
})
