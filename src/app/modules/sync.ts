/**
 * Keeps the device's copy fresh: pulls at start, when the browser comes back online, when the tab
 * becomes visible again, every few minutes while open, and at once when the browser wiped the
 * database. Tracks connectivity for the banners,
 * shows progress for a long download (the first catalog download) and asks for persistent storage
 * before it.
 */
import type { AppModule } from '../types'
import { CursorMovedError } from '~/data/catalog'
import { DB_LOST_EVENT } from '~/data/db'
import { requestPersistentStorage } from '~/data/storage'
import { pullChanges, StorageFullError, SYNC_NOW_EVENT } from '~/sync/pull'
import { ApiError } from '../api'
import { useStatusStore } from '../stores/status'

const PERIOD_MS = 5 * 60_000
/** Downloads with more changes than this show a progress bar; small deltas just a spinner. */
const SHOW_PROGRESS_OVER = 200

export const install: AppModule = ({ pinia }) => {
  const status = useStatusStore(pinia)
  let running: Promise<void> | null = null
  // A trigger that arrives during a pull (the database wiped mid-download, the network back) is
  // not dropped: one more pull follows the current one.
  let again = false
  let askedPersistence = false
  // The running pull's cursor was read from the database that is gone. Its pages would not apply
  // anyway (each applies only on top of the cursor it was fetched with: CursorMovedError), but
  // aborting stops its downloads at once; the pull queued behind it starts from nothing.
  let current: AbortController | null = null

  async function run(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      status.sync = 'syncing'
      const abort = current = new AbortController()
      try {
        await pullChanges({
          signal: abort.signal,
          onProgress: (p) => {
            status.online = true
            if (p.total > SHOW_PROGRESS_OVER && p.done < p.total) {
              if (!askedPersistence) {
                askedPersistence = true
                void requestPersistentStorage()
              }
              status.download = p
            }
            else {
              status.download = null
            }
          },
        })
        status.sync = 'idle'
        status.syncError = null
        status.online = true
        status.storageFull = false
      }
      catch (err) {
        // Aborted because the database was wiped, or the stored cursor moved under the pull (a
        // wipe, a raised size limit rescanning from the start): not a failure; pull again at once.
        if (abort.signal.aborted || err instanceof CursorMovedError) {
          again = true
          return
        }
        status.sync = 'error'
        status.syncError = err instanceof Error ? err.message : String(err)
        if (err instanceof StorageFullError)
          status.storageFull = true
        // No answer at all (not an HTTP error): the server is out of reach, whatever navigator.onLine says.
        else if (!(err instanceof ApiError) || err.unreachable)
          status.online = false
      }
      finally {
        status.download = null
        running = null
        current = null
        if (again) {
          again = false
          void run()
        }
      }
    })()
    return running
  }

  window.addEventListener('online', () => {
    status.online = true
    void run()
  })
  window.addEventListener(SYNC_NOW_EVENT, () => void run())
  // The browser wiped IndexedDB under us: the next query opens an empty database; refill it.
  window.addEventListener(DB_LOST_EVENT, () => {
    current?.abort()
    void run()
  })
  window.addEventListener('offline', () => {
    status.online = false
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine)
      void run()
  })
  // Retry sooner while the server is out of reach, so the banner clears soon after it is back.
  setInterval(() => navigator.onLine && void run(), PERIOD_MS)
  setInterval(() => !status.online && navigator.onLine && void run(), 15_000)
  void run()
}
