/**
 * The kiosk reset: wipe everything the last person left, then start a fresh page on home.
 *
 * A full navigation (location.replace) is the reset of memory: every Pinia store (setup stores
 * have no $reset), component state, router history state and scroll positions, vue-i18n's locale
 * and any module-level cache die with the old document, so nothing needs to know how to reset
 * itself. Storage is wiped first: the Dexie tables listed in data/session.ts, sessionStorage, the
 * display prefs, and whatever features add through their session.ts hooks. A waiting app update
 * is activated at this moment, because nobody is using the screen.
 */
import type { SessionHooks } from '~/app/types'
import { useRouter } from 'vue-router'
import { useStatusStore } from '~/app/stores/status'
import { markWipePending, wipeSessionData } from '~/data/session'

const hooks = import.meta.glob<SessionHooks>('../../*/session.ts', { eager: true, import: 'default' })

/** Runs every feature's wipe hook and the storage wipe; one failure does not stop the others. */
export async function wipeSession(): Promise<void> {
  for (const [name, h] of Object.entries(hooks)) {
    try {
      await h.wipe()
    }
    catch (err) {
      console.warn(`session wipe hook ${name} failed`, err)
    }
  }
  await wipeSessionData()
}

export function useSessionReset() {
  const router = useRouter()
  const status = useStatusStore()

  async function reset(): Promise<void> {
    // Leave the page first: forms unmount and flush their autosave before the wipe, not after.
    await router.replace('/').catch(() => {})
    try {
      await wipeSession()
    }
    catch (err) {
      console.warn('session wipe failed; retrying at start', err)
    }
    // A late write (a debounced autosave) could still land; the next start wipes once more.
    markWipePending(true)
    if (status.updateAvailable && status.applyUpdate)
      await status.applyUpdate({ to: '/' })
    else
      window.location.replace('/')
  }

  return { reset }
}
