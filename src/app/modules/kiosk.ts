/**
 * Per-device kiosk mode and the display preferences (font size, contrast). Both are applied to
 * <html> before the first render, so a kiosk never flashes the phone layout. A reset that was cut
 * short (the page reloaded before the wipe finished) is completed here, before anything renders.
 */
import type { AppModule } from '../types'
import { watch } from 'vue'
import { readKioskSettings } from '~/data/device'
import { readPref, writePref } from '~/data/prefs'
import { isWipePending, markWipePending, wipeSessionData } from '~/data/session'
import { FONT_SIZES, useDisplayStore } from '~/features/kiosk/stores/display'
import { useKioskStore } from '~/features/kiosk/stores/kiosk'

export const install: AppModule = async ({ pinia }) => {
  const kiosk = useKioskStore(pinia)
  const settings = await readKioskSettings()
  kiosk.enabled = settings.enabled
  kiosk.idleSeconds = settings.idleSeconds
  if (kiosk.enabled && isWipePending()) {
    await wipeSessionData().catch(err => console.warn('kiosk wipe at start failed', err))
    markWipePending(false)
  }

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
