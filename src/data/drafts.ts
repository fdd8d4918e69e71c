/**
 * Drafts of the application form, saved as the user types so that a closed tab, a crash or an app
 * update loses nothing. Each save is one transaction that writes the draft and nothing else. The
 * personal fields are encrypted with the device's non-extractable draft key, so they do not sit
 * in IndexedDB as plain text; a kiosk wipes drafts at its idle reset (data/session.ts).
 */
import type { DraftRow } from './application-types'
import { getDb } from './db'
import { getDraftKey } from './device'

export interface Draft {
  id: string
  updatedAt: string
  general: Record<string, unknown>
  personal: Record<string, unknown>
}

export async function saveDraft(draft: Omit<Draft, 'updatedAt'>, now: Date = new Date()): Promise<void> {
  const key = await getDraftKey()
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
  const personalCt = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(draft.personal)))
  const row: DraftRow = { id: draft.id, updatedAt: now.toISOString(), general: draft.general, personalIv: iv, personalCt }
  // The encryption happens before the transaction: an await on WebCrypto inside it would commit it early.
  await getDb().drafts.put(row)
}

/** The draft, or undefined; personal fields come back empty if they cannot be decrypted (key wiped). */
export async function loadDraft(id: string): Promise<Draft | undefined> {
  const row = await getDb().drafts.get(id)
  if (!row)
    return undefined
  let personal: Record<string, unknown> = {}
  if (row.personalIv && row.personalCt) {
    try {
      const plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: row.personalIv as Uint8Array<ArrayBuffer> }, await getDraftKey(), row.personalCt)
      personal = JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>
    }
    catch {
      personal = {}
    }
  }
  return { id: row.id, updatedAt: row.updatedAt, general: row.general, personal }
}

export async function deleteDraft(id: string): Promise<void> {
  await getDb().drafts.delete(id)
}
