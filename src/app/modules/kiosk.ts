/**
 * Per-device kiosk mode and the display preferences (font size, contrast). Both are applied to
 * <html> before the first render, so a kiosk never flashes the phone layout. A reset that was cut
 * short (the page reloaded before the wipe finished) is completed here, before anything renders.
 *
 * Back after a reset: the reset is a new document, but the tab's history still holds the last
 * person's entries (with their URLs: ?q= search terms, tracking codes). Every entry a kiosk session
 * creates is tagged with the session's id in history.state; opening an entry tagged with another
 * session (or reached by Back/Forward with no tag) lands on home instead.
 */
import type { AppModule } from '../types'
import { watch } from 'vue'
import { readKioskSettings } from '~/data/device'
import { beginKioskSession, kioskSessionSince } from '~/data/kiosk-session'
import { readPref, writePref } from '~/data/prefs'
import { isWipePending, markWipePending, wipeSessionData } from '~/data/session'
import { FONT_SIZES, useDisplayStore } from '~/features/kiosk/stores/display'
import { useKioskStore } from '~/features/kiosk/stores/kiosk'

const TAG = 'gkSession'

export const install: AppModule = async ({ pinia, router }) => {
  const kiosk = useKioskStore(pinia)
  const settings = await readKioskSettings()
  kiosk.enabled = settings.enabled
  kiosk.idleSeconds = settings.idleSeconds
  if (kiosk.enabled && isWipePending()) {
    await wipeSessionData().catch(err => console.warn('kiosk wipe at start failed', err))
    markWipePending(false)
  }
  const tagged = () => (history.state as Record<string, unknown> | null)?.[TAG]
  const tag = () => {
    const session = kiosk.enabled && kioskSessionSince()
    if (session && tagged() !== session)
      history.replaceState({ ...history.state, [TAG]: session }, '')
  }
  if (kiosk.enabled) {
    const session = beginKioskSession()
    const earlier = tagged()
    // An entry of an earlier session (or one reached by Back/Forward that no session tagged).
    const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined
    if (earlier !== session && (earlier || nav?.type === 'back_forward'))
      await router.replace('/')
    tag()
  }
  // Back/Forward inside the document (Chromium keeps the earlier entries same-document after a
  // reset to the same URL): an entry of another session opens home, never its page.
  router.beforeEach((to) => {
    const mark = tagged()
    const session = kiosk.enabled && kioskSessionSince()
    return to.name !== 'home' && session && mark && mark !== session ? { name: 'home', replace: true } : true
  })
  // Installed on phones too: staff may switch kiosk mode on without a reload.
  router.afterEach(tag)

  const display = useDisplayStore(pinia)
  const font = readPref('fontSize')
  display.fontSize = (FONT_SIZES as readonly string[]).includes(font ?? '') ? font as typeof display.fontSize : 'medium'
  display.highContrast = readPref('contrast') === 'high'

  const root = document.documentElement
  watch(() => kiosk.enabled, (on) => {
    root.dataset.kiosk = on ? 'on' : 'off'
  }, { immediate: true })
  watch(() => [display.fontSize, display.highContrast] as const, ([size, high]) => {
    root.dataset.font = size
    root.dataset.contrast = high ? 'high' : 'normal'
    // On a kiosk these are wiped at the idle reset, so the next person starts from the defaults.
    writePref('fontSize', size === 'medium' ? null : size)
    writePref('contrast', high ? 'high' : null)
  }, { immediate: true })

  // A kiosk page restored from the back/forward cache would show the previous person's screen.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && kiosk.enabled)
      window.location.replace('/')
  })
}
