import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/staff/sign-in', name: 'staff-sign-in', component: () => import('./pages/StaffSignInPage.vue'), meta: { titleKey: 'review.signIn' } },
  { path: '/staff', name: 'staff-queue', component: () => import('./pages/StaffQueuePage.vue'), meta: { titleKey: 'review.queue' } },
  { path: '/staff/cases/:id', name: 'staff-case', component: () => import('./pages/StaffCasePage.vue'), props: true, meta: { titleKey: 'review.case' } },
  { path: '/staff/statistics', name: 'staff-statistics', component: () => import('./pages/StaffStatisticsPage.vue'), meta: { titleKey: 'review.statistics' } },
  { path: '/staff/calendar', name: 'staff-calendar', component: () => import('./pages/StaffCalendarPage.vue'), meta: { titleKey: 'review.workCalendar.title' } },
  { path: '/staff/audit', name: 'staff-audit', component: () => import('./pages/StaffAuditPage.vue'), meta: { titleKey: 'review.audit' } },
  { path: '/staff/reports', name: 'staff-reports', component: () => import('./pages/StaffReportsPage.vue'), meta: { titleKey: 'review.reports.nav' } },
  { path: '/staff/reports/:id', name: 'staff-report', component: () => import('./pages/StaffReportPage.vue'), props: true, meta: { titleKey: 'review.reports.review' } },
] satisfies RouteRecordRaw[]
