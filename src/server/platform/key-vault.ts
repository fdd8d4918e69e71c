/**
 * The one home of the server's secrets (docs/deploy.md, "Keys"): the `server_keys` table, each key
 * wrapped with AES-256-GCM by a key-encryption key (KEK) that is never in the database:
 *
 *   KEY_ENCRYPTION_KEY       32 bytes, base64 (`openssl rand -base64 32`)
 *   KEY_ENCRYPTION_KEY_FILE  a file holding the same (systemd credentials, a mounted secret)
 *   DATA_DIR/keys/kek        otherwise; created 0600 at the very first start only
 *
 * Every instance on one database therefore uses the same keys, and a backup of the database carries
 * them (still wrapped). The vault never makes new keys over existing data: when the database holds
 * applications but no keys, or keys wrapped by another KEK, start-up stops with a message naming
 * what is missing and how to restore it. Installs older than the vault (keys in DATA_DIR/keys or in
 * GONGKAI_APPLICATION_KEY / GONGKAI_DATA_KEY) are imported once, at the first start after upgrade.
 *
 * Rotation adds a sealing key; the newest is the one served to devices, and every older one stays
 * so that boxes sealed before the rotation and still queued on devices open. Running instances pick
 * a new key up through NOTIFY server_keys, or when a box names a key they do not know yet.
 */
import type { Db, Queryable } from './db'
import type { KeyMaterial, SealSet, ServerKeys } from './keys'
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateAgencyKey, publicKeyFromPrivate } from '../../shared/submission'
import { generateKeyMaterial, legacyKeyMaterial, sealSet, serverKeysFrom } from './keys'

/** A start-up refusal an operator must act on (main prints the message alone, no stack). */
export class KeyVaultError extends Error {}

export interface Kek {
  key: Buffer
  /** A hash prefix, stored with each wrapped key. */
  id: string
  /** Where it came from, for messages. */
  source: string
}

export const KEK_FILE = 'kek'
/** Advisory lock id: instances starting at once agree on one set of keys. */
const VAULT_LOCK = 727276
/** A flood of boxes naming unknown keys re-reads the table at most this often. */
const RELOAD_EVERY_MS = 5_000

export function kekId(key: Buffer): string {
  return createHash('sha256').update('gongkai-kek\0').update(key).digest('hex').slice(0, 12)
}

function parseKek(text: string, source: string): Kek {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32)
    throw new KeyVaultError(`${source} must hold 32 bytes, base64-encoded (make one with \`openssl rand -base64 32\`)`)
  return { key, id: kekId(key), source }
}

/** The KEK from the environment, its file, or DATA_DIR/keys/kek; null when there is none yet. */
export async function readKek(env: NodeJS.ProcessEnv, dataDir: string | undefined): Promise<Kek | null> {
  if (env.KEY_ENCRYPTION_KEY)
    return parseKek(env.KEY_ENCRYPTION_KEY, 'KEY_ENCRYPTION_KEY')
  if (env.KEY_ENCRYPTION_KEY_FILE) {
    const text = await readFile(env.KEY_ENCRYPTION_KEY_FILE, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new KeyVaultError(`KEY_ENCRYPTION_KEY_FILE ${env.KEY_ENCRYPTION_KEY_FILE} cannot be read (${err.code})`)
    })
    return parseKek(text, `KEY_ENCRYPTION_KEY_FILE (${env.KEY_ENCRYPTION_KEY_FILE})`)
  }
  if (!dataDir)
    return null
  const path = join(dataDir, 'keys', KEK_FILE)
  try {
    return parseKek(await readFile(path, 'utf8'), path)
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return null
    throw err
  }
}

/** A new KEK in DATA_DIR/keys/kek (first start without a configured one). */
async function createKekFile(dataDir: string): Promise<Kek> {
  const dir = join(dataDir, 'keys')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, KEK_FILE)
  try {
    await writeFile(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 })
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw err
  }
  return parseKek(await readFile(path, 'utf8'), path)
}

