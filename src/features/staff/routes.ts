import type { RouteComponent, RouteRecordRaw } from 'vue-router'
import type { Capability } from '~/shared/review/roles'
import { requireStaffSession } from './guard'

/** A page under the staff layout, behind the session guard, needing `cap`. */
function page(path: string, name: string, cap: Capability, titleKey: string, component: () => Promise<RouteComponent>, props = false): RouteRecordRaw {
  return { path, name, component, props, beforeEnter: requireStaffSession, meta: { titleKey, staff: cap } }
}

export default [
  { path: '/staff/sign-in', name: 'staff-sign-in', component: () => import('./pages/StaffSignInPage.vue'), meta: { titleKey: 'review.signIn' } },
  {
    path: '/staff',
    component: () => import('./components/StaffLayout.vue'),
    children: [
      page('', 'staff-queue', 'readCases', 'review.queue', () => import('./pages/StaffQueuePage.vue')),
      page('cases/:id', 'staff-case', 'readCases', 'review.case', () => import('./pages/StaffCasePage.vue'), true),
      // Correction requests (Art. 41): their own case type (features/corrections).
      page('corrections/:id', 'staff-correction', 'readCases', 'corrections.staff.title', () => import('~/features/corrections/pages/CorrectionsCasePage.vue'), true),
      page('statistics', 'staff-statistics', 'readStatistics', 'review.statistics', () => import('./pages/StaffStatisticsPage.vue')),
      page('agencies', 'staff-platform', 'readStatistics', 'review.platform.title', () => import('./pages/StaffPlatformPage.vue')),
      page('calendar', 'staff-calendar', 'readStatistics', 'review.workCalendar.title', () => import('./pages/StaffCalendarPage.vue')),
      page('accounts', 'staff-accounts', 'admin', 'review.accounts.title', () => import('./pages/StaffAccountsPage.vue')),
      page('audit', 'staff-audit', 'admin', 'review.audit', () => import('./pages/StaffAuditPage.vue')),
      // Where an administrator lands: accounts, settings, links to the rest (issue 18, first run).
      page('admin', 'staff-admin', 'admin', 'review.admin.title', () => import('./pages/StaffAdminPage.vue')),
      page('admin/agencies', 'staff-admin-agencies', 'admin', 'review.agencyAdmin.title', () => import('./pages/StaffAgenciesAdminPage.vue')),
      // The kiosk feature's registry: enrolment codes, revocation, flagged receipts (issue 16).
      page('kiosks', 'staff-kiosks', 'manageKiosks', 'kiosk.registry.title', () => import('~/features/kiosk/pages/KioskRegistryPage.vue')),
      page('reports', 'staff-reports', 'importReports', 'review.reports.nav', () => import('./pages/StaffReportsPage.vue')),
      page('reports/:id', 'staff-report', 'importReports', 'review.reports.review', () => import('./pages/StaffReportPage.vue'), true),
    ],
  },
] satisfies RouteRecordRaw[]
