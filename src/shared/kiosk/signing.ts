/**
 * What an enrolled kiosk signs, and how a signature is checked (WebCrypto ECDSA P-256 / SHA-256,
 * the same code in the browser and in Node). The kiosk's private key is created on the device as a
 * non-extractable CryptoKey, so a copy of its database cannot sign anything; the server keeps only
 * the public half it registered at enrolment.
 *
 * Every message starts with a purpose line, so a signature made for one purpose (a heartbeat) can
 * never be replayed as another (a submission). A submission's signature covers the application id,
 * the claimed time, the contact token the kiosk held when the citizen pressed submit, and digests
 * of the general and sealed personal parts exactly as sent.
 */
import { fromBase64Url, toBase64Url, utf8 } from '../submission/bytes'

/** The signature algorithm (WebCrypto names). */
export const KIOSK_SIGN_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const

/** The kiosk part of a submission body (`kiosk` beside `general` and `personal`). */
export interface KioskSubmissionProof {
  /** The kiosk's id, given by the server at enrolment. */
  id: string
  /** The last contact token the server gave this kiosk before submit was pressed (see contact.ts). */
  contact: string | null
  /** base64url ECDSA P-256 signature (r‖s) over submissionMessage(). */
  sig: string
}

const subtle = () => globalThis.crypto.subtle

async function digest(value: unknown): Promise<string> {
  return toBase64Url(new Uint8Array(await subtle().digest('SHA-256', utf8.encode(JSON.stringify(value)))))
}

/** The bytes a kiosk signs for a submission. */
export async function submissionMessage(p: { kioskId: string, id: string, general: unknown, personal: unknown, contact: string | null }): Promise<string> {
  const at = (p.general as { deviceSubmittedAt?: unknown } | null)?.deviceSubmittedAt
  return ['gongkai-kiosk-submission/1', p.kioskId, p.id, String(at), p.contact ?? '', await digest(p.general), await digest(p.personal)].join('\n')
}

/** What a person typed as an enrolment code (case, spaces, dashes, look-alike letters), or null. */
export function normaliseEnrolmentCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40)
    return null
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4)}` : null
}

/** The bytes a device signs to prove it holds the key it registers with an enrolment code. */
export function enrolMessage(code: string, keyId: string): string {
  return ['gongkai-kiosk-enrol/1', normaliseEnrolmentCode(code) ?? code, keyId].join('\n')
}

/** The bytes a kiosk signs to check in with the server (and learn whether it was revoked). */
export function heartbeatMessage(kioskId: string, at: string): string {
  return ['gongkai-kiosk-heartbeat/1', kioskId, at].join('\n')
}

/** A new signing key pair; the private half cannot be exported. */
export async function generateKioskKey(): Promise<CryptoKeyPair> {
  return subtle().generateKey(KIOSK_SIGN_ALG, false, ['sign', 'verify']) as Promise<CryptoKeyPair>
}

/** The public half as a JWK (only x and y of P-256). */
export async function exportKioskPublicKey(key: CryptoKey): Promise<JsonWebKey> {
  const jwk = await subtle().exportKey('jwk', key)
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
}

export async function signKioskMessage(privateKey: CryptoKey, message: string): Promise<string> {
  return toBase64Url(new Uint8Array(await subtle().sign(SIGN, privateKey, utf8.encode(message))))
}

const B64 = /^[\w-]{40,50}$/

/** True when `jwk` is a well-formed P-256 public key (checked before any crypto). */
export function isKioskPublicJwk(jwk: unknown): jwk is JsonWebKey {
  const k = jwk as JsonWebKey | null
  return !!k && typeof k === 'object' && !Array.isArray(k) && k.kty === 'EC' && k.crv === 'P-256'
    && typeof k.x === 'string' && B64.test(k.x) && typeof k.y === 'string' && B64.test(k.y)
}

/** Verifies a signature; false (never a throw) for a bad key, signature or message. */
export async function verifyKioskSignature(publicJwk: JsonWebKey, message: string, sig: unknown): Promise<boolean> {
  if (typeof sig !== 'string' || !/^[\w-]{80,100}$/.test(sig) || !isKioskPublicJwk(publicJwk))
    return false
  try {
    const key = await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y }, KIOSK_SIGN_ALG, false, ['verify'])
    return await subtle().verify(SIGN, key, fromBase64Url(sig), utf8.encode(message))
  }
  catch {
    return false
  }
}
