/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell and assets (the list is injected at build time),
 * answers every navigation with the cached index.html so the app opens offline, and never touches
 * /api (data lives in IndexedDB; the API is always the network's). A new version activates only
 * when the page asks (SKIP_WAITING), so an update never lands under a half-filled form.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'

declare const self: ServiceWorkerGlobalScope

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/api(?:\/|$)/],
}))

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING')
    void self.skipWaiting()
})
