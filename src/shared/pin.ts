/**
 * The staff PIN that guards kiosk settings, stored only as a salted PBKDF2-SHA-256 hash. WebCrypto
 * is global in browsers and Node 20 alike, so the same code hashes on a device and in a CLI.
 */

export interface PinHash {
  algo: 'pbkdf2-sha256'
  iterations: number
  /** base64 */
  salt: string
  /** base64 */
  hash: string
}

const ITERATIONS = 150_000

/** A PIN is 6 to 12 digits: typed on a numeric keypad, no input method needed. */
export function isValidPin(pin: string): boolean {
  return /^\d{6,12}$/.test(pin)
}

export async function hashPin(pin: string, opts: { salt?: Uint8Array, iterations?: number } = {}): Promise<PinHash> {
  const salt = opts.salt ?? crypto.getRandomValues(new Uint8Array(16))
  const iterations = opts.iterations ?? ITERATIONS
  const bits = await derive(pin, salt, iterations)
  return { algo: 'pbkdf2-sha256', iterations, salt: toB64(salt), hash: toB64(bits) }
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (stored.algo !== 'pbkdf2-sha256')
    return false
  const bits = await derive(pin, fromB64(stored.salt), stored.iterations)
  const expected = fromB64(stored.hash)
  if (bits.length !== expected.length)
    return false
  // Constant-time comparison: no early exit on the first differing byte.
  let diff = 0
  for (let i = 0; i < bits.length; i++)
    diff |= bits[i]! ^ expected[i]!
  return diff === 0
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256)
  return new Uint8Array(bits)
}

function toB64(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes)
    s += String.fromCharCode(b)
  return btoa(s)
}

function fromB64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), c => c.charCodeAt(0))
}
