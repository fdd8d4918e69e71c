// The working-day calendar. The State Council announces each year's holidays and make-up working days
// (调休补班) every November, so the calendar is data, not code: a list of year schedules, the bundled
// ones from `chinese-days` plus whatever an operator feeds in. A date in a year no schedule covers
// falls back to Monday–Friday less the statutory holidays known in advance (./statutory: 元旦, 春节,
// 清明, 劳动节, 端午, 中秋, 国庆) and is reported as not covered, so deadlines that depend on it can
// be shown as provisional and recomputed when the year's schedule arrives. The calendar's `version` is a
// hash of its data: a deadline stores the version it was computed with.
import type { DateString } from './date'
import { isDateString, weekday, yearOf } from './date'
import { statutoryHolidays } from './statutory'

/** One year's official schedule as plain data: rest days and make-up working days, each with a name. */
export interface YearSchedule {
  year: number
  /** Official rest days (Mon–Sun) of that year's holidays, date → holiday name. */
  holidays: Readonly<Record<DateString, string>>
  /** Make-up working days (调休补班), usually a Saturday or Sunday, date → holiday name. */
  makeUpWorkdays: Readonly<Record<DateString, string>>
  /** Where the data came from (e.g. '国办发明电〔2026〕X号'); informational. */
  source?: string
}

/** What kind of day a date is. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday'

/** A day as the calendar sees it. */
export interface DayInfo {
  date: DateString
  kind: DayKind
  working: boolean
  /** The holiday a rest or make-up day belongs to. */
  name: string | null
  /** False when no schedule covers the year: the answer is the Mon–Fri fallback. */
  covered: boolean
}

/** The working-day calendar used by the deadline clock. */
export interface WorkCalendar {
  /** Identifies the data: changes whenever any schedule changes. */
  readonly version: string
  /** Years with an official schedule, ascending. */
  readonly coveredYears: readonly number[]
  /** True if the date's year has an official schedule. */
  covers: (date: DateString) => boolean
  /** True if staff work that day (make-up day, or Mon–Fri and not a rest day). */
  isWorkingDay: (date: DateString) => boolean
  /** Kind, name and coverage of a day. */
  describe: (date: DateString) => DayInfo
}

/** A problem found in a year schedule fed in as data. */
export interface ScheduleError {
  field: string
  message: string
  /** The same in Chinese, for the operator's screen. */
  messageZh: string
}

const MIN_YEAR = 1991
const MAX_YEAR = 2200

/**
 * Checks a year schedule given as untrusted data (e.g. an operator's JSON for next year).
 * Dates may fall in the neighbouring years (a New Year break that starts on 31 December).
 */
export function parseYearSchedule(input: unknown): { ok: true, value: YearSchedule } | { ok: false, errors: ScheduleError[] } {
  const errors: ScheduleError[] = []
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, errors: [{ field: '', message: 'expected an object { year, holidays, makeUpWorkdays }', messageZh: '应为 { year, holidays, makeUpWorkdays } 对象' }] }
  const o = input as Record<string, unknown>
  const year = o.year
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    errors.push({ field: 'year', message: `expected an integer year ${MIN_YEAR}–${MAX_YEAR}`, messageZh: `年份应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数` })
  const maps: Record<'holidays' | 'makeUpWorkdays', Record<DateString, string>> = { holidays: {}, makeUpWorkdays: {} }
  for (const key of ['holidays', 'makeUpWorkdays'] as const) {
    const raw = o[key]
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ field: key, message: 'expected an object of date → name', messageZh: '应为“日期 → 节日名称”的对象' })
      continue
    }
    const entries = Object.entries(raw)
    if (entries.length > 366) {
      errors.push({ field: key, message: 'too many dates', messageZh: '日期过多' })
      continue
    }
    for (const [date, name] of entries) {
      if (!isDateString(date)) {
        errors.push({ field: `${key}.${String(date).slice(0, 20)}`, message: 'not a date YYYY-MM-DD', messageZh: '不是有效日期（YYYY-MM-DD）' })
        continue
      }
      if (typeof year === 'number' && Math.abs(yearOf(date) - year) > 1)
        errors.push({ field: `${key}.${date}`, message: `date is not in or next to ${year}`, messageZh: `日期不在 ${year} 年或相邻年份` })
      if (typeof name !== 'string' || name.length > 100)
        errors.push({ field: `${key}.${date}`, message: 'expected a holiday name (string, at most 100 characters)', messageZh: '请填写节日名称（不超过100字）' })
      else
        maps[key][date] = name
    }
  }
  for (const date of Object.keys(maps.makeUpWorkdays)) {
    if (date in maps.holidays)
      errors.push({ field: `makeUpWorkdays.${date}`, message: 'a date cannot be both a rest day and a make-up working day', messageZh: '同一天不能既放假又补班' })
  }
  if (o.source !== undefined && (typeof o.source !== 'string' || o.source.length > 200))
    errors.push({ field: 'source', message: 'expected a string of at most 200 characters', messageZh: '来源不超过200字' })
  if (errors.length > 0)
    return { ok: false, errors }
  return { ok: true, value: { year: year as number, ...maps, ...(typeof o.source === 'string' ? { source: o.source } : {}) } }
}

