import type { RouteRecordRaw } from 'vue-router'
import { requireStaffSession } from '~/features/staff/guard'

// Under the staff layout (its nav and its one "no access" block), as the staff pages are.
export default [
  {
    path: '/staff/annual',
    component: () => import('~/features/staff/components/StaffLayout.vue'),
    children: [
      { path: '', name: 'staff-annual', component: () => import('./pages/AnnualListPage.vue'), beforeEnter: requireStaffSession, meta: { titleKey: 'annual.title', staff: 'importReports' } },
      { path: ':id', name: 'staff-annual-draft', component: () => import('./pages/AnnualDraftPage.vue'), props: true, beforeEnter: requireStaffSession, meta: { titleKey: 'annual.draftTitle', staff: 'importReports' } },
    ],
  },
] satisfies RouteRecordRaw[]
