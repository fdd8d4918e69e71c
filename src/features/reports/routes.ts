import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/reports', name: 'reports', component: () => import('./pages/ReportListPage.vue'), meta: { titleKey: 'reports.title' } },
  { path: '/reports/:id', name: 'report', component: () => import('./pages/ReportPage.vue'), props: true, meta: { titleKey: 'reports.reportTitle' } },
] satisfies RouteRecordRaw[]
