/**
 * The admin landing page's data: staff accounts (create, change role, disable, reset password) and
 * the clock settings, through the admin routes (src/server/staff/admin/routes.ts; CSRF and audit
 * are the server's). Records stay in shallowRefs and are replaced whole after each change.
 */
import type { StaffRole } from '~/shared/review/roles'
import { shallowRef } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export interface AdminAccount { id: string, username: string, displayName: string, role: StaffRole, disabled: boolean, lockedUntil: string | null }
export interface AdminSettings { feeNoticePausesClock: boolean, dayOfReceiptCounted: boolean, amendmentReplyWorkingDays: number }
export interface NewAccountForm { username: string, displayName: string, role: StaffRole, password: string }

export function useAdmin(options: { defaults: AdminSettings }) {
  const staff = useStaffStore()
  const accounts = shallowRef<AdminAccount[]>([])
  const settings = shallowRef<AdminSettings>({ ...options.defaults })
  const list = useAsyncAction()
  const change = useAsyncAction()
  const form = useAsyncAction()
  const settingsAction = useAsyncAction()

  const reload = () => list.run(async () => {
    const [u, s] = await Promise.all([
      staff.request<{ users: AdminAccount[] }>('GET', '/api/staff/users'),
      staff.request<{ settings: Partial<AdminSettings> }>('GET', '/api/staff/settings'),
    ])
    accounts.value = u.users
    settings.value = { ...options.defaults, ...s.settings }
  })
  void reload()

  /** Creates an account; resolves true when created. */
  async function create(input: NewAccountForm): Promise<boolean> {
    const r = await form.run(() => staff.request('POST', '/api/staff/users', { json: { ...input, displayName: input.displayName || undefined } }))
    if (r !== undefined)
      await reload()
    return r !== undefined
  }

  /** Changes role, disabled flag or password of one account; resolves true when saved. */
  async function update(id: string, patch: { role?: StaffRole, disabled?: boolean, password?: string }): Promise<boolean> {
    const r = await change.run(() => staff.request('PATCH', `/api/staff/users/${id}`, { json: patch }))
    if (r !== undefined)
      await reload()
    return r !== undefined
  }

  async function saveSettings(next: AdminSettings): Promise<boolean> {
    const r = await settingsAction.run(() => staff.request<{ settings: Partial<AdminSettings> }>('PUT', '/api/staff/settings', { json: next }))
    if (r)
      settings.value = { ...options.defaults, ...r.settings }
    return r !== undefined
  }

  return { accounts, settings, list, change, form, settingsAction, create, update, saveSettings }
}
