/**
 * The live queue: fetched once, then refetched (coalesced) whenever the server's event stream says
 * an application arrived or changed. EventSource reconnects by itself; the stream is closed when
 * the page's scope ends.
 */
import type { Ref } from 'vue'
import type { QueueResponse } from '~/shared/review/api'
import { onScopeDispose, shallowRef, watch } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

/** `agency`: '' (all), `id:<directory id>`, or `name:<name on cases with no agency id>`. */
export interface QueueFilters { status: string, channel: string, agency: string, dueWithin: string, overdue: boolean }

const agencyQuery = (v: string) => v.startsWith('id:') ? { agencyId: v.slice(3) } : v.startsWith('name:') ? { agency: v.slice(5) } : {}

export function useQueue(options: { filters: Ref<QueueFilters> }) {
  const staff = useStaffStore()
  const data = shallowRef<QueueResponse | null>(null)
  const { error, message, run } = useAsyncAction()
  const live = shallowRef(false)
  let source: EventSource | null = null
  let pending: ReturnType<typeof setTimeout> | null = null

  const load = () => run(async () => {
    const f = options.filters.value
    const query = { status: f.status, channel: f.channel, ...agencyQuery(f.agency), dueWithin: f.dueWithin, overdue: f.overdue || undefined }
    data.value = await staff.request<QueueResponse>('GET', '/api/staff/applications', { query })
  })

  function connect() {
    source = new EventSource('/api/staff/stream')
    source.onopen = () => (live.value = true)
    source.onerror = () => (live.value = false)
    source.onmessage = (ev) => {
      const msg = JSON.parse(ev.data as string) as { type: string }
      if (msg.type !== 'application')
        return
      // Several arrivals in a burst → one refetch.
      if (pending)
        clearTimeout(pending)
      pending = setTimeout(() => void load(), 200)
    }
  }

  watch(options.filters, () => void load(), { immediate: true, deep: true })
  connect()

  onScopeDispose(() => {
    source?.close()
    if (pending)
      clearTimeout(pending)
  })
  return { data, error, message, live, reload: load }
}
