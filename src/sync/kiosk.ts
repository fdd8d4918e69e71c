/**
 * The kiosk side of trusted kiosks (issue 16): enrolling this device with a staff member's one-time
 * code, checking in (a heartbeat: a fresh contact token, and whether staff revoked this kiosk), and
 * signing each submission so the server can tell it came from an enrolled kiosk in the hall.
 */
import type { KioskContactResponse, KioskSubmissionProof } from '~/shared/kiosk'
import { activeEnrolment, markRevoked, readContact, readEnrolment, saveContact, saveEnrolment } from '~/data/kiosk'
import { enrolMessage, exportKioskPublicKey, generateKioskKey, heartbeatMessage, normaliseEnrolmentCode, signKioskMessage, submissionMessage } from '~/shared/kiosk'
import { keyIdOf } from '~/shared/submission'

/** Why enrolment failed, for the settings page to say in words. */
export class KioskEnrolError extends Error {
  constructor(readonly reason: 'invalidCode' | 'network' | 'server') {
    super(reason)
  }
}

async function postJson<T>(path: string, body: unknown): Promise<{ status: number, json: T | undefined }> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
    signal: AbortSignal.timeout(15_000),
  })
  return { status: res.status, json: await res.json().catch(() => undefined) as T | undefined }
}

/** Enrols this device with a code staff made: a new non-extractable key, its public half registered. */
export async function enrolKiosk(typed: string): Promise<KioskContactResponse['kiosk']> {
  const code = normaliseEnrolmentCode(typed)
  if (!code)
    throw new KioskEnrolError('invalidCode')
  const keys = await generateKioskKey()
  const publicJwk = await exportKioskPublicKey(keys.publicKey)
  const sig = await signKioskMessage(keys.privateKey, enrolMessage(code, await keyIdOf(publicJwk)))
  let res
  try {
    res = await postJson<KioskContactResponse>('/api/kiosks/enrol', { code, publicKey: publicJwk, sig })
  }
  catch {
    throw new KioskEnrolError('network')
  }
  if (res.status === 400 || res.status === 429)
    throw new KioskEnrolError('invalidCode')
  if (res.status !== 201 || !res.json)
    throw new KioskEnrolError('server')
  await saveEnrolment({ identity: res.json.kiosk, privateKey: keys.privateKey, publicJwk }, res.json.contact)
  return res.json.kiosk
}

/**
 * Checks in with the server: keeps the contact token fresh and learns of a revocation (after which
 * this device's applications are on-line). Quiet when offline or not enrolled.
 */
export async function kioskHeartbeat(): Promise<void> {
  const e = await activeEnrolment()
  if (!e)
    return
  const at = new Date().toISOString()
  const sig = await signKioskMessage(e.privateKey, heartbeatMessage(e.identity.id, at))
  const res = await postJson<KioskContactResponse>(`/api/kiosks/${e.identity.id}/heartbeat`, { at, sig }).catch(() => undefined)
  if (res?.status !== 200 || !res.json)
    return
  if (res.json.revoked)
    await markRevoked()
  else if (res.json.contact)
    await saveContact(res.json.contact)
}

/** The kiosk proof for a submission, or undefined on a device that is not an enrolled kiosk. */
export async function signSubmission(p: { id: string, general: unknown, personal: unknown }): Promise<KioskSubmissionProof | undefined> {
  const e = await activeEnrolment()
  if (!e)
    return undefined
  const contact = await readContact()
  const message = await submissionMessage({ kioskId: e.identity.id, id: p.id, general: p.general, personal: p.personal, contact })
  return { id: e.identity.id, contact, sig: await signKioskMessage(e.privateKey, message) }
}

/** What the settings page shows about this device's enrolment. */
export async function kioskStatus(): Promise<{ identity: KioskContactResponse['kiosk'], revoked: boolean } | undefined> {
  const e = await readEnrolment()
  return e && { identity: e.identity, revoked: !!e.revoked }
}
