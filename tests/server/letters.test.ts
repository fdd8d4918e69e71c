// 告知书 over HTTP: the server drafts the letter with the real name (an audited reveal) and the
// agencies from the directory; it refuses to send one with a 【请填写…】 placeholder or a masked name.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe.each(storageKinds)('reply letters on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  let adm: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
    await addStaff(db, 'lt-rev', 'reviewer')
    await addStaff(db, 'lt-adm', 'admin')
    rev = await signIn(app, 'lt-rev')
    adm = await signIn(app, 'lt-adm')
  })
  afterAll(() => close())

  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })
  const draft = (id: string, payload: object, s: Signed = rev) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/letter`, headers: s.headers, payload })

  it('drafts with the real name, the agency\'s name, seal line and contact, and audits the reveal', async () => {
    const sub = await submitApplication(app, { agencyId: 'hn-jinshi' })
    expect((await act(sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    const res = await draft(sub.id, { outcome: 'notProcessed.duplicate' })
    expect(res.statusCode, res.body).toBe(200)
    const { letter } = res.json() as { letter: string }
    expect(letter).toContain('张三：')
    expect(letter).toContain('津市市人民政府（盖章）')
    expect(letter).toContain('津市市政务公开领导小组办公室，电话：4241600')
    expect(letter).toContain('第三十六条第（六）项')
    const log = (await app.inject({ url: `/api/staff/audit?target=${sub.id}`, headers: adm.headers })).json() as { entries: { action: string, details: { reason?: string } }[] }
    expect(log.entries.find(e => e.action === 'personal.reveal')?.details).toMatchObject({ reason: 'letter' })
  })

  it('art. 36(5): names the responsible agency from the directory; refuses a referral with another outcome', async () => {
    const sub = await submitApplication(app, { agencyId: 'hn-jinshi' })
    await act(sub.id, { type: 'register', channel: 'online' })
    const { letter } = (await draft(sub.id, { outcome: 'unable.notHeld', referTo: 'cq-wansheng' })).json() as { letter: string }
    expect(letter).toContain('第三十六条第（五）项')
    expect(letter).toContain('由重庆市万盛经开区负责公开')
    expect(letter).toContain('85276112')
    expect((await draft(sub.id, { outcome: 'partial', referTo: 'cq-wansheng' })).json()).toMatchObject({ error: { field: 'referTo' } })
    expect((await draft(sub.id, { outcome: 'unable.notHeld', referTo: 'nowhere' })).json()).toMatchObject({ error: { field: 'referTo' } })
    expect((await draft(sub.id, { outcome: 'no.such' })).json()).toMatchObject({ error: { field: 'outcome' } })
  })

  it('refuses to send a letter with a placeholder left or the masked name, naming the field', async () => {
    const sub = await submitApplication(app, { agencyId: 'hn-jinshi' })
    await act(sub.id, { type: 'register', channel: 'online' })
    const { letter } = (await draft(sub.id, { outcome: 'partial' })).json() as { letter: string }
    const left = await act(sub.id, { type: 'answer', outcome: 'partial', letter })
    expect(left.statusCode).toBe(400)
    expect(left.json()).toMatchObject({ error: { code: 'invalid_field', field: 'letter', message: expect.stringContaining('【请填写理由】') } })
    const masked = (await app.inject({ url: `/api/staff/applications/${sub.id}`, headers: rev.headers })).json().masked.name as string
    const wrongName = await act(sub.id, { type: 'answer', outcome: 'partial', letter: letter.replace('【请填写理由】', '涉及商业秘密').replace('张三', masked) })
    expect(wrongName.json()).toMatchObject({ error: { field: 'letter' } })
    const ok = await act(sub.id, { type: 'answer', outcome: 'partial', letter: letter.replace('【请填写理由】', '涉及商业秘密') })
    expect(ok.statusCode, ok.body).toBe(200)
  })

  it('only staff who work cases draft letters', async () => {
    const sub = await submitApplication(app)
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/letter`, payload: { outcome: 'granted' } })).statusCode).toBe(401)
  })
})

describe.each(storageKinds)('fee notices on %s (国办函〔2020〕109号)', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'fee-rev', 'reviewer')
    rev = await signIn(app, 'fee-rev')
  })
  afterAll(() => close())
  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })

  it('takes the computed amount (按量, a reduction with its reason), refuses any other, and records the payment', async () => {
    const sub = await submitApplication(app)
    await act(sub.id, { type: 'register', channel: 'online' })
    const wrong = await act(sub.id, { type: 'feeNotice', amountYuan: 5000, basis: { method: 'perPage', pages: 120 } })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({ error: { field: 'amountYuan', message: expect.stringContaining('1100') } })
    // 按件 with the server's count (one of this file's few applications this month): below the threshold.
    expect((await act(sub.id, { type: 'feeNotice', amountYuan: 100, basis: { method: 'perItem' } })).json()).toMatchObject({ error: { field: 'basis' } })
    const ok = await act(sub.id, { type: 'feeNotice', amountYuan: 600, basis: { method: 'perPage', pages: 120 }, reduction: { yuan: 500, reason: '申请人享受最低生活保障' } })
    expect(ok.statusCode, ok.body).toBe(200)
    const { rows } = await db.query<{ details: { fee: unknown } }>(`select details from case_events where application_id = $1 and kind = 'feeNotice'`, [sub.id])
    expect(rows[0]!.details.fee).toEqual({ basis: { method: 'perPage', pages: 120 }, reduction: { yuan: 500, reason: '申请人享受最低生活保障' } })
    const paid = await act(sub.id, { type: 'feePaid' })
    expect(paid.json().history.map((h: { kind: string }) => h.kind)).toContain('feePaid')
  })
})
