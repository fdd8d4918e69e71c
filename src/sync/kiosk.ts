/**
 * The kiosk side of trusted kiosks (issue 16): enrolling this device with a staff member's one-time
 * code, checking in (a heartbeat: a fresh contact token, and whether staff revoked this kiosk), and
 * signing each submission so the server can tell it came from an enrolled kiosk in the hall.
 */
import type { KioskContactResponse, KioskSubmissionProof } from '~/shared/kiosk'
import { api, toApiError } from '~/app/api'
import { activeEnrolment, markRevoked, readContact, readEnrolment, saveContact, saveEnrolment, updateIdentity } from '~/data/kiosk'
import { enrolMessage, exportKioskPublicKey, generateKioskKey, heartbeatMessage, normaliseEnrolmentCode, signKioskMessage, submissionMessage } from '~/shared/kiosk'
import { keyIdOf } from '~/shared/submission'

/** Why enrolment failed, for the settings page to say in words. */
export class KioskEnrolError extends Error {
  constructor(readonly reason: 'invalidCode' | 'network' | 'server') {
    super(reason)
  }
}

/** Enrols this device with a code staff made: a new non-extractable key, its public half registered. */
export async function enrolKiosk(typed: string): Promise<KioskContactResponse['kiosk']> {
  const code = normaliseEnrolmentCode(typed)
  if (!code)
    throw new KioskEnrolError('invalidCode')
  const keys = await generateKioskKey()
  const publicJwk = await exportKioskPublicKey(keys.publicKey)
  const sig = await signKioskMessage(keys.privateKey, enrolMessage(code, await keyIdOf(publicJwk)))
  let res: KioskContactResponse
  try {
    res = await api.post<KioskContactResponse>('/api/kiosks/enrol', { json: { code, publicKey: publicJwk, sig } })
  }
  catch (err) {
    const e = toApiError(err)
    throw new KioskEnrolError(e.unreachable ? 'network' : e.status === 400 || e.status === 429 ? 'invalidCode' : 'server')
  }
  await saveEnrolment({ identity: res.kiosk, privateKey: keys.privateKey, publicJwk }, res.contact)
  return res.kiosk
}

/**
 * Checks in with the server: keeps the contact token fresh, learns of a revocation (after which
 * this device's applications are on-line) and of a change to its name, hall or agencies. Quiet
 * when offline or not enrolled.
 */
export async function kioskHeartbeat(): Promise<void> {
  const e = await activeEnrolment()
  if (!e)
    return
  const at = new Date().toISOString()
  const sig = await signKioskMessage(e.privateKey, heartbeatMessage(e.identity.id, at))
  const res = await api.post<KioskContactResponse>(`/api/kiosks/${e.identity.id}/heartbeat`, { json: { at, sig } }).catch(() => undefined)
  if (!res)
    return
  if (res.kiosk && JSON.stringify(res.kiosk) !== JSON.stringify(e.identity))
    await updateIdentity(res.kiosk)
  if (res.revoked)
    await markRevoked()
  else if (res.contact)
    await saveContact(res.contact)
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
