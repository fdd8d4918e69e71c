/** `npm start` / `npm run serve`: open storage, migrate, seed, serve the PWA and /api. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readNotifyConfig } from './notify/config'
import { buildApp } from './platform/app'
import { readConfig } from './platform/config'
import { startControlSocket } from './platform/control'
import { pgliteDir, privateDataDir, tighten } from './platform/data-dir'
import { openDb } from './platform/db'
import { migrate } from './platform/db/migrate'
import { KeyVaultError, openKeyVault } from './platform/key-vault'
import { seedAll } from './platform/seed'
import { version } from './platform/version'
import { controlCreateAccount } from './staff/admin/accounts'
import { staffFirstRun } from './staff/admin/first-run'

async function main(): Promise<void> {
  const config = readConfig()
  // Tracking codes and masked personal data pass through these files: the server's user alone.
  await privateDataDir(config.dataDir)
  const db = await openDb({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir) })
  await migrate(db)
  await tighten(config.dataDir)
  await seedAll(db)
  const staffNotice = await staffFirstRun(db)
  // Keys live in the database, wrapped by the key-encryption key (platform/key-vault.ts).
  const keys = await openKeyVault(db, { dataDir: config.dataDir, log: m => console.warn(m) })
  // A rotation by another instance or `npm run keys -- rotate` reaches this one at once.
  await db.listen('server_keys', () => void keys.reload?.(true).catch(() => {}))
  const notify = readNotifyConfig(process.env, config.port)
  const app = await buildApp({ db, version, distDir: config.distDir, keys, notify, applicationLimits: config.applicationLimits, loadShed: config.loadShed, syncCache: config.syncCache, trustProxy: config.trustProxy, logger: { level: config.logLevel } })
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
    await tighten(config.dataDir).catch(() => {})
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  // PGlite is this process's files: `npm run backup` asks the running server for a snapshot.
  // `npm run user:create` while this server runs: the account is written through this process.
  const stopControl = db.kind === 'pglite' ? await startControlSocket(config.dataDir, db, m => app.log.error(m), { '/users': body => controlCreateAccount(db, body) }) : async () => {}
  app.addHook('onClose', async () => stopControl())
  await app.listen({ port: config.port, host: config.host })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  console.log(`\n  公开 Gongkai is running: http://${shown}:${port}/\n  storage: ${db.description}\n`)
  if (staffNotice)
    console.log(`${staffNotice}\n`)
}

main().catch((err) => {
  // A refusal the operator must act on: the message says what and how, a stack would bury it.
  console.error(err instanceof KeyVaultError ? `\n  公开 Gongkai cannot start: ${err.message}\n` : err)
  process.exit(1)
})
