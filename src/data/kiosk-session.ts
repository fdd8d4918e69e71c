/**
 * The running kiosk session's id (its start time), kept in sessionStorage so that a reload that is
 * not a reset continues it and the reset's sessionStorage.clear() ends it. Separate from session.ts
 * because the outbox (and so the service worker, which has no sessionStorage) reads it.
 */
import { STORAGE } from './keys'

interface SessionStore {
  getItem: (key: string) => string | null
  setItem: (key: string, value: string) => void
  removeItem: (key: string) => void
}

/** sessionStorage in a page; undefined in the service worker. */
function store(): SessionStore | undefined {
  return (globalThis as { sessionStorage?: SessionStore }).sessionStorage
}

/**
 * Starts a kiosk session, or continues the one this tab is in (a reload that was not a reset).
 * Returns its id, which is also its start time (ISO): applications made before it are not shown
 * in 我的申请, and history entries tagged with another id are not reopened by Back.
 */
export function beginKioskSession(now: Date = new Date()): string {
  try {
    const have = store()?.getItem(STORAGE.session.startedAt)
    if (have)
      return have
    const id = now.toISOString()
    store()?.setItem(STORAGE.session.startedAt, id)
    return id
  }
  catch {
    return now.toISOString()
  }
}

/** When the running kiosk session began (ISO), or undefined when this is not a kiosk. */
export function kioskSessionSince(): string | undefined {
  try {
    return store()?.getItem(STORAGE.session.startedAt) ?? undefined
  }
  catch {
    return undefined
  }
}

/** Kiosk mode switched off: everything made on the device is the user's own again. */
export function endKioskSession(): void {
  try {
    store()?.removeItem(STORAGE.session.startedAt)
  }
  catch {}
}
