/**
 * A kiosk device in server tests, doing what the app does (src/data/kiosk.ts): a non-extractable
 * ECDSA key made with WebCrypto, enrolment with a one-time code, signed submissions.
 */
import type { FastifyInstance } from 'fastify'
import type { KioskContactResponse } from '~/shared/kiosk'
import type { SubmitApplicationRequest } from '~/shared/submission'
import { enrolMessage, exportKioskPublicKey, generateKioskKey, signKioskMessage, submissionMessage } from '~/shared/kiosk'
import { keyIdOf } from '~/shared/submission'
import { makeSubmission } from './applications'

export interface TestKiosk {
  id: string
  keys: CryptoKeyPair
  contact: string | null
}

/** Enrols a new device with `code`; throws unless the server answers 201. */
export async function enrolDevice(app: FastifyInstance, code: string): Promise<TestKiosk> {
  const keys = await generateKioskKey()
  const publicKey = await exportKioskPublicKey(keys.publicKey)
  const sig = await signKioskMessage(keys.privateKey, enrolMessage(code, await keyIdOf(publicKey)))
  const res = await app.inject({ method: 'POST', url: '/api/kiosks/enrol', payload: { code, publicKey, sig } })
  if (res.statusCode !== 201)
    throw new Error(`enrol failed: ${res.statusCode} ${res.body}`)
  const body = res.json() as KioskContactResponse
  return { id: body.kiosk.id, keys, contact: body.contact }
}

/** A submission signed by `kiosk`, claiming `general.deviceSubmittedAt`. */
export async function kioskSubmission(app: FastifyInstance, kiosk: TestKiosk, general: Record<string, unknown> = {}, opts: { contact?: string | null } = {}): Promise<SubmitApplicationRequest & { kiosk: unknown }> {
  const key = (await app.inject('/api/keys/applications')).json()
  const sub = await makeSubmission(key, { general: { channel: 'inPerson', ...general } })
  const contact = opts.contact === undefined ? kiosk.contact : opts.contact
  const message = await submissionMessage({ kioskId: kiosk.id, id: sub.id, general: sub.general, personal: sub.personal, contact })
  return { ...sub, kiosk: { id: kiosk.id, contact, sig: await signKioskMessage(kiosk.keys.privateKey, message) } }
}
