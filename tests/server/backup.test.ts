import type { TestDb } from './helpers'
/**
 * Issue 15, backups: `npm run backup` / `npm run restore` in a module: the database and its keys in
 * one consistent file; restored into a fresh database, every application opens, tracking works, a
 * box sealed before the backup is accepted, and a bad file or a missing KEK leaves nothing behind.
 */
import type { Db } from '~/server/platform/db'
import type { ServerKeys } from '~/server/platform/keys'
import type { SubmitApplicationResponse } from '~/shared/submission'
import { randomBytes } from 'node:crypto'
import { PassThrough, Readable } from 'node:stream'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { BackupError, readBackupSummary, restoreBackup, writeBackup } from '~/server/platform/backup'
import { migrate } from '~/server/platform/db/migrate'
import { KeyVaultError, openKeyVault, readKek } from '~/server/platform/key-vault'
import { seedAll } from '~/server/platform/seed'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { openTestDb, storageKinds } from './helpers'

async function backupOf(db: Db): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  await writeBackup(db, out)
  return Buffer.concat(chunks)
}

const count = async (db: Db, sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n

describe.each(storageKinds)('backup and restore on %s', (kind) => {
  const env = { KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') }
  let src: TestDb
  let dst: TestDb
  let keys: ServerKeys
  beforeEach(async () => {
    src = await openTestDb(kind)
    dst = await openTestDb(kind)
    await migrate(src.db)
    await seedAll(src.db)
    keys = await openKeyVault(src.db, { env })
  })
  afterEach(async () => {
    await src.drop()
    await dst.drop()
  })

  it('restores onto a fresh database: applications open, tracking works, a box sealed before the backup is accepted, sequences continue', async () => {
    const app = await buildApp({ db: src.db, version: 'test', keys })
    const codes: string[] = []
    for (let i = 0; i < 3; i++)
      codes.push(((await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(keys.current) })).json() as SubmitApplicationResponse).trackingCode)
    // Sealed on a device before the backup, still queued when the backup is restored.
    const queued = await makeSubmission(keys.current)
    // Submissions keep arriving while the backup is written: the file is one snapshot.
    const during = Promise.all(Array.from({ length: 6 }, async () => app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(keys.current) })))
    const file = await backupOf(src.db)
    await during
    await app.close()

    const summary = await readBackupSummary(Readable.from([file]))
    expect(summary.counts.applications).toBeGreaterThanOrEqual(3)
    const counts = await restoreBackup(dst.db, Readable.from([file]), { kek: await readKek(env, undefined) })
    expect(counts.applications).toBe(summary.counts.applications)
    // One snapshot: every application came with both of its events and its change-log row.
    expect(await count(dst.db, `select count(*)::int as n from application_events`)).toBe(2 * counts.applications!)
    expect(await count(dst.db, `select count(*)::int as n from change_log where entity = 'application'`)).toBe(counts.applications)

    const restored = await openKeyVault(dst.db, { env })
    expect(restored.current).toEqual(keys.current)
    const rows = (await dst.db.query<{ personal_enc: string }>('select personal_enc from applications')).rows
    for (const r of rows)
      expect(JSON.parse(restored.decryptAtRest(r.personal_enc))).toMatchObject({ name: SAMPLE_PERSONAL.name })
    const app2 = await buildApp({ db: dst.db, version: 'test', keys: restored })
    try {
      for (const code of codes)
        expect((await app2.inject(`/api/applications/track/${code}?phone4=${SAMPLE_PERSONAL.phone.slice(-4)}`)).statusCode).toBe(200)
      const res = await app2.inject({ method: 'POST', url: '/api/applications', payload: queued })
      expect(res.statusCode, res.body).toBe(201)
      // Sequences moved past the restored rows: the new change-log row comes after every old one.
      const seqs = (await dst.db.query<{ seq: number, entity_id: string }>(`select seq, entity_id from change_log order by seq desc limit 1`)).rows[0]!
      expect(seqs.entity_id).toBe(queued.id)
    }
    finally {
      await app2.close()
    }
    // The change log got a new sync epoch: devices that pulled after the backup start again.
    const epochs = async (db: Db) => (await db.query<{ epoch: string }>('select epoch from sync_state')).rows[0]!.epoch
    expect(await epochs(dst.db)).not.toBe(await epochs(src.db))
  })

  it('refuses a restore without the KEK the keys were wrapped by, and leaves the target fresh for the next try', async () => {
    const file = await backupOf(src.db)
    const err = await restoreBackup(dst.db, Readable.from([file]), { kek: await readKek({ KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, undefined) }).then(() => null, (e: Error) => e)
    expect(err).toBeInstanceOf(KeyVaultError)
    const none = await restoreBackup(dst.db, Readable.from([file]), { kek: null }).then(() => null, (e: Error) => e)
    expect(none).toBeInstanceOf(KeyVaultError)
    expect(none!.message).toMatch(/KEY_ENCRYPTION_KEY/)
    await restoreBackup(dst.db, Readable.from([file]), { kek: await readKek(env, undefined) })
    expect(await count(dst.db, 'select count(*)::int as n from reports')).toBe(await count(src.db, 'select count(*)::int as n from reports'))
  })

  it('refuses a truncated file and a database already in use', async () => {
    const file = await backupOf(src.db)
    const lines = gunzipSync(file).toString('utf8').trimEnd().split('\n')
    const cut = gzipSync(`${lines.slice(0, -1).join('\n')}\n`)
    await expect(readBackupSummary(Readable.from([cut]))).rejects.toBeInstanceOf(BackupError)
    await expect(restoreBackup(dst.db, Readable.from([cut]), { kek: await readKek(env, undefined) })).rejects.toThrow(/truncated/)
    await expect(restoreBackup(src.db, Readable.from([file]), { kek: await readKek(env, undefined) })).rejects.toThrow(/not empty/)
  })
})
