import type { RouteRecordRaw } from 'vue-router'

// Correction requests (条例 Art. 41): the citizen's form and status page. The staff page is a child
// of the staff layout (features/staff/routes.ts).
export default [
  { path: '/corrections/new', name: 'correction-new', component: () => import('./pages/CorrectionsFormPage.vue'), meta: { titleKey: 'corrections.title' } },
  { path: '/corrections/track/:code', name: 'correction-track', component: () => import('./pages/CorrectionsTrackPage.vue'), props: true, meta: { titleKey: 'corrections.track.title' } },
] satisfies RouteRecordRaw[]
