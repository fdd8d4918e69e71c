/**
 * A button's request: `busy` while it runs (disable the button), `error` as an ApiError when it
 * failed, and `message` — the plain-language text for that error from i18n by its code, never the
 * server's own words. `run(fn)` resolves with fn's value, or undefined when it failed.
 */
import type { ApiError } from '../api'
import { computed, shallowRef } from 'vue'
import { toApiError } from '../api'
import { useApiErrorText } from './useApiErrorText'

export interface AsyncActionOptions {
  /** Labels for the request fields a 400 may name, e.g. `{ year: t('review.year') }`. */
  fieldLabel?: (field: string) => string | undefined
}

export function useAsyncAction(options: AsyncActionOptions = {}) {
  const busy = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  const errorText = useApiErrorText()
  const message = computed(() => error.value ? errorText(error.value, options.fieldLabel) : '')

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = null
    try {
      return await fn()
    }
    catch (e) {
      error.value = toApiError(e)
      return undefined
    }
    finally {
      busy.value = false
    }
  }

  return { busy, error, message, run, clear: () => (error.value = null) }
}