function wrap(kek: Kek, kind: string, kid: string, plain: Buffer): string {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', kek.key, iv)
  c.setAAD(Buffer.from(`${kind}|${kid}`))
  const ct = Buffer.concat([c.update(plain), c.final()])
  return ['v1', iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join('.')
}

function unwrap(kek: Kek, row: KeyRow): Buffer {
  const [v, iv, ct, tag] = row.wrapped.split('.')
  try {
    if (v !== 'v1' || !iv || !ct || !tag)
      throw new Error('format')
    const d = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url'))
    d.setAAD(Buffer.from(`${row.kind}|${row.kid}`))
    d.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()])
  }
  catch {
    throw new KeyVaultError(`The ${row.kind} key ${row.kid} in the database cannot be opened with the key-encryption key from ${kek.source} (id ${kek.id}); it was wrapped by KEK ${row.kek_id}, or the row is damaged.`)
  }
}

interface KeyRow { kid: string, kind: 'seal' | 'data' | 'mac', wrapped: string, kek_id: string, created_at: string, retired_at: string | null }

const rawKid = (prefix: string, key: Buffer) => `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`

async function insertKey(tx: Queryable, kek: Kek, kind: KeyRow['kind'], kid: string, plain: Buffer): Promise<void> {
  await tx.query(
    `insert into server_keys (kid, kind, wrapped, kek_id) values ($1, $2, $3, $4) on conflict (kid) do nothing`,
    [kid, kind, wrap(kek, kind, kid, plain), kek.id],
  )
}

async function storeMaterial(tx: Queryable, kek: Kek, m: KeyMaterial): Promise<void> {
  // Oldest first so that the first seal (the current one) gets the newest created_at.
  for (const [i, jwk] of [...m.seals].reverse().entries()) {
    const { kid } = await publicKeyFromPrivate(jwk)
    await tx.query(
      `insert into server_keys (kid, kind, wrapped, kek_id, created_at) values ($1, 'seal', $2, $3, now() + make_interval(secs => $4::int * 0.001))
       on conflict (kid) do nothing`,
      [kid, wrap(kek, 'seal', kid, Buffer.from(JSON.stringify(jwk))), kek.id, i],
    )
  }
  await insertKey(tx, kek, 'data', rawKid('data', m.dataKey), m.dataKey)
  await insertKey(tx, kek, 'mac', rawKid('mac', m.macKey), m.macKey)
}

async function readRows(q: Queryable): Promise<KeyRow[]> {
  return (await q.query<KeyRow>(
    `select kid, kind, wrapped, kek_id, created_at::text as created_at, retired_at::text as retired_at
     from server_keys order by created_at desc, kid`,
  )).rows
}

/** Sealing keys in the order the routes want them: the newest unretired first, then the rest. */
function sealJwks(kek: Kek, rows: KeyRow[]): JsonWebKey[] {
  const seals = rows.filter(r => r.kind === 'seal')
  const ordered = [...seals.filter(r => !r.retired_at), ...seals.filter(r => r.retired_at)]
  return ordered.map(r => JSON.parse(unwrap(kek, r).toString('utf8')) as JsonWebKey)
}

function materialFrom(kek: Kek, rows: KeyRow[]): KeyMaterial {
  const missing = (['seal', 'data', 'mac'] as const).filter(k => !rows.some(r => r.kind === k))
  if (missing.length > 0)
    throw new KeyVaultError(`The database's key store lacks the ${missing.join(' and ')} key: restore the database and its keys together from one backup (npm run restore -- FILE).`)
  const seals = sealJwks(kek, rows)
  if (seals.length === 0)
    throw new KeyVaultError('Every sealing key in the database is retired: rotate (npm run keys -- rotate) to make a new one.')
  // One data and one MAC key: the newest (rows are sorted newest first).
  return { seals, dataKey: unwrap(kek, rows.find(r => r.kind === 'data')!), macKey: unwrap(kek, rows.find(r => r.kind === 'mac')!) }
}

function noKek(rows: KeyRow[], dataDir: string | undefined): KeyVaultError {
  const ids = [...new Set(rows.map(r => r.kek_id))].join(', ')
  return new KeyVaultError(`The database holds keys wrapped by key-encryption key ${ids}, but no key-encryption key was found: set KEY_ENCRYPTION_KEY or KEY_ENCRYPTION_KEY_FILE to the one this database was made with (kept apart from the database, see docs/deploy.md), or put it in ${dataDir ? join(dataDir, 'keys', KEK_FILE) : 'DATA_DIR/keys/kek'}.`)
}

/**
 * Checks that the keys stored in `q` open with `kek` (a restore, before it commits). Throws
 * KeyVaultError naming the KEK they need.
 */
