import type { YearSchedule } from '~/shared/calendar'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addWorkingDays,
  chinaDate,
  chineseDaysSchedules,
  countWorkingDays,
  createWorkCalendar,
  defaultWorkCalendar,
  isDateString,
  isInstantString,
  parseYearSchedule,
  weekday,
} from '~/shared/calendar'

const cal = defaultWorkCalendar()

// A made-up 2027 schedule in the shape the State Council publishes (NOT the official one, which did not
// exist when this was written): a New Year break on 1 and 4–5 January with Saturday 9 January worked.
const fake2027: YearSchedule = {
  year: 2027,
  source: 'test fixture, not official',
  holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦', '2027-01-05': '元旦' },
  makeUpWorkdays: { '2027-01-09': '元旦' },
}

describe('date strings', () => {
  it.each([
    ['2025-01-20', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-1-20', false],
    ['20250120', false],
    [20250120, false],
    [null, false],
  ])('isDateString(%j) = %s', (value, expected) => {
    expect(isDateString(value)).toBe(expected)
  })

  it.each([
    ['2025-01-20', 1],
    ['2025-01-26', 0],
    ['2025-02-08', 6],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
  ])('weekday(%s) = %i', (date, expected) => {
    expect(weekday(date)).toBe(expected)
  })

  it.each([
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected)
  })

  it.each([
    // 23:30 UTC on the 19th is 07:30 on the 20th in Beijing
    ['2025-01-19T23:30:00Z', '2025-01-20'],
    ['2025-01-19T15:59:59Z', '2025-01-19'],
    ['2025-01-19T16:00:00Z', '2025-01-20'],
    ['2025-01-20T00:10:00+08:00', '2025-01-20'],
    ['2025-01-20T23:59:59.999+08:00', '2025-01-20'],
    ['2025-01-20T08:00:00-05:00', '2025-01-20'],
    ['2025-01-20T12:00:00-05:00', '2025-01-21'],
    ['2025-01-20', '2025-01-20'],
  ])('chinaDate(%s) = %s', (instant, expected) => {
    expect(chinaDate(instant)).toBe(expected)
  })

  it('chinaDate takes epoch milliseconds and Dates', () => {
    expect(chinaDate(Date.UTC(2025, 0, 19, 16))).toBe('2025-01-20')
    expect(chinaDate(new Date('2025-01-19T15:00:00Z'))).toBe('2025-01-19')
  })

  it.each(['2025-01-20T10:00:00', 'yesterday', '2025-01-20T25:00:00Z'])('chinaDate rejects %s (no offset or not a time)', (bad) => {
    expect(isInstantString(bad)).toBe(false)
    expect(() => chinaDate(bad)).toThrow(RangeError)
  })
})

describe('official calendar (chinese-days)', () => {
  it('covers 2004 to 2026 and names its data', () => {
    expect(cal.coveredYears[0]).toBe(2004)
    expect(cal.coveredYears.at(-1)).toBe(2026)
    expect(cal.version).toMatch(/^cal:2004-2026:[0-9a-f]{8}$/)
  })

  it.each([
    // date, kind, working — Spring Festival 2025 and its make-up days
    ['2025-01-20', 'workday', true],
    ['2025-01-25', 'weekend', false],
    ['2025-01-26', 'makeUpWorkday', true],
    ['2025-01-28', 'holiday', false],
    ['2025-02-04', 'holiday', false],
    ['2025-02-05', 'workday', true],
    ['2025-02-08', 'makeUpWorkday', true],
    // Mid-Autumn and National Day 2026: 9-25..27 and 10-01..07 off, Sun 9-20 and Sat 10-10 worked
    ['2026-09-20', 'makeUpWorkday', true],
    ['2026-09-25', 'holiday', false],
    ['2026-09-28', 'workday', true],
    ['2026-10-07', 'holiday', false],
    ['2026-10-10', 'makeUpWorkday', true],
  ])('%s is a %s', (date, kind, working) => {
    const info = cal.describe(date)
    expect(info.kind).toBe(kind)
    expect(info.working).toBe(working)
    expect(cal.isWorkingDay(date)).toBe(working)
    expect(info.covered).toBe(true)
  })

  it.each([
    // 全国年节及纪念日放假办法 Art. 2: 元旦 is a rest day even before the year's schedule is out.
    ['2027-01-01', 'holiday', false],
    ['2027-01-02', 'weekend', false],
    ['2027-01-04', 'workday', true], // a Monday: a bridging day, if any, waits for the notice
    ['2003-10-01', 'holiday', false], // 国庆 under the 1999 revision
    ['2003-10-06', 'workday', true],
  ])('%s outside the data falls back to Mon–Fri less statutory holidays and is not covered', (date, kind, working) => {
    const info = cal.describe(date)
    expect(info).toMatchObject({ kind, working, covered: false })
    expect(cal.covers(date)).toBe(false)
  })

  it('bundled schedules have no date that is both a rest day and a make-up day', () => {
    for (const s of chineseDaysSchedules()) {
      for (const d of Object.keys(s.makeUpWorkdays))
        expect(s.holidays[d]).toBeUndefined()
    }
  })
})

