// The computed lunisolar calendar and the statutory holidays that a year without a published schedule
// skips (全国年节及纪念日放假办法, 2024 revision, in force 2025-01-01; earlier revisions for earlier
// years). Checked against the `chinese-days` package: its lunar table and solar terms for 2004–2050,
// and its official rest days for 2004–2026.
import cd from 'chinese-days'
import { describe, expect, it } from 'vitest'
import { createWorkCalendar, defaultWorkCalendar, lunarToSolar, parseScheduleCsv, scheduleWarnings, solarTermDate, statutoryHolidays } from '~/shared/calendar'

const pad = (n: number) => String(n).padStart(2, '0')
const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('lunar dates and 清明, 2004–2050, against chinese-days', () => {
  it.each(years(2004, 2050))('%i: 春节, 端午, 中秋 and 清明', (y) => {
    for (const [m, d] of [[1, 1], [5, 5], [8, 15]] as const)
      expect(lunarToSolar(y, m, d), `${y} lunar ${m}/${d}`).toBe(cd.getSolarDateFromLunar(`${y}-${pad(m)}-${pad(d)}`).date)
    expect(solarTermDate(y, 15)).toBe(cd.getSolarTermDate(y, 4, 'pure_brightness'))
  })

  it.each([
    // Published dates, for years with a leap month before 端午 or 中秋 (2004 闰二月, 2012 闰四月,
    // 2017 闰六月, 2020 闰四月, 2023 闰二月, 2025 闰六月) and the next years the bundled data lacks.
    [2004, '2004-01-22', '2004-06-22', '2004-09-28'],
    [2012, '2012-01-23', '2012-06-23', '2012-09-30'],
    [2017, '2017-01-28', '2017-05-30', '2017-10-04'],
    [2020, '2020-01-25', '2020-06-25', '2020-10-01'],
    [2023, '2023-01-22', '2023-06-22', '2023-09-29'],
    [2025, '2025-01-29', '2025-05-31', '2025-10-06'],
    [2027, '2027-02-06', '2027-06-09', '2027-09-15'],
    [2028, '2028-01-26', '2028-05-28', '2028-10-03'],
  ])('%i: 春节 %s, 端午 %s, 中秋 %s', (y, spring, dragon, moon) => {
    expect([lunarToSolar(y, 1, 1), lunarToSolar(y, 5, 5), lunarToSolar(y, 8, 15)]).toEqual([spring, dragon, moon])
  })

  it('refuses lunar months it does not place', () => {
    expect(() => lunarToSolar(2027, 11, 1)).toThrow(RangeError)
    expect(() => lunarToSolar(2027, 1, 31)).toThrow(RangeError)
  })
})

describe('statutory holidays (全国年节及纪念日放假办法)', () => {
  const official = defaultWorkCalendar()

  // (The data lists some weekend holidays, e.g. 端午 on Sat 2012-06-23, only as weekends: both are rest.)
  it.each(years(2004, 2026))('%i: every statutory rest day is a rest day in the official schedule', (y) => {
    const working = Object.keys(statutoryHolidays(y)).filter(d => official.isWorkingDay(d))
    expect(working).toEqual([])
  })

  it('2027 under the 2024 revision (Art. 2): 元旦 1, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3', () => {
    expect(statutoryHolidays(2027)).toEqual({
      '2027-01-01': '元旦',
      '2027-02-05': '春节', // 除夕
      '2027-02-06': '春节',
      '2027-02-07': '春节',
      '2027-02-08': '春节',
      '2027-04-05': '清明节',
      '2027-05-01': '劳动节',
      '2027-05-02': '劳动节',
      '2027-06-09': '端午节',
      '2027-09-15': '中秋节',
      '2027-10-01': '国庆节',
      '2027-10-02': '国庆节',
      '2027-10-03': '国庆节',
    })
  })

  it.each([
    [2024, 11, '春节 初一–初三, 劳动节 1 day (2013 revision)'],
    [2025, 13, '春节 除夕–初三, 劳动节 2 days (2024 revision)'],
    [2010, 11, '春节 除夕–初二 (2007 revision)'],
    [2005, 10, '春节, 劳动节 and 国庆 3 days each, no 清明/端午/中秋 (1999 revision)'],
  ])('%i has %i statutory rest days: %s', (y, n) => {
    expect(Object.keys(statutoryHolidays(y))).toHaveLength(n)
  })

  it('a calendar without 2027 data skips them and reports the day as not covered', () => {
    const cal = createWorkCalendar([])
    expect(cal.describe('2027-02-08')).toEqual({ date: '2027-02-08', kind: 'holiday', working: false, name: '春节', covered: false })
    expect(cal.describe('2027-02-09')).toMatchObject({ kind: 'workday', covered: false })
  })
})

describe('year schedules as CSV (docs/law.md) and their plausibility notes', () => {
  it('reads rest and make-up days, header and comments optional', () => {
    const r = parseScheduleCsv('# 2027年部分节假日安排\ndate,type,name\n2027-01-01,休,元旦\n2027-02-07，班，春节\n2027-10-08\tholiday\t国庆节\n', 2027, 'test')
    expect(r).toEqual({ ok: true, value: { year: 2027, source: 'test', holidays: { '2027-01-01': '元旦', '2027-10-08': '国庆节' }, makeUpWorkdays: { '2027-02-07': '春节' } } })
  })

  it.each([
    ['2027-01-01,休,元旦\n2027-01-01,班,元旦', 'csv.line2'],
    ['2027-01-01,off,元旦', 'csv.line1'],
    ['2027-02-30,休,春节', 'holidays.2027-02-30'],
    ['2031-01-01,休,元旦', 'holidays.2031-01-01'],
    ['', 'csv'],
  ])('%j is refused at %s', (csv, field) => {
    const r = parseScheduleCsv(csv, 2027)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({ field, messageZh: expect.any(String) })
  })

  it('warns about statutory weekday rest days left out and weekday make-up days', () => {
    const holidays = statutoryHolidays(2027)
    delete holidays['2027-10-01']
    expect(scheduleWarnings({ year: 2027, holidays, makeUpWorkdays: { '2027-02-10': '春节' } })).toEqual([
      '2027-02-10: a make-up working day on a weekday',
      '2027-10-01 国庆节: a statutory rest day is not listed as a rest day',
    ])
    expect(scheduleWarnings({ year: 2027, holidays: statutoryHolidays(2027), makeUpWorkdays: { '2027-02-20': '春节' } })).toEqual([])
  })
})
