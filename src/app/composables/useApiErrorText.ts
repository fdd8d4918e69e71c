/** The plain-language message for an ApiError, from i18n by its code (`errors.<code>` in app/locales). */
import type { ApiError } from '../api'
import { useI18n } from 'vue-i18n'

export function useApiErrorText() {
  const { t } = useI18n()
  return (err: ApiError, fieldLabel?: (field: string) => string | undefined): string => {
    let text = t(`errors.${err.code}`)
    // Name the field only when the page has a label for it: never show the API's field name.
    const label = err.field ? fieldLabel?.(err.field) : undefined
    if (label)
      text += t('errors.field', { field: label })
    if (err.retryAfter)
      text += ` ${t('errors.retryIn', { s: err.retryAfter })}`
    return text
  }
}
