/**
 * The server's two secrets:
 * - the agency key pair (ECDH P-256) that devices seal personal data to. Its public half is served
 *   at /api/keys/applications and /application-key.json; older private keys are kept so that a box
 *   sealed offline before a rotation still opens.
 * - the data key (AES-256) that encrypts personal data at rest in the database, and keys the HMACs
 *   for tracking second factors and device status tokens.
 *
 * Sources, first found wins: GONGKAI_APPLICATION_KEY (a private JWK, or a JSON array of them with
 * the current one first) and GONGKAI_DATA_KEY (32 bytes, base64); else files in DATA_DIR/keys,
 * generated at first start with mode 0600. Keeping them out of the database means a database dump
 * or replica alone never reveals personal data. Several instances behind a load balancer must share
 * them: set the two variables (see docs/applications.md).
 */
import type { ApplicationPublicKey } from '../../shared/submission'
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateAgencyKey, importAgencyPrivateKey, publicKeyFromPrivate } from '../../shared/submission'

export interface ServerKeys {
  /** The key devices should seal to now. */
  current: ApplicationPublicKey
  /** Private keys by kid (current and retired). */
  privateKey: (kid: string) => CryptoKey | undefined
  /** Id of the data key (a hash prefix), stored next to each encrypted value. */
  dataKeyId: string
  encryptAtRest: (plain: string) => string
  decryptAtRest: (sealed: string) => string
  /** HMAC of a label and value under the data key (tracking factors, status tokens). */
  mac: (label: string, value: string) => string
  /** Constant-time comparison of two MACs. */
  sameMac: (a: string, b: string) => boolean
}

export interface LoadKeysOptions {
  /** Directory for generated key files; undefined = ephemeral keys in memory (tests). */
  dir?: string
  env?: NodeJS.ProcessEnv
}

export async function loadServerKeys(options: LoadKeysOptions = {}): Promise<ServerKeys> {
  const env = options.env ?? process.env
  const privateJwks = await agencyKeys(env.GONGKAI_APPLICATION_KEY, options.dir)
  const dataKey = await dataKeyFrom(env.GONGKAI_DATA_KEY, options.dir)
  const byKid = new Map<string, CryptoKey>()
  let current: ApplicationPublicKey | undefined
  for (const jwk of privateJwks) {
    const pub = await publicKeyFromPrivate(jwk)
    current ??= pub
    byKid.set(pub.kid, await importAgencyPrivateKey(jwk))
  }
  const dataKeyId = createHash('sha256').update(dataKey).digest('hex').slice(0, 12)
  return {
    current: current!,
    privateKey: kid => byKid.get(kid),
    dataKeyId,
    encryptAtRest(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', dataKey, iv)
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return ['v1', iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join('.')
    },
    decryptAtRest(sealed) {
      const [v, iv, ct, tag] = sealed.split('.')
      if (v !== 'v1' || !iv || !ct || !tag)
        throw new Error('unknown at-rest format')
      const d = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64url'))
      d.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8')
    },
    mac: (label, value) => createHmac('sha256', dataKey).update(`${label}\0${value}`).digest('base64url'),
    sameMac(a, b) {
      const x = Buffer.from(a)
      const y = Buffer.from(b)
      return x.length === y.length && timingSafeEqual(x, y)
    },
  }
}

async function agencyKeys(fromEnv: string | undefined, dir: string | undefined): Promise<JsonWebKey[]> {
  if (fromEnv) {
    const parsed = JSON.parse(fromEnv) as JsonWebKey | JsonWebKey[]
    return [parsed].flat()
  }
  const text = await readOrCreate(dir, 'application-keys.json', async () => {
    const { privateJwk } = await generateAgencyKey()
    return `${JSON.stringify([privateJwk], null, 2)}\n`
  })
  return [JSON.parse(text) as JsonWebKey | JsonWebKey[]].flat()
}

async function dataKeyFrom(fromEnv: string | undefined, dir: string | undefined): Promise<Buffer> {
  const text = fromEnv ?? await readOrCreate(dir, 'data-key', async () => `${randomBytes(32).toString('base64')}\n`)
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32)
    throw new Error('GONGKAI_DATA_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)')
  return key
}

/** Reads dir/name, or creates it exclusively (two instances starting at once agree on one key). */
async function readOrCreate(dir: string | undefined, name: string, make: () => Promise<string>): Promise<string> {
  if (!dir)
    return make()
  const path = join(dir, name)
  try {
    return await readFile(path, 'utf8')
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw err
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  try {
    await writeFile(path, await make(), { flag: 'wx', mode: 0o600 })
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw err
  }
  return readFile(path, 'utf8')
}