describe('working-day counting', () => {
  it.each([
    // from, n, expected, covered
    ['2025-01-20', 20, '2025-02-21', true],
    ['2025-01-20', 7, '2025-02-05', true],
    ['2026-09-25', 20, '2026-10-29', true],
    ['2025-01-24', 1, '2025-01-26', true], // Friday → the make-up Sunday
    ['2025-01-20', 0, '2025-01-20', true],
    ['2026-12-10', 20, '2027-01-08', false], // crosses into uncovered 2027, skipping 元旦
  ])('addWorkingDays(%s, %i) = %s', (from, n, expected, covered) => {
    expect(addWorkingDays(cal, from, n)).toEqual({ date: expected, covered })
  })

  it.each([
    ['2025-01-20', '2025-02-21', 20],
    ['2025-02-21', '2025-01-20', -20],
    ['2025-01-27', '2025-02-05', 1], // 01-28..02-04 off,
    ['2025-01-20', '2025-01-20', 0],
  ])('countWorkingDays(%s, %s) = %i', (from, to, expected) => {
    expect(countWorkingDays(cal, from, to)).toBe(expected)
  })

  it('skips the days it is told to skip', () => {
    const skipFeb = (d: string) => d >= '2025-02-05' && d <= '2025-02-07'
    expect(addWorkingDays(cal, '2025-01-20', 20, skipFeb).date).toBe('2025-02-26')
    expect(countWorkingDays(cal, '2025-01-20', '2025-02-26', skipFeb)).toBe(20)
  })

  it('rejects negative counts', () => {
    expect(() => addWorkingDays(cal, '2025-01-20', -1)).toThrow(RangeError)
  })
})

describe('feeding next year as data', () => {
  const withFake = defaultWorkCalendar([fake2027])

  it('covers the new year, changes version, keeps the old years', () => {
    expect(withFake.coveredYears.at(-1)).toBe(2027)
    expect(withFake.version).not.toBe(cal.version)
    expect(withFake.version).toMatch(/^cal:2004-2027:/)
    expect(withFake.describe('2025-01-26').kind).toBe('makeUpWorkday')
  })

  it.each([
    ['2027-01-01', false, 'holiday'],
    ['2027-01-04', false, 'holiday'],
    ['2027-01-09', true, 'makeUpWorkday'],
    ['2027-01-06', true, 'workday'],
  ])('%s working=%s (%s)', (date, working, kind) => {
    expect(withFake.describe(date)).toMatchObject({ working, kind, covered: true })
  })

  it('a later schedule for the same year replaces the earlier one', () => {
    const corrected = defaultWorkCalendar([fake2027, { ...fake2027, holidays: {}, makeUpWorkdays: {} }])
    expect(corrected.isWorkingDay('2027-01-04')).toBe(true)
    expect(corrected.version).not.toBe(withFake.version)
  })

  it('the same data gives the same version', () => {
    expect(defaultWorkCalendar([fake2027]).version).toBe(withFake.version)
  })

  it('an empty calendar is pure Mon–Fri and covers nothing', () => {
    const none = createWorkCalendar([])
    expect(none.version).toMatch(/^cal:none:/)
    expect(none.isWorkingDay('2025-01-26')).toBe(false)
    expect(none.covers('2025-01-26')).toBe(false)
  })
})

describe('parseYearSchedule', () => {
  it('accepts a well-formed schedule', () => {
    const r = parseYearSchedule(JSON.parse(JSON.stringify(fake2027)))
    expect(r).toEqual({ ok: true, value: fake2027 })
  })

  it.each([
    [null, ''],
    [[], ''],
    [{ year: '2027', holidays: {}, makeUpWorkdays: {} }, 'year'],
    [{ year: 2027, holidays: [], makeUpWorkdays: {} }, 'holidays'],
    [{ year: 2027, holidays: { '2027-02-30': '春节' }, makeUpWorkdays: {} }, 'holidays.2027-02-30'],
    [{ year: 2027, holidays: { '2030-01-01': '元旦' }, makeUpWorkdays: {} }, 'holidays.2030-01-01'],
    [{ year: 2027, holidays: { '2027-01-01': 1 }, makeUpWorkdays: {} }, 'holidays.2027-01-01'],
    [{ year: 2027, holidays: { '2027-01-09': '元旦' }, makeUpWorkdays: { '2027-01-09': '元旦' } }, 'makeUpWorkdays.2027-01-09'],
  ])('rejects %j at field %j', (input, field) => {
    const r = parseYearSchedule(input)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors.map(e => e.field)).toContain(field)
  })
})

describe('independent of the host time zone', () => {
  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai'])('same answers in %s', (tz) => {
    const saved = process.env.TZ
    process.env.TZ = tz
    try {
      const c = defaultWorkCalendar()
      expect(addWorkingDays(c, '2025-01-20', 20).date).toBe('2025-02-21')
      expect(chinaDate('2025-01-19T16:00:00Z')).toBe('2025-01-20')
      expect(weekday('2025-01-26')).toBe(0)
      expect(c.describe('2025-01-26').kind).toBe('makeUpWorkday')
    }
    finally {
      if (saved === undefined)
        delete process.env.TZ
      else
        process.env.TZ = saved
    }
  })
})

describe('working-day properties', () => {
  const day = fc.integer({ min: 0, max: 365 * 23 }).map(n => addDays('2004-01-01', n))

  it('counting back what was added gives the same number', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 60 }), (from, n) => {
      const to = addWorkingDays(cal, from, n).date
      expect(countWorkingDays(cal, from, to)).toBe(n)
      expect(n === 0 || cal.isWorkingDay(to)).toBe(true)
    }))
  }, 60_000)
})