export async function checkStoredKeys(q: Queryable, kek: Kek | null, dataDir?: string): Promise<{ kekIds: string[] }> {
  const rows = await readRows(q)
  if (rows.length === 0)
    return { kekIds: [] }
  if (!kek)
    throw noKek(rows, dataDir)
  materialFrom(kek, rows)
  return { kekIds: [...new Set(rows.map(r => r.kek_id))] }
}

/** How many rows of personal data the database holds: keys must never be made up over them. */
async function protectedRows(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>('select count(*)::int as n from applications')).rows[0]!.n
}

export interface OpenVaultOptions {
  env?: NodeJS.ProcessEnv
  /** DATA_DIR: where a KEK file is looked for (and made at a first start), and legacy key files. */
  dataDir?: string
  log?: (message: string) => void
}

/**
 * Opens (or, on an empty database, creates) the key store and returns the keys. Throws
 * KeyVaultError, naming what is missing and how to restore it, rather than inventing keys.
 */
export async function openKeyVault(db: Db, options: OpenVaultOptions = {}): Promise<ServerKeys> {
  const env = options.env ?? process.env
  const log = options.log ?? (() => {})
  let kek = await readKek(env, options.dataDir)
  const material = await db.transaction(async (tx) => {
    if (db.kind === 'postgres')
      await tx.query('select pg_advisory_xact_lock($1)', [VAULT_LOCK])
    const rows = await readRows(tx)
    if (rows.length > 0) {
      if (!kek)
        throw noKek(rows, options.dataDir)
      return materialFrom(kek, rows)
    }
    const legacy = await legacyKeyMaterial(env, options.dataDir && join(options.dataDir, 'keys'))
    if (!legacy) {
      const n = await protectedRows(tx)
      if (n > 0)
        throw new KeyVaultError(`The database holds ${n} applications but no keys to open them: refusing to make new ones. Restore the database together with its keys (npm run restore -- FILE from a backup made by npm run backup), or, for an install older than the key store, put its key files back in DATA_DIR/keys (application-keys.json, data-key) or set GONGKAI_APPLICATION_KEY and GONGKAI_DATA_KEY.`)
    }
    if (!kek) {
      if (!options.dataDir)
        throw new KeyVaultError('No key-encryption key: set KEY_ENCRYPTION_KEY or KEY_ENCRYPTION_KEY_FILE.')
      kek = await createKekFile(options.dataDir)
      log(`Created a key-encryption key in ${kek.source}: keep a copy apart from the backups (docs/deploy.md).`)
    }
    const m = legacy ?? await generateKeyMaterial()
    await storeMaterial(tx, kek, m)
    if (legacy)
      log('Imported the keys of an older install into the key store (the old key files are no longer read).')
    // Another instance may have stored first (PGlite has no advisory lock): use what is stored.
    return materialFrom(kek, await readRows(tx))
  })
  const k = kek!
  let known = new Set<string>((await sealSet(material.seals)).byKid.keys())
  let lastReload = 0
  return serverKeysFrom(material, async (swap: (s: SealSet) => void, force?: boolean) => {
    if (!force && Date.now() - lastReload < RELOAD_EVERY_MS)
      return false
    lastReload = Date.now()
    const next = await sealSet(sealJwks(k, await readRows(db)))
    const kids = new Set(next.byKid.keys())
    const changed = kids.size !== known.size || [...kids].some(x => !known.has(x))
    if (changed) {
      known = kids
      swap(next)
    }
    return changed
  })
}

/** Adds a new sealing key (served to devices from now on; every older one still opens). */
export async function rotateSealingKey(db: Db, kek: Kek): Promise<string> {
  const { privateJwk, publicKey } = await generateAgencyKey()
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into server_keys (kid, kind, wrapped, kek_id, created_at)
       values ($1, 'seal', $2, $3, greatest(now(), (select max(created_at) + interval '1 millisecond' from server_keys)))`,
      [publicKey.kid, wrap(kek, 'seal', publicKey.kid, Buffer.from(JSON.stringify(privateJwk))), kek.id],
    )
    await tx.query(`select pg_notify('server_keys', $1)`, [publicKey.kid])
  })
  return publicKey.kid
}

/** What the key store holds, without any secret (npm run keys -- status). */
export async function keyStatus(db: Queryable): Promise<{ kid: string, kind: string, kekId: string, createdAt: string, retired: boolean }[]> {
  return (await readRows(db)).map(r => ({ kid: r.kid, kind: r.kind, kekId: r.kek_id, createdAt: r.created_at, retired: !!r.retired_at }))
}
