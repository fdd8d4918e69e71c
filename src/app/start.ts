/**
 * Resolves once the page has finished loading and the main thread is idle: when main.ts starts
 * the background modules (the catalog pull, the outbox, the service worker). requestIdleCallback
 * where the browser has it (not Safari): a short timeout stands in for it there. On a bad network
 * the load event can wait a long time for one stalled image, so `latestMs` after the call the
 * background starts anyway.
 */
export function afterLoadIdle({ idleTimeoutMs = 2000, latestMs = 5000 } = {}): Promise<void> {
  return new Promise((resolve) => {
    const latest = setTimeout(resolve, latestMs)
    const done = () => {
      clearTimeout(latest)
      resolve()
    }
    const idle = () => {
      if (typeof window.requestIdleCallback === 'function')
        window.requestIdleCallback(done, { timeout: idleTimeoutMs })
      else
        setTimeout(done, 50)
    }
    if (document.readyState === 'complete')
      idle()
    else
      window.addEventListener('load', idle, { once: true })
  })
}
