/** One case: its details, the actions staff take on it, and the audited reveal of personal data. */
import type { Ref } from 'vue'
import type { CaseAction, CaseDetail, RevealResponse } from '~/shared/review/api'
import { shallowRef, watch } from 'vue'
import { useStaffStore } from '../stores/staff'

export function useCase(options: { id: Ref<string>, enabled: Ref<boolean> }) {
  const staff = useStaffStore()
  const detail = shallowRef<CaseDetail | null>(null)
  const error = shallowRef<string | null>(null)
  const busy = shallowRef(false)
  const personal = shallowRef<RevealResponse['personal'] | null>(null)

  async function load() {
    try {
      detail.value = await staff.request<CaseDetail>('GET', `/api/staff/applications/${options.id.value}`)
      error.value = null
    }
    catch (e) {
      error.value = (e as Error).message
    }
  }

  async function act(action: CaseAction): Promise<boolean> {
    busy.value = true
    try {
      detail.value = await staff.request<CaseDetail>('POST', `/api/staff/applications/${options.id.value}/actions`, action)
      error.value = null
      return true
    }
    catch (e) {
      error.value = (e as Error).message
      return false
    }
    finally {
      busy.value = false
    }
  }

  async function reveal(reason: string) {
    try {
      personal.value = (await staff.request<RevealResponse>('POST', `/api/staff/applications/${options.id.value}/reveal`, { reason })).personal
    }
    catch (e) {
      error.value = (e as Error).message
    }
  }

  watch([options.enabled, options.id], ([on]) => {
    personal.value = null
    if (on)
      void load()
  }, { immediate: true })
  return { detail, error, busy, personal, act, reveal, reload: load }
}
