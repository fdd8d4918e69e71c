// Correction requests (更正申请, 条例 Art. 41) through the API: the citizen submits (idempotent, bad
// fields are 400s naming the field), tracks with the status token; staff of the agency list and
// answer them — corrected, not verified, or not this agency's (transferred to, or naming, the agency
// with power to correct) — each answer with its letter, audited; other agencies' staff see nothing.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replaceUserAgencies } from '~/server/staff/scope/store'
import { correctionRequest } from '../support/corrections'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

const A = 'corr-a'
const B = 'corr-b'

describe.each(storageKinds)('correction requests on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let ra: Signed
  let rb: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await db.query(`insert into catalog_agencies (id, name, org_code, office_phone) values ($1, '甲区民政局', 'CA001', null), ($2, '甲区人力社保局', 'CB001', '010-12345678')`, [A, B])
    await replaceUserAgencies(db, (await addStaff(db, 'ra', 'reviewer')).id, [A])
    await replaceUserAgencies(db, (await addStaff(db, 'rb', 'reviewer')).id, [B])
    ra = await signIn(app, 'ra')
    rb = await signIn(app, 'rb')
  })
  afterAll(() => close())

  const submit = (payload: object) => app.inject({ method: 'POST', url: '/api/corrections', payload })
  const answer = (id: string, payload: object, who = ra) => app.inject({ method: 'POST', url: `/api/staff/corrections/${id}/answer`, headers: who.headers, payload })

  it.each<[string, object, string]>([
    ['Art. 41: which record is inaccurate', { record: '' }, 'record'],
    ['Art. 41: what is correct', { correction: '  ' }, 'correction'],
    ['who they are: a valid ID number', { personal: { name: '张三', idType: 'residentId', idNumber: '110105194912310021', phone: '13800138000' } }, 'personal.idNumber'],
    ['a way to reach them', { personal: { name: '张三', idType: 'residentId', idNumber: '11010519491231002X' } }, 'personal.phone'],
    ['an id the server can keep', { id: 'not-a-uuid' }, 'id'],
  ])('refuses a request without %s (400 naming the field)', async (_, over, field) => {
    const r = await submit(correctionRequest(A, over))
    expect(r.statusCode).toBe(400)
    expect(r.json()).toMatchObject({ error: { field } })
  })

  it('stores a request once, lets the applicant track it, and shows it only to the agency\'s staff', async () => {
    const req = correctionRequest(A)
    const first = await submit(req)
    expect(first.statusCode, first.body).toBe(201)
    const { id, trackingCode, statusToken } = first.json() as { id: string, trackingCode: string, statusToken: string }
    expect((await submit(req)).statusCode).toBe(200)
    expect((await submit({ ...req, correction: '别的内容' })).statusCode).toBe(409)
    expect((await submit(correctionRequest('no-such-agency'))).json()).toMatchObject({ error: { field: 'agencyId' } })

    const { rows } = await db.query<{ p: string }>(`select personal_enc as p from correction_requests where id = $1`, [id])
    expect(rows[0]!.p).not.toContain('11010519491231002X')

    const list = (await app.inject({ url: '/api/staff/corrections', headers: ra.headers })).json() as { items: { id: string, nameMasked: string, status: string }[] }
    expect(list.items.find(i => i.id === id)).toMatchObject({ nameMasked: '张*', status: 'received' })
    expect(((await app.inject({ url: '/api/staff/corrections', headers: rb.headers })).json() as { items: { id: string }[] }).items.map(i => i.id)).not.toContain(id)
    expect((await app.inject({ url: `/api/staff/corrections/${id}`, headers: rb.headers })).statusCode).toBe(404)
    expect((await answer(id, { outcome: 'corrected' }, rb)).statusCode).toBe(404)

    const tracked = await app.inject(`/api/corrections/track/${trackingCode}?token=${statusToken}`)
    expect(tracked.json()).toMatchObject({ status: 'received', outcome: null })
    expect((await app.inject(`/api/corrections/track/${trackingCode}?token=wrong`)).statusCode).toBe(404)

    const done = await answer(id, { outcome: 'corrected' })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ status: 'answered', outcome: 'corrected' })
    const letter = (done.json() as { letter: string }).letter
    expect(letter).toContain('第四十一条')
    expect(letter).toContain('张三：')
    expect(letter).toContain('家庭人口数应为3人')
    expect(letter).toContain('甲区民政局（盖章）')
    expect((await answer(id, { outcome: 'notVerified' })).statusCode).toBe(409)
    expect((await app.inject(`/api/corrections/track/${trackingCode}?token=${statusToken}`)).json()).toMatchObject({ status: 'answered', outcome: 'corrected' })

    const audit = await db.query<{ action: string }>(`select action from audit_log where target_id = $1 order by seq`, [id])
    expect(audit.rows.map(r => r.action)).toEqual(['personal.reveal', 'correction.answer'])
  })

  it('not this agency\'s (Art. 41): names the agency with power to correct, or transfers it there; not verified says so', async () => {
    const mk = async () => ((await submit(correctionRequest(A))).json() as { id: string }).id
    const noRef = await answer(await mk(), { outcome: 'notOurs' })
    expect(noRef.statusCode).toBe(400)
    expect(noRef.json()).toMatchObject({ error: { field: 'referTo' } })
    expect((await answer(await mk(), { outcome: 'notOurs', referTo: A })).json()).toMatchObject({ error: { field: 'referTo' } })
    expect((await answer(await mk(), { outcome: 'corrected', referTo: B })).json()).toMatchObject({ error: { field: 'referTo' } })

    const told = (await answer(await mk(), { outcome: 'notOurs', referTo: B })).json() as { letter: string, referAgencyName: string, transferred: boolean }
    expect(told).toMatchObject({ referAgencyName: '甲区人力社保局', transferred: false })
    expect(told.letter).toContain('请您向有权更正的甲区人力社保局提出')
    expect(told.letter).toContain('010-12345678')
    const sent = (await answer(await mk(), { outcome: 'notOurs', referTo: B, transfer: true })).json() as { letter: string, transferred: boolean }
    expect(sent.transferred).toBe(true)
    expect(sent.letter).toContain('转送有权更正的甲区人力社保局')
    const nv = (await answer(await mk(), { outcome: 'notVerified', reason: '户籍记录与名单一致' })).json() as { letter: string }
    expect(nv.letter).toContain('不予更正')
    expect(nv.letter).toContain('户籍记录与名单一致')
  })

  it('counts a year\'s requests by outcome for the statistics page, scoped like every figure', async () => {
    const year = Number(new Date().toISOString().slice(0, 4))
    const stats = async (who: Signed, q = '') => (await app.inject({ url: `/api/staff/corrections/statistics?year=${year}${q}`, headers: who.headers }))
    const a = (await stats(ra)).json() as { received: number, byOutcome: Record<string, number>, open: number }
    expect(a.received).toBeGreaterThanOrEqual(7)
    expect(a.byOutcome).toMatchObject({ corrected: 1, notVerified: 1, notOurs: 2 })
    expect(a.received).toBe(a.open + a.byOutcome.corrected! + a.byOutcome.notVerified! + a.byOutcome.notOurs!)
    expect((await stats(rb)).json()).toMatchObject({ received: 0 })
    expect((await stats(rb, `&agencyId=${A}`)).statusCode).toBe(404)
    expect(((await stats(ra, `&agencyId=${A}`)).json() as { received: number }).received).toBe(a.received)
  })
})
