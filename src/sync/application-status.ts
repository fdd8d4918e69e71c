/** Pulls the status of applications this device has sent, using the token the server gave it. */
import type { TrackApplicationResponse } from '~/shared/submission'
import { api, ApiError } from '~/app/api'
import { applyStatus, sentApplications } from '~/data/applications'
import { setMeta } from '~/data/db'
import { STORAGE } from '~/data/keys'

/** Refreshes every sent application's status; returns how many were updated. */
export async function pullApplicationStatuses(signal?: AbortSignal): Promise<number> {
  const apps = (await sentApplications()).filter(a => a.statusToken)
  let n = 0
  for (const a of apps) {
    try {
      const t = await api.get<TrackApplicationResponse>(`/api/applications/track/${encodeURIComponent(a.trackingCode)}`, { query: { token: a.statusToken }, signal })
      await applyStatus(a.id, t, new Date().toISOString())
      n++
    }
    catch (err) {
      // One missing or rate-limited record must not stop the others; no answer at all stops the pass.
      if (!(err instanceof ApiError) || err.unreachable)
        throw err
    }
  }
  await setMeta(STORAGE.meta.applicationsCheckedAt, new Date().toISOString())
  return n
}

/** Looks one application up by its tracking code and the last four digits of the phone. */
export async function trackApplication(code: string, phone4: string, signal?: AbortSignal): Promise<TrackApplicationResponse> {
  return api.get<TrackApplicationResponse>(`/api/applications/track/${encodeURIComponent(code)}`, { query: { phone4 }, signal })
}
