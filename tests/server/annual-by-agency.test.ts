/**
 * An annual report draft counts its agency's cases, appeals and fees by directory id (issue 14),
 * so an agency renamed in the directory keeps them; a case with no agency id (registered by name
 * before the directory) counts under the agency whose current name it carries, and never under a
 * second agency.
 */
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
const ID = 'ann-ju'
const OTHER = 'ann-other'
const agency = (name: string) => ({ name, orgCode: 'GK-ANN', level: 'county', region: '测试省测试县' })

interface View { draft: { agency: string, figures: Record<string, number> }, text: string }

describe.each(storageKinds)('annual drafts keyed by agency id on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let adm: Signed
  let rev: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'ann-admin', 'admin')
    await addStaff(db, 'ann-rev', 'reviewer')
    adm = await signIn(app, 'ann-admin')
    rev = await signIn(app, 'ann-rev')
  })
  afterAll(() => close())

  const put = async (id: string, name: string) => expect((await app.inject({ method: 'PUT', url: `/api/admin/agencies/${id}`, headers: adm.headers, payload: agency(name) })).statusCode).toBe(200)
  const act = async (id: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })
    expect(r.statusCode, r.body).toBe(200)
  }
  const draft = async (id = ID) => {
    const r = await app.inject({ method: 'POST', url: '/api/staff/annual', headers: rev.headers, payload: { agencyId: id, year } })
    expect(r.statusCode, r.body).toBeLessThan(300)
    return r.json() as View
  }

  it('a renamed agency\'s draft still counts its cases, appeals and fees; a legacy case counts under the name it carries', async () => {
    await put(ID, '改名前交通局')
    await put(OTHER, '另一个局')
    // Addressed by id: answered, with a fee paid.
    const byId = await submitApplication(app, { agencyId: ID })
    await act(byId.id, { type: 'register', channel: 'online' })
    await act(byId.id, { type: 'feeNotice', amountYuan: 40 })
    await act(byId.id, { type: 'feePaid' })
    await act(byId.id, { type: 'answer', outcome: 'granted', letter: '答复' })
    // No agency id, registered by the agency's name (an application from before the directory).
    const legacy = await submitApplication(app)
    await act(legacy.id, { type: 'register', channel: 'post', agency: '改名前交通局' })
    // Another agency's case, by id, registered with our name as text: it is the other agency's.
    const theirs = await submitApplication(app, { agencyId: OTHER })
    await act(theirs.id, { type: 'register', channel: 'online', agency: '改名前交通局' })
    const appeal = await app.inject({ method: 'POST', url: '/api/staff/appeals', headers: rev.headers, payload: { agency: '改名前交通局', kind: 'reconsideration', filedDate: `${year}-01-15`, result: 'upheld', concludedDate: `${year}-01-20` } })
    expect(appeal.statusCode, appeal.body).toBe(201)

    const before = await draft()
    expect(before.draft.agency).toBe('改名前交通局')
    expect(before.draft.figures).toMatchObject({ 'requests.total': 2, 'requests.outcome.granted': 1, 'requests.carriedForward': 1, 'review.total': 1, 'fees.total': 40 })
    expect((await draft(OTHER)).draft.figures).toMatchObject({ 'requests.total': 1, 'review.total': 0, 'fees.total': 0 })

    await put(ID, '改名后交通局')
    const after = await draft()
    expect(after.draft.agency).toBe('改名后交通局')
    expect(after.text).toContain('改名后交通局')
    // The case addressed by id, its fee and the appeal (linked by id when recorded) stay; the legacy
    // case carries only the old name, so it no longer matches (docs/agencies.md).
    expect(after.draft.figures).toMatchObject({ 'requests.total': 1, 'requests.outcome.granted': 1, 'review.total': 1, 'fees.total': 40 })

    // A legacy case registered under the new name counts again.
    const legacy2 = await submitApplication(app)
    await act(legacy2.id, { type: 'register', channel: 'post', agency: '改名后交通局' })
    expect((await draft()).draft.figures).toMatchObject({ 'requests.total': 2, 'fees.total': 40 })
  })
})
