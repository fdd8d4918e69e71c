/**
 * What a kiosk session leaves on the device, and how to remove it. The one place that says which
 * Dexie tables hold a citizen's session (drafts, form state, search history, tracking look-ups):
 * a feature that adds such a table lists it here, in the same commit as its Dexie version.
 *
 * Deliberately NOT session-scoped: the outbox (sealed submissions that must still reach the
 * server; its sent rows are deleted at each wipe), reports and the catalog (public data), `device` (kiosk settings, staff PIN) and `meta`
 * (sync cursors, the device's draft key). The service worker and its caches are never touched
 * either, and nothing here sends Clear-Site-Data: "storage" would take the outbox with it.
 */
import type { GongkaiDb } from './db'
import { getDb } from './db'
import { STORAGE } from './keys'
import { writePref } from './prefs'

type TableName = { [K in keyof GongkaiDb]: GongkaiDb[K] extends { clear: () => unknown } ? K : never }[keyof GongkaiDb] & string

/** Dexie tables whose rows belong to the person at the screen: the application form's drafts. */
export const SESSION_TABLES = ['drafts'] as const satisfies readonly TableName[]

/**
 * Tables that must survive every wipe (a unit test checks that every table is in one list or the
 * other, so a new table is a conscious choice). `applications` is the outbox: sealed applications
 * that must still reach the agency; on a kiosk 我的申请 shows only the current session's ones.
 */
export const KEPT_TABLES = [
  'reports',
  'meta',
  'device',
  'applications',
  // The 补正 outbox: sealed answers that must still reach the agency, like applications.
  'amendments',
  'catalogEntries',
  'catalogCategories',
  'catalogAgencies',
  'catalogTombstones',
  'searchIndex',
] as const satisfies readonly TableName[]

/**
 * Clears every session table in one transaction, web storage of the session and display prefs.
 * Sent applications go too (their receipts, histories and status tokens were this session's; the
 * server has them): the outbox keeps only what must still be sent or corrected.
 */
export async function wipeSessionData(): Promise<void> {
  const db = getDb()
  const tables = SESSION_TABLES.map(name => db.table(name))
  await db.transaction('rw', [...tables, db.applications, db.amendments], async () => {
    await Promise.all(tables.map(t => t.clear()))
    await db.applications.where('state').equals('sent').delete()
    await db.amendments.where('state').anyOf('sent', 'rejected').delete()
  })
  wipeWebStorage()
}

/** sessionStorage as a whole (search terms, scroll memory, one-shot flags) and the per-person prefs. */
function wipeWebStorage(): void {
  try {
    sessionStorage.clear()
  }
  catch {
    // Storage disabled: there is nothing in it either.
  }
  writePref('fontSize', null)
  writePref('contrast', null)
  writePref('locale', null)
}

/** Marks that a reset is under way, so the next start wipes once more (see kiosk module). */
export function markWipePending(pending: boolean): void {
  try {
    if (pending)
      sessionStorage.setItem(STORAGE.session.wipePending, '1')
    else
      sessionStorage.removeItem(STORAGE.session.wipePending)
  }
  catch {}
}

export function isWipePending(): boolean {
  try {
    return sessionStorage.getItem(STORAGE.session.wipePending) === '1'
  }
  catch {
    return false
  }
}
