/**
 * Asks the browser at start to keep our IndexedDB under storage pressure (drafts and the outbox
 * must not be evicted; the sync module asks again before a long catalog download). The answer goes
 * to the status store: a kiosk shows staff a warning when it was refused.
 */
import type { AppModule } from '../types'
import { requestPersistentStorage } from '~/data/storage'
import { useStatusStore } from '../stores/status'

export const install: AppModule = ({ pinia }) => {
  const status = useStatusStore(pinia)
  if (!navigator.storage?.persist)
    return
  void requestPersistentStorage().then((granted) => {
    status.persisted = granted
  })
}
