import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/catalog', name: 'catalog', component: () => import('./pages/CatalogPage.vue'), meta: { titleKey: 'catalog.title' } },
  { path: '/catalog/entries/:id', name: 'catalog-entry', component: () => import('./pages/CatalogEntryPage.vue'), props: true, meta: { titleKey: 'catalog.entryTitle' } },
] satisfies RouteRecordRaw[]
