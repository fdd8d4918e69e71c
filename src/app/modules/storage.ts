/**
 * Asks the browser to keep our IndexedDB under storage pressure (drafts and the outbox must not be
 * evicted). The answer goes to the status store: a kiosk shows staff a warning when refused.
 */
import type { AppModule } from '../types'
import { useStatusStore } from '../stores/status'

export const install: AppModule = ({ pinia }) => {
  const status = useStatusStore(pinia)
  const storage = navigator.storage
  if (!storage?.persist)
    return
  void (async () => {
    try {
      status.persisted = (await storage.persisted()) || (await storage.persist())
    }
    catch {
      status.persisted = false
    }
  })()
}
