/**
 * `npm run keys -- status` lists the key store (kinds, ids, KEK ids; never a secret).
 * `npm run keys -- rotate` adds a new sealing key: devices are served it from then on, and every
 * older key stays so applications sealed before and still queued on devices are accepted.
 * Uses the storage `npm start` uses (DATABASE_URL or DATA_DIR). With PGlite, stop the server
 * first (one process owns its directory); on PostgreSQL running instances pick the key up at once.
 */
import { readConfig } from '../platform/config'
import { pgliteDir } from '../platform/data-dir'
import { openDb } from '../platform/db'
import { migrate } from '../platform/db/migrate'
import { keyStatus, KeyVaultError, openKeyVault, readKek, rotateSealingKey } from '../platform/key-vault'

async function main(): Promise<void> {
  const command = process.argv[2]
  if (command !== 'status' && command !== 'rotate') {
    console.error('usage: npm run keys -- status|rotate')
    process.exit(2)
  }
  const config = readConfig()
  const db = await openDb({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir) })
  try {
    await migrate(db)
    // Opening checks the KEK against what is stored (and makes the keys on an empty database).
    await openKeyVault(db, { dataDir: config.dataDir })
    if (command === 'rotate') {
      const kid = await rotateSealingKey(db, (await readKek(process.env, config.dataDir))!)
      console.log(`New sealing key ${kid}; devices are served it from now on, older keys still open queued applications.`)
    }
    for (const k of await keyStatus(db))
      console.log(`${k.kind.padEnd(5)} ${k.kid.padEnd(44)} kek ${k.kekId}  ${k.createdAt}${k.retired ? '  retired' : ''}`)
  }
  finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err instanceof KeyVaultError ? err.message : err)
  process.exit(1)
})
