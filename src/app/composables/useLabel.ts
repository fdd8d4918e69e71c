/** `label(entry)` in the current language, for registry entries with `{ zh, en }` names (shared/label.ts). */
import type { Label } from '~/shared/label'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { labelLang, label as pick } from '~/shared/label'

export function useLabel() {
  const { locale } = useI18n()
  /** 'zh' or 'en': for registries keyed by language (e.g. `TableRowDef`, `figureLabel(key, lang)`). */
  const lang = computed(() => labelLang(locale.value))
  const label = (entry: Label | null | undefined) => pick(entry, locale.value)
  /** A shared validation message (`FieldError`, a clock problem) in the current language. */
  const message = (m: { message: string, messageEn: string } | null | undefined) => m ? pick({ zh: m.message, en: m.messageEn }, locale.value) : ''
  return { lang, label, message }
}
