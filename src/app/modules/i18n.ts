/**
 * vue-i18n, Chinese first. App strings live in app/locales; each feature keeps its own strings in
 * features/<name>/i18n.ts under its own namespace, merged here, so features never edit a shared file.
 */
import type { AppModule, FeatureMessages } from '../types'
import { createI18n } from 'vue-i18n'
import { readPref, writePref } from '~/data/prefs'
import en from '../locales/en'
import zhCN from '../locales/zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]

const features = import.meta.glob<FeatureMessages>('../../features/*/i18n.ts', { eager: true, import: 'default' })

function messages() {
  const zh: Record<string, unknown> = { ...zhCN }
  const enAll: Record<string, unknown> = { ...en }
  for (const m of Object.values(features)) {
    Object.assign(zh, m['zh-CN'])
    Object.assign(enAll, m.en)
  }
  return { 'zh-CN': zh, 'en': enAll }
}

function initialLocale(): Locale {
  const saved = readPref('locale')
  return (LOCALES as readonly string[]).includes(saved ?? '') ? saved as Locale : 'zh-CN'
}

export function createAppI18n(locale: Locale = initialLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: messages() as any,
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  })
}

/** Remembers the language and keeps <html lang> right for screen readers. */
export function rememberLocale(locale: Locale): void {
  writePref('locale', locale)
  document.documentElement.lang = locale
}

export const install: AppModule = ({ app }) => {
  const i18n = createAppI18n()
  document.documentElement.lang = i18n.global.locale.value
  app.use(i18n)
}
