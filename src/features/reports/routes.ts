import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/reports', name: 'reports', component: () => import('./pages/ReportListPage.vue'), meta: { titleKey: 'reports.title' } },
  // Before /reports/:id so "compare" is never read as a report id.
  { path: '/reports/compare', name: 'reports-compare', component: () => import('./pages/ReportComparePage.vue'), meta: { titleKey: 'reports.compare' } },
  { path: '/reports/:id', name: 'report', component: () => import('./pages/ReportPage.vue'), props: true, meta: { titleKey: 'reports.reportTitle' } },
] satisfies RouteRecordRaw[]
