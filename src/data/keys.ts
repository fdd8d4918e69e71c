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
