/** This device's correction requests for 我的申请, their statuses refreshed when online. */
import type { CorrectionStatus, MyCorrection } from '~/data/corrections'
import { shallowRef } from 'vue'
import { api, ApiError } from '~/app/api'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { refreshMyCorrections, rememberCorrection, watchMyCorrections } from '~/data/corrections'
import { useKioskStore } from '~/features/kiosk/stores/kiosk'

async function fetchStatus(c: MyCorrection): Promise<CorrectionStatus | null> {
  try {
    return await api.get<CorrectionStatus>(`/api/corrections/track/${encodeURIComponent(c.trackingCode)}`, { query: { token: c.statusToken } })
  }
  catch (err) {
    // 404: the server does not know it (any more); keep the last known state rather than erase it.
    if (err instanceof ApiError && err.status === 404)
      return null
    throw err
  }
}

export function useMyCorrections() {
  const { data: corrections, loading } = useLiveQuery(() => watchMyCorrections())
  const refreshing = shallowRef(false)
  async function refresh() {
    refreshing.value = true
    try {
      await refreshMyCorrections(fetchStatus)
    }
    finally {
      refreshing.value = false
    }
  }
  void refresh()
  return { corrections, loading, refreshing, refresh }
}

/**
 * For the form: remembers a request the server accepted, so 我的申请 lists it. Not on a kiosk (the
 * device is shared; the data layer checks the kiosk session too, this checks the shell's setting).
 */
export function useRememberCorrection() {
  const kiosk = useKioskStore()
  return async (rec: Omit<MyCorrection, 'checkedAt'>): Promise<boolean> => {
    if (kiosk.enabled)
      return false
    try {
      return await rememberCorrection(rec)
    }
    catch (err) {
      // The request is sent and its link is on screen; failing to keep a copy must not hide that.
      console.warn('could not remember the correction request', err)
      return false
    }
  }
}
