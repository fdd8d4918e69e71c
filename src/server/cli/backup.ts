/**
 * `npm run backup -- FILE`: the whole database with its keys (still wrapped by the KEK) in one
 * consistent file, while the server runs. PostgreSQL (DATABASE_URL): read directly in one snapshot.
 * PGlite: asked of the running server over its control socket, or read directly when no server is
 * running. The file is written next to FILE and renamed into place only once complete and checked,
 * mode 0600. The KEK is never in it: keep that apart (docs/deploy.md).
 */
import type { Readable } from 'node:stream'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { readBackupSummary, writeBackup } from '../platform/backup'
import { readConfig } from '../platform/config'
import { controlRequest } from '../platform/control'
import { pgliteDir } from '../platform/data-dir'
import { openDb } from '../platform/db'
import { readKek } from '../platform/key-vault'

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: npm run backup -- FILE')
    process.exit(2)
  }
  const config = readConfig()
  const tmp = `${file}.partial-${process.pid}`
  try {
    const out = createWriteStream(tmp, { mode: 0o600, flags: 'wx' })
    const fromServer = config.databaseUrl ? null : await controlRequest(config.dataDir, '/backup')
    if (fromServer) {
      if (fromServer.statusCode !== 200)
        throw new Error(`the running server refused the backup (HTTP ${fromServer.statusCode})`)
      await pipeline(fromServer as Readable, out)
    }
    else {
      const db = await openDb({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir) })
      try {
        await writeBackup(db, out)
      }
      finally {
        await db.close()
      }
    }
    // Read back: a file without its end marker (a server that died mid-dump) is never kept.
    const summary = await readBackupSummary(createReadStream(tmp))
    const fh = await open(tmp, 'r')
    await fh.sync()
    await fh.close()
    await rename(tmp, file)
    const kek = await readKek(process.env, config.dataDir).catch(() => null)
    console.log(`Backup written to ${file} (${summary.storage}, ${summary.counts.applications ?? 0} applications, ${Object.values(summary.counts).reduce((a, b) => a + b, 0)} rows).`)
    console.log(`Its keys are wrapped by key-encryption key ${summary.kekIds.join(', ') || '(none yet)'}${kek ? ` (from ${kek.source})` : ''}: keep that key apart from the backup; a restore needs both.`)
  }
  catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

main().catch((err) => {
  console.error(`Backup failed: ${(err as Error).message}`)
  process.exit(1)
})
