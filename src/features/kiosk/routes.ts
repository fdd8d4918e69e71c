import type { RouteRecordRaw } from 'vue-router'

// Staff pages: not linked from anything a citizen sees; the settings page needs a staff sign-in or an enrolment code.
export default [
  { path: '/kiosk', name: 'kiosk-settings', component: () => import('./pages/KioskSettingsPage.vue'), meta: { titleKey: 'kiosk.settings.title' } },
  // The staff pages' kiosk registry (admins and supervisors): enrolment codes, revocation.
  { path: '/staff/kiosks', name: 'staff-kiosks', component: () => import('./pages/KioskRegistryPage.vue'), meta: { titleKey: 'kiosk.registry.title' } },
] satisfies RouteRecordRaw[]
