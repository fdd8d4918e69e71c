import type { TestDb } from './helpers'
/**
 * Issue 15, keys: one home for every secret (the database, wrapped by a KEK), shared by every
 * instance, never silently re-made over existing data, and rotated without stranding queued boxes.
 */
import type { ApplicationPublicKey } from '~/shared/submission'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { migrate } from '~/server/platform/db/migrate'
import { keyStatus, KeyVaultError, openKeyVault, readKek, rotateSealingKey } from '~/server/platform/key-vault'
import { generateAgencyKey, publicKeyFromPrivate } from '~/shared/submission'
import { makeSubmission } from '../support/applications'
import { openTestDb, storageKinds } from './helpers'

const kekEnv = () => ({ KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') })

describe.each(storageKinds)('key vault on %s', (kind) => {
  let t: TestDb
  let dir: string
  beforeEach(async () => {
    t = await openTestDb(kind)
    await migrate(t.db)
    dir = await mkdtemp(join(tmpdir(), 'gk-keys-'))
  })
  afterEach(async () => {
    await t.drop()
    await rm(dir, { recursive: true, force: true })
  })

  it('a first start makes the keys and a KEK file (0600 in a 0700 directory); a second instance gets the same keys', async () => {
    const a = await openKeyVault(t.db, { env: {}, dataDir: dir })
    const kek = await stat(join(dir, 'keys', 'kek'))
    expect(kek.mode & 0o777).toBe(0o600)
    expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700)
    // Another instance with the same KEK file (or the same KEY_ENCRYPTION_KEY) on the same database.
    const b = await openKeyVault(t.db, { env: { KEY_ENCRYPTION_KEY_FILE: join(dir, 'keys', 'kek') } })
    expect(b.current).toEqual(a.current)
    expect(b.decryptAtRest(a.encryptAtRest('张三'))).toBe('张三')
    expect(b.mac('phone4', 'x')).toBe(a.mac('phone4', 'x'))
    expect((await keyStatus(t.db)).map(k => k.kind).sort()).toEqual(['data', 'mac', 'seal'])
    // Nothing secret is stored in the clear.
    const dump = JSON.stringify((await t.db.query('select * from server_keys')).rows)
    expect(dump).not.toContain('"d"')
  })

  it('instances starting at once agree on one set of keys', async () => {
    const env = kekEnv()
    const all = await Promise.all([1, 2, 3].map(() => openKeyVault(t.db, { env })))
    expect(new Set(all.map(k => k.current.kid)).size).toBe(1)
    expect(all[2]!.decryptAtRest(all[0]!.encryptAtRest('x'))).toBe('x')
  })

  it('refuses to start, naming the restore, when the database holds applications but no keys', async () => {
    const env = kekEnv()
    const first = await openKeyVault(t.db, { env })
    // Personal data stored under those keys, then the keys lost (a backup restored without them).
    const app = await buildApp({ db: t.db, version: 'test', keys: first })
    const sub = await makeSubmission(first.current)
    expect((await app.inject({ method: 'POST', url: '/api/applications', payload: sub })).statusCode).toBe(201)
    await app.close()
    await t.db.query('delete from server_keys')
    const err = await openKeyVault(t.db, { env, dataDir: dir }).then(() => new Error('started'), (e: Error) => e)
    expect(err).toBeInstanceOf(KeyVaultError)
    expect(err.message).toMatch(/1 applications but no keys/)
    expect(err.message).toMatch(/npm run restore/)
    // And nothing was made.
    expect(await keyStatus(t.db)).toEqual([])
  })

  it('refuses to start without the KEK, or with another one, naming the KEK the keys were wrapped by', async () => {
    const env = kekEnv()
    await openKeyVault(t.db, { env })
    const { kekId } = (await keyStatus(t.db))[0]!
    const none = await openKeyVault(t.db, { env: {}, dataDir: dir }).then(() => new Error('started'), (e: Error) => e)
    expect(none).toBeInstanceOf(KeyVaultError)
    expect(none.message).toContain(kekId)
    expect(none.message).toMatch(/KEY_ENCRYPTION_KEY/)
    const wrong = await openKeyVault(t.db, { env: kekEnv() }).then(() => new Error('started'), (e: Error) => e)
    expect(wrong).toBeInstanceOf(KeyVaultError)
    expect(wrong.message).toContain(kekId)
    // The refusal made no KEK file over the existing keys either.
    await expect(stat(join(dir, 'keys', 'kek'))).rejects.toThrow()
  })

  it('imports the key files of an install older than the key store, keeping its MACs valid', async () => {
    const { privateJwk } = await generateAgencyKey()
    const dataKey = randomBytes(32)
    await mkdir(join(dir, 'keys'), { recursive: true })
    await writeFile(join(dir, 'keys', 'application-keys.json'), JSON.stringify([privateJwk]))
    await writeFile(join(dir, 'keys', 'data-key'), dataKey.toString('base64'))
    const keys = await openKeyVault(t.db, { env: {}, dataDir: dir })
    expect(keys.current.kid).toBe((await publicKeyFromPrivate(privateJwk)).kid)
    const { createHmac } = await import('node:crypto')
    expect(keys.mac('phone4', 'a|1234')).toBe(createHmac('sha256', dataKey).update('phone4\0a|1234').digest('base64url'))
  })

  it('rotation: devices are served the new key, a box sealed to the old one (queued offline) is still accepted by every instance', async () => {
    const env = kekEnv()
    const a = await openKeyVault(t.db, { env })
    const b = await openKeyVault(t.db, { env })
    const old: ApplicationPublicKey = a.current
    const queued = await makeSubmission(old)
    const kek = (await readKek(env, undefined))!
    const kid = await rotateSealingKey(t.db, kek)
    expect(kid).not.toBe(old.kid)
    // Instance b was told (NOTIFY) and reloads; instance a reloads when a box names the new key.
    expect(await b.reload!(true)).toBe(true)
    expect(b.current.kid).toBe(kid)
    const appA = await buildApp({ db: t.db, version: 'test', keys: a })
    const appB = await buildApp({ db: t.db, version: 'test', keys: b })
    try {
      expect((await appB.inject('/api/keys/applications')).json()).toMatchObject({ kid })
      const fresh = await makeSubmission(b.current)
      expect((await appA.inject({ method: 'POST', url: '/api/applications', payload: fresh })).statusCode).toBe(201)
      expect((await appB.inject({ method: 'POST', url: '/api/applications', payload: queued })).statusCode).toBe(201)
      // A restart sees the same thing: the newest key served, the old one kept.
      const c = await openKeyVault(t.db, { env })
      expect(c.current.kid).toBe(kid)
      expect(c.privateKey(old.kid)).toBeDefined()
    }
    finally {
      await appA.close()
      await appB.close()
    }
  })
})
