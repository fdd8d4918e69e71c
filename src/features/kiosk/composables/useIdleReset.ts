/**
 * Idle detection for a kiosk: after `idleSeconds` without a touch, a countdown phase of
 * `countdownSeconds` in which only an explicit answer (`stay`: the 继续使用 button, a tap beside
 * the dialog, Escape) goes back to normal; when it runs out `onTimeout` resets the session. Raw
 * pointer events are not an answer: closing the dialog on pointerdown would let the click that
 * follows land on whatever was under it. Timers use setTimeout and Date.now only,
 * so tests drive them with a fake clock.
 */
import type { Ref } from 'vue'
import { onScopeDispose, shallowRef, watch } from 'vue'

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const

export interface IdleResetOptions {
  enabled: () => boolean
  idleSeconds: () => number
  countdownSeconds: () => number
  /** Called when the idle time is up; return false to skip the countdown (nothing to protect). */
  onIdle?: () => boolean
  onTimeout: () => void
  /** Called on every user activity (marks the session as touched). */
  onActivity?: () => void
}

export interface IdleReset {
  counting: Ref<boolean>
  /** Whole seconds left in the countdown. */
  remaining: Ref<number>
  /** "继续使用": back to normal, idle time starts again. */
  stay: () => void
}

export function useIdleReset(options: IdleResetOptions): IdleReset {
  const counting = shallowRef(false)
  const remaining = shallowRef(0)
  let idleTimer: ReturnType<typeof setTimeout> | undefined
  let endTimer: ReturnType<typeof setTimeout> | undefined
  let tick: ReturnType<typeof setInterval> | undefined

  function clear() {
    clearTimeout(idleTimer)
    clearTimeout(endTimer)
    clearInterval(tick)
  }

  function arm() {
    clear()
    counting.value = false
    if (!options.enabled())
      return
    idleTimer = setTimeout(onIdle, options.idleSeconds() * 1000)
  }

  function onIdle() {
    if (options.onIdle && !options.onIdle())
      return arm()
    const total = options.countdownSeconds()
    const deadline = Date.now() + total * 1000
    counting.value = true
    remaining.value = total
    tick = setInterval(() => {
      remaining.value = Math.max(0, Math.ceil((deadline - Date.now()) / 1000))
    }, 1000)
    endTimer = setTimeout(() => {
      clear()
      remaining.value = 0
      options.onTimeout()
    }, total * 1000)
  }

  function onActivity() {
    if (counting.value)
      return
    options.onActivity?.()
    arm()
  }

  for (const type of ACTIVITY)
    window.addEventListener(type, onActivity, { capture: true, passive: true })
  const stop = watch([options.enabled, options.idleSeconds], arm, { immediate: true })

  onScopeDispose(() => {
    stop()
    clear()
    for (const type of ACTIVITY)
      window.removeEventListener(type, onActivity, { capture: true })
  })

  return { counting, remaining, stay: arm }
}