// FNV-1a, 32 bit: a short, stable fingerprint of the data (not a security hash).
function fnv1a(text: string): string {
  let h = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

function canonical(schedules: readonly YearSchedule[]): string {
  return schedules.map((s) => {
    const h = Object.keys(s.holidays).sort().join(',')
    const w = Object.keys(s.makeUpWorkdays).sort().join(',')
    return `${s.year}|${h}|${w}`
  }).join(';')
}

// Names the fallback for uncovered years (bump when ./statutory changes what it returns).
const FALLBACK_RULE = 'statutory-2024'

/**
 * Builds a calendar from year schedules. A later schedule for the same year replaces an earlier one,
 * so an operator can add next year or correct a year by appending to the bundled list.
 */
export function createWorkCalendar(schedules: readonly YearSchedule[]): WorkCalendar {
  const byYear = new Map<number, YearSchedule>()
  for (const s of schedules)
    byYear.set(s.year, s)
  const ordered = [...byYear.values()].sort((a, b) => a.year - b.year)
  const holidays = new Map<DateString, string>()
  const makeUp = new Map<DateString, string>()
  for (const s of ordered) {
    for (const [d, n] of Object.entries(s.holidays)) {
      holidays.set(d, n)
      makeUp.delete(d)
    }
    for (const [d, n] of Object.entries(s.makeUpWorkdays)) {
      makeUp.set(d, n)
      holidays.delete(d)
    }
  }
  const coveredYears = ordered.map(s => s.year)
  const covered = new Set(coveredYears)
  const span = coveredYears.length > 0 ? `${coveredYears[0]}-${coveredYears.at(-1)}` : 'none'
  // The fallback rule is part of the data a provisional date was computed with.
  const version = `cal:${span}:${fnv1a(`${FALLBACK_RULE};${canonical(ordered)}`)}`
  const fallback = new Map<number, Readonly<Record<DateString, string>>>()
  const statutory = (year: number) => {
    let days = fallback.get(year)
    if (!days) {
      days = statutoryHolidays(year)
      fallback.set(year, days)
    }
    return days
  }

  const describe = (date: DateString): DayInfo => {
    const year = yearOf(date)
    const isCovered = covered.has(year)
    const mu = makeUp.get(date)
    if (mu !== undefined)
      return { date, kind: 'makeUpWorkday', working: true, name: mu, covered: isCovered }
    if (!isCovered) {
      const name = statutory(year)[date]
      if (name !== undefined)
        return { date, kind: 'holiday', working: false, name, covered: false }
    }
    const hol = holidays.get(date)
    if (hol !== undefined)
      return { date, kind: 'holiday', working: false, name: hol, covered: isCovered }
    const wd = weekday(date)
    const weekend = wd === 0 || wd === 6
    return { date, kind: weekend ? 'weekend' : 'workday', working: !weekend, name: null, covered: isCovered }
  }
  return {
    version,
    coveredYears,
    covers: date => covered.has(yearOf(date)),
    isWorkingDay: date => describe(date).working,
    describe,
  }
}
