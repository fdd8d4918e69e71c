// The 按件 count of 国办函〔2020〕109号 on the server: one applicant's applications to one agency in
// one calendar month, known by a keyed hash of the ID number (never the plain number), and the fee
// notice counts with it instead of a number staff type.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { CaseDetail } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { perItemYuan } from '~/shared/fees'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

describe.each(storageKinds)('monthly 按件 count on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await db.query(`insert into catalog_agencies (id, name, org_code) values ('fee-a', '甲局', 'FA001'), ('fee-b', '乙局', 'FB001')`)
    await addStaff(db, 'rev', 'reviewer')
    rev = await signIn(app, 'rev')
  })
  afterAll(() => close())

  async function submit(agencyId: string, idNumber: string): Promise<string> {
    const key = (await app.inject('/api/keys/applications')).json()
    const res = await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key, { general: { agencyId }, personal: { idNumber } }) })
    expect(res.statusCode, res.body).toBe(201)
    return (res.json() as { id: string }).id
  }
  const detail = async (id: string) => (await app.inject({ url: `/api/staff/applications/${id}`, headers: rev.headers })).json() as CaseDetail
  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })

  it('109号 按件: counts per applicant and agency, the ID written either way, and prices the notice with the count', async () => {
    const me = SAMPLE_PERSONAL.idNumber // ends in X
    const ids: string[] = []
    for (let i = 0; i < 11; i++)
      ids.push(await submit('fee-a', i % 2 ? me.toLowerCase() : ` ${me} `))
    const otherPerson = await submit('fee-a', '110105198001010016')
    const otherAgency = await submit('fee-b', me)

    expect((await detail(ids[0]!)).feeCount).toMatchObject({ nthInMonth: 1 })
    const eleventh = await detail(ids[10]!)
    expect(eleventh.feeCount).toMatchObject({ nthInMonth: 11, month: expect.stringMatching(/^\d{4}-\d{2}$/) })
    expect((await detail(otherPerson)).feeCount?.nthInMonth).toBe(1)
    expect((await detail(otherAgency)).feeCount?.nthInMonth).toBe(1)

    // The plain number is nowhere outside the sealed personal data.
    const { rows } = await db.query<{ k: string }>(`select applicant_key as k from applications where id = $1`, [ids[0]])
    expect(rows[0]!.k).toBeTruthy()
    expect(rows[0]!.k).not.toContain(me.slice(0, 10))

    const id = ids[10]!
    expect((await act(id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    // Staff typed another count: refused, naming the field and the server's number.
    const wrong = await act(id, { type: 'feeNotice', amountYuan: 100, basis: { method: 'perItem', nthInMonth: 3 } })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({ error: { field: 'basis.nthInMonth' } })
    // No count typed: the server's count prices it (the 11th costs 100 yuan).
    const ok = await act(id, { type: 'feeNotice', amountYuan: perItemYuan(11), basis: { method: 'perItem' } })
    expect(ok.statusCode, ok.body).toBe(200)
    // The first ten are free: no notice.
    expect((await act(ids[0]!, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    const free = await act(ids[0]!, { type: 'feeNotice', amountYuan: 100, basis: { method: 'perItem' } })
    expect(free.statusCode).toBe(400)
    expect(free.json()).toMatchObject({ error: { field: 'basis' } })
  })
})
