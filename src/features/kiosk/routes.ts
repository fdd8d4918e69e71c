import type { RouteRecordRaw } from 'vue-router'

// Staff pages: not linked from anything a citizen sees; the settings page needs a staff sign-in or an enrolment code.
export default [
  { path: '/kiosk', name: 'kiosk-settings', component: () => import('./pages/KioskSettingsPage.vue'), meta: { titleKey: 'kiosk.settings.title' } },
] satisfies RouteRecordRaw[]
