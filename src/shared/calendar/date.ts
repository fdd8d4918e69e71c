// Calendar dates are plain 'YYYY-MM-DD' strings meaning a day in China (Asia/Shanghai). Arithmetic goes
// through a UTC day number so the host's time zone never leaks in: a server in UTC and a phone in
// Beijing must compute the same deadline. China Standard Time has been UTC+8 without daylight saving
// since 1991, so an instant maps to its China date with a fixed offset and no Intl time-zone data.

/** A day in China as 'YYYY-MM-DD'. */
export type DateString = string

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000

/** True if `value` is a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30). */
export function isDateString(value: unknown): value is DateString {
  if (typeof value !== 'string' || value.length !== 10)
    return false
  const m = DATE_RE.exec(value)
  if (!m)
    return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1)
    return false
  return d <= daysInMonth(y, mo)
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function assertDate(date: DateString): void {
  if (!isDateString(date))
    throw new RangeError(`not a date 'YYYY-MM-DD': ${String(date)}`)
}

/** Days since 1970-01-01 for a date string; throws RangeError on a malformed date. */
export function toDayNumber(date: DateString): number {
  assertDate(date)
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS
}

/** The date string of a day number (inverse of `toDayNumber`). */
export function fromDayNumber(day: number): DateString {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: DateString, days: number): DateString {
  return fromDayNumber(toDayNumber(date) + days)
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: DateString): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday
}

/** The year of a date string. */
export function yearOf(date: DateString): number {
  assertDate(date)
  return Number(date.slice(0, 4))
}

// An instant must carry its offset ('Z' or '+08:00'): a bare local time is ambiguous across devices.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/**
 * True if `value` is an ISO 8601 instant with an explicit offset or 'Z', on a real calendar day
 * (Date.parse rolls '2001-02-30' over to March 2nd instead of refusing it).
 */
export function isInstantString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && INSTANT_RE.test(value) && isDateString(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
}

/**
 * The China date (Asia/Shanghai) of an instant: an ISO string with offset, epoch milliseconds or a Date.
 * A plain 'YYYY-MM-DD' is taken to be a China date already and returned as is.
 */
export function chinaDate(instant: string | number | Date): DateString {
  if (typeof instant === 'string' && isDateString(instant))
    return instant
  let ms: number
  if (typeof instant === 'number')
    ms = instant
  else if (instant instanceof Date)
    ms = instant.getTime()
  else if (isInstantString(instant))
    ms = Date.parse(instant)
  else
    throw new RangeError(`not an instant with offset or a 'YYYY-MM-DD' date: ${String(instant)}`)
  if (!Number.isFinite(ms))
    throw new RangeError('invalid instant')
  return fromDayNumber(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS))
}

/** Compare two date strings (they sort lexically). */
export function compareDates(a: DateString, b: DateString): number {
  return a < b ? -1 : a > b ? 1 : 0
}
