// Consultations through the case API (Arts. 32, 34): the request's receipt date is recorded, the
// consultation lapses by itself after 15 working days from it (the case runs again and shows that the
// third party did not reply), a late reply is still recorded, and bad dates are 400s naming the field.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { CaseDetail } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, chinaDate } from '~/shared/calendar'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe.each(storageKinds)('consultations on %s', (kind) => {
  let app: FastifyInstance
  let close: () => Promise<void>
  let rev: Signed
  beforeAll(async () => {
    let db
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    rev = await signIn(app, 'rev')
  })
  afterAll(() => close())

  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })
  const today = () => chinaDate(Date.now())

  it('a third party that never replies: the case resumes on its own and says so (Art. 32)', async () => {
    const { id } = await submitApplication(app)
    const received = addDays(today(), -60)
    expect((await act(id, { type: 'register', channel: 'post', receivedOn: received })).statusCode).toBe(200)
    const bad = await act(id, { type: 'consultationStarted', party: 'thirdParty', at: addDays(received, 3), receivedOn: addDays(received, 1) })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { field: 'receivedOn' } })
    const started = await act(id, { type: 'consultationStarted', party: 'thirdParty', at: addDays(received, 3) })
    expect(started.statusCode, started.body).toBe(200)
    // The receipt, recorded later from the postal return receipt.
    const got = (await act(id, { type: 'consultationReceived', at: addDays(received, 5) })).json() as CaseDetail
    expect(got.clock.consultations[0]).toMatchObject({ receivedOn: addDays(received, 5), state: 'noReply' })
    expect(got.clock.paused).toBe(false)
    expect(got.item.status).toBe('open')
    expect((await act(id, { type: 'consultationReceived', at: today() })).statusCode).toBe(409)

    // A reply after the period is recorded but does not reopen the pause.
    const late = (await act(id, { type: 'consultationEnded' })).json() as CaseDetail
    expect(late.clock.consultations[0]).toMatchObject({ state: 'noReply', repliedOn: today(), endedOn: got.clock.consultations[0]!.replyBy.date })
    expect(late.clock.dueDate).toBe(got.clock.dueDate)
    expect((await act(id, { type: 'consultationEnded' })).statusCode).toBe(409)
  })

  it('another agency consulted today: paused, and its silence will count as consent (Art. 34)', async () => {
    const { id } = await submitApplication(app)
    expect((await act(id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    const d = (await act(id, { type: 'consultationStarted', party: 'agency', receivedOn: today() })).json() as CaseDetail
    expect(d.item.status).toBe('paused')
    expect(d.clock.consultations[0]).toMatchObject({ party: 'agency', state: 'pending', receivedOn: today() })
    expect(d.clock.problems.map(p => p.code)).not.toContain('consultationReceiptUnknown')
  })
})
