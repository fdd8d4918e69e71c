/** Every storage name the app uses, in one place (DESIGN.md §8). */
export const STORAGE = {
  /** The IndexedDB database. */
  dbName: 'gongkai',
  /** localStorage keys: only for tiny UI preferences that must be read before IndexedDB opens. */
  local: {
    locale: 'gongkai.locale',
    fontSize: 'gongkai.fontSize',
    contrast: 'gongkai.contrast',
  },
  /** sessionStorage keys. */
  session: {
    reloadedAt: 'gongkai.reloadedAt',
    /** Set just before a kiosk reset reloads the page: the next start wipes once more. */
    wipePending: 'gongkai.wipePending',
  },
  /** Keys of the device table (device settings, never wiped by a kiosk reset). */
  device: {
    kiosk: 'kiosk',
    staffPin: 'staffPin',
  },
  /** Keys of the meta table. */
  meta: {
    reportsSyncedAt: 'reports.syncedAt',
    syncCursor: 'sync.cursor',
  },
  /** Cache Storage names used by the service worker (besides Workbox's precache). */
  caches: {
    runtime: 'gongkai-runtime-v1',
  },
} as const
