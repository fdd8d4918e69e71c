// When the server believes a kiosk's claimed in-person time (shared/kiosk/claim.ts), table-driven.
import { describe, expect, it } from 'vitest'
import { isInstantString } from '~/shared/calendar'
import { isPlausibleInstant, judgeClaim, normaliseEnrolmentCode } from '~/shared/kiosk'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 3, 8)
const ENROLLED = NOW - 30 * DAY

describe('judgeClaim', () => {
  const base = { nowMs: NOW, enrolledMs: ENROLLED, contactMs: null, maxAgeDays: 7 }
  it.each([
    ['just now', NOW - 1000, {}, { accepted: true, atMs: NOW - 1000 }],
    ['two days ago, offline since', NOW - 2 * DAY, { contactMs: NOW - 3 * DAY }, { accepted: true, atMs: NOW - 2 * DAY }],
    ['exactly the limit', NOW - 7 * DAY, {}, { accepted: true, atMs: NOW - 7 * DAY }],
    ['a fast clock is taken as now', NOW + 3 * DAY, {}, { accepted: true, atMs: NOW }],
    ['one ms past the limit', NOW - 7 * DAY - 1, {}, { accepted: false, flag: 'tooOld' }],
    ['before enrolment', ENROLLED - 1, { maxAgeDays: 60 }, { accepted: false, flag: 'beforeEnrolment' }],
    ['an earlier year', Date.UTC(2025, 2, 1), { maxAgeDays: 3650 }, { accepted: false, flag: 'beforeEnrolment' }],
    ['before the last contact', NOW - 2 * DAY, { contactMs: NOW - DAY }, { accepted: false, flag: 'beforeLastContact' }],
    ['at the last contact', NOW - DAY, { contactMs: NOW - DAY }, { accepted: true, atMs: NOW - DAY }],
    ['a contact token that did not verify', NOW - 1000, { contactInvalid: true }, { accepted: false, flag: 'badContact' }],
    ['a zero-day setting believes only now', NOW - 1, { maxAgeDays: 0 }, { accepted: false, flag: 'tooOld' }],
  ] as const)('%s', (_name, claimedMs, over, verdict) => {
    expect(judgeClaim({ ...base, ...over, claimedMs })).toEqual(verdict)
  })
})

describe('dates the server refuses outright', () => {
  it.each([
    ['2026-12-03T08:00:00Z', true],
    ['2000-01-01T00:00:00Z', true],
    ['1999-12-31T23:59:59Z', false],
    ['2100-01-01T00:00:00Z', false],
    ['0001-01-01T00:00:00Z', false],
  ])('%s plausible: %s', (s, ok) => {
    expect(isPlausibleInstant(Date.parse(s))).toBe(ok)
  })
  it('naN and infinities are not', () => {
    expect([Number.NaN, Infinity, -Infinity].map(isPlausibleInstant)).toEqual([false, false, false])
  })
  it.each(['2001-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2025-04-31T12:00:00+08:00', '2025-00-10T00:00:00Z'])('%s is not a real day', (s) => {
    expect(isInstantString(s)).toBe(false)
  })
  it('a leap day is', () => {
    expect(isInstantString('2024-02-29T00:00:00Z')).toBe(true)
  })
})

describe('enrolment codes as typed', () => {
  it.each([
    ['ABCD-EFGH', 'ABCD-EFGH'],
    ['abcd efgh', 'ABCD-EFGH'],
    ['  ab cd-ef gh ', 'ABCD-EFGH'],
    ['O0IL-1234', '0011-1234'],
    ['ABCD-EFG', null],
    ['ABCD-EFGU', null],
    ['', null],
  ])('%s → %s', (input, out) => {
    expect(normaliseEnrolmentCode(input)).toBe(out)
  })
  it('non-strings and huge strings are null', () => {
    expect([5, null, {}, 'A'.repeat(41)].map(normaliseEnrolmentCode)).toEqual([null, null, null, null])
  })
})
