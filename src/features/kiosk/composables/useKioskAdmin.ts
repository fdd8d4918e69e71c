/**
 * Staff side of kiosk mode: the PIN (set on the device at first setup, kept only as a salted hash)
 * and the settings it guards. Unlocking lasts as long as the settings page is open.
 */
import type { KioskSettings } from '~/data/device'
import { onScopeDispose, shallowRef } from 'vue'
import { readStaffPin, writeKioskSettings, writeStaffPin } from '~/data/device'
import { beginKioskSession, endKioskSession } from '~/data/kiosk-session'
import { hashPin, isValidPin, verifyPin } from '~/shared/pin'
import { IDLE_MAX_SECONDS, IDLE_MIN_SECONDS, useKioskStore } from '../stores/kiosk'

/** After this many wrong PINs, the form refuses further tries for LOCKOUT_MS. */
const MAX_TRIES = 5
const LOCKOUT_MS = 60_000

export function useKioskAdmin() {
  const kiosk = useKioskStore()
  const hasPin = shallowRef<boolean>()
  const unlocked = shallowRef(false)
  const error = shallowRef<'' | 'wrong' | 'invalid' | 'mismatch' | 'locked'>('')
  let tries = 0
  let lockedUntil = 0

  void readStaffPin().then((pin) => {
    hasPin.value = !!pin
  }, () => {
    hasPin.value = false
  })

  async function createPin(pin: string, again: string): Promise<boolean> {
    if (!isValidPin(pin))
      return fail('invalid')
    if (pin !== again)
      return fail('mismatch')
    await writeStaffPin(await hashPin(pin))
    hasPin.value = true
    unlocked.value = true
    error.value = ''
    return true
  }

  async function unlock(pin: string): Promise<boolean> {
    if (Date.now() < lockedUntil)
      return fail('locked')
    const stored = await readStaffPin()
    if (stored && await verifyPin(pin, stored)) {
      tries = 0
      unlocked.value = true
      error.value = ''
      return true
    }
    if (++tries >= MAX_TRIES) {
      tries = 0
      lockedUntil = Date.now() + LOCKOUT_MS
      return fail('locked')
    }
    return fail('wrong')
  }

  async function save(next: KioskSettings): Promise<void> {
    if (!unlocked.value)
      throw new Error('kiosk settings are locked')
    const idleSeconds = Math.min(IDLE_MAX_SECONDS, Math.max(IDLE_MIN_SECONDS, Math.round(next.idleSeconds)))
    await writeKioskSettings({ enabled: next.enabled, idleSeconds })
    kiosk.enabled = next.enabled
    kiosk.idleSeconds = idleSeconds
    // Turning kiosk mode on starts a clean session: staff's own taps are not a citizen's.
    kiosk.touched = false
    if (next.enabled)
      beginKioskSession()
    else
      endKioskSession()
  }

  function fail(reason: NonNullable<typeof error.value>): false {
    error.value = reason
    return false
  }

  onScopeDispose(() => {
    unlocked.value = false
  })

  function lock() {
    unlocked.value = false
  }

  return { hasPin, unlocked, error, createPin, unlock, save, lock }
}
