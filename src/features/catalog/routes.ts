import type { RouteRecordRaw } from 'vue-router'

// Placeholder until the catalog feature lands: the home page's action already leads here.
export default [
  { path: '/catalog', name: 'catalog', component: () => import('~/app/components/AppComingSoon.vue'), props: { titleKey: 'home.catalog' }, meta: { titleKey: 'home.catalog' } },
] satisfies RouteRecordRaw[]
