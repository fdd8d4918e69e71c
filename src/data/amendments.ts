/**
 * The 补正 outbox: the applicant's answers to a 补正 request, sealed on the device and kept until the
 * server has them, exactly like applications (data/applications.ts). One record per answer; the
 * drain (sync/amendments.ts) is the only writer of sent/rejected states. A sent record keeps no
 * sealed data, only what the screen needs to say "sent" until the next status refresh.
 */
import type { AmendmentProof } from '~/shared/files'
import type { SealedBox } from '~/shared/submission'
import { liveQuery } from 'dexie'
import { getDb } from './db'

/** queued: waiting to be sent; rejected: the server refused it (4xx), kept to show why; sent: the server has it. */
export type AmendmentState = 'queued' | 'rejected' | 'sent'

export interface StoredAmendment {
  /** UUIDv7 made on the device: the idempotency key. */
  id: string
  /** The application it answers (its tracking code and, where this device sent it, its id). */
  trackingCode: string
  applicationId: string | null
  state: AmendmentState
  /** How the applicant proved the right to answer: this device's status token or the phone digits. */
  proof: AmendmentProof
  /** Text and files sealed to the agency; removed once sent. */
  sealed?: SealedBox
  /** For the list: how many files and their names (no content). */
  fileNames: string[]
  createdAt: string
  attempts: number
  nextAttemptAt: number
  lastError?: string
  /** The server's refusal (error code and field), shown in plain words. */
  rejection?: { code: string, field: string | null, reason: string | null }
  receivedAt?: string
}

export async function queueAmendment(record: StoredAmendment): Promise<void> {
  await getDb().amendments.put(record)
}

/** Queued answers the drain may try now, oldest first. */
export async function dueAmendments(now: number): Promise<StoredAmendment[]> {
  const queued = await getDb().amendments.where('state').equals('queued').toArray()
  return queued.filter(a => a.nextAttemptAt <= now && a.sealed).sort((a, b) => a.id.localeCompare(b.id))
}

/** The server has it: drop the sealed content, remember when it arrived. */
export async function markAmendmentSent(id: string, receivedAt: string): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.amendments, async () => {
    const rec = await db.amendments.get(id)
    if (!rec)
      return
    const { sealed: _s, lastError: _e, rejection: _r, ...kept } = rec
    await db.amendments.put({ ...kept, state: 'sent', receivedAt })
  })
}

export async function markAmendmentRejected(id: string, rejection: NonNullable<StoredAmendment['rejection']>): Promise<void> {
  await getDb().amendments.update(id, { state: 'rejected', rejection, lastError: rejection.code })
}

export async function markAmendmentRetry(id: string, nextAttemptAt: number, error: string): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.amendments, async () => {
    const rec = await db.amendments.get(id)
    if (rec?.state === 'queued')
      await db.amendments.update(id, { attempts: rec.attempts + 1, nextAttemptAt, lastError: error })
  })
}

/** A refused answer the applicant dismissed (to write a new one). */
export async function dropAmendment(id: string): Promise<void> {
  await getDb().amendments.delete(id)
}

/** Live answers to one application's 补正, newest first. */
export function watchAmendments(trackingCode: string) {
  return liveQuery(async () => (await getDb().amendments.where('trackingCode').equals(trackingCode).toArray()).sort((a, b) => b.id.localeCompare(a.id)))
}

/** Earliest time a queued answer may be tried, or undefined when none waits (the page's drain timer). */
export async function nextAmendmentAttemptTime(): Promise<number | undefined> {
  const queued = await getDb().amendments.where('state').equals('queued').toArray()
  return queued.length ? Math.min(...queued.map(a => a.nextAttemptAt)) : undefined
}
