/**
 * Correction requests (更正申请, Art. 41) sent from this device, so 我的申请 can list them again after
 * the confirmation page is closed. They are sent online only (no outbox): what the device keeps is
 * just the way back to the status page (tracking code + status token) and the last status seen.
 *
 * Stored as one row of the `meta` table (an array, small: a citizen sends a handful at most), so no
 * new Dexie version is needed; every write is a read-modify-write inside one transaction, so two tabs
 * cannot lose each other's request. On a kiosk (the device is shared) nothing is remembered: the
 * next person must not see the previous one's request, and the confirmation page shows the link.
 */
import { liveQuery } from 'dexie'
import { getDb } from './db'
import { STORAGE } from './keys'
import { kioskSessionSince } from './kiosk-session'

export interface MyCorrection {
  /** The request's UUIDv7 (the same id the server has). */
  id: string
  trackingCode: string
  /** Proves to GET /api/corrections/track/:code that this device sent it. */
  statusToken: string
  agencyId: string
  /** The agency's name as shown when it was sent (the status refresh may update it). */
  agency: string
  /** When it was sent (ISO). */
  sentAt: string
  /** Last known status and outcome (CORRECTION_STATUS / CORRECTION_OUTCOMES keys). */
  status: string
  outcome: string | null
  /** When the status was last fetched (ISO), or undefined when never since sending. */
  checkedAt?: string
}

/** The status page's answer, as far as the list needs it. */
export interface CorrectionStatus {
  status: string
  outcome: string | null
  agency: string | null
}

const KEY = STORAGE.meta.myCorrections

async function readAll(): Promise<MyCorrection[]> {
  const v = (await getDb().meta.get(KEY))?.value
  return Array.isArray(v) ? v as MyCorrection[] : []
}

async function update(fn: (list: MyCorrection[]) => MyCorrection[]): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: KEY, value: fn(await readAll()) })
  })
}

/**
 * Remembers a request the server accepted. Returns false (and stores nothing) on a kiosk. Sending
 * the same request twice (a retry after a lost answer) keeps one row.
 */
export async function rememberCorrection(rec: Omit<MyCorrection, 'checkedAt'>): Promise<boolean> {
  if (kioskSessionSince())
    return false
  await update(list => [...list.filter(c => c.id !== rec.id), rec])
  return true
}

/** Newest first (UUIDv7 ids sort by time). */
export async function myCorrections(): Promise<MyCorrection[]> {
  if (kioskSessionSince())
    return []
  return (await readAll()).sort((a, b) => b.id.localeCompare(a.id))
}

export function watchMyCorrections() {
  return liveQuery(() => myCorrections())
}

/** Keeps the status just fetched for one request (shown as is when offline later). */
export async function applyCorrectionStatus(id: string, s: CorrectionStatus, checkedAt: string): Promise<void> {
  await update(list => list.map(c => c.id === id ? { ...c, status: s.status, outcome: s.outcome, ...(s.agency ? { agency: s.agency } : {}), checkedAt } : c))
}

/**
 * Fetches each remembered request's status with `fetchStatus` and keeps what came back. A request
 * whose fetch fails (offline, server down) keeps its last known state; so does one the server no
 * longer answers for (null). Returns how many were refreshed.
 */
export async function refreshMyCorrections(fetchStatus: (c: MyCorrection) => Promise<CorrectionStatus | null>, now: () => Date = () => new Date()): Promise<number> {
  let n = 0
  for (const c of await myCorrections()) {
    try {
      const s = await fetchStatus(c)
      if (s) {
        await applyCorrectionStatus(c.id, s, now().toISOString())
        n++
      }
    }
    catch {
      // Offline or a server error: the last known state stays on screen with its "as of" time.
    }
  }
  return n
}
