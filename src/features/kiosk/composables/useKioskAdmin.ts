/**
 * Staff side of a kiosk device (issue 16). Settings unlock with a staff sign-in on the device, or
 * with a one-time enrolment code staff made on the staff pages (enrolling the device unlocks them
 * for this visit). Nothing a passer-by can set up: the PIN the first visitor used to choose is gone.
 * Saving signs the staff member out again, so no staff session stays on a public screen.
 */
import type { KioskSettings } from '~/data/device'
import type { KioskIdentity } from '~/shared/kiosk'
import { onScopeDispose, shallowRef } from 'vue'
import { ApiError } from '~/app/api'
import { writeKioskSettings } from '~/data/device'
import { clearEnrolment } from '~/data/kiosk'
import { beginKioskSession, endKioskSession } from '~/data/kiosk-session'
import { useStaffStore } from '~/features/staff/stores/staff'
import { enrolKiosk, KioskEnrolError, kioskStatus } from '~/sync/kiosk'
import { IDLE_MAX_SECONDS, IDLE_MIN_SECONDS, useKioskStore } from '../stores/kiosk'

export type KioskAdminError = '' | 'invalidCode' | 'network' | 'server' | 'signIn' | 'locked'

export function useKioskAdmin() {
  const kiosk = useKioskStore()
  const staff = useStaffStore()
  const enrolment = shallowRef<{ identity: KioskIdentity, revoked: boolean } | null>()
  const unlocked = shallowRef(false)
  const busy = shallowRef(false)
  const error = shallowRef<KioskAdminError>('')

  async function refresh(): Promise<void> {
    enrolment.value = (await kioskStatus().catch(() => undefined)) ?? null
  }
  void refresh()
  // A staff member already signed in on this device (the staff pages) may change settings at once.
  void staff.restore().then((ok) => {
    if (ok)
      unlocked.value = true
  })

  async function run(fn: () => Promise<void>): Promise<boolean> {
    busy.value = true
    error.value = ''
    try {
      await fn()
      return true
    }
    catch (err) {
      if (err instanceof KioskEnrolError)
        error.value = err.reason
      else if (err instanceof ApiError && !err.unreachable)
        error.value = err.status === 429 ? 'locked' : err.status >= 500 ? 'server' : 'signIn'
      else
        error.value = 'network'
      return false
    }
    finally {
      busy.value = false
    }
  }

  /** Enrols this device with a code from the staff pages; a valid code also unlocks the settings. */
  async function enrol(code: string): Promise<boolean> {
    return run(async () => {
      await enrolKiosk(code)
      await refresh()
      unlocked.value = true
    })
  }

  async function signIn(username: string, password: string): Promise<boolean> {
    return run(async () => {
      await staff.signIn(username, password)
      unlocked.value = true
    })
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
    if (staff.user)
      await staff.signOut()
  }

  /** Forgets this device's enrolment and key (a revoked kiosk, or one leaving the hall). */
  async function unenrol(): Promise<void> {
    if (!unlocked.value)
      throw new Error('kiosk settings are locked')
    await clearEnrolment()
    await refresh()
  }

  onScopeDispose(() => {
    unlocked.value = false
  })

  return { enrolment, unlocked, busy, error, enrol, signIn, save, unenrol }
}
