/**
 * The staff page's kiosks (issue 16): the list, a new kiosk with its one-time enrolment code,
 * revocation, the receipts whose claimed kiosk time was not believed, and the offline-period
 * setting. Goes through the staff store's request (session cookie, CSRF token).
 */
import type { CreateKioskResponse, FlaggedReceipt, KioskInfo } from '~/shared/kiosk'
import { shallowRef } from 'vue'
import { useStaffStore } from '~/features/review/stores/staff'

export function useKioskRegistry() {
  const staff = useStaffStore()
  const kiosks = shallowRef<KioskInfo[]>([])
  const flagged = shallowRef<FlaggedReceipt[]>([])
  const claimMaxDays = shallowRef<number | null>(null)
  /** The code just made: shown once, with its QR code. */
  const created = shallowRef<CreateKioskResponse | null>(null)
  const error = shallowRef<{ message: string, field?: string } | null>(null)

  async function guard(fn: () => Promise<void>): Promise<boolean> {
    error.value = null
    try {
      await fn()
      return true
    }
    catch (e) {
      error.value = { message: (e as Error).message, field: (e as { field?: string }).field }
      return false
    }
  }

  async function load(): Promise<void> {
    await guard(async () => {
      const [list, flags, settings] = await Promise.all([
        staff.request<{ kiosks: KioskInfo[] }>('GET', '/api/staff/kiosks'),
        staff.request<{ applications: FlaggedReceipt[] }>('GET', '/api/staff/kiosks/flagged'),
        staff.request<{ claimMaxDays: number }>('GET', '/api/staff/kiosks/settings'),
      ])
      kiosks.value = list.kiosks
      flagged.value = flags.applications
      claimMaxDays.value = settings.claimMaxDays
    })
  }

  async function create(input: { name: string, hall: string, agencies: string[] }): Promise<boolean> {
    return guard(async () => {
      created.value = await staff.request<CreateKioskResponse>('POST', '/api/staff/kiosks', input)
      kiosks.value = [created.value.kiosk, ...kiosks.value]
    })
  }

  async function revoke(id: string): Promise<boolean> {
    return guard(async () => {
      const { kiosk } = await staff.request<{ kiosk: KioskInfo }>('POST', `/api/staff/kiosks/${id}/revoke`, {})
      kiosks.value = kiosks.value.map(k => k.id === id ? kiosk : k)
    })
  }

  async function saveClaimMaxDays(days: number): Promise<boolean> {
    return guard(async () => {
      claimMaxDays.value = (await staff.request<{ claimMaxDays: number }>('PUT', '/api/staff/kiosks/settings', { claimMaxDays: days })).claimMaxDays
    })
  }

  return { kiosks, flagged, claimMaxDays, created, error, load, create, revoke, saveClaimMaxDays }
}
