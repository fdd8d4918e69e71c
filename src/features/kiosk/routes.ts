import type { RouteRecordRaw } from 'vue-router'

// Staff pages: not linked from anything a citizen sees; the settings page asks for the staff PIN.
export default [
  { path: '/kiosk', name: 'kiosk-settings', component: () => import('./pages/KioskSettingsPage.vue'), meta: { titleKey: 'kiosk.settings.title' } },
] satisfies RouteRecordRaw[]
