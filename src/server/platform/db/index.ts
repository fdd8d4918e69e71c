/**
 * One storage gateway for the server: embedded PostgreSQL (PGlite, a directory on disk) by default,
 * a real PostgreSQL server when DATABASE_URL is set. Both speak the same SQL, so every query and
 * migration is written once; the storage contract test (tests/server/db.test.ts) runs against both.
 *
 * PGlite is a single connection: its transactions are serialised by PGlite itself. PostgreSQL goes
 * through a pg Pool; a transaction takes one client for its whole life.
 */
export interface QueryResult<T> { rows: T[], affectedRows: number }

export interface Queryable {
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<QueryResult<T>>
  /** Runs a script of several statements without parameters (migrations). */
  exec: (sql: string) => Promise<void>
}

export interface Db extends Queryable {
  /** 'pglite' or 'postgres' */
  readonly kind: 'pglite' | 'postgres'
  /** Human-readable description for /api/health (never contains a password). */
  readonly description: string
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>
  /** Subscribes to NOTIFY on a channel; returns the unsubscribe function. */
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>
  close: () => Promise<void>
}

export interface OpenDbOptions {
  /** postgres:// URL; when absent, PGlite in dataDir. */
  url?: string
  /** Directory for PGlite's files; 'memory://' for a throwaway in-memory database. */
  dataDir?: string
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.url) {
    const { openPostgres } = await import('./postgres')
    return openPostgres(options.url)
  }
  const { openPglite } = await import('./pglite')
  return openPglite(options.dataDir ?? 'memory://')
}
