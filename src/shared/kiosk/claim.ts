/**
 * Whether the server believes a kiosk's "submitted at" (Art. 31: an application handed in person is
 * received the day it is submitted, which may be days before an offline kiosk reaches the server).
 *
 * A claim is believed only inside a window the server can vouch for:
 *   - not before the kiosk was enrolled (it could not have been in the hall before);
 *   - not before the last contact the server confirmed to this kiosk before submit was pressed
 *     (the kiosk signs the token of that contact into the submission, so it cannot pick an
 *     earlier one without the server's key, only an older genuine one, which the next rule bounds);
 *   - not older than a setting (default 7 days): a kiosk offline for longer, or a wrong clock,
 *     gets the server's date.
 * A claim a little in the future (a fast device clock) is taken as the server's now. Anything else
 * is not believed: the application is stored with the server's date and flagged for staff with
 * both dates. Pure, so the rules are table-tested (tests/unit/kiosk-claim.test.ts).
 */

/** Why a claimed in-person time was not believed. */
export type ReceiptFlag = 'beforeEnrolment' | 'beforeLastContact' | 'tooOld' | 'badContact'

export const RECEIPT_FLAGS: Record<ReceiptFlag, { zh: string, en: string }> = {
  beforeEnrolment: { zh: '早于该终端登记时间', en: 'Before the kiosk was enrolled' },
  beforeLastContact: { zh: '早于该终端上次与服务器联系的时间', en: 'Before the kiosk last contacted the server' },
  tooOld: { zh: '超过允许的离线期限', en: 'Older than the allowed offline period' },
  badContact: { zh: '联系凭证无效', en: 'Invalid contact token' },
}

export const DEFAULT_CLAIM_MAX_DAYS = 7
const DAY_MS = 86_400_000

export interface ClaimInput {
  claimedMs: number
  nowMs: number
  enrolledMs: number
  /** The confirmed contact the kiosk signed in, or null when it sent none. */
  contactMs: number | null
  /** The kiosk sent a contact token that did not verify. */
  contactInvalid?: boolean
  maxAgeDays: number
}

export type ClaimVerdict = { accepted: true, atMs: number } | { accepted: false, flag: ReceiptFlag }

export function judgeClaim(c: ClaimInput): ClaimVerdict {
  if (c.contactInvalid)
    return { accepted: false, flag: 'badContact' }
  const at = Math.min(c.claimedMs, c.nowMs)
  if (at < c.enrolledMs)
    return { accepted: false, flag: 'beforeEnrolment' }
  if (c.contactMs !== null && at < c.contactMs)
    return { accepted: false, flag: 'beforeLastContact' }
  if (c.nowMs - at > c.maxAgeDays * DAY_MS)
    return { accepted: false, flag: 'tooOld' }
  return { accepted: true, atMs: at }
}

/**
 * Claimed times the server refuses outright (4xx) rather than judging: outside any date an
 * application under the 2019 regulation could carry, or beyond what every date routine handles.
 */
export const EARLIEST_CLAIM = Date.UTC(2000, 0, 1)
export const LATEST_CLAIM = Date.UTC(2100, 0, 1)

/** True when `ms` is a time the server judges at all (see EARLIEST_CLAIM). */
export function isPlausibleInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_CLAIM && ms < LATEST_CLAIM
}
