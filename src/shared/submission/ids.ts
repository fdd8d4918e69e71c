/**
 * Client-generated application ids (UUIDv7: time-ordered, so the outbox and the server's index stay
 * in submission order) and the tracking code derived from one. The code is a pure function of the
 * id so that a device with no network can print it on the receipt at once, and the server, given
 * the same id, arrives at the same code: nothing has to be reconciled after sync.
 */

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits. */
export function uuidv7(now: number = Date.now(), random: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(10))): string {
  const b = new Uint8Array(16)
  let ms = Math.max(0, Math.floor(now))
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256
    ms = Math.floor(ms / 256)
  }
  b.set(random.subarray(0, 10), 6)
  b[6] = 0x70 | (b[6]! & 0x0F)
  b[8] = 0x80 | (b[8]! & 0x3F)
  const hex = Array.from(b, x => x.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function isUuidV7(value: unknown): value is string {
  return typeof value === 'string' && UUID_V7.test(value)
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
}

// Crockford's base32: no I, L, O, U, so a code read aloud or copied by hand survives.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * The tracking code of an application: 'GK-' and 12 Crockford base32 characters in groups of four,
 * from the id's last 60 random bits (2^60 codes: collisions are not a practical concern, and the
 * server's unique index turns one into a rejection rather than a mix-up).
 */
export function trackingCodeFor(id: string): string {
  if (!isUuidV7(id))
    throw new TypeError('tracking codes come from UUIDv7 ids')
  let n = BigInt(`0x${id.replace(/-/g, '').slice(-15)}`)
  let s = ''
  for (let i = 0; i < 12; i++) {
    s = CROCKFORD[Number(n & 31n)]! + s
    n >>= 5n
  }
  return `GK-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`
}

/** Normalises what a person typed as a tracking code (case, spaces, look-alike letters); null if it cannot be one. */
export function normaliseTrackingCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/^GK/, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(raw))
    return null
  return `GK-${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
}
