import type { Db } from './db'
import type { StaffOptions } from './staff/auth'

/** What every route plugin gets: storage and settings. No module-level state anywhere in server/. */
export interface AppContext {
  db: Db
  version: string
  /** Directory of the built PWA to serve; undefined = API only (tests, dev with Vite). */
  distDir?: string
  /** Session, lock-out and agency settings for staff sign-in (tests shorten them). */
  staff?: Partial<StaffOptions>
}
