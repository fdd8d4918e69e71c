/**
 * `npm run restore -- FILE`: a backup made by `npm run backup` into a fresh database (an empty
 * DATA_DIR, or the empty PostgreSQL database DATABASE_URL names), keys included. The KEK that
 * wrapped the keys must be at hand (KEY_ENCRYPTION_KEY, KEY_ENCRYPTION_KEY_FILE or DATA_DIR/keys/kek):
 * the restore checks that the keys open before it commits. Then start the server as usual.
 */
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { BackupError, restoreBackup } from '../platform/backup'
import { readConfig } from '../platform/config'
import { controlRequest } from '../platform/control'
import { pgliteDir, privateDataDir } from '../platform/data-dir'
import { openDb } from '../platform/db'
import { KeyVaultError, readKek } from '../platform/key-vault'

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: npm run restore -- FILE')
    process.exit(2)
  }
  await access(file)
  const config = readConfig()
  if (!config.databaseUrl) {
    const running = await controlRequest(config.dataDir, '/ping')
    if (running) {
      running.resume()
      throw new BackupError(`A server is running on ${config.dataDir}: stop it, then restore into a fresh DATA_DIR.`)
    }
    await privateDataDir(config.dataDir)
  }
  const kek = await readKek(process.env, config.dataDir)
  const db = await openDb({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir) })
  try {
    const counts = await restoreBackup(db, createReadStream(file), { kek, dataDir: config.dataDir })
    console.log(`Restored ${file}: ${counts.applications ?? 0} applications, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows, keys checked. Start the server as usual.`)
  }
  finally {
    await db.close()
  }
}

main().catch((err) => {
  const known = err instanceof BackupError || err instanceof KeyVaultError
  console.error(`Restore failed: ${known ? (err as Error).message : err}`)
  process.exit(1)
})
