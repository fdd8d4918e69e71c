/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'

  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** Build marker set by the deploy (and the update e2e test): shown as <html data-build>. */
  readonly VITE_BUILD_ID?: string
  /** Public origin for QR codes when the kiosk is reached at a LAN address phones cannot see. */
  readonly VITE_PUBLIC_ORIGIN?: string
}
