/** The kiosk self-check draft: one row, session-scoped (listed in session.ts). */
import type { KioskCheckRow } from './db'
import { getDb } from './db'

const ID = 'current'

export async function loadKioskCheck(): Promise<KioskCheckRow | undefined> {
  return getDb().kioskChecks.get(ID)
}

export async function saveKioskCheck(fields: Omit<KioskCheckRow, 'id' | 'updatedAt'>): Promise<void> {
  await getDb().kioskChecks.put({ id: ID, ...fields, updatedAt: new Date().toISOString() })
}
