/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell and assets (the list is injected at build time),
 * answers every navigation with the cached index.html so the app opens offline, and never touches
 * /api (data lives in IndexedDB; the API is always the network's). A new version activates only
 * when the page asks (SKIP_WAITING), so an update never lands under a half-filled form.
 *
 * It also precaches /application-key.json (the agency's public key, written by the server) so a
 * device can seal an application on its first offline start, and drains the application outbox on
 * Background Sync, so a queued application goes even after its tab was closed.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { STORAGE } from '../data/keys'
import { drainOutbox } from '../sync/outbox'

declare const self: ServiceWorkerGlobalScope

/** Background Sync's event (not in TypeScript's WebWorker lib). */
interface SyncEvent extends ExtendableEvent { readonly tag: string, readonly lastChance: boolean }

const manifest = self.__WB_MANIFEST
// The key file is not a build output, so give it a revision that changes with every build: a new
// version of the app refetches it; between builds the page keeps its own fresher copy in IndexedDB.
const buildRevision = manifest.map(e => typeof e === 'string' ? e : `${e.url}${e.revision ?? ''}`).join('|')
precacheAndRoute([...manifest, { url: '/application-key.json', revision: hash(buildRevision) }])
cleanupOutdatedCaches()

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/api(?:\/|$)/],
}))

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING')
    void self.skipWaiting()
})

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent
  if (e.tag !== STORAGE.syncTags.outbox)
    return
  e.waitUntil(drainOutbox().then((r) => {
    // Rejecting asks the browser to fire the sync again later, with its own backoff.
    if (r.unreachable || r.deferred)
      throw new Error('outbox not empty yet')
  }))
})

/** FNV-1a, enough to turn a long string into a short revision. */
function hash(s: string): string {
  let h = 0x811C9DC5
  for (let i = 0; i < s.length; i++)
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(16)
}

// Web Push (issue 21): the server sends { title, body, url, tag } for a step of an application this
// browser opted in to; show it, and open (or focus) the tracking page when it is tapped.
interface PushMessage { title?: string, body?: string, url?: string, tag?: string }

self.addEventListener('push', (event) => {
  let msg: PushMessage = {}
  try {
    msg = (event.data?.json() ?? {}) as PushMessage
  }
  catch {
    msg = { body: event.data?.text() }
  }
  // Only same-origin paths: a message must never send the user elsewhere.
  const url = typeof msg.url === 'string' && msg.url.startsWith('/') && !msg.url.startsWith('//') ? msg.url : '/track'
  event.waitUntil(self.registration.showNotification(msg.title || '政府信息公开', {
    body: msg.body ?? '',
    tag: msg.tag,
    icon: '/icons/icon-192.png',
    lang: 'zh-CN',
    data: { url },
  }))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? '/track', self.location.origin).href
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const open = windows.find(w => w.url === url)
    if (open)
      return void await open.focus()
    await self.clients.openWindow(url)
  })())
})
