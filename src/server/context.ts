import type { Db } from './db'

/** What every route plugin gets: storage and settings. No module-level state anywhere in server/. */
export interface AppContext {
  db: Db
  version: string
  /** Directory of the built PWA to serve; undefined = API only (tests, dev with Vite). */
  distDir?: string
  /** Operator token for /api/admin (ADMIN_TOKEN); undefined = admin API closed. See auth-guard.ts. */
  adminToken?: string
}
