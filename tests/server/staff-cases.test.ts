import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { ServerKeys } from '~/server/platform/keys'
import type { CaseDetail, QueueResponse } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe.each(storageKinds)('case work on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let keys: ServerKeys
  let rev: Signed
  let sup: Signed
  let adm: Signed
  beforeAll(async () => {
    ({ app, db, keys, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'sup', 'supervisor')
    await addStaff(db, 'adm', 'admin')
    rev = await signIn(app, 'rev')
    sup = await signIn(app, 'sup')
    adm = await signIn(app, 'adm')
  })
  afterAll(() => close())

  const act = (s: Signed, id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: s.headers, payload })

  it('takes a case from receipt to 部分公开, visible step by step to the applicant and in the statistics', async () => {
    const sub = await submitApplication(app)
    const q = (await app.inject({ url: '/api/staff/applications?status=new', headers: rev.headers })).json() as QueueResponse
    const item = q.items.find(i => i.id === sub.id)!
    expect(item).toMatchObject({ status: 'new', nameMasked: expect.not.stringContaining('张三'), channel: 'online' })
    expect(item.workingDaysLeft).toBeGreaterThan(0)

    expect((await act(rev, sub.id, { type: 'answer', outcome: 'partial', letter: 'x' })).statusCode).toBe(409)
    expect((await act(rev, sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    expect((await act(rev, sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(409)
    const asked = (await act(rev, sub.id, { type: 'requestAmendment', items: '请写明具体的项目名称' })).json() as CaseDetail
    expect(asked.item.status).toBe('awaitingAmendment')
    expect(asked.clock.paused).toBe(true)
    expect((await act(rev, sub.id, { type: 'requestAmendment', items: '再补' })).statusCode).toBe(409)
    const amended = (await act(rev, sub.id, { type: 'amendmentReceived', note: '内部：电话确认' })).json() as CaseDetail
    expect(amended.item.status).toBe('open')
    expect(amended.clock.clockStart).toBe(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10))

    // An extension needs a supervisor: the reviewer's request is pending until approved.
    expect((await act(rev, sub.id, { type: 'requestExtension', workingDays: 25, reason: 'x' })).statusCode).toBe(400)
    const req = (await act(rev, sub.id, { type: 'requestExtension', workingDays: 15, reason: '涉及多个档案' })).json() as CaseDetail
    expect(req.pendingExtension).toMatchObject({ workingDays: 15 })
    expect(req.clock.extensionWorkingDays).toBe(0)
    expect((await act(rev, sub.id, { type: 'decideExtension', approve: true })).statusCode).toBe(403)
    const ext = (await act(sup, sub.id, { type: 'decideExtension', approve: true })).json() as CaseDetail
    expect(ext.clock.extensionWorkingDays).toBe(15)
    expect(ext.pendingExtension).toBeNull()
    expect(ext.clock.limitWorkingDays).toBe(35)

    const done = (await act(rev, sub.id, { type: 'answer', outcome: 'partial', letter: '告知书正文' })).json() as CaseDetail
    expect(done.item.status).toBe('answered')
    expect(done.history.find(h => h.kind === 'answer')!.letter).toBe('告知书正文')
    expect((await act(rev, sub.id, { type: 'feeNotice', amountYuan: 10 })).statusCode).toBe(409)

    const track = (await app.inject(`/api/applications/track/${sub.trackingCode}?token=${sub.statusToken}`)).json() as { status: string, history: Record<string, unknown>[] }
    expect(track.status).toBe('answered')
    expect(track.history.map(h => h.status)).toEqual(['submitted', 'received', 'registered', 'amendmentRequested', 'amendmentReceived', 'extended', 'answered'])
    expect(track.history.at(-1)).toMatchObject({ outcome: 'partial' })
    const text = JSON.stringify(track)
    for (const secret of ['rev', 'sup', '内部', '告知书正文'])
      expect(text).not.toContain(secret)

    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
    const stats = (await app.inject({ url: `/api/staff/statistics?year=${year}`, headers: adm.headers })).json() as { requests: { rows: { def: { id: string }, values: Record<string, number> | null }[], check: { ok: boolean } }, figures: Record<string, number> }
    const row = (id: string) => stats.requests.rows.find(r => r.def.id === id)!.values!
    expect(row('partial').natural).toBeGreaterThanOrEqual(1)
    expect(stats.requests.check.ok).toBe(true)
    expect(stats.figures['requests.outcome.partial@natural']).toBe(row('partial').natural)
    const csv = await app.inject({ url: `/api/staff/statistics/csv?year=${year}`, headers: adm.headers })
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    expect(csv.body).toContain('部分公开')
    const pub = await app.inject({ method: 'POST', url: '/api/staff/statistics/publish', headers: adm.headers, payload: { year } })
    expect(pub.statusCode).toBe(200)
    const stored = await db.query<{ value: string }>(`select value::text as value from published_figures where year = $1 and key = 'requests.outcome.partial@natural'`, [year])
    expect(Number(stored.rows[0]!.value)).toBe(row('partial').natural)
  })

  it('answers a year of Infinity (which the schema coercion lets through) or 1e309 in a body with a 400 naming the field', async () => {
    for (const year of ['Infinity', '1e309', '-Infinity']) {
      const res = await app.inject({ url: `/api/staff/statistics?year=${year}`, headers: adm.headers })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error).toMatchObject({ code: 'invalid_field', field: 'year' })
    }
    const res = await app.inject({ method: 'POST', url: '/api/staff/statistics/publish', headers: { ...adm.headers, 'content-type': 'application/json' }, payload: '{"year":1e309}' })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'invalid_field', field: 'year' })
    expect((await app.inject({ url: '/api/staff/statistics?year=2024', headers: adm.headers })).statusCode).toBe(200)
  })

  it('masks personal data until revealed, and audits each reveal and decision', async () => {
    const sub = await submitApplication(app)
    const d = (await app.inject({ url: `/api/staff/applications/${sub.id}`, headers: rev.headers })).json() as CaseDetail
    expect(JSON.stringify(d)).not.toContain('张三')
    // The case carries the clock settings it was computed with: the case page's workflow reads them.
    const put = await app.inject({ method: 'PUT', url: '/api/staff/settings', headers: adm.headers, payload: { amendmentReplyWorkingDays: 20 } })
    expect(put.statusCode).toBe(200)
    const withSettings = (await app.inject({ url: `/api/staff/applications/${sub.id}`, headers: rev.headers })).json() as CaseDetail
    expect(withSettings.settings).toMatchObject({ amendmentReplyWorkingDays: 20 })
    expect(JSON.stringify(d)).not.toContain('13800138000')
    const r = await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/reveal`, headers: rev.headers, payload: { reason: '电话联系' } })
    expect(r.json()).toMatchObject({ personal: { name: '张三', phone: '13800138000' } })
    await act(rev, sub.id, { type: 'register', channel: 'online' })
    const log = (await app.inject({ url: `/api/staff/audit?target=${sub.id}`, headers: adm.headers })).json() as { entries: { action: string, actorUsername: string }[] }
    expect(log.entries.map(e => e.action)).toEqual(['case.register', 'personal.reveal'])
    expect(log.entries[1]!.actorUsername).toBe('rev')
  })

  it('filters the queue and sorts it by working days left', async () => {
    const a = await submitApplication(app)
    await act(rev, a.id, { type: 'register', channel: 'post', receivedOn: new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 10) })
    const overdue = (await app.inject({ url: '/api/staff/applications?overdue=true', headers: rev.headers })).json() as QueueResponse
    expect(overdue.items.map(i => i.id)).toContain(a.id)
    expect(overdue.items.every(i => i.overdue)).toBe(true)
    const post = (await app.inject({ url: '/api/staff/applications?channel=post', headers: rev.headers })).json() as QueueResponse
    // The channel is the receipt channel staff registered, not the device's.
    expect(post.items.map(i => i.id)).toEqual([a.id])
    const all = (await app.inject({ url: '/api/staff/applications?status=active', headers: rev.headers })).json() as QueueResponse
    const left = all.items.filter(i => i.workingDaysLeft !== null).map(i => i.workingDaysLeft!)
    expect(left).toEqual([...left].sort((x, y) => x - y))
    expect(all.items[0]!.id).toBe(a.id)
    const soon = (await app.inject({ url: '/api/staff/applications?dueWithin=0', headers: rev.headers })).json() as QueueResponse
    expect(soon.items.map(i => i.id)).toContain(a.id)
  })

  it('pushes new applications to staff streams on another app instance (LISTEN/NOTIFY)', async () => {
    // Same database, second app instance: what the first commits reaches the second's stream.
    const other = await buildApp({ db, version: 'test', keys })
    const base = await other.listen({ port: 0, host: '127.0.0.1' })
    try {
      const ac = new AbortController()
      const res = await fetch(`${base}/api/staff/stream`, { headers: rev.headers, signal: ac.signal })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
      const reader = res.body!.getReader()
      let text = ''
      const read = async (until: (t: string) => boolean) => {
        while (!until(text)) {
          const { value, done } = await reader.read()
          if (done)
            break
          text += new TextDecoder().decode(value)
        }
      }
      await read(t => t.includes('"hello"'))
      const sub = await submitApplication(app)
      await read(t => t.includes(sub.id))
      expect(text).toContain(`{"type":"application","id":"${sub.id}"}`)
      ac.abort()
    }
    finally {
      await other.close()
    }
  })
})
