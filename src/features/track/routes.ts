import type { RouteRecordRaw } from 'vue-router'

// Placeholder until the track feature lands: the home page's action already leads here.
export default [
  { path: '/track', name: 'track', component: () => import('~/app/components/AppComingSoon.vue'), props: { titleKey: 'home.track' }, meta: { titleKey: 'home.track' } },
] satisfies RouteRecordRaw[]
