/**
 * Resolves once the page has finished loading and the main thread is idle: when main.ts starts
 * the background modules (the catalog pull, the outbox, the service worker). requestIdleCallback
 * where the browser has it (not Safari): a short timeout stands in for it there.
 */
export function afterLoadIdle(timeoutMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => {
      if (typeof window.requestIdleCallback === 'function')
        window.requestIdleCallback(() => resolve(), { timeout: timeoutMs })
      else
        setTimeout(resolve, 50)
    }
    if (document.readyState === 'complete')
      idle()
    else
      window.addEventListener('load', idle, { once: true })
  })
}
