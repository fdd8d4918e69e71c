import type { ApplicationLimits } from '../applications/limits'
import type { KioskOptions } from '../kiosks/service'
import type { NotifyOptions } from '../notify/config'
import type { StaffOptions } from '../staff/auth'
import type { SyncCacheOptions } from '../sync/cache'
import type { Db } from './db'
import type { ServerKeys } from './keys'
import type { LoadShedOptions } from './load-shed'
import type { NetworkTimeouts, TrustProxy } from './network'

/** What every route plugin gets: storage and settings. No module-level state anywhere in server/. */
export interface AppContext {
  db: Db
  version: string
  /** Directory of the built PWA to serve; undefined = API only (tests, dev with Vite). */
  distDir?: string
  /** The agency key pair and the at-rest data key: one set for the whole app (buildApp loads them once). */
  keys: ServerKeys
  /** Overrides of the application routes' rate and size limits (benchmarks, tests). */
  applicationLimits?: Partial<ApplicationLimits>
  /** Session, lock-out and agency settings for staff sign-in (tests shorten them). */
  staff?: Partial<StaffOptions>
  /** Concurrency limit past which /api answers 503 + Retry-After (MAX_IN_FLIGHT; 0 turns it off). */
  loadShed?: Partial<LoadShedOptions>
  /** TRUST_PROXY: the proxies whose X-Forwarded-For is believed (off when absent). */
  trustProxy?: TrustProxy
  /** Header, body and idle-connection timeouts (tests shorten them). */
  timeouts?: Partial<NetworkTimeouts>
  /** The pull-sync page cache (SYNC_CACHE_MB; warmed ahead of devices only when `warm`). */
  syncCache?: Partial<SyncCacheOptions>
  /** Applicant notifications (e-mail, SMS, Web Push; server/notify): channels, worker timing, an injected push sender. */
  notify?: Partial<Omit<NotifyOptions, 'push'>> & { push?: Partial<NotifyOptions['push']> }
  /** Enrolment code life and limits (tests shorten them). */
  kiosks?: Partial<KioskOptions>
  /** The server's clock: receipt dates, kiosk enrolment and contact times (tests move it). */
  now?: () => Date
}
