/**
 * The live queue: fetched once, then refetched (coalesced) whenever the server's event stream says
 * an application arrived or changed. EventSource reconnects by itself; the stream is closed when
 * the page's scope ends.
 */
import type { Ref } from 'vue'
import type { QueueResponse } from '~/shared/review/api'
import { onScopeDispose, shallowRef, watch } from 'vue'
import { useStaffStore } from '../stores/staff'

export interface QueueFilters { status: string, channel: string, agency: string, dueWithin: string, overdue: boolean }

export function useQueue(options: { filters: Ref<QueueFilters>, enabled: Ref<boolean> }) {
  const staff = useStaffStore()
  const data = shallowRef<QueueResponse | null>(null)
  const error = shallowRef<string | null>(null)
  const live = shallowRef(false)
  let source: EventSource | null = null
  let pending: ReturnType<typeof setTimeout> | null = null

  async function load() {
    const f = options.filters.value
    const q = new URLSearchParams()
    if (f.status)
      q.set('status', f.status)
    if (f.channel)
      q.set('channel', f.channel)
    if (f.agency)
      q.set('agency', f.agency)
    if (f.dueWithin !== '')
      q.set('dueWithin', f.dueWithin)
    if (f.overdue)
      q.set('overdue', 'true')
    try {
      data.value = await staff.request<QueueResponse>('GET', `/api/staff/applications?${q}`)
      error.value = null
    }
    catch (e) {
      error.value = (e as Error).message
    }
  }

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

  watch([options.enabled, options.filters], ([on]) => {
    if (!on)
      return
    void load()
    if (!source)
      connect()
  }, { immediate: true, deep: true })

  onScopeDispose(() => {
    source?.close()
    if (pending)
      clearTimeout(pending)
  })
  return { data, error, live, reload: load }
}
