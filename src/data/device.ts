/**
 * Per-device settings and secrets: device id, draft key, channel and agency key in the meta table;
 * kiosk mode in the device table (the kiosk's enrolment: data/kiosk.ts). None of it is ever wiped by a
 * kiosk reset.
 */
import type { ApplicationPublicKey, SubmissionChannel } from '~/shared/submission'
import { getDb, getMeta, setMeta } from './db'
import { STORAGE } from './keys'
import { activeEnrolment } from './kiosk'

/** A random id for this device, made once. */
export async function getDeviceId(): Promise<string> {
  const db = getDb()
  return db.transaction('rw', db.meta, async () => {
    const have = await getMeta<string>(STORAGE.meta.deviceId)
    if (have)
      return have
    const id = `dev-${globalThis.crypto.randomUUID()}`
    await setMeta(STORAGE.meta.deviceId, id)
    return id
  })
}

/**
 * The AES-GCM key for drafts. Non-extractable: scripts can use it but never read it out, and it
 * goes when the device's data is wiped, taking every draft with it.
 */
export async function getDraftKey(): Promise<CryptoKey> {
  const have = await getMeta<CryptoKey>(STORAGE.meta.draftKey)
  if (have)
    return have
  const key = await globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  const db = getDb()
  // Two tabs may race to make one: the first stored wins, so every draft uses the same key.
  return db.transaction('rw', db.meta, async () => {
    const again = await getMeta<CryptoKey>(STORAGE.meta.draftKey)
    if (again)
      return again
    await setMeta(STORAGE.meta.draftKey, key)
    return key
  })
}

/**
 * The channel this device's applications claim: in person only on an enrolled kiosk that has not
 * been revoked (the server decides anyway, from the kiosk's signature: this is the receipt's preview).
 */
export async function getSubmissionChannel(): Promise<SubmissionChannel> {
  return (await activeEnrolment()) ? 'inPerson' : 'online'
}

/** A kiosk in the agency's hall sets 'inPerson' (Art. 31: received the day it is submitted). */
export async function setSubmissionChannel(channel: SubmissionChannel): Promise<void> {
  await setMeta(STORAGE.meta.submissionChannel, channel)
}

export async function getCachedApplicationKey(): Promise<ApplicationPublicKey | undefined> {
  return getMeta<ApplicationPublicKey>(STORAGE.meta.applicationKey)
}

export async function cacheApplicationKey(key: ApplicationPublicKey): Promise<void> {
  await setMeta(STORAGE.meta.applicationKey, key)
}

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

/** Saves kiosk mode; a kiosk stands in the agency's hall, so its applications count as in person. */
export async function writeKioskSettings(settings: KioskSettings): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.device, db.meta, async () => {
    await db.device.put({ key: STORAGE.device.kiosk, value: { ...settings } })
    await setMeta(STORAGE.meta.submissionChannel, settings.enabled ? 'inPerson' : 'online')
  })
}
