/**
 * The outbox and "my applications": one table, one record per application made on this device.
 * Every state change is one Dexie transaction; the drain (sync/outbox.ts) is the only writer of
 * sent/rejected states. Submitting adds the record and deletes its draft in the same transaction,
 * so a crash in between can neither lose the application nor leave it to be submitted twice.
 */
import type { StoredApplication } from './application-types'
import type { FieldError } from '~/shared/application'
import type { KioskSubmissionProof } from '~/shared/kiosk'
import type { SealedBox, SubmitApplicationRequest, SubmitApplicationResponse, TrackApplicationResponse } from '~/shared/submission'
import { liveQuery } from 'dexie'
import { getDb } from './db'
import { saveContact } from './kiosk'
import { kioskSessionSince } from './kiosk-session'

export type { StoredApplication } from './application-types'

/** Puts a new (or corrected) application in the outbox and, in the same transaction, drops its draft. */
export async function queueApplication(record: StoredApplication, draftId?: string): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.applications, db.drafts, async () => {
    await db.applications.put(record)
    if (draftId)
      await db.drafts.delete(draftId)
  })
}

/** Resends a rejected application with corrected parts (same id: nothing of it reached the server). */
export async function requeueCorrected(id: string, general: Record<string, unknown>, personal: SealedBox, draftId?: string, kiosk?: KioskSubmissionProof): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.applications, db.drafts, async () => {
    const rec = await db.applications.get(id)
    if (!rec || rec.state !== 'rejected')
      throw new Error('only a rejected application can be corrected')
    const { rejection: _r, lastError: _e, kiosk: _k, ...rest } = rec
    await db.applications.put({ ...rest, general, personal, ...(kiosk ? { kiosk } : {}), state: 'queued', attempts: 0, nextAttemptAt: 0 })
    if (draftId)
      await db.drafts.delete(draftId)
  })
}

/** Queued applications the drain may try now, oldest first. */
export async function dueApplications(now: number): Promise<StoredApplication[]> {
  const queued = await getDb().applications.where('state').equals('queued').toArray()
  return queued.filter(a => a.nextAttemptAt <= now && a.personal).sort((a, b) => a.id.localeCompare(b.id))
}

/** Earliest time a queued application may be tried, or undefined when nothing waits. */
export async function nextAttemptTime(): Promise<number | undefined> {
  const queued = await getDb().applications.where('state').equals('queued').toArray()
  return queued.length ? Math.min(...queued.map(a => a.nextAttemptAt)) : undefined
}

/** The request body for a queued application, exactly as stored (a retry sends the same bytes). */
export function requestFor(a: StoredApplication): SubmitApplicationRequest & { kiosk?: KioskSubmissionProof } {
  return { v: 1, id: a.id, general: a.general, personal: a.personal!, ...(a.kiosk ? { kiosk: a.kiosk } : {}) }
}

/**
 * The server has it: keep what the applicant needs to follow it up, drop the sealed personal data.
 * On a kiosk, an application of an earlier session (queued offline, sent after its citizen left)
 * is dropped whole: nobody at this screen may see it, and nothing remains to retry. The current
 * session's stay for its receipt until the session ends (wipeSessionData).
 */
export async function markSent(id: string, res: SubmitApplicationResponse): Promise<void> {
  const db = getDb()
  const since = kioskSessionSince()
  await db.transaction('rw', db.applications, db.device, async () => {
    const rec = await db.applications.get(id)
    if (!rec)
      return
    if (res.contact)
      await saveContact(res.contact)
    if (since && rec.createdAt < since) {
      await db.applications.delete(id)
      return
    }
    const { personal: _personal, lastError: _e, rejection: _r, kiosk: _k, ...kept } = rec
    await db.applications.put({
      ...kept,
      state: 'sent',
      trackingCode: res.trackingCode,
      status: res.status,
      serverReceivedAt: res.serverReceivedAt,
      receivedOn: res.receivedOn,
      dueDate: res.dueDate,
      dueDateProvisional: res.dueDateProvisional,
      statusToken: res.statusToken,
    })
  })
}

/** The server refused it (4xx): keep it, with the reasons, for the user to correct; no more retries. */
export async function markRejected(id: string, rejection: { code: string, message: string, errors: FieldError[] }): Promise<void> {
  await getDb().applications.update(id, { state: 'rejected', rejection, lastError: rejection.message })
}

/** A network or server error: try again after `nextAttemptAt`. */
export async function markRetry(id: string, nextAttemptAt: number, error: string): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.applications, async () => {
    const rec = await db.applications.get(id)
    if (rec?.state === 'queued')
      await db.applications.update(id, { attempts: rec.attempts + 1, nextAttemptAt, lastError: error })
  })
}

/** Defers every queued application until `until` (the server said Retry-After). */
export async function deferAll(until: number): Promise<void> {
  await getDb().applications.where('state').equals('queued').modify((a) => {
    a.nextAttemptAt = Math.max(a.nextAttemptAt, until)
  })
}

/** Status pulled from the server for a sent application. */
export async function applyStatus(id: string, t: TrackApplicationResponse, checkedAt: string): Promise<void> {
  await getDb().applications.update(id, { status: t.status, history: t.history, dueDate: t.dueDate, dueDateProvisional: t.dueDateProvisional, delivery: t.delivery ?? null, statusCheckedAt: checkedAt })
}

export async function getApplication(id: string): Promise<StoredApplication | undefined> {
  return getDb().applications.get(id)
}

/** Sent applications this screen may show: on a kiosk, the running session's only. */
export async function sentApplications(): Promise<StoredApplication[]> {
  const since = kioskSessionSince()
  return (await getDb().applications.where('state').equals('sent').toArray()).filter(a => mine(a, since))
}

/**
 * On a kiosk, "mine" is what the person at the screen made in this session: earlier people's
 * applications stay in the outbox (they must still be sent) but are not listed, counted or shown.
 */
function mine(a: StoredApplication | undefined, since = kioskSessionSince()): boolean {
  return !!a && (!since || a.createdAt >= since)
}

/** Live list, newest first. */
export function watchApplications() {
  return liveQuery(async () => {
    const since = kioskSessionSince()
    return (await getDb().applications.toArray()).filter(a => mine(a, since)).sort((a, b) => b.id.localeCompare(a.id))
  })
}

export function watchApplication(id: string) {
  return liveQuery(async () => {
    const a = await getDb().applications.get(id)
    return mine(a) ? a : undefined
  })
}

/** Live count of applications still waiting to be sent (待同步 N 件). */
export function watchPendingCount() {
  return liveQuery(async () => {
    const since = kioskSessionSince()
    const queued = getDb().applications.where('state').equals('queued')
    return since ? (await queued.toArray()).filter(a => mine(a, since)).length : queued.count()
  })
}
