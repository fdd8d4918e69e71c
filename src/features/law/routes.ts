import type { RouteRecordRaw } from 'vue-router'
import { requireStaffSession } from '~/features/staff/guard'

// The print view of a reply letter sits outside the staff layout: printing it prints the letter
// alone, never the case page with its internal notes (issue 17).
export default [
  { path: '/staff/cases/:id/letter', name: 'staff-case-letter', component: () => import('./pages/LawLetterPrintPage.vue'), props: true, beforeEnter: requireStaffSession, meta: { titleKey: 'law.letter.title', staff: 'readCases' } },
] satisfies RouteRecordRaw[]
