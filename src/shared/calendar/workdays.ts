// Counting working days. The statutory limits count working days after a start date (the day of
// receipt is not counted unless a setting says so); `skip` lets the clock leave out paused days.
import type { WorkCalendar } from './calendar'
import type { DateString } from './date'
import { addDays, compareDates } from './date'

/** Where a count of working days landed, and whether every day it crossed had official data. */
export interface WorkdayResult {
  date: DateString
  /** False if any day crossed lies in a year the calendar does not cover: treat the date as provisional. */
  covered: boolean
}

// Holidays never exceed a few weeks, so ten calendar days per working day is a generous bound.
const MAX_SPAN_PER_DAY = 10

/**
 * The `n`-th working day after `from` (exclusive), ignoring days for which `skip` is true.
 * With `n` = 0 it returns `from` itself.
 */
export function addWorkingDays(cal: WorkCalendar, from: DateString, n: number, skip?: (date: DateString) => boolean): WorkdayResult {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a non-negative integer, got ${n}`)
  // Only the days crossed matter: `from` itself is not counted.
  let covered = true
  let date = from
  let counted = 0
  const limit = (n + 1) * MAX_SPAN_PER_DAY + 400
  for (let step = 0; counted < n; step++) {
    if (step > limit)
      throw new RangeError('working-day count did not terminate: is every day a rest day?')
    date = addDays(date, 1)
    if (!cal.covers(date))
      covered = false
    if (cal.isWorkingDay(date) && !(skip?.(date) ?? false))
      counted++
  }
  return { date, covered }
}

/**
 * Working days in the interval (from, to], ignoring days for which `skip` is true;
 * negative when `to` is before `from` (the days in (to, from]).
 */
export function countWorkingDays(cal: WorkCalendar, from: DateString, to: DateString, skip?: (date: DateString) => boolean): number {
  const sign = compareDates(to, from)
  if (sign === 0)
    return 0
  const [lo, hi] = sign > 0 ? [from, to] : [to, from]
  let n = 0
  for (let d = addDays(lo, 1); compareDates(d, hi) <= 0; d = addDays(d, 1)) {
    if (cal.isWorkingDay(d) && !(skip?.(d) ?? false))
      n++
  }
  return n === 0 ? 0 : sign * n
}
