import type { RouteRecordRaw } from 'vue-router'

// Placeholder until the apply feature lands: the home page's action already leads here.
export default [
  { path: '/apply', name: 'apply', component: () => import('~/app/components/AppComingSoon.vue'), props: { titleKey: 'home.apply' }, meta: { titleKey: 'home.apply' } },
] satisfies RouteRecordRaw[]
