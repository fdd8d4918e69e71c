/**
 * Start-up order. Read this before moving a module from one list to the other.
 *
 * 1. Before the first render (`FOREGROUND`, loaded with the entry): pinia → i18n → router → kiosk.
 *    The kiosk module must stay here: it reads kiosk mode, finishes an interrupted idle-reset wipe,
 *    sends a stale history entry to home and installs the router guard, all before the first
 *    navigation, so a kiosk never shows the previous person's page (tests/e2e/kiosk.test.ts).
 * 2. Mount.
 * 3. In the background (`BACKGROUND`, separate chunks, started once the page has loaded and the
 *    main thread is idle): sync (catalog pull), outbox (send queued applications), pwa (service
 *    worker) and storage (persistence request). None of them draws anything the first screen
 *    needs; each starts its own work when installed (a pull, a drain), and whatever happened
 *    before that (a submission, going online) is picked up then.
 *
 * Why: on a phone the first visit downloads the whole catalog into IndexedDB. Started before the
 * mount, the pull's JSON and Dexie writes competed with the first render and made up most of the
 * Lighthouse total blocking time (issue 7; measurements in docs/kiosk.md, "Performance budget").
 * A module not named in either list installs before the first render, the safe default.
 */
import type { AppModule } from './app/types'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './app/modules/router'
import { afterLoadIdle } from './app/start'
import './app/styles/main.css'

const FOREGROUND = ['pinia', 'i18n', 'router', 'kiosk']
// The same names as in the `lazy` glob below (import.meta.glob takes only literal patterns).
const BACKGROUND = ['sync', 'outbox', 'pwa', 'storage']

const eager = import.meta.glob<AppModule>(['./app/modules/*.ts', '!./app/modules/{sync,outbox,pwa,storage}.ts'], { eager: true, import: 'install' })
const lazy = import.meta.glob<AppModule>('./app/modules/{sync,outbox,pwa,storage}.ts', { import: 'install' })

function nameOf(path: string): string {
  return path.replace(/^.*\/(\w+)\.ts$/, '$1')
}

/** Module paths in the order of `list`; names not in it go last. */
function inOrder(paths: string[], list: string[]): string[] {
  const rank = (path: string) => {
    const i = list.indexOf(nameOf(path))
    return i === -1 ? list.length : i
  }
  return [...paths].sort((a, b) => rank(a) - rank(b))
}

async function start() {
  // Which build is running: support staff can read it in devtools; the update e2e test checks it.
  document.documentElement.dataset.build = import.meta.env.VITE_BUILD_ID || 'local'
  const app = createApp(App)
  const router = createAppRouter()
  const pinia = createPinia()
  const ctx = { app, router, pinia }
  for (const path of inOrder(Object.keys(eager), FOREGROUND))
    await eager[path]!(ctx)
  await router.isReady()
  app.mount('#app')

  await afterLoadIdle()
  for (const path of inOrder(Object.keys(lazy), BACKGROUND)) {
    try {
      const install = await lazy[path]!()
      await install(ctx)
    }
    catch (err) {
      console.warn(`start: ${nameOf(path)} failed`, err)
    }
  }
}

void start()
