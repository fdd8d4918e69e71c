import type { ClaimVerdict, KioskIdentity, KioskSubmissionProof, ReceiptFlag } from '../../shared/kiosk'
/**
 * Trusted kiosks: enrolment with a one-time code, revocation, contact tokens, and the one decision
 * that matters: what channel and receipt time a submission gets (Art. 31). Nothing a device says
 * about itself is believed unless an enrolled, unrevoked kiosk's key signed it, and even then its
 * claimed time only inside the window of shared/kiosk/claim.ts.
 *
 * Contact tokens: each confirmed contact (enrolment, heartbeat, accepted submission) answers with
 * `<server ms>.<HMAC(kiosk id, ms)>`. The kiosk signs the latest one it holds into each submission,
 * which bounds its claimed time from below by a time the server itself vouched for.
 */
import type { Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { KioskRow } from './store'
import { randomBytes } from 'node:crypto'
import { DEFAULT_CLAIM_MAX_DAYS, judgeClaim, submissionMessage, verifyKioskSignature } from '../../shared/kiosk'
import { findKiosk, readClaimMaxDays, touchKiosk } from './store'

export interface KioskOptions {
  /** How long a one-time enrolment code works. */
  codeTtlMs: number
  /** Enrolment attempts per address per minute (a code has 40 bits; this keeps guessing hopeless). */
  enrolPerAddress: number
}

export const DEFAULT_KIOSK_OPTIONS: KioskOptions = { codeTtlMs: 15 * 60_000, enrolPerAddress: 10 }

// Crockford's base32 (no I, L, O, U): a code read aloud or typed from a screen survives.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A new one-time code: 8 characters (40 random bits), shown as 'ABCD-EFGH'. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(8)
  let s = ''
  for (let i = 0; i < 8; i++)
    s += CROCKFORD[bytes[i]! & 31]
  return `${s.slice(0, 4)}-${s.slice(4)}`
}

export function codeHash(keys: ServerKeys, code: string): string {
  return keys.mac('kiosk-code', code)
}

export function contactToken(keys: ServerKeys, kioskId: string, at: Date): string {
  const ms = at.getTime()
  return `${ms}.${keys.mac('kiosk-contact', `${kioskId}|${ms}`)}`
}

/** The server time a contact token vouches for, or null when it is not one of ours for this kiosk. */
export function readContactToken(keys: ServerKeys, kioskId: string, token: unknown): number | null {
  if (typeof token !== 'string' || token.length > 120)
    return null
  const m = /^(\d{1,15})\.([\w-]{20,64})$/.exec(token)
  if (!m)
    return null
  return keys.sameMac(m[2]!, keys.mac('kiosk-contact', `${kioskId}|${m[1]}`)) ? Number(m[1]) : null
}

export function identityOf(k: KioskRow): KioskIdentity {
  return { id: k.id, name: k.name, hall: k.hall, agencies: k.agencies, enrolledAt: k.enrolledAt! }
}

/** The channel and dates the server gives a submission. */
export interface ChannelDecision {
  channel: 'inPerson' | 'online'
  /** The time to store as submitted (the believed claim, or the server's now). */
  submittedAt: Date
  kioskId: string | null
  flag: ReceiptFlag | null
  /** The kiosk's claim as sent, kept when it was not believed. */
  claimedAt: Date | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The shape of a `kiosk` proof; anything else is treated as no proof (an on-line submission). */
export function isKioskProof(p: unknown): p is KioskSubmissionProof {
  const k = p as KioskSubmissionProof | null
  return !!k && typeof k === 'object' && !Array.isArray(k) && typeof k.id === 'string' && UUID.test(k.id)
    && (k.contact === null || k.contact === undefined || typeof k.contact === 'string') && typeof k.sig === 'string'
}

/**
 * Decides the channel of a submission. `claimedMs` is the device's deviceSubmittedAt, already
 * checked to be a plausible instant. In person only with a valid signature of an enrolled,
 * unrevoked kiosk; its claimed time only when judgeClaim believes it.
 */
export async function decideChannel(
  db: Queryable,
  keys: ServerKeys,
  input: { id: string, general: Record<string, unknown>, personal: unknown, proof: unknown, claimedMs: number, now: Date },
): Promise<ChannelDecision> {
  const online: ChannelDecision = { channel: 'online', submittedAt: new Date(Math.min(input.claimedMs, input.now.getTime())), kioskId: null, flag: null, claimedAt: null }
  if (!isKioskProof(input.proof))
    return online
  const proof = input.proof
  const kiosk = await findKiosk(db, proof.id, input.now)
  if (!kiosk || kiosk.state !== 'enrolled' || !kiosk.publicKey)
    return online
  const message = await submissionMessage({ kioskId: kiosk.id, id: input.id, general: input.general, personal: input.personal, contact: proof.contact ?? null })
  if (!await verifyKioskSignature(kiosk.publicKey, message, proof.sig))
    return online
  const contactMs = proof.contact ? readContactToken(keys, kiosk.id, proof.contact) : null
  const maxAgeDays = await readClaimMaxDays(db) ?? DEFAULT_CLAIM_MAX_DAYS
  const verdict: ClaimVerdict = judgeClaim({
    claimedMs: input.claimedMs,
    nowMs: input.now.getTime(),
    enrolledMs: Date.parse(kiosk.enrolledAt!),
    contactMs,
    contactInvalid: !!proof.contact && contactMs === null,
    maxAgeDays,
  })
  await touchKiosk(db, kiosk.id, input.now)
  if (verdict.accepted)
    return { channel: 'inPerson', submittedAt: new Date(verdict.atMs), kioskId: kiosk.id, flag: null, claimedAt: null }
  return { channel: 'inPerson', submittedAt: input.now, kioskId: kiosk.id, flag: verdict.flag, claimedAt: new Date(input.claimedMs) }
}
