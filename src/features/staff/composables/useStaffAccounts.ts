/**
 * Staff accounts and the agencies each works for (admins; GET/PATCH /api/staff/users), with the
 * agency directory to choose from (GET /api/agencies: staff pages are used online).
 */
import type { StaffRole } from '~/shared/review/roles'
import { shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export interface StaffAccount { id: string, username: string, displayName: string, role: StaffRole, disabled: boolean, agencies: string[] }
export interface AgencyOption { id: string, name: string }

export function useStaffAccounts() {
  const { t } = useI18n()
  const staff = useStaffStore()
  const users = shallowRef<StaffAccount[]>([])
  const agencies = shallowRef<AgencyOption[]>([])
  const savedId = shallowRef<string | null>(null)
  const { busy, message, run } = useAsyncAction({ fieldLabel: f => (f === 'agencies' ? t('review.accounts.agencies') : undefined) })

  const load = () => run(async () => {
    const [u, a] = await Promise.all([
      staff.request<{ users: StaffAccount[] }>('GET', '/api/staff/users'),
      staff.request<{ agencies: AgencyOption[] }>('GET', '/api/agencies'),
    ])
    users.value = u.users
    agencies.value = a.agencies.map(x => ({ id: x.id, name: x.name }))
  })

  /** Replaces one account's agencies (none: every agency). */
  const save = (id: string, ids: string[]) => run(async () => {
    const { user } = await staff.request<{ user: StaffAccount }>('PATCH', `/api/staff/users/${id}`, { json: { agencies: ids } })
    users.value = users.value.map(u => (u.id === id ? { ...u, agencies: user.agencies } : u))
    savedId.value = id
  })

  void load()
  return { users, agencies, busy, message, savedId, save }
}
