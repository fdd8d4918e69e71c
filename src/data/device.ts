/** Device settings (kiosk mode, idle time, the staff PIN's salted hash): per device, never wiped. */
import type { PinHash } from '~/shared/pin'
import { getDb } from './db'
import { STORAGE } from './keys'

export interface KioskSettings {
  enabled: boolean
  /** Seconds without a touch before the "继续使用?" countdown starts. */
  idleSeconds: number
}

export const DEFAULT_KIOSK: KioskSettings = { enabled: false, idleSeconds: 120 }

export async function readKioskSettings(): Promise<KioskSettings> {
  try {
    const row = await getDb().device.get(STORAGE.device.kiosk)
    return { ...DEFAULT_KIOSK, ...(row?.value as Partial<KioskSettings> | undefined) }
  }
  catch {
    // IndexedDB unavailable (private mode, wiped mid-open): behave as a phone.
    return { ...DEFAULT_KIOSK }
  }
}

export async function writeKioskSettings(settings: KioskSettings): Promise<void> {
  await getDb().device.put({ key: STORAGE.device.kiosk, value: { ...settings } })
}

export async function readStaffPin(): Promise<PinHash | undefined> {
  return (await getDb().device.get(STORAGE.device.staffPin))?.value as PinHash | undefined
}

export async function writeStaffPin(hash: PinHash): Promise<void> {
  await getDb().device.put({ key: STORAGE.device.staffPin, value: { ...hash } })
}
