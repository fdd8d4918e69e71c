import type { Pinia } from 'pinia'
import type { App } from 'vue'
import type { Router } from 'vue-router'

/** Context handed to each app module's install() (vitesse's src/modules pattern). */
export interface AppContext {
  app: App
  router: Router
  pinia: Pinia
}

export type AppModule = (ctx: AppContext) => void | Promise<void>

/** What a feature's i18n.ts exports: its messages under its own namespace, per locale. */
export interface FeatureMessages {
  'zh-CN': Record<string, unknown>
  'en': Record<string, unknown>
}

/**
 * What a feature's optional session.ts exports: how to forget what the person at a kiosk left in
 * memory or storage outside the Dexie tables listed in data/session.ts. Runs at the idle reset.
 */
export interface SessionHooks {
  wipe: () => void | Promise<void>
}
