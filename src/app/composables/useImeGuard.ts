/**
 * IME-safe Enter: with a Chinese input method, Enter confirms the candidate being composed, and
 * must not also submit the form. Chromium and Safari report it differently (isComposing, keyCode
 * 229, or a keydown right after compositionend), so we track composition ourselves as well.
 */
import { shallowRef } from 'vue'

/** Input conventions: the right on-screen keyboard without an input method wherever possible. */
export const INPUT_KINDS = {
  /** Free text (names, addresses): the one place an IME is expected. */
  text: { type: 'text', inputmode: 'text', autocomplete: 'off' },
  /** Catalog search: latin letters for pinyin search work with no IME at all. */
  search: { type: 'search', inputmode: 'search', enterkeyhint: 'search', autocomplete: 'off', autocapitalize: 'off', spellcheck: false },
  /** Mobile or landline numbers: the phone keypad. */
  phone: { type: 'tel', inputmode: 'tel', autocomplete: 'tel' },
  /** Plain digits (PIN, postcode, counts): the numeric keypad. */
  digits: { type: 'text', inputmode: 'numeric', pattern: '[0-9]*', autocomplete: 'off' },
  /** 居民身份证号码: 17 digits and a digit or X; a latin keyboard, upper case. */
  idNumber: { type: 'text', inputmode: 'text', autocapitalize: 'characters', autocomplete: 'off', spellcheck: false, maxlength: 18 },
  /** Tracking codes and receipt numbers: latin letters and digits, upper case. */
  code: { type: 'text', inputmode: 'text', autocapitalize: 'characters', autocomplete: 'off', spellcheck: false },
  email: { type: 'email', inputmode: 'email', autocomplete: 'email' },
} as const

export type InputKind = keyof typeof INPUT_KINDS

/** True when this Enter keydown belongs to an input method, not to the user asking to submit. */
export function isImeEnter(event: Pick<KeyboardEvent, 'isComposing' | 'keyCode'>, composing: boolean, justEnded: boolean): boolean {
  return composing || justEnded || event.isComposing || event.keyCode === 229
}

export function useImeGuard() {
  const composing = shallowRef(false)
  // Safari fires compositionend *before* the Enter keydown that ended it.
  let justEnded = false

  function onCompositionstart() {
    composing.value = true
  }
  function onCompositionend() {
    composing.value = false
    justEnded = true
    setTimeout(() => {
      justEnded = false
    }, 0)
  }
  /** Wraps an Enter handler so it runs only for a real submit. */
  function onEnter(handler: () => void) {
    return (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || isImeEnter(event, composing.value, justEnded)) {
        if (event.key === 'Enter')
          event.preventDefault()
        return
      }
      handler()
    }
  }
  return { composing, onCompositionstart, onCompositionend, onEnter }
}
