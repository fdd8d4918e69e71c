// The Chinese lunisolar calendar, computed: just enough of it to place the statutory holidays of a
// year whose official schedule is not out yet (春节, 端午, 中秋 on lunar dates; 清明 on a solar term).
// A lookup table would stop at its last year, as the bundled `chinese-days` data stops at 2026; the
// calendar's rules are astronomical and hold for any year, so we compute them:
// - a lunar month starts on the China (UTC+8) date of a new moon;
// - the month holding the winter solstice is month 11;
// - when 13 new moons start between one month 11 and the next, the first of those months without a
//   major solar term (中气, solar longitude a multiple of 30°) is a leap month and repeats the number
//   of the month before it (GB/T 33661-2017 《农历的编算和颁行》).
// Positions are from the algorithms in Meeus, "Astronomical Algorithms" (2nd ed.): new moons from
// chapter 49 (accurate to well under a minute) and the Sun's apparent longitude from chapter 25
// (0.01°, about a quarter of an hour in time). An event within minutes of midnight in Beijing could
// land on the wrong day; that is why a computed date is only ever used for a *provisional* schedule,
// and tests/unit/lunar.test.ts compares every year 2004–2050 with the published calendar.
import type { DateString } from './date'
import { fromDayNumber } from './date'

const RAD = Math.PI / 180
const sin = (deg: number) => Math.sin(deg * RAD)
const norm360 = (deg: number) => ((deg % 360) + 360) % 360

// Julian Day of 1970-01-01 00:00 UTC: day numbers in ./date count from there.
const JD_UNIX_EPOCH = 2440587.5

/** ΔT = TT − UT in seconds (NASA's polynomial fits for 2005–2050 and 2050–2150; earlier, 2005's). */
function deltaTSeconds(year: number): number {
  if (year < 2050) {
    const t = Math.max(year, 2005) - 2000
    return 62.92 + 0.32217 * t + 0.005589 * t * t
  }
  const u = (year - 1820) / 100
  return -20 + 32 * u * u - 0.5628 * (2150 - year)
}

/** The China date (UTC+8) of an instant given as a Julian Ephemeris Day (TT). */
function chinaDayOfJde(jde: number): number {
  const year = 2000 + (jde - 2451545) / 365.25
  const jdUt = jde - deltaTSeconds(year) / 86400
  return Math.floor(jdUt - JD_UNIX_EPOCH + 8 / 24)
}

// Meeus ch. 49: the periodic terms for a new moon, [coefficient, power of E, M, M', F, Ω multiples].
const NEW_MOON_TERMS: readonly (readonly [number, number, number, number, number, number])[] = [
  [-0.40720, 0, 0, 1, 0, 0],
  [0.17241, 1, 1, 0, 0, 0],
  [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0],
  [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0],
  [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0],
  [-0.00024, 1, -1, 2, 0, 0],
  [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0],
  [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0],
  [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0],
  [-0.00002, 0, -1, 1, -2, 0],
  [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
]

// Meeus ch. 49: the planetary arguments A1–A14 as [constant, per lunation k, coefficient].
const PLANETARY_TERMS: readonly (readonly [number, number, number])[] = [
  [299.77, 0.107408, 0.000325],
  [251.88, 0.016321, 0.000165],
  [251.83, 26.651886, 0.000164],
  [349.42, 36.412478, 0.000126],
  [84.66, 18.206239, 0.000110],
  [141.74, 53.303771, 0.000062],
  [207.14, 2.453732, 0.000060],
  [154.84, 7.306860, 0.000056],
  [34.52, 27.261239, 0.000047],
  [207.19, 0.121824, 0.000042],
  [291.34, 1.844379, 0.000040],
  [161.72, 24.198154, 0.000037],
  [239.56, 25.513099, 0.000035],
  [331.55, 3.592518, 0.000023],
]

/** JDE (TT) of new moon number `k` (k = 0 is the new moon of 6 January 2000). */
function newMoonJde(k: number): number {
  const T = k / 1236.85
  const T2 = T * T
  const T3 = T2 * T
  const T4 = T3 * T
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T2 - 0.000000150 * T3 + 0.00000000073 * T4
  const E = 1 - 0.002516 * T - 0.0000074 * T2
  const M = 2.5534 + 29.10535670 * k - 0.0000014 * T2 - 0.00000011 * T3
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3
  for (const [c, e, m, mp, f, om] of NEW_MOON_TERMS)
    jde += c * E ** e * sin(m * M + mp * Mp + f * F + om * Om)
  // A1 alone has a T² term.
  for (const [i, [a, b, c]] of PLANETARY_TERMS.entries())
    jde += c * sin(a + b * k - (i === 0 ? 0.009173 * T2 : 0))
  return jde
}

/** The Sun's apparent geocentric longitude in degrees at a JDE (Meeus ch. 25, low accuracy). */
function sunLongitude(jde: number): number {
  const T = (jde - 2451545) / 36525
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M)
    + (0.019993 - 0.000101 * T) * sin(2 * M)
    + 0.000289 * sin(3 * M)
  const omega = 125.04 - 1934.136 * T
  return norm360(L0 + C - 0.00569 - 0.00478 * sin(omega))
}

