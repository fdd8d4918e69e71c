/** A case's messages to the applicant for the staff case page, reloaded after each step, and resend. */
import type { MaybeRefOrGetter } from 'vue'
import type { NotifyDeliveriesResponse, NotifyDelivery } from '~/shared/notify'
import { shallowRef, toValue, watch } from 'vue'
import { toApiError } from '~/app/api'
import { useApiErrorText } from '~/app/composables/useApiErrorText'
import { useStaffStore } from '~/features/staff/stores/staff'

export function useDeliveries(options: { id: MaybeRefOrGetter<string>, version: MaybeRefOrGetter<unknown> }) {
  const staff = useStaffStore()
  const errorText = useApiErrorText()
  const items = shallowRef<NotifyDelivery[]>([])
  const error = shallowRef<string | null>(null)
  const busy = shallowRef<number | null>(null)
  const base = () => `/api/staff/applications/${toValue(options.id)}/notifications`

  async function load() {
    try {
      items.value = (await staff.request<NotifyDeliveriesResponse>('GET', base())).items
      error.value = null
    }
    catch (e) {
      error.value = errorText(toApiError(e))
    }
  }

  async function resend(id: number) {
    busy.value = id
    try {
      items.value = (await staff.request<NotifyDeliveriesResponse>('POST', `${base()}/${id}/resend`, { json: {} })).items
      error.value = null
    }
    catch (e) {
      error.value = errorText(toApiError(e))
    }
    finally {
      busy.value = null
    }
  }

  // A step queues messages: reload when the case changes; the worker sends within seconds, so look again shortly after.
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(() => [toValue(options.id), toValue(options.version)], () => {
    void load()
    clearTimeout(timer)
    timer = setTimeout(() => void load(), 3000)
  }, { immediate: true })
  return { items, error, busy, resend, reload: load }
}
