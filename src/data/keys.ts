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
    /** A random id for this device (rate limits; never tied to a person). */
    deviceId: 'device.id',
    /** The non-extractable AES key that encrypts drafts' personal fields on this device. */
    draftKey: 'device.draftKey',
    /** 'inPerson' on a kiosk in the agency's hall (set by the kiosk feature), else 'online'. */
    submissionChannel: 'device.submissionChannel',
    /** The agency public key last fetched from the server. */
    applicationKey: 'applications.publicKey',
    /** When application statuses were last pulled. */
    applicationsCheckedAt: 'applications.checkedAt',
  },
  /** Web Locks: one tab (or the service worker) drains the outbox at a time. */
  locks: {
    outbox: 'gongkai-outbox',
  },
  /** Background Sync tag that wakes the service worker to drain the outbox. */
  syncTags: {
    outbox: 'gongkai-outbox',
  },
  /** Cache Storage names used by the service worker (besides Workbox's precache). */
  caches: {
    runtime: 'gongkai-runtime-v1',
  },
} as const
