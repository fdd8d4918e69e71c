import type { ApplicationLimits } from '../applications/limits'
import type { StaffOptions } from '../staff/auth'
import type { SyncCacheOptions } from '../sync/cache'
import type { Db } from './db'
import type { ServerKeys } from './keys'
import type { LoadShedOptions } from './load-shed'

/** What every route plugin gets: storage and settings. No module-level state anywhere in server/. */
export interface AppContext {
  db: Db
  version: string
  /** Directory of the built PWA to serve; undefined = API only (tests, dev with Vite). */
  distDir?: string
  /** The agency key pair and the at-rest data key; ephemeral in-memory keys when absent (tests). */
  keys?: ServerKeys
  /** Overrides of the application routes' rate and size limits (benchmarks, tests). */
  applicationLimits?: Partial<ApplicationLimits>
  /** Session, lock-out and agency settings for staff sign-in (tests shorten them). */
  staff?: Partial<StaffOptions>
  /** Concurrency limit past which /api answers 503 + Retry-After (MAX_IN_FLIGHT; 0 turns it off). */
  loadShed?: Partial<LoadShedOptions>
  /** The pull-sync page cache (SYNC_CACHE_MB; warmed ahead of devices only when `warm`). */
  syncCache?: Partial<SyncCacheOptions>
}
