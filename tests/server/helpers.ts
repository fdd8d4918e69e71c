/**
 * Storage for server tests: PGlite in memory always, and a real PostgreSQL when DATABASE_URL is
 * set (CI sets it). Each PostgreSQL test database is a fresh schema, dropped afterwards.
 */
import type { FastifyInstance } from 'fastify'
import type { ApplicationLimits } from '~/server/applications/limits'
import type { Db } from '~/server/platform/db'
import type { ServerKeys } from '~/server/platform/keys'
import type { TrustProxy } from '~/server/platform/network'
import type { StaffOptions } from '~/server/staff/auth'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { buildApp } from '~/server/platform/app'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { loadServerKeys } from '~/server/platform/keys'
import { seedAll } from '~/server/platform/seed'

export type StorageKind = 'pglite' | 'postgres'

export const storageKinds: StorageKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

export interface TestDb { db: Db, url?: string, drop: () => Promise<void> }

export async function openTestDb(kind: StorageKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' })
    return { db, drop: () => db.close() }
  }
  const base = process.env.DATABASE_URL!
  const schema = `gk_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const db = await openDb({ url: url.toString() })
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close()
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}

/** A migrated, seeded database and the app on top of it. */
export async function setupApp(kind: StorageKind, opts: { seed?: boolean, applicationLimits?: Partial<ApplicationLimits>, staff?: Partial<StaffOptions>, trustProxy?: TrustProxy } = {}): Promise<{ app: FastifyInstance, db: Db, keys: ServerKeys, close: () => Promise<void> }> {
  const t = await openTestDb(kind)
  await migrate(t.db)
  if (opts.seed !== false)
    await seedAll(t.db)
  // Returned so a second instance on the same database can share them, as real instances do.
  const keys = await loadServerKeys()
  const app = await buildApp({ db: t.db, version: 'test', keys, applicationLimits: opts.applicationLimits, staff: opts.staff, trustProxy: opts.trustProxy })
  return {
    app,
    db: t.db,
    keys,
    async close() {
      await app.close()
      await t.drop()
    },
  }
}
