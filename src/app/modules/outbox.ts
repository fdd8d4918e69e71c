/**
 * Sends the application outbox from the page: at start, when the browser comes back online, when
 * the tab becomes visible, when something is submitted, and on a timer set to the earliest retry
 * time the drain left (backoff with jitter, or the server's Retry-After). The service worker's
 * Background Sync does the same when the tab is closed; the Web Lock keeps them from overlapping.
 * Also keeps the agency key and the statuses of sent applications fresh while online.
 */
import type { AppModule } from '../types'
import { nextAmendmentAttemptTime } from '~/data/amendments'
import { nextAttemptTime } from '~/data/applications'
import { refreshApplicationKey } from '~/sync/application-key'
import { pullApplicationStatuses } from '~/sync/application-status'
import { kioskHeartbeat } from '~/sync/kiosk'
import { drainOutbox } from '~/sync/outbox'
import { OUTBOX_EVENT } from '~/sync/submit'
import { useStatusStore } from '../stores/status'

// A queue left waiting because another tab held the lock is looked at again after this.
const BUSY_RETRY_MS = 15_000

export const install: AppModule = ({ pinia }) => {
  const status = useStatusStore(pinia)
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | null = null

  async function schedule(extraDelay = 0): Promise<void> {
    clearTimeout(timer)
    // Applications and 补正 answers share the drain: wake for the earlier of the two.
    const times = [await nextAttemptTime(), await nextAmendmentAttemptTime()].filter((t): t is number => t !== undefined)
    if (!times.length)
      return
    const at = Math.min(...times)
    timer = setTimeout(() => void drain(), Math.max(extraDelay, at - Date.now(), 500))
  }

  function drain(): Promise<void> {
    running ??= (async () => {
      try {
        const r = await drainOutbox()
        if (r.sent)
          status.online = true
        if (r.unreachable)
          status.online = false
        await schedule(r.busy ? BUSY_RETRY_MS : 0)
      }
      catch (err) {
        console.warn('outbox drain failed', err)
        await schedule(BUSY_RETRY_MS)
      }
      finally {
        running = null
      }
    })()
    return running
  }

  async function refresh(): Promise<void> {
    await refreshApplicationKey()
    // An enrolled kiosk checks in: a fresh contact token for its next claims, and revocation news.
    await kioskHeartbeat().catch(() => {})
    await pullApplicationStatuses().catch(() => {})
  }

  window.addEventListener(OUTBOX_EVENT, () => void drain())
  window.addEventListener('online', () => {
    void drain()
    void refresh()
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible')
      void drain()
  })
  void drain()
  void refresh()
}
