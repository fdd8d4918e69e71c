/** The audit log, newest first, paged by sequence number (admins only; the route guard checks). */
import { shallowRef } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export interface AuditEntry { seq: number, at: string, actorUsername: string | null, actorRole: string | null, action: string, targetType: string | null, targetId: string | null, ip: string | null, details: unknown }

export function useAudit() {
  const staff = useStaffStore()
  const entries = shallowRef<AuditEntry[]>([])
  const next = shallowRef<number | null>(null)
  const { busy, message, run } = useAsyncAction()

  /** The first page, or the page before `before`, appended. */
  const load = (before?: number) => run(async () => {
    const r = await staff.request<{ entries: AuditEntry[], nextBefore: number | null }>('GET', '/api/staff/audit', { query: { limit: 50, before } })
    entries.value = before ? [...entries.value, ...r.entries] : r.entries
    next.value = r.nextBefore
  })
  void load()
  return { entries, next, busy, message, more: () => next.value && load(next.value) }
}