/** JDE at which the Sun's apparent longitude reaches `degrees`, near the JDE `guess`. */
function solarLongitudeJde(degrees: number, guess: number): number {
  let jde = guess
  for (let i = 0; i < 20; i++) {
    const diff = ((degrees - sunLongitude(jde) + 540) % 360) - 180
    jde += diff * (365.2422 / 360)
    if (Math.abs(diff) < 1e-7)
      break
  }
  return jde
}

/** JDE of the moment in `year` when the Sun's longitude is `degrees` (0° = March equinox). */
function solarTermJde(year: number, degrees: number): number {
  // The March equinox is near 20 March; longitude grows by about 360° a year.
  const march20 = 2451623.8 + (year - 2000) * 365.2422
  const offsetDays = (((degrees % 360) + 360) % 360) * (365.2422 / 360)
  return solarLongitudeJde(degrees, march20 + offsetDays)
}

/** China date of the solar term at `degrees` of solar longitude in `year`, e.g. 15° = 清明. */
export function solarTermDate(year: number, degrees: number): DateString {
  return fromDayNumber(chinaDayOfJde(solarTermJde(year, degrees)))
}

/** China day numbers of every new moon from shortly before `fromDay` to shortly after `toDay`. */
function newMoonDays(fromDay: number, toDay: number): number[] {
  const jdOf = (day: number) => day + JD_UNIX_EPOCH
  let k = Math.floor((jdOf(fromDay) - 2451550.09766) / 29.530588861) - 1
  const out: number[] = []
  for (;; k++) {
    const d = chinaDayOfJde(newMoonJde(k))
    if (d > toDay + 31)
      break
    if (d >= fromDay - 31)
      out.push(d)
  }
  return out
}

/** A lunar month: its number (1–12), whether it is a leap month, and its first China day number. */
interface LunarMonth { month: number, leap: boolean, start: number }

/**
 * The lunar months from the month 11 holding the winter solstice of `year - 1` up to (not including)
 * the month 11 holding the winter solstice of `year`: they hold 正月 to 八月 of the lunar year that
 * begins in `year`.
 */
function lunarMonthsOfSui(year: number): LunarMonth[] {
  const ws0 = chinaDayOfJde(solarTermJde(year - 1, 270))
  const ws1 = chinaDayOfJde(solarTermJde(year, 270))
  const moons = newMoonDays(ws0, ws1)
  // The last new moon on or before `day` (moons are ascending).
  const startOn = (day: number) => moons.filter(m => m <= day).at(-1)!
  const m11a = startOn(ws0)
  const m11b = startOn(ws1)
  const starts = moons.filter(m => m >= m11a && m <= m11b)
  const count = starts.length - 1 // months in this 岁: 12, or 13 with a leap month
  let leapIndex = -1
  if (count === 13) {
    // Major terms (中气), every 30° of solar longitude from one solstice (270°) to the next; 300° and
    // 330° fall in January and February, after the March equinox that `solarTermJde` counts from.
    const majors = [chinaDayOfJde(solarTermJde(year - 1, 270)), chinaDayOfJde(solarTermJde(year - 1, 300)), chinaDayOfJde(solarTermJde(year - 1, 330))]
    for (let deg = 0; deg <= 270; deg += 30)
      majors.push(chinaDayOfJde(solarTermJde(year, deg)))
    for (let i = 0; i < count; i++) {
      const [a, b] = [starts[i]!, starts[i + 1]!]
      if (!majors.some(d => d >= a && d < b)) {
        leapIndex = i
        break
      }
    }
  }
  const months: LunarMonth[] = []
  let n = 11
  for (let i = 0; i < count; i++) {
    if (i === leapIndex) {
      months.push({ month: months.at(-1)!.month, leap: true, start: starts[i]! })
      continue
    }
    months.push({ month: n, leap: false, start: starts[i]! })
    n = n === 12 ? 1 : n + 1
  }
  return months
}

/**
 * The Gregorian date, in the lunar year that begins in `year`, of lunar month `month` day `day`
 * (not a leap month), e.g. (2027, 1, 1) = 春节 2027.
 */
export function lunarToSolar(year: number, month: number, day: number): DateString {
  if (!Number.isInteger(month) || month < 1 || month > 10 || !Number.isInteger(day) || day < 1 || day > 30)
    throw new RangeError('lunar month 1–10 and day 1–30 only')
  const months = lunarMonthsOfSui(year)
  // 正月 is the first month numbered 1 after the month 11 that opens the list.
  const first = months.findIndex(m => m.month === 1 && !m.leap)
  const target = months.slice(first).find(m => m.month === month && !m.leap)!
  return fromDayNumber(target.start + day - 1)
}
