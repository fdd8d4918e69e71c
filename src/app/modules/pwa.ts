/**
 * Service worker registration and updates through workbox-window. A new version waits until the
 * user accepts the "新版本可用" prompt (or, on a kiosk, until its idle reset): it never reloads the
 * page under someone typing. Registered after the router is ready (DESIGN.md §5).
 */
import type { AppModule } from '../types'
import { Workbox } from 'workbox-window'
import { useStatusStore } from '../stores/status'

export const install: AppModule = ({ router, pinia }) => {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV)
    return
  const status = useStatusStore(pinia)
  void router.isReady().then(async () => {
    const wb = new Workbox('/sw.js', { scope: '/', type: 'classic' })
    wb.addEventListener('waiting', () => {
      status.updateAvailable = true
      status.applyUpdate = async ({ to } = {}) => {
        const go = () => to ? window.location.replace(to) : window.location.reload()
        wb.addEventListener('controlling', go)
        wb.messageSkipWaiting()
        // If the new worker never takes control (it was already redundant), load anyway.
        setTimeout(go, 10_000)
      }
    })
    try {
      await wb.register()
    }
    catch (err) {
      console.warn('service worker registration failed', err)
    }
    // Look for a new version every hour and whenever the tab comes back.
    setInterval(() => void wb.update(), 60 * 60_000)
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible')
        void wb.update().catch(() => {})
    })
  })
}
