/**
 * Proving a tracking code: the last four digits of the applicant's phone, or the status token the
 * submitting device got. One check for every applicant route (tracking, 补正 answers, downloads):
 * an unknown code, wrong digits or token and malformed input all answer null, so a guess learns
 * nothing; wrong digits count against the code's guess budget (unknown codes too), and past the
 * budget digits are not even compared (right ones included).
 */
import type { Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { GuessBudget } from './guess-budget'
import type { StoredApplicationSummary } from './store'
import { guessPause, recordWrongGuess } from './guess-budget'
import { findByTrackingCode } from './store'

const PHONE4 = /^\d{4}$/
const TOKEN = /^[\w-]{20,64}$/

export interface TrackingProof { phone4?: unknown, token?: unknown }

/** The application the proof opens, null, or how long look-ups by digits are paused for this code. */
export async function proveTracking(db: Queryable, keys: ServerKeys, code: string | null, proof: TrackingProof, budget: GuessBudget): Promise<StoredApplicationSummary | null | { pausedSec: number }> {
  if (!code)
    return null
  const byPhone = typeof proof.phone4 === 'string' && PHONE4.test(proof.phone4)
  if (byPhone) {
    const pausedSec = await guessPause(db, code)
    if (pausedSec > 0)
      return { pausedSec }
  }
  const row = await findByTrackingCode(db, code)
  let ok = false
  if (row && byPhone)
    ok = keys.sameMac(row.phone4Hash, keys.mac('phone4', `${row.id}|${proof.phone4}`))
  else if (row && typeof proof.token === 'string' && TOKEN.test(proof.token))
    ok = keys.sameMac(keys.mac('status', row.id), proof.token)
  if (!ok) {
    if (byPhone)
      await recordWrongGuess(db, code, budget)
    return null
  }
  return row
}
