/** The per-agency overview (GET /api/staff/platform/overview) for a year, refetched when the year changes. */
import type { Ref } from 'vue'
import type { PlatformOverview } from '~/shared/review/api'
import { shallowRef, watch } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export function usePlatformOverview(options: { year: Ref<number> }) {
  const staff = useStaffStore()
  const data = shallowRef<PlatformOverview | null>(null)
  const { busy, message, run } = useAsyncAction()
  const load = () => run(async () => {
    data.value = await staff.request<PlatformOverview>('GET', '/api/staff/platform/overview', { query: { year: options.year.value } })
  })
  watch(options.year, () => void load(), { immediate: true })
  return { data, busy, message }
}
