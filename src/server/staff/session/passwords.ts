/**
 * Staff passwords: scrypt (node:crypto, memory-hard) with a random per-user salt, stored with its
 * parameters so they can be raised later without invalidating existing hashes. Comparison is
 * constant-time; an unknown user name is checked against a dummy hash so that its timing matches.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'

const N = 16384
const R = 8
const P = 1
const KEYLEN = 32

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** Minimum length of a staff password. */
export const MIN_PASSWORD_LENGTH = 10

/** `scrypt$N$r$p$salt$hash` with base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, N, R, P, KEYLEN)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** True if `password` matches `stored`; false (never throws) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$')
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash)
    return false
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), expected.length)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

// A real hash of a random password nobody knows (generated once, then discarded): verifying
// against it costs the same as verifying a real user, so response time does not reveal whether a
// user name exists.
const DUMMY_HASH = 'scrypt$16384$8$1$CP_JCtUxgN0-R6Loi5Qhmg$_x1h8QzkB-iuNJVDHTz-nXSnLnyvSxSCPuqyAl1B0lc'
/** Burns the same time as a real verification; always false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH)
  return false
}

/** A readable random password (demo accounts, generated first passwords). */
export function randomPassword(): string {
  return randomBytes(12).toString('base64url')
}
