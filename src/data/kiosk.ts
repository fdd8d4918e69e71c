/**
 * This device's kiosk enrolment (issue 16), in the `device` table, never part of a session wipe:
 * who the server says this kiosk is, its signing key (a non-extractable CryptoKey: IndexedDB keeps
 * the key object, and no script, nor a copy of the database, can read the private half out), and
 * the last contact token the server gave it, which every submission signs in.
 */
import type { KioskIdentity } from '~/shared/kiosk'
import { liveQuery } from 'dexie'
import { getDb } from './db'
import { STORAGE } from './keys'

export interface KioskEnrolment {
  identity: KioskIdentity
  privateKey: CryptoKey
  publicJwk: JsonWebKey
  /** The server answered a heartbeat with "revoked": submissions are on-line from now on. */
  revoked?: boolean
}

export async function readEnrolment(): Promise<KioskEnrolment | undefined> {
  try {
    return (await getDb().device.get(STORAGE.device.enrolment))?.value as KioskEnrolment | undefined
  }
  catch {
    return undefined
  }
}

/** A usable enrolment: present and not known to be revoked. */
export async function activeEnrolment(): Promise<KioskEnrolment | undefined> {
  const e = await readEnrolment()
  return e && !e.revoked ? e : undefined
}

/** Stores a new enrolment with its first contact; the previous one (if any) is replaced. */
export async function saveEnrolment(e: KioskEnrolment, contact: string | null): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.device, async () => {
    await db.device.put({ key: STORAGE.device.enrolment, value: { ...e } })
    await db.device.put({ key: STORAGE.device.contact, value: contact })
  })
}

export async function markRevoked(): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.device, async () => {
    const e = await readEnrolment()
    if (e)
      await db.device.put({ key: STORAGE.device.enrolment, value: { ...e, revoked: true } })
  })
}

/**
 * Keeps what the server now says this kiosk is (a heartbeat's answer: a supervisor may have changed
 * its hall's agencies). The key and the revocation mark stay as they are.
 */
export async function updateIdentity(identity: KioskIdentity): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.device, async () => {
    const e = await readEnrolment()
    if (e && e.identity.id === identity.id)
      await db.device.put({ key: STORAGE.device.enrolment, value: { ...e, identity: { ...identity, agencies: [...identity.agencies] } } })
  })
}

/**
 * The agencies of this kiosk's hall, in the order staff set (the first is the default), live; empty
 * on a device that is not an enrolled kiosk, or whose enrolment was revoked.
 */
export function watchHallAgencies() {
  return liveQuery(async (): Promise<string[]> => {
    const e = await readEnrolment()
    return e && !e.revoked ? e.identity.agencies ?? [] : []
  })
}

/** Forgets the enrolment (staff un-enrol the device); its key goes with it. */
export async function clearEnrolment(): Promise<void> {
  await getDb().device.bulkDelete([STORAGE.device.enrolment, STORAGE.device.contact])
}

export async function readContact(): Promise<string | null> {
  return ((await getDb().device.get(STORAGE.device.contact))?.value as string | null | undefined) ?? null
}

/** Keeps the newest contact token (they start with the server's milliseconds). */
export async function saveContact(token: string): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.device, async () => {
    const have = await readContact()
    const ms = (t: string | null) => Number(t?.split('.')[0] ?? 0)
    if (!have || ms(token) >= ms(have))
      await db.device.put({ key: STORAGE.device.contact, value: token })
  })
}
