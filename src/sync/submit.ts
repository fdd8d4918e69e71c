/**
 * Submitting an application from the device: seal the personal part to the agency, put it in the
 * outbox (dropping the draft in the same transaction), then ask for a drain — from this page at
 * once, and through Background Sync so the service worker sends it even if the tab is closed.
 * Works the same online or not: the receipt can be shown as soon as this resolves.
 */
import type { StoredApplication } from '~/data/applications'
import type { Application } from '~/shared/application'
import { queueApplication, requeueCorrected } from '~/data/applications'
import { getSubmissionChannel } from '~/data/device'
import { STORAGE } from '~/data/keys'
import { sealJson, trackingCodeFor, uuidv7 } from '~/shared/submission'
import { resolveApplicationKey } from './application-key'
import { signSubmission } from './kiosk'

/** Dispatched on window when the outbox has something new to send. */
export const OUTBOX_EVENT = 'gongkai:outbox'

/**
 * Seals and queues a validated application. `correcting` is the id of a rejected application being
 * resent (same id: nothing of it reached the server). Returns the application's id.
 */
export async function submitApplication(app: Application, options: { draftId?: string, correcting?: string } = {}): Promise<string> {
  const key = await resolveApplicationKey()
  const id = options.correcting ?? uuidv7()
  const sealed = await sealJson(key, app.personal, id)
  // Only an enrolled kiosk claims in person, and signs the claim; the server decides in the end.
  const channel = await getSubmissionChannel()
  const general = { ...app.general, channel } as unknown as Record<string, unknown>
  const kiosk = channel === 'inPerson' ? await signSubmission({ id, general, personal: sealed }) : undefined
  if (options.correcting) {
    await requeueCorrected(id, general, sealed, options.draftId, kiosk)
  }
  else {
    const record: StoredApplication = {
      id,
      state: 'queued',
      trackingCode: trackingCodeFor(id),
      channel,
      createdAt: app.general.deviceSubmittedAt ?? new Date().toISOString(),
      general,
      personal: sealed,
      ...(kiosk ? { kiosk } : {}),
      attempts: 0,
      nextAttemptAt: 0,
      status: 'submitted',
    }
    await queueApplication(record, options.draftId)
  }
  requestDrain()
  return id
}

/** Asks the page's scheduler and, where there is one, Background Sync to send the outbox. */
export function requestDrain(): void {
  if (typeof window !== 'undefined')
    window.dispatchEvent(new Event(OUTBOX_EVENT))
  if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    void navigator.serviceWorker.getRegistration().then((reg) => {
      const sync = (reg as (ServiceWorkerRegistration & { sync?: { register: (tag: string) => Promise<void> } }) | undefined)?.sync
      return sync?.register(STORAGE.syncTags.outbox)
    }).catch(() => {
      // No Background Sync (Firefox, Safari) or not allowed: the page's own scheduler still drains.
    })
  }
}
