/**
 * The server's secrets, as the routes use them:
 * - the agency sealing key pairs (ECDH P-256) devices seal personal data to. The current public half
 *   is served at /api/keys/applications and /application-key.json; retired private keys are kept so
 *   that a box sealed offline before a rotation still opens.
 * - the data key (AES-256) that encrypts personal data at rest in the database;
 * - the MAC key (HMAC-SHA256) for tracking second factors and device status tokens.
 *
 * Where they live is `platform/key-vault.ts`: in the database, wrapped by a key-encryption key from
 * the environment or a file, so every instance and every backup finds the same ones (docs/deploy.md).
 * This module only turns key material into the operations; `loadServerKeys()` without a database is
 * for tests (ephemeral keys) and for importing the key files of installs older than the vault.
 */
import type { ApplicationPublicKey } from '../../shared/submission'
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateAgencyKey, importAgencyPrivateKey, publicKeyFromPrivate } from '../../shared/submission'

export interface ServerKeys {
  /** The key devices should seal to now (follows a rotation picked up by `reload`). */
  readonly current: ApplicationPublicKey
  /** Private keys by kid (current and retired). */
  privateKey: (kid: string) => CryptoKey | undefined
  /** Id of the data key (a hash prefix), stored next to each encrypted value. */
  dataKeyId: string
  encryptAtRest: (plain: string) => string
  decryptAtRest: (sealed: string) => string
  /** HMAC of a label and value under the MAC key (tracking factors, status tokens). */
  mac: (label: string, value: string) => string
  /** Constant-time comparison of two MACs. */
  sameMac: (a: string, b: string) => boolean
  /**
   * Re-reads the key store (another instance or `npm run keys -- rotate` may have added a sealing
   * key); resolves true when the set of sealing keys changed. Absent for ephemeral keys.
   */
  reload?: (force?: boolean) => Promise<boolean>
}

/** Raw key material: sealing private JWKs (current first), the data key and the MAC key. */
export interface KeyMaterial {
  seals: JsonWebKey[]
  dataKey: Buffer
  macKey: Buffer
}

export interface SealSet {
  current: ApplicationPublicKey
  byKid: Map<string, CryptoKey>
}

/** Imports the sealing keys of `seals` (current first). */
export async function sealSet(seals: JsonWebKey[]): Promise<SealSet> {
  if (seals.length === 0)
    throw new Error('no sealing key')
  const byKid = new Map<string, CryptoKey>()
  let current: ApplicationPublicKey | undefined
  for (const jwk of seals) {
    const pub = await publicKeyFromPrivate(jwk)
    current ??= pub
    byKid.set(pub.kid, await importAgencyPrivateKey(jwk))
  }
  return { current: current!, byKid }
}

/** The operations over one set of key material; `reload` may swap the sealing keys later. */
export async function serverKeysFrom(material: KeyMaterial, reload?: (swap: (s: SealSet) => void, force?: boolean) => Promise<boolean>): Promise<ServerKeys> {
  const { dataKey, macKey } = material
  if (dataKey.length !== 32 || macKey.length !== 32)
    throw new Error('data and MAC keys must be 32 bytes')
  let seals = await sealSet(material.seals)
  const dataKeyId = createHash('sha256').update(dataKey).digest('hex').slice(0, 12)
  return {
    get current() {
      return seals.current
    },
    privateKey: kid => seals.byKid.get(kid),
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
    mac: (label, value) => createHmac('sha256', macKey).update(`${label}\0${value}`).digest('base64url'),
    sameMac(a, b) {
      const x = Buffer.from(a)
      const y = Buffer.from(b)
      return x.length === y.length && timingSafeEqual(x, y)
    },
    ...(reload
      ? {
          reload: (force?: boolean) => reload((s) => {
            seals = s
          }, force),
        }
      : {}),
  }
}

/** Fresh random key material (a first start, or tests). */
export async function generateKeyMaterial(): Promise<KeyMaterial> {
  const { privateJwk } = await generateAgencyKey()
  return { seals: [privateJwk], dataKey: randomBytes(32), macKey: randomBytes(32) }
}

/** Ephemeral in-memory keys: tests and the app factory when no keys are given. */
export async function loadServerKeys(): Promise<ServerKeys> {
  return serverKeysFrom(await generateKeyMaterial())
}

/**
 * Key material of an install older than the vault, if there is any: GONGKAI_APPLICATION_KEY (a
 * private JWK or a JSON array, current first) and GONGKAI_DATA_KEY (32 bytes, base64), else the
 * files DATA_DIR/keys/application-keys.json and DATA_DIR/keys/data-key. That version keyed its
 * MACs with the data key, so the MAC key is the data key: stored tracking factors keep matching.
 * Never creates anything.
 */
export async function legacyKeyMaterial(env: NodeJS.ProcessEnv, dir: string | undefined): Promise<KeyMaterial | null> {
  const seal = env.GONGKAI_APPLICATION_KEY ?? await readIfThere(dir, 'application-keys.json')
  const data = env.GONGKAI_DATA_KEY ?? await readIfThere(dir, 'data-key')
  if (!seal && !data)
    return null
  if (!seal || !data)
    throw new Error(`Found only one of the two legacy keys (${seal ? 'application key' : 'data key'}); the other must be restored too (GONGKAI_APPLICATION_KEY / GONGKAI_DATA_KEY or DATA_DIR/keys).`)
  const dataKey = Buffer.from(data.trim(), 'base64')
  if (dataKey.length !== 32)
    throw new Error('GONGKAI_DATA_KEY must be 32 bytes, base64-encoded')
  return { seals: [JSON.parse(seal) as JsonWebKey | JsonWebKey[]].flat(), dataKey, macKey: dataKey }
}

async function readIfThere(dir: string | undefined, name: string): Promise<string | undefined> {
  if (!dir)
    return undefined
  try {
    return await readFile(join(dir, name), 'utf8')
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return undefined
    throw err
  }
}
