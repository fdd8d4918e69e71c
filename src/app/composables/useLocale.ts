import type { Locale } from '../modules/i18n'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { rememberLocale } from '../modules/i18n'

/** The current language and a toggle between Chinese and English. */
export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' })
  const current = computed(() => locale.value as Locale)
  function set(next: Locale) {
    locale.value = next
    rememberLocale(next)
  }
  return { locale: current, set, toggle: () => set(current.value === 'zh-CN' ? 'en' : 'zh-CN') }
}
