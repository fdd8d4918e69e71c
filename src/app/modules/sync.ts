/**
 * Keeps the device's copy fresh: pulls at start, when the browser comes back online, when the tab
 * becomes visible again, every few minutes while open, and at once when the browser wiped the
 * database. Tracks connectivity for the banners.
 */
import type { AppModule } from '../types'
import { DB_LOST_EVENT } from '~/data/db'
import { HttpError } from '~/sync/http'
import { pullReports } from '~/sync/reports'
import { useStatusStore } from '../stores/status'

const PERIOD_MS = 5 * 60_000

export const install: AppModule = ({ pinia }) => {
  const status = useStatusStore(pinia)
  let running: Promise<void> | null = null

  async function run(): Promise<void> {
    if (running)
      return running
    running = (async () => {
      status.sync = 'syncing'
      try {
        await pullReports()
        status.sync = 'idle'
        status.syncError = null
        status.online = true
      }
      catch (err) {
        status.sync = 'error'
        status.syncError = err instanceof Error ? err.message : String(err)
        // No answer at all (not an HTTP error): the server is out of reach, whatever navigator.onLine says.
        if (!(err instanceof HttpError))
          status.online = false
      }
      finally {
        running = null
      }
    })()
    return running
  }

  window.addEventListener('online', () => {
    status.online = true
    void run()
  })
  // The browser wiped IndexedDB under us: the next query opens an empty database; refill it.
  window.addEventListener(DB_LOST_EVENT, () => void run())
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
