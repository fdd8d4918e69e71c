/**
 * Sealing personal data to the agency (ECIES with WebCrypto only, so the same code runs in the
 * browser, the service worker and Node):
 *
 *   ephemeral ECDH P-256 key pair per box → shared secret with the agency's public key
 *   → HKDF-SHA256 (salt: the ephemeral public key, info: algorithm + key id) → AES-256-GCM key
 *   → encrypt the JSON, with the application id as additional data.
 *
 * A device holds only the public key, so once a box is sealed nothing on the device can open it
 * again: an earlier citizen's name, ID number and phone cannot be read back out of a shared kiosk.
 * Binding the id as AAD means a box cannot be lifted into another application. The key id (kid) is
 * the RFC 7638 thumbprint of the public key, so the server can keep old keys after a rotation.
 */
import { fromBase64Url, toBase64Url, utf8 } from './bytes'

export const SEAL_ALG = 'ECDH-ES+HKDF-SHA256+A256GCM' as const

export interface SealedBox {
  v: 1
  alg: typeof SEAL_ALG
  /** Which agency key it was sealed to. */
  kid: string
  /** The ephemeral public key (x, y of P-256, base64url). */
  epk: { x: string, y: string }
  iv: string
  ct: string
}

/** The agency's public key as served by GET /api/keys/applications. */
export interface ApplicationPublicKey {
  kid: string
  alg: typeof SEAL_ALG
  jwk: JsonWebKey
}

const subtle = () => globalThis.crypto.subtle
const EC = { name: 'ECDH', namedCurve: 'P-256' } as const

/** RFC 7638 JWK thumbprint of a P-256 public key: a stable, collision-free key id. */
export async function keyIdOf(jwk: JsonWebKey): Promise<string> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y)
    throw new TypeError('expected a P-256 public key')
  const canonical = `{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`
  return toBase64Url(new Uint8Array(await subtle().digest('SHA-256', utf8.encode(canonical))))
}

/** A new agency key pair (the server's, at first start), with its public half ready to publish. */
export async function generateAgencyKey(): Promise<{ privateJwk: JsonWebKey, publicKey: ApplicationPublicKey }> {
  const pair = await subtle().generateKey(EC, true, ['deriveBits']) as CryptoKeyPair
  const privateJwk = await subtle().exportKey('jwk', pair.privateKey)
  return { privateJwk, publicKey: await publicKeyFromPrivate(privateJwk) }
}

/** The public half of a private JWK. */
export async function publicKeyFromPrivate(privateJwk: JsonWebKey): Promise<ApplicationPublicKey> {
  const jwk: JsonWebKey = { kty: 'EC', crv: 'P-256', x: privateJwk.x, y: privateJwk.y }
  return { kid: await keyIdOf(jwk), alg: SEAL_ALG, jwk }
}

export async function importAgencyPrivateKey(privateJwk: JsonWebKey): Promise<CryptoKey> {
  return subtle().importKey('jwk', { ...privateJwk, key_ops: ['deriveBits'], ext: false }, EC, false, ['deriveBits'])
}

async function boxKey(secret: ArrayBuffer, epk: { x: string, y: string }, kid: string): Promise<CryptoKey> {
  const ikm = await subtle().importKey('raw', secret, 'HKDF', false, ['deriveKey'])
  const salt = utf8.encode(`${epk.x}.${epk.y}`)
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8.encode(`${SEAL_ALG}|${kid}`) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/** Seals `value` (any JSON) to the agency's public key, bound to `aad` (the application id). */
export async function sealJson(key: ApplicationPublicKey, value: unknown, aad: string): Promise<SealedBox> {
  if (key.alg !== SEAL_ALG)
    throw new TypeError(`unsupported key algorithm ${String(key.alg)}`)
  const recipient = await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: key.jwk.x, y: key.jwk.y }, EC, false, [])
  const eph = await subtle().generateKey(EC, true, ['deriveBits']) as CryptoKeyPair
  const epkJwk = await subtle().exportKey('jwk', eph.publicKey)
  const epk = { x: epkJwk.x!, y: epkJwk.y! }
  const secret = await subtle().deriveBits({ name: 'ECDH', public: recipient }, eph.privateKey, 256)
  const aes = await boxKey(secret, epk, key.kid)
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(aad) }, aes, utf8.encode(JSON.stringify(value)))
  return { v: 1, alg: SEAL_ALG, kid: key.kid, epk, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) }
}

/** Why a box could not be opened: the server maps each to a 4xx the client shows. */
export class SealError extends Error {
  constructor(readonly reason: 'malformed' | 'unknown_key' | 'undecryptable', message: string) {
    super(message)
  }
}

/**
 * Checks a box's shape without any crypto (cheap, done before anything else on the server).
 * `maxCt`: the longest ciphertext accepted (base64url characters); a 补正 with photos needs more.
 */
export function isSealedBox(box: unknown, maxCt = 64 * 1024): box is SealedBox {
  const b = box as SealedBox
  const b64 = (s: unknown, max: number) => typeof s === 'string' && s.length > 0 && s.length <= max && /^[\w-]+$/.test(s)
  return !!b && typeof b === 'object' && b.v === 1 && b.alg === SEAL_ALG && b64(b.kid, 64)
    && !!b.epk && typeof b.epk === 'object' && b64(b.epk.x, 64) && b64(b.epk.y, 64)
    && b64(b.iv, 16) && b64(b.ct, maxCt)
}

/** Opens a box with the agency's private key; throws SealError when it cannot. */
export async function openSealed(privateKey: CryptoKey, box: unknown, aad: string, maxCt?: number): Promise<unknown> {
  if (!isSealedBox(box, maxCt))
    throw new SealError('malformed', 'sealed data is malformed')
  let plain: ArrayBuffer
  try {
    const epk = await subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: box.epk.x, y: box.epk.y }, EC, false, [])
    const secret = await subtle().deriveBits({ name: 'ECDH', public: epk }, privateKey, 256)
    const aes = await boxKey(secret, box.epk, box.kid)
    plain = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64Url(box.iv), additionalData: utf8.encode(aad) }, aes, fromBase64Url(box.ct))
  }
  catch {
    throw new SealError('undecryptable', 'sealed data cannot be opened with this key')
  }
  try {
    return JSON.parse(utf8.decode(new Uint8Array(plain)))
  }
  catch {
    throw new SealError('malformed', 'sealed data is not JSON')
  }
}
