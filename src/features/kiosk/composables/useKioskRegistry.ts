/**
 * The staff page's kiosks (issue 16): the list, a new kiosk with its one-time enrolment code,
 * revocation, the receipts whose claimed kiosk time was not believed, and the offline-period
 * setting. Goes through the staff store's request (session cookie, CSRF token).
 */
import type { CreateKioskResponse, FlaggedReceipt, KioskInfo } from '~/shared/kiosk'
import { shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '~/features/staff/stores/staff'

export function useKioskRegistry() {
  const staff = useStaffStore()
  const { t } = useI18n()
  const kiosks = shallowRef<KioskInfo[]>([])
  const flagged = shallowRef<FlaggedReceipt[]>([])
  const claimMaxDays = shallowRef<number | null>(null)
  /** The code just made: shown once, with its QR code. */
  const created = shallowRef<CreateKioskResponse | null>(null)
  const labels: Record<string, string> = { name: t('kiosk.registry.name'), hall: t('kiosk.registry.hall'), agencies: t('kiosk.registry.agencies'), claimMaxDays: t('kiosk.registry.claimMaxDays') }
  const { busy, message, run } = useAsyncAction({ fieldLabel: f => labels[f.split('/')[0]!] })

  const load = () => run(async () => {
    const [list, flags, settings] = await Promise.all([
      staff.request<{ kiosks: KioskInfo[] }>('GET', '/api/staff/kiosks'),
      staff.request<{ applications: FlaggedReceipt[] }>('GET', '/api/staff/kiosks/flagged'),
      staff.request<{ claimMaxDays: number }>('GET', '/api/staff/kiosks/settings'),
    ])
    kiosks.value = list.kiosks
    flagged.value = flags.applications
    claimMaxDays.value = settings.claimMaxDays
  })

  const create = async (input: { name: string, hall: string, agencies: string[] }) => !!await run(async () => {
    created.value = await staff.request<CreateKioskResponse>('POST', '/api/staff/kiosks', { json: input })
    kiosks.value = [created.value.kiosk, ...kiosks.value]
    return true
  })

  /** Sets a kiosk's agencies, the default first; the kiosk learns it at its next heartbeat. */
  const setAgencies = (id: string, agencies: string[]) => run(async () => {
    const { kiosk } = await staff.request<{ kiosk: KioskInfo }>('PUT', `/api/staff/kiosks/${id}/agencies`, { json: { agencies } })
    kiosks.value = kiosks.value.map(k => k.id === id ? kiosk : k)
    return true
  })

  const revoke = (id: string) => run(async () => {
    const { kiosk } = await staff.request<{ kiosk: KioskInfo }>('POST', `/api/staff/kiosks/${id}/revoke`, { json: {} })
    kiosks.value = kiosks.value.map(k => k.id === id ? kiosk : k)
  })

  const saveClaimMaxDays = (days: number) => run(async () => {
    claimMaxDays.value = (await staff.request<{ claimMaxDays: number }>('PUT', '/api/staff/kiosks/settings', { json: { claimMaxDays: days } })).claimMaxDays
  })

  void load()
  return { kiosks, flagged, claimMaxDays, created, busy, message, create, setAgencies, revoke, saveClaimMaxDays }
}
