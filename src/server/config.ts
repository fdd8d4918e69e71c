/** Configuration from the environment, read once at start-up (see README: Configuration). */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  distDir: string
  logLevel: string
  /** Token for the admin API until staff sign-in exists (src/server/auth-guard.ts). */
  adminToken?: string
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`)
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? resolve(ROOT, 'data')),
    distDir: resolve(env.DIST_DIR ?? resolve(ROOT, 'dist')),
    logLevel: env.LOG_LEVEL ?? 'info',
    adminToken: env.ADMIN_TOKEN || undefined,
  }
}
