// Art. 35 through the case API: asking for reasons (the clock keeps running), then a longer
// reasonable reply period that the case, the tracking page and the notice letter show, audited.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { CaseDetail } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, chinaDate } from '~/shared/calendar'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe.each(storageKinds)('art. 35 on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    rev = await signIn(app, 'rev')
  })
  afterAll(() => close())

  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })
  const today = () => chinaDate(Date.now())

  it('asks for reasons, then sets a longer period: due date, overdue flag, tracking page and letter follow', async () => {
    const sub = await submitApplication(app)
    // Received 25 days ago: without Art. 35 the case is past its 20 working days soon or already.
    expect((await act(sub.id, { type: 'register', channel: 'post', receivedOn: addDays(today(), -10) })).statusCode).toBe(200)
    const noReasons = await act(sub.id, { type: 'setReasonablePeriod', dueDate: addDays(today(), 60), reason: '数量大' })
    expect(noReasons.statusCode).toBe(409)
    expect(noReasons.json()).toMatchObject({ error: { code: 'conflict', details: { reason: 'reasonsNotRequested' } } })

    const asked = await act(sub.id, { type: 'requireReasons', text: '请说明申请公开上述信息的用途' })
    expect(asked.statusCode, asked.body).toBe(200)
    const a = asked.json() as CaseDetail
    expect(a.clock.paused).toBe(false)
    const statutory = a.clock.dueDate!
    expect(a.history.at(-1)).toMatchObject({ kind: 'requireReasons', publicStatus: 'reasonsRequested', sent: { text: '请说明申请公开上述信息的用途' } })
    expect(a.history.at(-1)!.letter).toContain('第三十五条')

    const early = await act(sub.id, { type: 'setReasonablePeriod', dueDate: statutory, reason: '数量大' })
    expect(early.statusCode).toBe(400)
    expect(early.json()).toMatchObject({ error: { field: 'dueDate' } })
    const bad = await act(sub.id, { type: 'setReasonablePeriod', dueDate: 'next month', reason: '数量大' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { field: 'dueDate' } })

    const later = addDays(statutory, 45)
    const set = await act(sub.id, { type: 'setReasonablePeriod', dueDate: later, reason: '申请涉及近十年档案，需逐件检索' })
    expect(set.statusCode, set.body).toBe(200)
    const d = set.json() as CaseDetail
    expect(d.clock).toMatchObject({ dueDate: later, overdue: false, reasonablePeriod: { dueDate: later, statutoryDueDate: statutory, applied: true } })
    expect(d.item.dueDate).toBe(later)
    const step = d.history.at(-1)!
    expect(step).toMatchObject({ kind: 'setReasonablePeriod', sent: { dueDate: later, reason: '申请涉及近十年档案，需逐件检索' } })
    expect(step.letter).toContain('延迟答复告知书')
    expect(step.letter).toContain('第三十五条')
    expect(step.letter).not.toContain('*')
    expect((await act(sub.id, { type: 'setReasonablePeriod', dueDate: addDays(later, 5), reason: 'x' })).statusCode).toBe(409)

    // The applicant sees the new date and the reason in plain words.
    const track = (await app.inject(`/api/applications/track/${sub.trackingCode}?token=${sub.statusToken}`)).json() as { dueDate: string, history: { status: string, note?: string }[] }
    expect(track.dueDate).toBe(later)
    expect(track.history.map(h => h.status)).toEqual(expect.arrayContaining(['reasonsRequested', 'reasonablePeriod']))
    expect(track.history.find(h => h.status === 'reasonablePeriod')!.note).toContain('第三十五条')

    // Audited, with the letter's reveal of the real name.
    const { rows } = await db.query<{ action: string }>(`select action from audit_log where target_id = $1 order by seq`, [sub.id])
    expect(rows.map(r => r.action)).toEqual(expect.arrayContaining(['case.requireReasons', 'case.setReasonablePeriod', 'personal.reveal']))
  })
})
