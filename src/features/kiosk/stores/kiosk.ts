/**
 * Kiosk mode as the shell sees it: on or off for this device, and the idle time. Loaded from the
 * device table at start (features/kiosk module); written only by the staff settings page.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'

/** WCAG 2.2.1 asks for at least 20 s to say "I'm still here"; elderly users get more. */
export const COUNTDOWN_SECONDS = 30
export const IDLE_MIN_SECONDS = 30
export const IDLE_MAX_SECONDS = 1800

export const useKioskStore = defineStore('kiosk', () => {
  const enabled = ref(false)
  const idleSeconds = ref(120)
  const countdownSeconds = ref(COUNTDOWN_SECONDS)
  /** A citizen has touched the screen since this page load (nothing to wipe otherwise). */
  const touched = ref(false)
  return { enabled, idleSeconds, countdownSeconds, touched }
})
