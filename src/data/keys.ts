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
    /** When this kiosk session began (ISO): 我的申请 on a kiosk lists only this session's applications. */
    startedAt: 'gongkai.sessionStartedAt',
  },
  /** Keys of the device table (device settings, never wiped by a kiosk reset). */
  device: {
    kiosk: 'kiosk',
    /** The PIN hash of the first kiosk version; deleted by Dexie version 7 (issue 16). */
    staffPin: 'staffPin',
    /** This kiosk's enrolment: identity and non-extractable signing key (data/kiosk.ts). */
    enrolment: 'kioskEnrolment',
    /** The last contact token the server gave this kiosk. */
    contact: 'kioskContact',
  },
  /** Keys of the meta table. */
  meta: {
    reportsSyncedAt: 'reports.syncedAt',
    syncCursor: 'sync.cursor',
    /** Bumped when the server's change log was replaced and the device starts over (search rebuilds). */
    syncGeneration: 'sync.generation',
    /** Approximate bytes of catalog entries held. */
    catalogBytes: 'catalog.bytes',
    /** Download size limit in bytes (null: no limit); phones may set one, kiosks never. */
    catalogCapBytes: 'catalog.capBytes',
    /** True when the size limit kept new entries out. */
    catalogCapped: 'catalog.capped',
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
    /** Correction requests (Art. 41) sent from this device, for 我的申请 (data/corrections.ts). */
    myCorrections: 'corrections.mine',
  },
  /** BroadcastChannel on which sync announces each applied page (the search worker listens). */
  channels: {
    sync: 'gongkai-sync',
  },
  /** Web Locks: one tab (or the service worker) drains the outbox at a time. */
  locks: {
    outbox: 'gongkai-outbox',
    /** One pull at a time across tabs: a page's bookkeeping assumes no other writer mid-pull. */
    pull: 'gongkai-pull',
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
