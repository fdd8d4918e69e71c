/** The agency directory over HTTP: the seeded agencies and their reports, admin edits, CSV import with row errors, pull sync. */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { Agency } from '~/shared/agencies/types'
import type { ChangesPage } from '~/shared/sync/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAll } from '~/server/platform/seed'
import { makeSubmission } from '../support/applications'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

const SEED_REPORT_AGENCIES: Record<string, string> = {
  '000_082e8fa0d6cdabd7': 'sy-zwfw',
  '001_c90ab1b8189ec696': 'hrb-daowai',
  '002_c007d34cebec33e3': 'cq-wansheng',
  '003_e8261f9189d0613a': 'hn-jinshi',
  '004_fae7fcf290bdd398': 'ah-suzhou',
}

/** A valid agency body for PUT (the id comes from the URL). */
const body = (over: Record<string, unknown> = {}) => ({ name: '测试市财政局', orgCode: 'GK-TEST-CZJ', level: 'municipal', region: '测试省测试市', officePhone: '0000-1234567', ...over })

describe.each(storageKinds)('agency directory on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let admin: Record<string, string>
  let reviewer: Record<string, string>
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
    await addStaff(db, 'ag-admin', 'admin')
    await addStaff(db, 'ag-reviewer', 'reviewer')
    admin = (await signIn(app, 'ag-admin')).headers
    reviewer = (await signIn(app, 'ag-reviewer')).headers
  })
  afterAll(() => close())

  const directory = async () => (await app.inject('/api/agencies')).json() as { agencies: Agency[] }

  it('lists the seed agencies with level, region, parent and a guide', async () => {
    const res = await app.inject('/api/agencies')
    expect(res.statusCode).toBe(200)
    const { agencies } = res.json() as { agencies: Agency[] }
    expect(agencies.map(a => a.id)).toEqual(expect.arrayContaining(Object.values(SEED_REPORT_AGENCIES)))
    const daowai = agencies.find(a => a.id === 'hrb-daowai')!
    expect(daowai).toMatchObject({ name: '哈尔滨市道外区人民政府', level: 'county', region: '黑龙江省哈尔滨市道外区', parentId: 'hrb-gov', active: true })
    // No guide entered: the standard one, naming the agency and the statutory limits.
    expect(daowai.guide).toContain('哈尔滨市道外区人民政府')
    expect(daowai.guide).toContain('20个工作日')
    const wansheng = agencies.find(a => a.id === 'cq-wansheng')!
    expect(wansheng.officePhone).toBe('85276112')
    expect(wansheng.guide).toContain('85276112')
    expect((await app.inject('/api/agencies/hn-jinshi')).json()).toMatchObject({ id: 'hn-jinshi', officeName: '津市市政务公开领导小组办公室' })
    expect((await app.inject('/api/agencies/nope')).statusCode).toBe(404)
    const bad = await app.inject('/api/agencies/%20bad%20')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_field', field: 'id' } })
  })

  it('links each seed report to its agency, in the API and in what devices pull', async () => {
    for (const [report, agency] of Object.entries(SEED_REPORT_AGENCIES))
      expect((await app.inject(`/api/reports/${report}`)).json(), report).toMatchObject({ agencyId: agency })
    const page = (await app.inject('/api/sync/changes?since=0&limit=2000')).json() as ChangesPage
    const pulled = new Map(page.changes.flatMap(c => c.op === 'put' ? [[`${c.entity}:${c.value.id}`, c.value]] : []))
    expect(pulled.get('report:003_e8261f9189d0613a')).toMatchObject({ agencyId: 'hn-jinshi' })
    expect(pulled.get('catalogAgency:hrb-daowai')).toMatchObject({ level: 'county', parentId: 'hrb-gov', region: '黑龙江省哈尔滨市道外区' })
  })

  it('seeding again keeps an administrator\'s edits', async () => {
    const edited = await app.inject({ method: 'PUT', url: '/api/admin/agencies/hn-jinshi', headers: admin, payload: { ...(await directory()).agencies.find(a => a.id === 'hn-jinshi')!, guide: '本机关自己的指南。', officeHours: '工作日 9:00-17:00' } })
    expect(edited.statusCode, edited.body).toBe(200)
    await seedAll(db)
    expect((await app.inject('/api/agencies/hn-jinshi')).json()).toMatchObject({ guide: '本机关自己的指南。', officeHours: '工作日 9:00-17:00', region: '湖南省常德市津市市' })
  })

  it('admin creates and edits an agency; devices pull the change', async () => {
    const before = (await app.inject('/api/sync/changes?since=0&limit=2000')).json() as ChangesPage
    const res = await app.inject({ method: 'PUT', url: '/api/admin/agencies/test-czj', headers: admin, payload: body({ parentId: 'hrb-gov', shortName: '市财政局', creditCode: '91350100M000100Y43' }) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ id: 'test-czj', level: 'municipal', parentId: 'hrb-gov', creditCode: '91350100M000100Y43', active: true })
    const off = await app.inject({ method: 'PUT', url: '/api/admin/agencies/test-czj', headers: admin, payload: body({ active: false }) })
    expect(off.json()).toMatchObject({ active: false, parentId: null })
    const after = (await app.inject(`/api/sync/changes?since=${before.cursor}&limit=2000`)).json() as ChangesPage
    expect(after.changes).toEqual([expect.objectContaining({ op: 'put', entity: 'catalogAgency', value: expect.objectContaining({ id: 'test-czj', active: false }) })])
  })

  it('refuses bad agencies with a 400 naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [body({ name: '' }), 'name'],
      [body({ level: 'galactic' }), 'level'],
      [body({ region: undefined }), 'region'],
      [body({ orgCode: '有 空格' }), 'orgCode'],
      [body({ creditCode: '91350100M000100Y44' }), 'creditCode'],
      [body({ parentId: 'no-such-agency' }), 'parentId'],
      [body({ parentId: 'test-new' }), 'parentId'],
      [body({ active: 'maybe' }), 'active'],
      [body({ guide: 'x'.repeat(20_001) }), 'guide'],
    ]
    for (const [payload, field] of cases) {
      const res = await app.inject({ method: 'PUT', url: '/api/admin/agencies/test-new', headers: admin, payload })
      expect(res.statusCode, field).toBe(400)
      expect(res.json(), field).toMatchObject({ error: { code: 'invalid_field', field, message: expect.any(String) } })
    }
    expect((await app.inject('/api/agencies/test-new')).statusCode).toBe(404)
    // A parent that would make a cycle: hrb-gov under its own child.
    const loop = await app.inject({ method: 'PUT', url: '/api/admin/agencies/hrb-gov', headers: admin, payload: body({ name: '哈尔滨市人民政府', parentId: 'hrb-daowai' }) })
    expect(loop.statusCode).toBe(400)
    expect(loop.json()).toMatchObject({ error: { field: 'parentId' } })
  })

  it('only admins write: anonymous 401, reviewer 403, missing CSRF token 403', async () => {
    const url = '/api/admin/agencies/test-guard'
    expect((await app.inject({ method: 'PUT', url, payload: body() })).statusCode).toBe(401)
    expect((await app.inject({ method: 'PUT', url, headers: reviewer, payload: body() })).json()).toMatchObject({ error: { code: 'forbidden' } })
    const noToken = await app.inject({ method: 'PUT', url, headers: { cookie: admin.cookie! }, payload: body() })
    expect(noToken.json()).toMatchObject({ error: { code: 'csrf' } })
    expect((await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: { 'content-type': 'text/csv' }, payload: 'a,b\n1,2' })).statusCode).toBe(401)
    expect((await app.inject('/api/agencies/test-guard')).statusCode).toBe(404)
  })

  it('imports a CSV with Chinese headers: good rows stored, bad rows reported by line and field', async () => {
    const csv = [
      '编号,机构名称,简称,机构代码,层级,所在地区,上级机构编号,办公地址,联系电话,办公时间,是否启用',
      'csv-jyj,测试市教育局,教育局,GK-CSV-JYJ,市级,测试省测试市,csv-gov,"测试市人民路1号,3楼",0000-1111111,工作日,是',
      'csv-gov,测试市人民政府,,GK-CSV-GOV,市级,测试省测试市,,,,,',
      'csv-bad,,,GK-CSV-BAD,市级,测试省测试市,,,,,',
      'csv-lvl,测试市某局,,GK-CSV-LVL,星级,测试省测试市,,,,,',
      'csv-gov,重复的编号,,GK-CSV-DUP,市级,测试省测试市,,,,,',
      'csv-orphan,测试市孤儿局,,GK-CSV-ORP,市级,测试省测试市,csv-nowhere,,,,否',
    ].join('\r\n')
    const res = await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv })
    expect(res.statusCode, res.body).toBe(200)
    const report = res.json() as { imported: number, errors: { row: number, field: string }[] }
    // csv-jyj names a parent that comes on the next line: that is an error (parents first), not a silent drop.
    expect(report.errors.map(e => [e.row, e.field])).toEqual([[2, 'parentId'], [4, 'name'], [5, 'level'], [6, 'id'], [7, 'parentId']])
    expect(report).toMatchObject({ imported: 1, created: ['csv-gov'], updated: [] })
    expect((await app.inject('/api/agencies/csv-gov')).json()).toMatchObject({ name: '测试市人民政府', level: 'municipal', shortName: null })

    const again = await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv.split('\r\n').slice(0, 2).join('\n') })
    expect(again.json()).toMatchObject({ imported: 1, created: ['csv-jyj'], updated: [], errors: [] })
    expect((await app.inject('/api/agencies/csv-jyj')).json()).toMatchObject({ parentId: 'csv-gov', officeAddress: '测试市人民路1号,3楼', active: true })

    const empty = await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: '编号,机构名称\n' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json()).toMatchObject({ error: { field: 'body' } })
    const json = await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: admin, payload: [{ id: 'json-a', name: 'JSON 机构', orgCode: 'GK-J', level: 'county', region: '测试县' }, { id: 'csv-gov', name: '测试市人民政府（改名）', orgCode: 'GK-CSV-GOV', level: 'municipal', region: '测试省测试市' }] })
    expect(json.json()).toMatchObject({ imported: 2, created: ['json-a'], updated: ['csv-gov'], errors: [] })
    const notArray = await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: admin, payload: { id: 'x' } })
    expect(notArray.statusCode).toBe(400)
  })

  it('audits every save and every import, in the same transaction; admins read the stored directory', async () => {
    const auditOf = async (action: string) => (await db.query<{ actor_username: string, target_id: string | null, details: Record<string, unknown> }>(
      'select actor_username, target_id, details from audit_log where action = $1 order by seq desc limit 1',
      [action],
    )).rows[0]
    const made = await app.inject({ method: 'PUT', url: '/api/admin/agencies/audit-ju', headers: admin, payload: body({ name: '测试市审计局' }) })
    expect(made.statusCode).toBe(200)
    expect(await auditOf('agency.save')).toMatchObject({ actor_username: 'ag-admin', target_id: 'audit-ju', details: { name: '测试市审计局', created: true, active: true } })
    await app.inject({ method: 'PUT', url: '/api/admin/agencies/audit-ju', headers: admin, payload: body({ name: '测试市审计局', active: false }) })
    expect(await auditOf('agency.save')).toMatchObject({ details: { created: false, active: false } })
    // A refused save writes no entry.
    const n = async () => (await db.query<{ n: number }>(`select count(*)::int as n from audit_log where action like 'agency.%'`)).rows[0]!.n
    const count = await n()
    expect((await app.inject({ method: 'PUT', url: '/api/admin/agencies/audit-ju', headers: admin, payload: body({ name: '' }) })).statusCode).toBe(400)
    expect(await n()).toBe(count)
    // An import is one entry: rows read, stored and refused (a file with every row refused is recorded too).
    const csv = '编号,机构名称,机构代码,层级,所在地区\naudit-a,测试甲局,GK-AA,市级,测试市\naudit-b,,GK-AB,市级,测试市\n'
    await app.inject({ method: 'POST', url: '/api/admin/agencies/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv })
    expect(await auditOf('agency.import')).toMatchObject({ actor_username: 'ag-admin', details: { rows: 2, imported: 1, rejected: 1, ids: ['audit-a'] } })

    // The admin list keeps an empty guide empty (the form must not save the standard text as the agency's own).
    const stored = await app.inject({ url: '/api/admin/agencies', headers: admin })
    expect(stored.statusCode).toBe(200)
    const ju = (stored.json() as { agencies: Agency[] }).agencies.find(a => a.id === 'audit-ju')!
    expect(ju).toMatchObject({ guide: '', active: false })
    expect((await app.inject({ url: '/api/admin/agencies', headers: reviewer })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/admin/agencies' })).statusCode).toBe(401)
  })

  it('an uploaded report naming an agency by its short name is linked when the agency is saved', async () => {
    await db.query(`insert into reports (id, title, agency, year, body) values ('r-short', '测试年报', '短名局', 2024, '正文')`)
    expect((await app.inject('/api/reports/r-short')).json()).toMatchObject({ agencyId: null })
    await app.inject({ method: 'PUT', url: '/api/admin/agencies/short-ju', headers: admin, payload: body({ name: '测试市短名局', shortName: '短名局' }) })
    expect((await app.inject('/api/reports/r-short')).json()).toMatchObject({ agencyId: 'short-ju' })
  })

  describe('applications are addressed to an agency', () => {
    async function submit(general: Record<string, unknown>) {
      const key = (await app.inject('/api/keys/applications')).json()
      return app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key, { general }) })
    }

    it('stores the agency, and the receipt and the tracking page name it', async () => {
      const res = await submit({ agencyId: 'hn-jinshi' })
      expect(res.statusCode, res.body).toBe(201)
      const receipt = res.json() as { id: string, trackingCode: string, statusToken: string }
      expect(receipt).toMatchObject({ agency: { id: 'hn-jinshi', name: '津市市人民政府' } })
      expect((await db.query<{ agency_id: string }>('select agency_id from applications where id = $1', [receipt.id])).rows[0]!.agency_id).toBe('hn-jinshi')
      const track = await app.inject(`/api/applications/track/${receipt.trackingCode}?token=${receipt.statusToken}`)
      expect(track.json()).toMatchObject({ agency: { id: 'hn-jinshi', name: '津市市人民政府' } })
    })

    it('refuses an unknown, inactive or malformed agency with a 422 naming general.agencyId, storing nothing', async () => {
      const before = (await db.query<{ n: number }>('select count(*)::int as n from applications')).rows[0]!.n
      await app.inject({ method: 'PUT', url: '/api/admin/agencies/closed-ju', headers: admin, payload: body({ name: '已撤销的局', active: false }) })
      for (const agencyId of ['no-such-agency', 'closed-ju', '坏的编号', 42]) {
        const res = await submit({ agencyId })
        expect(res.statusCode, String(agencyId)).toBe(422)
        expect(res.json(), String(agencyId)).toMatchObject({ error: { field: 'general.agencyId', message: expect.any(String) } })
      }
      expect((await db.query<{ n: number }>('select count(*)::int as n from applications')).rows[0]!.n).toBe(before)
    })

    it('accepts an application queued before the directory (no agency) and records none', async () => {
      const res = await submit({})
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json()).toMatchObject({ agency: null })
    })

    it('art. 36(5): a 本机关不掌握 answer names the agency that holds it; the applicant re-addresses in one step', async () => {
      await addStaff(db, 'ag-reviewer-2', 'reviewer')
      const rev = (await signIn(app, 'ag-reviewer-2')).headers
      const act = (id: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev, payload })
      const first = (await submit({ agencyId: 'hn-jinshi' })).json() as { id: string, trackingCode: string, statusToken: string }
      expect((await act(first.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)

      // Only with 本机关不掌握, and only an active agency of the directory.
      const wrongOutcome = await act(first.id, { type: 'answer', outcome: 'partial', letter: '告知书', referTo: 'cq-wansheng' })
      expect(wrongOutcome.json()).toMatchObject({ error: { field: 'referTo' } })
      const unknown = await act(first.id, { type: 'answer', outcome: 'unable.notHeld', letter: '告知书', referTo: 'no-such-agency' })
      expect(unknown.json()).toMatchObject({ error: { field: 'referTo' } })
      expect((await act(first.id, { type: 'answer', outcome: 'unable.notHeld', letter: '经检索，本机关不掌握该信息。', referTo: 'cq-wansheng' })).statusCode).toBe(200)

      const track = (await app.inject(`/api/applications/track/${first.trackingCode}?token=${first.statusToken}`)).json()
      expect(track).toMatchObject({ id: first.id, status: 'answered', referredTo: { id: 'cq-wansheng', name: '重庆市万盛经开区' } })
      expect(track.history.at(-1)).toMatchObject({ status: 'answered', outcome: 'unable.notHeld', note: expect.stringContaining('重庆市万盛经开区') })

      // The new application is its own: addressed to the named agency, linked, with its own receipt.
      const again = await submit({ agencyId: 'cq-wansheng', redirectedFrom: first.id })
      expect(again.statusCode, again.body).toBe(201)
      const second = again.json() as { id: string, agency: unknown, receivedOn: string }
      expect(second.id).not.toBe(first.id)
      expect(second.agency).toEqual({ id: 'cq-wansheng', name: '重庆市万盛经开区' })
      const row = (await db.query<{ agency_id: string, general: { redirectedFrom: string } }>('select agency_id, general from applications where id = $1', [second.id])).rows[0]!
      expect(row).toMatchObject({ agency_id: 'cq-wansheng', general: { redirectedFrom: first.id } })
    })
  })
})
