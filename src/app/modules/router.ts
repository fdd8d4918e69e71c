/**
 * Routes: the shell's own (home, not found) plus each feature's routes.ts, collected by glob so a
 * feature adds pages without editing the shell. Pages are lazy chunks; a chunk that vanished after
 * a deploy (old HTML, new server) triggers one guarded reload instead of a broken page.
 */
import type { RouteRecordRaw } from 'vue-router'
import type { AppModule } from '../types'
import { createRouter, createWebHistory } from 'vue-router'
import { takeReloadToken } from '~/data/prefs'
import HomePage from '../pages/HomePage.vue'

const featureRoutes = import.meta.glob<RouteRecordRaw[]>('../../features/*/routes.ts', { eager: true, import: 'default' })

export function createAppRouter() {
  const routes: RouteRecordRaw[] = [
    { path: '/', name: 'home', component: HomePage, meta: { titleKey: 'home.title' } },
    ...Object.values(featureRoutes).flat(),
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue'), meta: { titleKey: 'app.notFound' } },
  ]
  return createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
}

// Chromium, Safari and Firefox wordings for a missing JS chunk, and Vite's own for a missing CSS chunk of a page.
const CHUNK_ERROR = /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i

export const install: AppModule = ({ app, router }) => {
  router.onError((err, to) => {
    if (CHUNK_ERROR.test(String(err?.message ?? err)) && takeReloadToken())
      window.location.assign(to.fullPath)
  })
  app.use(router)
}
