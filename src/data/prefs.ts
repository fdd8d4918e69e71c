/**
 * Tiny UI preferences in localStorage (read synchronously before the first render) and the
 * one-shot reload guard in sessionStorage. The only place outside db.ts that touches web storage.
 */
import { STORAGE } from './keys'

type LocalKey = keyof typeof STORAGE.local

export function readPref(key: LocalKey): string | null {
  try {
    return localStorage.getItem(STORAGE.local[key])
  }
  catch {
    return null
  }
}

export function writePref(key: LocalKey, value: string | null): void {
  try {
    if (value === null)
      localStorage.removeItem(STORAGE.local[key])
    else
      localStorage.setItem(STORAGE.local[key], value)
  }
  catch {
    // Private mode or a full disk: the preference lasts for this page only.
  }
}

/** True once per `windowMs`: lets the app reload itself after a failed chunk load without looping. */
export function takeReloadToken(windowMs = 30_000): boolean {
  try {
    const key = STORAGE.session.reloadedAt
    const last = Number(sessionStorage.getItem(key) ?? 0)
    if (Date.now() - last < windowMs)
      return false
    sessionStorage.setItem(key, String(Date.now()))
    return true
  }
  catch {
    return false
  }
}
