import type { AppModule } from './app/types'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './app/modules/router'
import './app/styles/main.css'

// Modules install in this order: state and i18n first, then routing, then what runs in the background.
const modules = import.meta.glob<AppModule>('./app/modules/*.ts', { eager: true, import: 'install' })
const ORDER = ['pinia', 'i18n', 'router', 'sync', 'pwa']

async function start() {
  // Which build is running: support staff can read it in devtools; the update e2e test checks it.
  document.documentElement.dataset.build = import.meta.env.VITE_BUILD_ID || 'local'
  const app = createApp(App)
  const router = createAppRouter()
  const pinia = createPinia()
  const ctx = { app, router, pinia }
  const names = Object.keys(modules).sort((a, b) => rank(a) - rank(b))
  for (const name of names)
    await modules[name]!(ctx)
  await router.isReady()
  app.mount('#app')
}

function rank(path: string): number {
  const i = ORDER.indexOf(path.replace(/^.*\/(\w+)\.ts$/, '$1'))
  return i === -1 ? ORDER.length : i
}

void start()
