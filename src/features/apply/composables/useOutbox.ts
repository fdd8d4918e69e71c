/** The device's applications for the pages: waiting (待同步), rejected and sent, live, and a "send now". */
import type { MaybeRefOrGetter } from 'vue'
import type { StoredApplication } from '~/data/applications'
import { computed, toValue } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { watchApplication, watchApplications, watchPendingCount } from '~/data/applications'
import { requestDrain } from '~/sync/submit'

export type { StoredApplication }

export function useOutbox() {
  const { data: applications, loading } = useLiveQuery(() => watchApplications())
  const { data: pending } = useLiveQuery(() => watchPendingCount())
  const rejected = computed(() => applications.value?.filter(a => a.state === 'rejected') ?? [])
  return { applications, pending, rejected, loading, sendNow: requestDrain }
}

/** One application made on this device, live (the receipt updates when it syncs). */
export function useDeviceApplication(options: { id: MaybeRefOrGetter<string> }) {
  const { data: application, loading } = useLiveQuery(() => watchApplication(toValue(options.id)))
  return { application, loading }
}
