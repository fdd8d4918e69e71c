/** `npm start` / `npm run serve`: open storage, migrate, seed, serve the PWA and /api. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from './platform/app'
import { readConfig } from './platform/config'
import { openDb } from './platform/db'
import { migrate } from './platform/db/migrate'
import { loadServerKeys } from './platform/keys'
import { seedAll } from './platform/seed'
import { version } from './platform/version'
import { staffFirstRun } from './staff/admin/first-run'

async function main(): Promise<void> {
  const config = readConfig()
  const db = await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') })
  await migrate(db)
  await seedAll(db)
  const staffNotice = await staffFirstRun(db)
  // Keys live beside the data, not in the database (see keys.ts); env variables override them.
  const keys = await loadServerKeys({ dir: join(config.dataDir, 'keys') })
  const app = await buildApp({ db, version, distDir: config.distDir, keys, applicationLimits: config.applicationLimits, loadShed: config.loadShed, syncCache: config.syncCache, logger: { level: config.logLevel } })
  if (!existsSync(join(config.distDir, 'index.html')))
    app.log.warn(`No built app in ${config.distDir}: serving /api only. Run \`npm run build\` first.`)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing)
      return
    closing = true
    app.log.info(`${signal}: closing`)
    await app.close()
    await db.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  console.log(`\n  公开 Gongkai is running: http://${shown}:${port}/\n  storage: ${db.description}\n`)
  if (staffNotice)
    console.log(`${staffNotice}\n`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
