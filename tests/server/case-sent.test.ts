// The case page shows everything the applicant chose and every text sent (issue 18): the case
// carries the chosen delivery, linked catalog entries and fee-waiver note, and its history says
// what a 补正 request asked for and whether an extension was approved, for how many days.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { CaseDetail } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe.each(storageKinds)('what a case sent on %s', (kind) => {
  let app: FastifyInstance
  let close: () => Promise<void>
  let rev: Signed
  let sup: Signed
  beforeAll(async () => {
    let db
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'sup', 'supervisor')
    rev = await signIn(app, 'rev')
    sup = await signIn(app, 'sup')
  })
  afterAll(() => close())

  const act = async (id: string, payload: object, who: Signed = rev) => {
    const res = await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: who.headers, payload })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as CaseDetail
  }

  it('the applicant\'s choices, the 补正 text, the extension asked and its decision', async () => {
    const { id } = await submitApplication(app, { delivery: { form: 'paper', way: 'post' }, feeWaiverNote: '低保户，申请减免。' })
    await act(id, { type: 'register', channel: 'online' })
    await act(id, { type: 'requestAmendment', items: '请写明所需文件的年份和文号。' })
    await act(id, { type: 'amendmentReceived' })
    await act(id, { type: 'requestExtension', workingDays: 10, reason: '需要调取档案。' })
    const c = await act(id, { type: 'decideExtension', approve: true }, sup)
    expect(c.general).toMatchObject({ delivery: { form: 'paper', way: 'post' }, feeWaiverNote: '低保户，申请减免。' })
    expect((c.general.catalogRefs as unknown[]).length).toBe(1)
    const byKind = Object.fromEntries(c.history.map(h => [h.kind, h]))
    expect(byKind.requestAmendment!.sent).toEqual({ items: '请写明所需文件的年份和文号。' })
    expect(byKind.requestExtension!.sent).toEqual({ workingDays: 10, reason: '需要调取档案。' })
    expect(byKind.decideExtension!.sent).toMatchObject({ approve: true, workingDays: 10 })
    expect(byKind.register!.sent).toBeUndefined()
  })
})
