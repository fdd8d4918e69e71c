/** Configuration from the environment, read once at start-up (see README: Configuration). */
import type { TrustProxy } from './network'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseTrustProxy } from './network'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  distDir: string
  logLevel: string
  /** APPLY_RATE_PER_DEVICE / APPLY_RATE_PER_ADDRESS (submissions per minute) when set. */
  applicationLimits: { submitPerDevice?: number, submitPerAddress?: number }
  /** MAX_IN_FLIGHT (0 = never shed) and SHED_RETRY_AFTER (seconds) when set. */
  loadShed: { maxInFlight?: number, retryAfterSec?: number }
  /** SYNC_CACHE_MB: megabytes of gzipped sync pages kept and warmed ahead of devices (0 = off). */
  syncCache: { maxBytes?: number, warm: boolean }
  /** TRUST_PROXY: addresses/CIDRs of the proxies in front, or a hop count; off when unset. */
  trustProxy: TrustProxy
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
    applicationLimits: {
      ...positive('APPLY_RATE_PER_DEVICE', env.APPLY_RATE_PER_DEVICE, 'submitPerDevice'),
      ...positive('APPLY_RATE_PER_ADDRESS', env.APPLY_RATE_PER_ADDRESS, 'submitPerAddress'),
    },
    loadShed: {
      ...(env.MAX_IN_FLIGHT === '0' ? { maxInFlight: 0 } : positive('MAX_IN_FLIGHT', env.MAX_IN_FLIGHT, 'maxInFlight')),
      ...positive('SHED_RETRY_AFTER', env.SHED_RETRY_AFTER, 'retryAfterSec'),
    },
    syncCache: syncCache(env.SYNC_CACHE_MB),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  }
}

function syncCache(value: string | undefined): Config['syncCache'] {
  if (value === '0')
    return { maxBytes: 0, warm: false }
  const mb = positive('SYNC_CACHE_MB', value, 'mb').mb
  return mb === undefined ? { warm: true } : { warm: true, maxBytes: mb * 2 ** 20 }
}

function positive<K extends string>(name: string, value: string | undefined, key: K): Partial<Record<K, number>> {
  if (value === undefined || value === '')
    return {}
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number, got ${value}`)
  return { [key]: n } as Partial<Record<K, number>>
}
