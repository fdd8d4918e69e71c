/**
 * Pulls the status of applications this device has sent (on a kiosk: the running session's only),
 * all in one request to the batch endpoint, each authorised by the token the server gave for it.
 */
import type { BatchStatusItem, TrackApplicationResponse } from '~/shared/submission'
import { api, ApiError } from '~/app/api'
import { applyStatus, sentApplications } from '~/data/applications'
import { setMeta } from '~/data/db'
import { STORAGE } from '~/data/keys'

/** The server's limit on one batch (server/applications/batch-status.ts). */
const BATCH = 50

/** Refreshes the sent applications' statuses; returns how many were updated. */
export async function pullApplicationStatuses(signal?: AbortSignal): Promise<number> {
  // Newest first: a phone with a long history refreshes its recent applications first.
  const apps = (await sentApplications()).filter(a => a.statusToken).sort((a, b) => b.id.localeCompare(a.id))
  let n = 0
  for (let i = 0; i < apps.length; i += BATCH) {
    const chunk = apps.slice(i, i + BATCH)
    let items: BatchStatusItem[]
    try {
      items = (await api.post<{ items: BatchStatusItem[] }>('/api/applications/status', { json: { items: chunk.map(a => ({ code: a.trackingCode, token: a.statusToken! })) }, signal })).items
    }
    catch (err) {
      // Rate-limited or refused: try at the next refresh; no answer at all stops the pass.
      if (err instanceof ApiError && !err.unreachable)
        break
      throw err
    }
    const at = new Date().toISOString()
    for (const [k, item] of items.entries()) {
      if (item.found && chunk[k]) {
        await applyStatus(chunk[k].id, item, at)
        n++
      }
    }
  }
  await setMeta(STORAGE.meta.applicationsCheckedAt, new Date().toISOString())
  return n
}

/** Looks one application up by its tracking code and the last four digits of the phone. */
export async function trackApplication(code: string, phone4: string, signal?: AbortSignal): Promise<TrackApplicationResponse> {
  return api.get<TrackApplicationResponse>(`/api/applications/track/${encodeURIComponent(code)}`, { query: { phone4 }, signal })
}
