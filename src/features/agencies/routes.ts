import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/agencies', name: 'agencies', component: () => import('./pages/AgencyListPage.vue'), meta: { titleKey: 'agencies.title' } },
  { path: '/agencies/:id', name: 'agency', component: () => import('./pages/AgencyPage.vue'), props: true, meta: { titleKey: 'agencies.agencyTitle' } },
] satisfies RouteRecordRaw[]
