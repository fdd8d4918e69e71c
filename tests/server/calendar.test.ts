// The calendar as operated data (issue 17): an admin loads a year's schedule as JSON or CSV; it is
// validated (400 naming the field), versioned, audited, and every open case's applicant-visible due
// date is recomputed in the same transaction, so a provisional date becomes firm.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { YearSchedule } from '~/shared/calendar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, chinaDate, defaultWorkCalendar, statutoryHolidays, yearOf } from '~/shared/calendar'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe.each(storageKinds)('calendar years on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  let sup: Signed
  let adm: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'sup', 'supervisor')
    await addStaff(db, 'adm', 'admin')
    rev = await signIn(app, 'rev')
    sup = await signIn(app, 'sup')
    adm = await signIn(app, 'adm')
  })
  afterAll(() => close())

  const act = (s: Signed, id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: s.headers, payload })
  const load = (payload: object, s: Signed = adm) => app.inject({ method: 'POST', url: '/api/staff/calendar/years', headers: s.headers, payload })
  const track = async (sub: { trackingCode: string, statusToken: string }) =>
    (await app.inject(`/api/applications/track/${sub.trackingCode}?token=${sub.statusToken}`)).json() as { dueDate: string, dueDateProvisional: boolean }

  it('refuses bad schedules with the field named, and non-admins', async () => {
    const bad: [object, string][] = [
      [{ schedule: { year: 2199, holidays: { '2199-02-30': '春节' }, makeUpWorkdays: {} } }, 'schedule.holidays.2199-02-30'],
      [{ schedule: { year: 1800, holidays: {}, makeUpWorkdays: {} } }, 'schedule.year'],
      [{ schedule: { year: 2199, holidays: { '2199-01-01': '元旦' }, makeUpWorkdays: { '2199-01-01': '元旦' } } }, 'schedule.makeUpWorkdays.2199-01-01'],
      [{ year: 2199, csv: 'date,type,name\n2199-01-01,休,元旦\n2199-01-03,maybe,元旦' }, 'csv.line3'],
      [{ year: 2199, csv: '2199-01-01,休,' }, 'csv.line1'],
      [{ year: 2199, csv: '# nothing' }, 'csv'],
      [{ csv: '2199-01-01,休,元旦' }, 'year'],
      [{}, 'schedule'],
    ]
    for (const [payload, field] of bad) {
      const r = await load(payload)
      expect(r.statusCode, r.body).toBe(400)
      expect(r.json()).toMatchObject({ error: { code: 'invalid_field', field } })
    }
    expect((await load({ year: 2199, csv: '2199-01-01,休,元旦' }, rev)).statusCode).toBe(403)
    expect((await app.inject({ method: 'POST', url: '/api/staff/calendar/years', payload: { year: 2199, csv: '2199-01-01,休,元旦' } })).statusCode).toBe(401)
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from calendar_years')
    expect(rows[0]!.n).toBe(0)
  })

  it('a provisional due date becomes firm on the tracking page when its year is loaded', async () => {
    // Received today with the longest extension (Art. 33: 20 + 20 working days): from December 2026
    // on, the due date falls in a year the bundled data does not cover.
    const sub = await submitApplication(app)
    expect((await act(rev, sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    expect((await act(rev, sub.id, { type: 'requestExtension', workingDays: 20, reason: '需调取多年档案' })).statusCode).toBe(200)
    expect((await act(sup, sub.id, { type: 'decideExtension', approve: true })).statusCode).toBe(200)
    const before = await track(sub)
    expect(before.dueDateProvisional).toBe(true)

    // Load every uncovered year from today to the due date: the statutory days, plus (made up, not
    // official) the old due date itself as a bridging rest day, which must move the date by one.
    const dueYear = yearOf(before.dueDate)
    const today = chinaDate(Date.now())
    let result: { version: number, recomputed: number, calendarVersion: string } | null = null
    for (let y = yearOf(today); y <= dueYear; y++) {
      if (defaultWorkCalendar().covers(`${y}-06-01`))
        continue
      const holidays: Record<string, string> = { ...statutoryHolidays(y) }
      if (y === dueYear)
        holidays[before.dueDate] = '测试调休（非官方）'
      const r = await load(y === dueYear
        ? { year: y, csv: ['date,type,name', ...Object.entries(holidays).map(([d, n]) => `${d},休,${n}`)].join('\n'), source: 'test, not official' }
        : { schedule: { year: y, holidays, makeUpWorkdays: {}, source: 'test, not official' } })
      expect(r.statusCode, r.body).toBe(201)
      result = r.json()
    }
    expect(result).toMatchObject({ version: 1 })
    expect(result!.recomputed).toBeGreaterThanOrEqual(1)

    const after = await track(sub)
    expect(after.dueDateProvisional).toBe(false)
    let next = addDays(before.dueDate, 1)
    while ([0, 6].includes(new Date(`${next}T00:00:00Z`).getUTCDay()) || statutoryHolidays(dueYear)[next])
      next = addDays(next, 1)
    expect(after.dueDate).toBe(next)

    // Staff see the same, with the calendar in force named.
    const detail = (await app.inject({ url: `/api/staff/applications/${sub.id}`, headers: rev.headers })).json() as { clock: { dueDate: string, dueDateProvisional: boolean, calendarVersion: string } }
    expect(detail.clock).toMatchObject({ dueDate: next, dueDateProvisional: false, calendarVersion: result!.calendarVersion })
    const cal = (await app.inject({ url: '/api/staff/calendar', headers: rev.headers })).json() as { calendarVersion: string, coveredYears: number[], loaded: { year: number, version: number, loadedBy: string }[] }
    expect(cal.coveredYears).toContain(dueYear)
    expect(cal.loaded.find(l => l.year === dueYear)).toMatchObject({ version: 1, loadedBy: 'adm' })

    // Audited, with what it did.
    const audit = (await app.inject({ url: '/api/staff/audit?action=calendar.load', headers: adm.headers })).json() as { entries: { targetId: string, details: Record<string, unknown> }[] }
    expect(audit.entries.find(e => e.targetId === String(dueYear))?.details).toMatchObject({ version: 1, source: 'test, not official' })
  })

  it('versions a year: the same schedule again is a 200 no-op, a corrected one is version 2', async () => {
    const s: YearSchedule = { year: 2198, holidays: { '2198-01-01': '元旦' }, makeUpWorkdays: {} }
    const first = await load({ schedule: s })
    expect(first.statusCode).toBe(201)
    const again = await load({ schedule: s })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ version: 1, unchanged: true })
    const corrected = await load({ schedule: { ...s, holidays: { ...s.holidays, '2198-01-02': '元旦' } } })
    expect(corrected.json()).toMatchObject({ version: 2, unchanged: false })
    // Most statutory days of 2198 are missing: the answer says so (plausibility, not an error).
    expect((corrected.json() as { warnings: string[] }).warnings.some(w => w.includes('春节'))).toBe(true)
    const { rows } = await db.query<{ version: number }>('select version from calendar_years where year = 2198 order by version')
    expect(rows.map(r => r.version)).toEqual([1, 2])
    // Versions are history: the table refuses changes.
    await expect(db.query('update calendar_years set source = $1 where year = 2198', ['x'])).rejects.toThrow(/append-only/)
  })
})
